"""Confirming it is you (password and a fresh code) before bulk and subject access exports."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils.http import urlencode

from conftest import PASSWORD, authenticator_for
from openmash.accounts import signin
from openmash.accounts.tests.signing import code
from openmash.audit.models import AuditEvent, Verb

pytestmark = [pytest.mark.django_db, pytest.mark.urls("openmash.accounts.tests.reauth_urls")]

START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
EXPORT = "/pretend-export/"


def confirm(client: Client, *, password: str = PASSWORD, value: str, next_url: str = EXPORT):
    return client.post(reverse("reauthenticate"), {"password": password, "code": value, "next": next_url})


def test_signing_in_counts_for_five_minutes_then_you_confirm_again_and_come_back(cast):
    with time_machine.travel(START, tick=False) as clock:
        client = cast.client_for(cast.social_worker)
        assert client.get(EXPORT).content == b"exported"
        clock.shift(dt.timedelta(minutes=5, seconds=1))
        response = client.get(EXPORT)
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('reauthenticate')}?{urlencode({'next': EXPORT})}"
        page = client.get(response["Location"])
        assert page.status_code == 200 and "Confirm it is you" in page.content.decode()
        device = authenticator_for(cast.social_worker.user)
        response = confirm(client, value=code(device))
        assert response.status_code == 302 and response["Location"] == EXPORT
        assert client.get(EXPORT).content == b"exported"
    event = AuditEvent.objects.get(verb=Verb.REAUTHENTICATE)
    assert event.actor == cast.social_worker.user


def test_a_post_comes_back_to_the_page_the_button_was_on(cast):
    client = cast.client_for(cast.social_worker)
    session = client.session
    del session[signin.AUTHENTICATED_AT]
    session.save()
    response = client.post(EXPORT, headers={"Referer": "http://testserver/contacts/queue/"})
    assert (
        response["Location"]
        == f"{reverse('reauthenticate')}?{urlencode({'next': 'http://testserver/contacts/queue/'})}"
    )
    response = client.post(EXPORT, headers={"Referer": "https://evil.example/"})
    assert response["Location"] == f"{reverse('reauthenticate')}?{urlencode({'next': reverse('home')})}"


def test_a_wrong_password_or_code_changes_nothing_and_counts_toward_lock_out(cast, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    client = cast.client_for(cast.social_worker)
    session = client.session
    del session[signin.AUTHENTICATED_AT]
    session.save()
    device = authenticator_for(cast.social_worker.user)
    wrong = "000000" if code(device) != "000000" else "111111"
    response = confirm(client, password="not-my-password", value=code(device))
    assert response.status_code == 200 and "Enter your correct password" in response.content.decode()
    response = confirm(client, value=wrong)
    assert response.status_code == 200 and "not correct" in response.content.decode()
    assert signin.AUTHENTICATED_AT not in client.session
    assert client.get(EXPORT).status_code == 302
    assert not AuditEvent.objects.filter(verb=Verb.REAUTHENTICATE).exists()
    assert AuditEvent.objects.filter(verb=Verb.SIGN_IN_FAILED, actor=cast.social_worker.user).count() == 2
    # Three more failures make five: locked out, and signed out.
    for _ in range(2):
        confirm(client, value=wrong)
    response = confirm(client, value=wrong)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert client.get(EXPORT).status_code == 302


def test_a_code_already_used_is_refused(cast):
    client = cast.client_for(cast.social_worker)
    device = authenticator_for(cast.social_worker.user)
    value = code(device)
    assert confirm(client, value=value).status_code == 302
    response = confirm(client, value=value)
    assert response.status_code == 200 and "already been used" in response.content.decode()


def test_next_must_stay_on_the_site(cast):
    client = cast.client_for(cast.social_worker)
    device = authenticator_for(cast.social_worker.user)
    response = confirm(client, value=code(device), next_url="https://evil.example/")
    assert response["Location"] == reverse("home")
    response = confirm(client, value=code(device), next_url="//evil.example/")
    assert response["Location"] == reverse("home")


def test_the_page_refuses_anyone_not_signed_in(client):
    response = client.get(reverse("reauthenticate"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login") + "?")
    assert client.get(EXPORT).status_code == 302


def test_the_export_still_refuses_a_role_that_may_not_use_it(cast):
    response = cast.client_for(cast.police).get(EXPORT)
    assert response.status_code == 403
