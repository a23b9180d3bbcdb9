"""Audit events are written in the same transaction as the change they describe."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from openmash.accounts.models import User
from openmash.audit.models import AuditEvent, Verb
from openmash.audit.services import audit_record
from openmash.contacts.services import contact_triage

pytestmark = pytest.mark.django_db


def test_a_rolled_back_change_leaves_no_event(cast, contact):
    before = AuditEvent.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        audit_record(verb=Verb.UPDATE, actor=cast.manager.user, membership=cast.manager, target=contact)
        raise RuntimeError("the change failed")
    assert AuditEvent.objects.count() == before


def test_a_refused_triage_leaves_no_event_and_no_change(cast, contact):
    before = AuditEvent.objects.count()
    green = cast.hub.current_levels().get(code="green")
    with pytest.raises(ValidationError):
        contact_triage(
            membership=cast.social_worker,
            by=cast.social_worker.user,
            contact=contact,
            level=green,
            route="mash",
            rationale="Not allowed",
        )
    assert AuditEvent.objects.count() == before


def test_event_records_actor_role_agency_hub_and_reads_as_a_sentence(cast, contact):
    event = audit_record(verb=Verb.VIEW, actor=cast.police.user, membership=cast.police, target=contact)
    assert event.role == "partner" and event.hub == cast.hub and "Police" in event.agency_name
    assert event.sentence() == f"{cast.police.user} viewed contact {contact.reference}"


def test_events_outlive_the_user_who_made_them(cast, contact):
    user = cast.health.user
    event = audit_record(verb=Verb.VIEW, actor=user, membership=cast.health, target=contact)
    user_id, name = user.pk, event.actor_name
    user.delete()  # on PostgreSQL this would fail if it tried to UPDATE the event
    event.refresh_from_db()
    assert not User.objects.filter(pk=user_id).exists()
    assert event.actor_id == user_id and event.actor_name == name
    assert AuditEvent.objects.filter(actor_id=user_id, verb=Verb.VIEW, target_id=str(contact.pk)).exists()
    assert event.sentence() == f"{name} viewed contact {contact.reference}"


def test_events_can_be_found_by_actor_and_hub(cast, contact):
    event = audit_record(verb=Verb.VIEW, actor=cast.police.user, membership=cast.police, target=contact)
    assert AuditEvent.objects.filter(actor=cast.police.user, hub=cast.hub, target_id=str(contact.pk)).get() == event
    assert event.hub_name == cast.hub.name


def test_writing_an_event_takes_three_queries(cast, contact, django_assert_num_queries):
    """The lock, the last event's seq and hash, the INSERT: however long the chain is."""
    with django_assert_num_queries(3):
        audit_record(verb=Verb.VIEW, actor=cast.police.user, membership=cast.police, target=contact)
