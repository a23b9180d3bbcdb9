"""Lock-out (django-axes) within 5 failures, keyed on username and address together, and no
way to tell from the answers whether a username exists."""

from __future__ import annotations

import difflib
import re

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.test import Client
from django.urls import reverse

from conftest import authenticator_for
from openmash.accounts.tests.signing import code, code_step, password_step
from openmash.audit.models import AuditEvent, Verb

pytestmark = pytest.mark.django_db

LOCKED = "You have been locked out"


def wrong_code(device) -> str:
    right = code(device)
    return "000000" if right != "000000" else "111111"


def test_five_wrong_passwords_lock_the_username_out_from_that_address(cast):
    user = cast.social_worker.user
    authenticator_for(user)
    client = Client()
    for attempt in range(1, 5):
        response = password_step(client, user.username, "wrong-password")
        assert response.status_code == 200 and LOCKED not in response.content.decode(), attempt
    response = password_step(client, user.username, "wrong-password")
    body = response.content.decode()
    assert response.status_code == 429 and LOCKED in body
    assert "Wait 15 minutes, then try again" in body and "ask your hub administrator" in body
    # The right password does not help while locked out.
    response = password_step(client, user.username)
    assert response.status_code == 429 and "_auth_user_id" not in client.session
    assert "signin_pending_user" not in client.session
    assert AuditEvent.objects.filter(actor=user, verb=Verb.SIGN_IN_FAILED).count() == 6
    assert AuditEvent.objects.filter(actor=user, verb=Verb.LOCKED_OUT).count() == 2


def test_the_same_username_from_another_address_and_another_username_are_not_locked(cast):
    user = cast.social_worker.user
    client = Client()
    for _ in range(5):
        password_step(client, user.username, "wrong-password")
    other_address = Client().post(
        reverse("login"), {"username": user.username, "password": "x"}, REMOTE_ADDR="10.9.9.9"
    )
    assert other_address.status_code == 200
    colleague = password_step(Client(), cast.manager.user.username)
    assert colleague.status_code == 302


def test_wrong_security_codes_count_toward_lock_out(cast):
    user = cast.social_worker.user
    device = authenticator_for(user)
    client = Client()
    for _ in range(2):
        password_step(client, user.username, "wrong-password")
    password_step(client, user.username)
    assert code_step(client, wrong_code(device)).status_code == 200
    assert code_step(client, wrong_code(device)).status_code == 200
    response = code_step(client, wrong_code(device))  # the fifth failure: two passwords, three codes
    assert response.status_code == 429 and LOCKED in response.content.decode()
    # The sign-in in progress is ended, and a correct code cannot finish it.
    assert code_step(client, code(device))["Location"] == reverse("login")
    assert password_step(Client(), user.username).status_code == 429
    assert AuditEvent.objects.filter(actor=user, verb=Verb.LOCKED_OUT).exists()


def test_an_unknown_username_is_locked_out_in_exactly_the_same_way(cast):
    client = Client()
    for _ in range(4):
        assert password_step(client, "nobody-by-this-name", "guess").status_code == 200
    response = password_step(client, "nobody-by-this-name", "guess")
    assert response.status_code == 429 and LOCKED in response.content.decode()
    assert AuditEvent.objects.filter(verb=Verb.LOCKED_OUT, actor=None).exists()


def test_a_full_sign_in_clears_earlier_failures(cast):
    user = cast.social_worker.user
    device = authenticator_for(user)
    client = Client()
    for _ in range(4):
        password_step(client, user.username, "wrong-password")
    password_step(client, user.username)
    assert code_step(client, code(device)).status_code == 302
    for _ in range(4):
        assert password_step(Client(), user.username, "wrong-password").status_code == 200


# -- No user enumeration -----------------------------------------------------------------------


def normalised(response, username: str) -> str:
    """The page with what legitimately differs taken out: the CSRF token, the CSP nonce and the
    username typed (echoed back into the box)."""
    body = response.content.decode()
    body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "CSRF", body)
    body = re.sub(r'nonce="[^"]+"', "NONCE", body)
    return body.replace(f'value="{username}"', 'value="USERNAME"')


def test_unknown_user_wrong_password_and_disabled_account_get_the_same_answer(cast):
    disabled = cast.health.user
    disabled.is_active = False
    disabled.save()
    answers = {
        name: password_step(Client(), name, password)
        for name, password in [
            ("nobody-by-this-name", "correct-horse-battery-staple"),
            (cast.social_worker.user.username, "wrong-password"),
            (disabled.username, "correct-horse-battery-staple"),
        ]
    }
    pages = {normalised(response, name) for name, response in answers.items()}
    assert {response.status_code for response in answers.values()} == {200}
    first, *rest = pages
    assert not rest, "\n".join(difflib.unified_diff(first.splitlines(), rest[0].splitlines(), lineterm=""))
    assert "Enter a correct username and password" in first
    assert "correct-horse-battery-staple" not in first and "wrong-password" not in first  # never echo a password
    # Headers too (bar the CSP nonce, the clock, cookies, the request id and the length of the username echoed back).
    varying = {"Set-Cookie", "Expires", "Content-Length", "X-Request-ID"}  # X-Request-ID: new for every request
    header_sets = {
        tuple(sorted((k, re.sub(r"'nonce-[^']+'", "", v)) for k, v in r.headers.items() if k not in varying))
        for r in answers.values()
    }
    assert len(header_sets) == 1


class CountingHasher(MD5PasswordHasher):
    calls = 0

    def encode(self, password: str, salt: str) -> str:
        CountingHasher.calls += 1
        return super().encode(password, salt)


@pytest.mark.parametrize("case", ["unknown", "wrong password", "disabled", "right password"])
def test_the_password_hasher_runs_for_every_kind_of_failure(cast, settings, case):
    """Similar timing without a flaky stopwatch: each case does the same slow work, one hash.

    Django's ModelBackend hashes the password given even for an unknown username, and checks
    a disabled account's password before refusing it; this keeps the flow doing so.
    """
    user = cast.social_worker.user
    user.set_password("correct-horse-battery-staple")
    user.is_active = case != "disabled"
    user.save()
    settings.PASSWORD_HASHERS = [f"{__name__}.CountingHasher"]
    username = "nobody-by-this-name" if case == "unknown" else user.username
    password = "wrong-password" if case == "wrong password" else "correct-horse-battery-staple"
    CountingHasher.calls = 0
    password_step(Client(), username, password)
    assert CountingHasher.calls == 1
