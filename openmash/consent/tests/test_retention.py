"""Retention deletes a case's family-side records with the case; the audit trail keeps what happened."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.utils import timezone

from openmash.consent import services
from openmash.consent.models import AdultView, ConsentRecord, FamilyInformed, ShareDecision
from openmash.consent.tests.conftest import add_adult, consent_kwargs
from openmash.contacts.models import Contact
from openmash.enquiries.tests.conftest import agency_of, send
from openmash.letters import services as letter_services
from openmash.letters.models import Letter
from openmash.retention.services import _delete_contact

pytestmark = pytest.mark.django_db


def test_deleting_a_case_takes_its_consent_informing_sharing_and_letters(cast, mash_contact):
    m = cast.social_worker
    mother = add_adult(cast, mash_contact, "Mary")
    send(cast, mash_contact, [agency_of(cast.police)])
    first = services.consent_record(membership=m, by=m.user, contact=mash_contact, giver=mother, **consent_kwargs())
    services.consent_record(
        membership=m, by=m.user, contact=mash_contact, giver=mother, **consent_kwargs(answer="withdrawn")
    )
    services.family_informed_record(
        membership=m,
        by=m.user,
        contact=mash_contact,
        told=True,
        who_was_told="Mary",
        told_at=timezone.now(),
        method="phone",
    )
    services.adult_view_record(membership=m, by=m.user, contact=mash_contact, person=mother, view_asked=True)
    letter_services.letter_draft(membership=m, by=m.user, contact=mash_contact, template="what_next", recipient=mother)
    with transaction.atomic():
        removed = _delete_contact(mash_contact)
    assert first.pk in removed["consent_records"] and removed["share_decisions"] and removed["letters"]
    assert not Contact.objects.filter(pk=mash_contact.pk).exists()
    for model in (ShareDecision, ConsentRecord, FamilyInformed, AdultView, Letter):
        assert not model.objects.exists(), model
