"""Helpers for tests that sign in through the real pages."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import PASSWORD
from openmash.accounts import signin
from openmash.accounts.models import User


def password_step(client: Client, username: str, password: str = PASSWORD, **extra: str):
    return client.post(reverse("login"), {"username": username, "password": password, **extra}, REMOTE_ADDR="10.0.0.1")


def code(device: TOTPDevice) -> str:
    device.refresh_from_db()
    value = signin.unused_code(device)
    assert value is not None
    return value


def code_step(client: Client, value: str, *, addr: str = "10.0.0.1"):
    return client.post(reverse("sign_in_code"), {"code": value}, REMOTE_ADDR=addr)


def sign_in(client: Client, user: User, device: TOTPDevice):
    """Both steps through the pages; returns the response to the code step."""
    response = password_step(client, user.username)
    assert response.status_code == 302 and response["Location"] == reverse("sign_in_code")
    return code_step(client, code(device))
