"""The demo has consent, informing and letters for every case, each keeping the services' invariants."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db.models import Count, Q

from openmash.consent.models import ConsentRecord, FamilyInformed
from openmash.contacts.models import Contact, ContactPerson, ContactStatus
from openmash.letters import glossary, readability
from openmash.letters.models import Letter

pytestmark = pytest.mark.django_db


def test_every_demo_case_has_informing_letters_and_consent_where_a_parent_is_named(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", "--scale", "0.01", stdout=io.StringIO())
    contacts = Contact.objects.exclude(status=ContactStatus.DRAFT)
    assert contacts.exists()
    assert not contacts.annotate(n=Count("family_informed")).filter(n=0).exists()
    with_parent = contacts.filter(people__part=ContactPerson.Part.PARENT_CARER, people__person__kind="adult").distinct()
    assert not with_parent.annotate(n=Count("letters")).filter(n=0).exists()
    assert (
        ConsentRecord.objects.filter(answer="refused").exists()
        and ConsentRecord.objects.filter(answer="given").exists()
    )
    for record in FamilyInformed.objects.all()[:200]:
        record.full_clean()
    for letter in Letter.objects.filter(status="sent")[:200]:
        assert readability.score(letter.body).reading_age <= 12
        assert glossary.unexpanded(letter.body, glossary.DEFAULT_GLOSSARY) == []
    assert FamilyInformed.objects.filter(Q(told=False) & Q(review_by__isnull=True)).count() == 0
