"""Sessions: idle and absolute time-outs on a controlled clock (time-machine), and sessions
ended on the next request when an account is disabled or loses its last membership."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from openmash import settings as project_settings
from openmash.audit.models import AuditEvent, Verb

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def signed_out_with(response, message: str) -> None:
    assert response.status_code == 302 and response["Location"].startswith(reverse("login") + "?next=")
    page = response.client.get(response["Location"])
    assert message in page.content.decode()


def test_fifteen_idle_minutes_sign_you_out(cast):
    queue = reverse("contacts:queue")
    with time_machine.travel(START, tick=False) as clock:
        client = cast.client_for(cast.social_worker)
        clock.shift(dt.timedelta(minutes=14))
        assert client.get(queue).status_code == 200  # activity: the idle clock starts again
        clock.shift(dt.timedelta(minutes=14))
        assert client.get(queue).status_code == 200
        key = client.session.session_key
        clock.shift(dt.timedelta(minutes=15, seconds=1))
        response = client.get(queue)
        signed_out_with(response, "we signed you out because you had not done anything for 15 minutes")
    assert not Session.objects.filter(session_key=key).exists()
    event = AuditEvent.objects.get(verb=Verb.SESSION_EXPIRED)
    assert event.actor == cast.social_worker.user and event.detail == {"reason": "idle"}


def test_the_queue_refreshing_itself_does_not_keep_a_session_alive(cast):
    queue = reverse("contacts:queue")
    with time_machine.travel(START, tick=False) as clock:
        client = cast.client_for(cast.social_worker)
        for _ in range(15):
            clock.shift(dt.timedelta(minutes=1))
            assert client.get(queue, headers={"X-Queue-Refresh": "1"}).status_code == 200
        clock.shift(dt.timedelta(seconds=61))
        # Told plainly (the page then reloads itself), so the sign-in page still says why.
        assert client.get(queue, headers={"X-Queue-Refresh": "1"}).status_code == 401
        signed_out_with(client.get(queue), "had not done anything for 15 minutes")


def test_twelve_hours_is_the_most_a_session_lasts_however_busy(cast):
    queue = reverse("contacts:queue")
    with time_machine.travel(START, tick=False) as clock:
        client = cast.client_for(cast.social_worker)
        for _ in range(12 * 6):
            clock.shift(dt.timedelta(minutes=10))
            assert client.get(queue).status_code == 200
        clock.shift(dt.timedelta(seconds=1))
        signed_out_with(client.get(queue), "because you had been signed in for 12 hours")
    assert AuditEvent.objects.get(verb=Verb.SESSION_EXPIRED).detail == {"reason": "absolute"}


def test_time_outs_come_from_settings(cast, settings):
    settings.SESSION_IDLE_TIMEOUT = dt.timedelta(minutes=2)
    with time_machine.travel(START, tick=False) as clock:
        client = cast.client_for(cast.social_worker)
        clock.shift(dt.timedelta(minutes=2, seconds=1))
        signed_out_with(client.get(reverse("contacts:queue")), "had not done anything for 2 minutes")


@pytest.mark.parametrize(("raw", "minutes"), [(None, 15), ("30", 30), ("1", 1)])
def test_env_minutes_reads_whole_minutes(monkeypatch, raw, minutes):
    if raw is None:
        monkeypatch.delenv("SESSION_IDLE_MINUTES", raising=False)
    else:
        monkeypatch.setenv("SESSION_IDLE_MINUTES", raw)
    assert project_settings.env_minutes("SESSION_IDLE_MINUTES", 15) == dt.timedelta(minutes=minutes)


@pytest.mark.parametrize("raw", ["0", "-5", "fifteen", "1.5"])
def test_env_minutes_refuses_a_bad_value(monkeypatch, raw):
    monkeypatch.setenv("SESSION_IDLE_MINUTES", raw)
    with pytest.raises(ImproperlyConfigured, match="SESSION_IDLE_MINUTES"):
        project_settings.env_minutes("SESSION_IDLE_MINUTES", 15)


def test_disabling_an_account_ends_its_session_on_the_next_request(cast):
    client = cast.client_for(cast.social_worker)
    assert client.get(reverse("contacts:queue")).status_code == 200
    key = client.session.session_key
    user = cast.social_worker.user
    user.is_active = False
    user.save(update_fields=["is_active"])
    response = client.get(reverse("contacts:queue"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert not Session.objects.filter(session_key=key).exists()


def test_revoking_the_last_membership_ends_the_session_on_the_next_request(cast):
    client = cast.client_for(cast.police)
    assert client.get(reverse("home")).status_code == 200
    cast.police.is_active = False
    cast.police.save(update_fields=["is_active"])
    response = client.get(reverse("home"))
    signed_out_with(response, "you are no longer a member of any hub")


def test_someone_with_another_hub_left_keeps_their_session_and_chooses_again(cast):
    from openmash.accounts.models import Membership, Role

    second = Membership.objects.create(user=cast.police.user, hub=cast.other_hub, role=Role.PARTNER)
    client = cast.client_for(cast.police)
    cast.police.is_active = False
    cast.police.save(update_fields=["is_active"])
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"] == reverse("accounts:switch_hub")
    assert second.is_active


def test_sessions_are_kept_on_the_server_and_the_cookie_dies_with_the_browser(settings):
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    assert settings.SESSION_COOKIE_AGE == 12 * 60 * 60
    assert settings.SESSION_COOKIE_HTTPONLY


def test_a_signed_in_users_session_gets_a_new_key(cast):
    """No session fixation: the key before the password step is not the key after sign-in."""
    from django.test import Client

    from conftest import authenticator_for
    from openmash.accounts.tests.signing import sign_in

    client = Client()
    client.get(reverse("login"))
    client.session.save()
    before = client.session.session_key
    sign_in(client, cast.social_worker.user, authenticator_for(cast.social_worker.user))
    assert client.session.session_key != before
