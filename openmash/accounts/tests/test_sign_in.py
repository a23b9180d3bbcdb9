"""Two-step sign-in: the password, then a code from an authenticator app (django-otp TOTP)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import authenticator_for
from openmash.accounts import signin
from openmash.accounts.tests.signing import code, code_step, password_step, sign_in
from openmash.audit.models import AuditEvent, Verb

pytestmark = pytest.mark.django_db


def verbs(user) -> list[str]:
    return list(AuditEvent.objects.filter(actor=user).order_by("id").values_list("verb", flat=True))


def test_the_password_alone_signs_nobody_in(cast):
    user = cast.social_worker.user
    authenticator_for(user)
    client = Client()
    response = password_step(client, user.username)
    assert response.status_code == 302 and response["Location"] == reverse("sign_in_code")
    assert "_auth_user_id" not in client.session
    # Nothing but the code page and signing out is reachable: every other page sends them to sign in.
    for url in [reverse("home"), reverse("contacts:queue"), reverse("accounts:switch_hub"), reverse("reauthenticate")]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login") + "?"), url
    assert client.get(reverse("sign_in_code")).status_code == 200
    assert Verb.SIGN_IN not in verbs(user)


def test_password_then_code_signs_in_and_is_audited_once_verified(cast):
    user = cast.social_worker.user
    device = authenticator_for(user)
    client = Client()
    response = sign_in(client, user, device)
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert client.get(reverse("contacts:queue")).status_code == 200
    assert client.session["otp_device_id"] == device.persistent_id
    assert verbs(user)[0] == Verb.SIGN_IN  # then the queue's own events
    assert AuditEvent.objects.filter(actor=user, verb=Verb.SIGN_IN).count() == 1


def test_a_used_code_cannot_be_used_again(cast):
    """django-otp keeps the last time step used (`last_t`); a code at or before it is refused."""
    user = cast.social_worker.user
    device = authenticator_for(user)
    used = code(device)
    assert code_step_after_password(Client(), user.username, used).status_code == 302
    device.refresh_from_db()
    assert device.last_t >= 0
    replay = code_step_after_password(Client(), user.username, used)
    assert replay.status_code == 200
    assert "The security code is not correct or has already been used" in replay.content.decode()
    assert "_auth_user_id" not in replay.client.session
    assert AuditEvent.objects.filter(actor=user, verb=Verb.SIGN_IN).count() == 1
    assert AuditEvent.objects.filter(actor=user, verb=Verb.SIGN_IN_FAILED, detail__step="security code").count() == 1


def code_step_after_password(client: Client, username: str, value: str):
    password_step(client, username)
    response = code_step(client, value)
    response.client = client
    return response


@pytest.mark.parametrize(
    ("typed", "message"),
    [("", "Enter the security code"), ("12345", "Enter the security code as 6 digits"), ("abcdef", "as 6 digits")],
)
def test_a_malformed_code_gets_a_clear_message_and_changes_nothing(cast, typed, message):
    user = cast.social_worker.user
    device = authenticator_for(user)
    client = Client()
    response = code_step_after_password(client, user.username, typed)
    assert response.status_code == 200 and message in response.content.decode()
    device.refresh_from_db()
    assert device.last_t == -1 and device.throttling_failure_count == 0
    assert Verb.SIGN_IN_FAILED not in verbs(user)


def test_a_code_with_spaces_is_accepted(cast):
    user = cast.social_worker.user
    device = authenticator_for(user)
    value = code(device)
    response = code_step_after_password(Client(), user.username, f"{value[:3]} {value[3:]}")
    assert response.status_code == 302


def test_next_is_followed_only_within_the_site(cast, contact):
    user = cast.social_worker.user
    device = authenticator_for(user)
    client = Client()
    password_step(client, user.username, next=reverse("contacts:detail", args=[contact.pk]))
    assert code_step(client, code(device))["Location"] == reverse("contacts:detail", args=[contact.pk])
    other = Client()
    password_step(other, user.username, next="https://evil.example/steal")
    assert code_step(other, code(device))["Location"] == reverse("home")


def test_a_half_finished_sign_in_expires(cast, settings):
    user = cast.social_worker.user
    device = authenticator_for(user)
    client = Client()
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        password_step(client, user.username)
    with time_machine.travel(start + settings.SIGN_IN_PENDING_TIMEOUT + dt.timedelta(seconds=1)):
        response = code_step(client, code(device))
    assert response.status_code == 302 and response["Location"] == reverse("login")
    assert "_auth_user_id" not in client.session


def test_a_session_signed_in_without_the_second_factor_is_refused(cast):
    """Belt and braces: however a session came to be signed in, it needs a verified device."""
    client = Client()
    client.force_login(cast.social_worker.user)
    response = client.get(reverse("contacts:queue"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert "_auth_user_id" not in client.session


def test_removing_the_device_ends_the_session(cast):
    client = cast.client_for(cast.social_worker)
    assert client.get(reverse("contacts:queue")).status_code == 200
    TOTPDevice.objects.filter(user=cast.social_worker.user).delete()
    assert client.get(reverse("contacts:queue")).status_code == 302


# -- First sign-in: setting up the authenticator app -------------------------------------------


def test_first_sign_in_sets_up_the_app_with_a_qr_code_and_the_key_in_text(cast, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # django-otp's back-off after a wrong code is tested below
    user = cast.police.user
    assert not TOTPDevice.objects.filter(user=user).exists()
    client = Client()
    password_step(client, user.username)
    response = client.get(reverse("sign_in_code"))
    assert response.status_code == 302 and response["Location"] == reverse("sign_in_set_up")
    page = client.get(reverse("sign_in_set_up"))
    body = page.content.decode()
    assert page.status_code == 200
    assert '<svg role="img"' in body and "<title>QR code to scan with your authenticator app</title>" in body
    device = TOTPDevice.objects.get(user=user)
    assert not device.confirmed
    assert signin.secret_text(device) in body
    # Reloading shows the same key; nothing is confirmed until a code proves the app works.
    assert signin.secret_text(device) in client.get(reverse("sign_in_set_up")).content.decode()
    assert TOTPDevice.objects.filter(user=user).count() == 1

    wrong = client.post(reverse("sign_in_set_up"), {"code": "000000"}, REMOTE_ADDR="10.0.0.1")
    if code(device) != "000000":
        assert wrong.status_code == 200 and "not correct" in wrong.content.decode()
    response = client.post(reverse("sign_in_set_up"), {"code": code(device)}, REMOTE_ADDR="10.0.0.1")
    assert response.status_code == 302 and response["Location"] == reverse("home")
    device.refresh_from_db()
    assert device.confirmed
    assert verbs(user)[-2:] == [Verb.MFA_ENROL, Verb.SIGN_IN]


def test_the_code_and_set_up_pages_are_only_for_someone_mid_sign_in(cast):
    for name in ("sign_in_code", "sign_in_set_up"):
        assert Client().get(reverse(name))["Location"] == reverse("login")
        assert Client().post(reverse(name), {"code": "123456"})["Location"] == reverse("login")
    user = cast.police.user
    authenticator_for(user)
    client = Client()
    password_step(client, user.username)
    # Someone who has an app already cannot replace it by visiting set-up.
    assert client.get(reverse("sign_in_set_up"))["Location"] == reverse("sign_in_code")


def test_cancelling_a_half_finished_sign_in(cast):
    user = cast.police.user
    client = Client()
    password_step(client, user.username)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("sign_in_code"))["Location"] == reverse("login")


def test_sign_out_ends_the_session_on_the_server(cast):
    from django.contrib.sessions.models import Session

    client = cast.client_for(cast.social_worker)
    key = client.session.session_key
    assert Session.objects.filter(session_key=key).exists()
    client.post(reverse("logout"))
    assert not Session.objects.filter(session_key=key).exists()
    assert client.get(reverse("contacts:queue")).status_code == 302
    assert AuditEvent.objects.filter(actor=cast.social_worker.user, verb=Verb.SIGN_OUT).exists()


def test_wrong_codes_back_off_even_before_lock_out(cast):
    """django-otp refuses any code for a moment after a wrong one (doubling each time), per device."""
    user = cast.social_worker.user
    device = authenticator_for(user)
    client = Client()
    password_step(client, user.username)
    assert code_step(client, "000000" if code(device) != "000000" else "111111").status_code == 200
    assert code_step(client, code(device)).status_code == 200  # right code, but within the back-off
    assert "_auth_user_id" not in client.session
    device.refresh_from_db()
    assert device.throttling_failure_count == 1 and device.last_t == -1
