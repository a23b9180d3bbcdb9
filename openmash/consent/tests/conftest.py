"""Fixtures for the family's side: an Early Help-level family in the MASH (Site 2, Tier 2), and its parents."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from conftest import make_contact
from openmash.accounts.models import Agency
from openmash.contacts.models import Contact, ContactPerson
from openmash.contacts.services import contact_triage
from openmash.people import services as people_services
from openmash.people.models import Person


def add_adult(cast: Any, contact: Contact, given: str, *, sex: str = "F", relation: str = "mother") -> Person:
    """An adult added to a submitted contact (the front door allows it only on a draft, so directly)."""
    m = cast.social_worker if contact.hub_id == cast.hub.pk else cast.outsider
    person = people_services.person_create(
        membership=m, by=m.user, kind="adult", given_names=given, family_name="Testchild", sex=sex
    )
    ContactPerson.objects.create(contact=contact, person=person, part=ContactPerson.Part.PARENT_CARER)
    child = contact.people.get(part=ContactPerson.Part.SUBJECT).person
    people_services.relationship_record(
        membership=m, by=m.user, person=person, relative=child, kind=relation, parental_responsibility=True
    )
    return person


@pytest.fixture
def eh_contact(cast: Any) -> Contact:
    """A Site 2 family at Tier 2 (below the statutory threshold), routed through the MASH."""
    m = cast.outsider
    contact = make_contact(m)
    tier2 = cast.other_hub.current_levels().get(code="tier-2")
    contact_triage(membership=m, by=m.user, contact=contact, level=tier2, route="mash", rationale="Additional needs.")
    contact.refresh_from_db()
    return contact


@pytest.fixture
def mother(cast: Any, eh_contact: Contact) -> Person:
    return add_adult(cast, eh_contact, "Mary")


def partner(hub: Any, kind: str) -> Agency:
    return hub.partners.get(agency__kind=kind).agency


def consent_kwargs(**overrides: Any) -> dict[str, Any]:
    fields: dict[str, Any] = dict(
        giver_role="parent",
        answer="given",
        method="phone",
        given_at=timezone.now() - dt.timedelta(hours=1),
        purposes="To find the right help for the family.",
    )
    fields.update(overrides)
    return fields
