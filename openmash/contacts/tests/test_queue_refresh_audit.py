"""The queue refreshes itself every minute; the audit trail records what changed, not every tick."""

from __future__ import annotations

import pytest
from django.urls import reverse

from conftest import make_contact
from openmash.audit.models import AuditEvent, Verb

pytestmark = pytest.mark.django_db

REFRESH = {"X-Queue-Refresh": "1"}


def queue_events(membership) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(verb=Verb.LIST, actor=membership.user, detail__page="triage queue").order_by("id")
    )


def test_a_refresh_showing_the_same_contacts_writes_no_event_and_every_change_does(cast):
    sw = cast.social_worker
    first = make_contact(sw)
    client = cast.client_for(sw)
    url = reverse("contacts:queue")

    assert client.get(url).status_code == 200  # the person opens the queue: audited
    assert [e.detail["contacts"] for e in queue_events(sw)] == [[first.pk]]
    for _ in range(3):  # the page's own refreshes, nothing changed
        assert client.get(url, headers=REFRESH).status_code == 200
    assert len(queue_events(sw)) == 1

    second = make_contact(sw)  # the set shown changes: the next refresh is audited, once
    client.get(url, headers=REFRESH)
    client.get(url, headers=REFRESH)
    events = queue_events(sw)
    assert [sorted(e.detail["contacts"]) for e in events] == [[first.pk], sorted([first.pk, second.pk])]

    client.get(url)  # opening the page again is the person looking: always audited
    assert len(queue_events(sw)) == 3


def test_the_first_refresh_of_another_session_is_audited(cast):
    sw = cast.social_worker
    make_contact(sw)
    url = reverse("contacts:queue")
    cast.client_for(sw).get(url)
    cast.client_for(sw).get(url, headers=REFRESH)  # a new sign-in has not been audited seeing the queue
    assert len(queue_events(sw)) == 2


def test_what_one_person_was_shown_does_not_hide_what_another_is_shown(cast):
    make_contact(cast.social_worker)
    url = reverse("contacts:queue")
    cast.client_for(cast.social_worker).get(url)
    cast.client_for(cast.manager).get(url, headers=REFRESH)
    assert len(queue_events(cast.social_worker)) == 1 and len(queue_events(cast.manager)) == 1
