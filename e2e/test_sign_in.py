"""Signing in as a person does: the password, then setting up an authenticator app the first
time (reading the key off the page, as someone who cannot scan the QR code would), then a code.

Also proves GOV.UK Frontend's JavaScript still starts under the Content Security Policy: a
blocked script would leave the page without `govuk-frontend-supported` and log an error.
"""

from __future__ import annotations

import base64

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django_otp.oath import totp
from playwright.sync_api import expect

from conftest import make_member
from e2e.ui import Ui
from openmash.accounts import signin
from openmash.accounts.models import AgencyKind, Role
from openmash.audit.models import AuditEvent, Verb
from openmash.hubs.services import hub_load_preset

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_first_sign_in_sets_up_the_authenticator_then_signs_in(ui: Ui) -> None:
    hub = hub_load_preset(key="site1")
    police = make_member(hub, "police", Role.PARTNER, AgencyKind.POLICE)
    ui.goto("/sign-in/")
    ui.page.get_by_label("Username").fill("police")
    ui.page.get_by_label("Password").fill("correct-horse-battery-staple")
    ui.follow(ui.button("Sign in"))
    expect(ui.page.get_by_role("heading", name="Set up your authenticator app")).to_be_visible()
    expect(ui.page.get_by_role("img", name="QR code to scan with your authenticator app")).to_be_visible()

    ui.page.get_by_text("I cannot scan the QR code").click()
    key = ui.page.locator("#secret-key").inner_text().replace(" ", "")
    # What an authenticator app does with the key typed in: base32 -> bytes -> TOTP.
    secret = base64.b32decode(key + "=" * (-len(key) % 8))
    ui.page.get_by_label("Security code").fill(f"{totp(secret):06d}")
    ui.follow(ui.button("Continue"))

    expect(ui.page.get_by_role("button", name="Sign out Police")).to_be_visible()
    verbs = list(AuditEvent.objects.filter(actor=police.user).order_by("id").values_list("verb", flat=True))
    assert verbs[:2] == [Verb.MFA_ENROL, Verb.SIGN_IN]
    # GOV.UK Frontend initialised: the module ran under the CSP and found the page's components.
    assert ui.page.evaluate("document.body.classList.contains('govuk-frontend-supported')")
    assert ui.js_errors() == []


def test_a_wrong_code_is_explained_and_the_right_one_signs_in(ui: Ui) -> None:
    hub = hub_load_preset(key="site1")
    make_member(hub, "sw", Role.SOCIAL_WORKER, AgencyKind.CHILDRENS_SOCIAL_CARE)
    ui.goto("/sign-in/")
    ui.page.get_by_label("Username").fill("sw")
    ui.page.get_by_label("Password").fill("not-the-password")
    ui.follow(ui.button("Sign in"))
    ui.expect_error_summary("Enter a correct username and password")
    ui.sign_in("sw")
    expect(ui.page.get_by_role("heading", name="Triage queue")).to_be_visible()
    assert ui.page.evaluate("document.body.classList.contains('govuk-frontend-supported')")
    assert ui.js_errors() == []


def test_a_queue_left_open_times_out_and_the_sign_in_page_says_why(ui: Ui) -> None:
    hub = hub_load_preset(key="site1")
    make_member(hub, "sw", Role.SOCIAL_WORKER, AgencyKind.CHILDRENS_SOCIAL_CARE)
    ui.sign_in("sw")
    ui.page.clock.install()  # fake timers (time still flows), to run the queue's one-minute refresh at once
    ui.follow(ui.link("Triage queue"))
    # Sixteen idle minutes, on the server: move the session's "last seen" back.
    cookie = next(c for c in ui.page.context.cookies() if c["name"].endswith("openmash-session"))
    session = SessionStore(session_key=cookie["value"])
    session[signin.LAST_SEEN] = float(session[signin.LAST_SEEN]) - 16 * 60
    session.save()
    with ui.page.expect_navigation(wait_until="load"):
        ui.page.clock.run_for(61_000)
    ui.check()
    expect(ui.page.get_by_role("heading", name="Sign in to openmash")).to_be_visible()
    expect(ui.page.get_by_text("we signed you out because you had not done anything for 15 minutes")).to_be_visible()
    assert AuditEvent.objects.filter(verb=Verb.SESSION_EXPIRED).exists()
