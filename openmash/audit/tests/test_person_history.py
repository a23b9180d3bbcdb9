"""'Who has seen this child's record?': one page for the hub manager, newest first, itself audited."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from openmash.audit.chain import GENESIS_HASH, LEGACY_CHAIN
from openmash.audit.models import AuditEvent, Verb
from openmash.enquiries.tests.conftest import agency_of, send

pytestmark = pytest.mark.django_db


def test_every_read_and_change_of_the_child_and_their_case_records(cast, mash_contact, other_person):
    person = mash_contact.people.get().person
    request = send(cast, mash_contact, [agency_of(cast.police)])[0]
    cast.client_for(cast.police).get(reverse("enquiries:request", args=[request.pk]))
    cast.client_for(cast.quality).get(reverse("contacts:detail", args=[mash_contact.pk]))
    manager = cast.client_for(cast.manager)
    response = manager.get(reverse("audit:person_history", args=[person.pk]))
    assert response.status_code == 200
    events = [e for e, _ in response.context["events"]]
    actors = {e.actor_id for e in events}
    assert {cast.police.user_id, cast.quality.user_id, cast.social_worker.user_id} <= actors
    assert any(e.target_type == "informationrequest" and e.verb == Verb.VIEW for e in events)
    assert [e.at for e in events] == sorted((e.at for e in events), reverse=True)
    # Someone else's record is not in it.
    assert all(not (e.target_type == "person" and e.target_id == str(other_person.pk)) for e in events)
    # The page view itself is audited, and shows next time.
    seen = AuditEvent.objects.filter(verb=Verb.VIEW, actor=cast.manager.user, target_type="person").get()
    assert seen.detail["page"] == "record history"
    again = manager.get(reverse("audit:person_history", args=[person.pk]))
    assert seen.pk in [e.pk for e, _ in again.context["events"]]


def test_paginated_and_fast(cast, mash_contact, django_assert_max_num_queries):
    person = mash_contact.people.get().person
    client = cast.client_for(cast.social_worker)
    for _ in range(60):
        client.get(reverse("contacts:detail", args=[mash_contact.pk]))
    manager = cast.client_for(cast.manager)
    with django_assert_max_num_queries(20):
        first = manager.get(reverse("audit:person_history", args=[person.pk]))
    assert len(first.context["events"]) == 50
    assert first.context["page"].has_next()
    second = manager.get(reverse("audit:person_history", args=[person.pk]), {"page": 2})
    assert second.status_code == 200 and second.context["page"].number == 2


@pytest.mark.parametrize(
    "role, status",
    [("social_worker", 403), ("police", 403), ("quality", 403), ("admin", 403), ("early_help", 403), ("outsider", 404)],
)
def test_refusals(cast, mash_contact, role, status):
    person = mash_contact.people.get().person
    response = cast.client_for(cast.everyone[role]).get(reverse("audit:person_history", args=[person.pk]))
    assert response.status_code == status


def test_linked_from_the_contact_page_for_the_manager_only(cast, mash_contact):
    person = mash_contact.people.get().person
    url = reverse("audit:person_history", args=[person.pk])
    assert url in cast.client_for(cast.manager).get(reverse("contacts:detail", args=[mash_contact.pk])).content.decode()
    sw_page = cast.client_for(cast.social_worker).get(reverse("contacts:detail", args=[mash_contact.pk]))
    assert url not in sw_page.content.decode()


def test_events_from_before_per_hub_chains_still_show(cast, mash_contact):
    """History reads events by hub and target, whatever chain holds them: chain -1 too."""
    person = mash_contact.people.get().person
    older = mash_contact.received_at - dt.timedelta(days=1)
    legacy = AuditEvent.objects.create(
        chain=LEGACY_CHAIN,
        seq=1,
        at=older,
        actor_id=cast.police.user_id,
        actor_name=str(cast.police.user),
        hub_id=cast.hub.pk,
        hub_name=cast.hub.name,
        verb=Verb.VIEW,
        target_type="person",
        target_id=str(person.pk),
        previous_hash=GENESIS_HASH,
        hash="0" * 64,  # not verified here
    )
    cast.client_for(cast.quality).get(reverse("contacts:detail", args=[mash_contact.pk]))
    events = [
        e
        for e, _ in cast.client_for(cast.manager)
        .get(reverse("audit:person_history", args=[person.pk]))
        .context["events"]
    ]
    chains = {e.chain for e in events}
    assert legacy.pk == events[-1].pk and {LEGACY_CHAIN, cast.hub.pk} <= chains
