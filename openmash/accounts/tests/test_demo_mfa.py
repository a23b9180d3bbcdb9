"""Demo accounts pass two-step sign-in honestly: a published key, and `demo_code` to read it."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import authenticator_for
from openmash.accounts.demo import DEMO_KEY, demo_key_text, demo_mfa_seed
from openmash.accounts.tests.signing import code_step, password_step

pytestmark = pytest.mark.django_db


def test_demo_accounts_get_the_published_key_once_and_demo_code_signs_them_in(cast):
    out: list[str] = []
    usernames = [cast.social_worker.user.username, cast.manager.user.username]
    assert demo_mfa_seed(usernames=usernames, write=out.append) == 2
    assert demo_mfa_seed(usernames=usernames, write=out.append) == 0  # again: nothing new
    assert demo_key_text() in out[0] and "manage.py demo_code" in out[0]
    assert TOTPDevice.objects.get(user=cast.social_worker.user).key == DEMO_KEY

    stdout = io.StringIO()
    call_command("demo_code", cast.social_worker.user.username, stdout=stdout, stderr=io.StringIO())
    value = stdout.getvalue().strip()
    assert len(value) == 6 and value.isdigit()
    client = Client()
    password_step(client, cast.social_worker.user.username)
    assert code_step(client, value)["Location"] == reverse("home")


def test_demo_code_refuses_an_account_with_its_own_authenticator(cast):
    authenticator_for(cast.police.user)  # a real, random key
    for username in [cast.police.user.username, "nobody-by-this-name"]:
        with pytest.raises(CommandError, match="not a demo account"):
            call_command("demo_code", username, stdout=io.StringIO())


def test_reset_mfa_ends_sessions_and_the_next_sign_in_sets_up_again(cast):
    from openmash.audit.models import AuditEvent, Verb

    client = cast.client_for(cast.social_worker)
    assert client.get(reverse("contacts:queue")).status_code == 200
    out = io.StringIO()
    call_command("reset_mfa", cast.social_worker.user.username, stdout=out)
    assert "Removed 1 authenticator" in out.getvalue()
    assert client.get(reverse("contacts:queue")).status_code == 302
    fresh = Client()
    password_step(fresh, cast.social_worker.user.username)
    assert fresh.get(reverse("sign_in_code"))["Location"] == reverse("sign_in_set_up")
    assert AuditEvent.objects.filter(verb=Verb.UPDATE, target_type="user", detail__two_step_sign_in="reset").exists()
    with pytest.raises(CommandError, match="No user"):
        call_command("reset_mfa", "nobody-by-this-name", stdout=io.StringIO())
