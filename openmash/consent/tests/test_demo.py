"""The demo has consent, informing and letters for every case, each keeping the services' invariants."""

from __future__ import annotations

import datetime as dt
import io
import random

import pytest
import time_machine
from django.core.management import call_command
from django.db.models import Count, Q
from django.utils import timezone

from openmash.consent.demo import demo_share_basis
from openmash.consent.models import ConsentRecord, FamilyInformed
from openmash.consent.tests.conftest import partner
from openmash.contacts.models import Contact, ContactPerson, ContactStatus
from openmash.enquiries.services import requests_send
from openmash.hubs import worktime
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


def _turning(years: int, on: dt.date) -> dt.date:
    """The date of birth of someone whose `years`th birthday is `on`."""
    return worktime.add_years(on, -years)


@pytest.mark.parametrize(
    ("born_years_ago", "days_to_birthday", "asked_in_own_right"),
    [
        (16, 0, True),  # 16 today: the parent's consent no longer covers them
        (17, 1, True),  # 17, and 18 tomorrow
        (16, 1, False),  # 15 until tomorrow: the parent's consent covers them
        (18, 0, False),  # 18 today: an adult, covered by the parent's consent for adults
    ],
)
def test_the_demo_asks_young_people_of_16_or_17_on_the_day_of_the_share(
    cast, eh_contact, mother, born_years_ago, days_to_birthday, asked_in_own_right
):
    """Ages are as of the share, early in the day, with the parent asked the evening before."""
    m = cast.outsider
    child = eh_contact.people.get(part=ContactPerson.Part.SUBJECT).person
    share_day = timezone.localdate()
    child.date_of_birth = _turning(born_years_ago, share_day + dt.timedelta(days=days_to_birthday))
    child.save(update_fields=["date_of_birth"])
    just_after_midnight = timezone.make_aware(dt.datetime.combine(share_day, dt.time(0, 5)))
    with time_machine.travel(just_after_midnight, tick=True):
        basis = demo_share_basis(membership=m, contact=eh_contact, people=[child, mother], rng=random.Random(3))
        assert basis is not None and basis.consent_position == "given"
        requests_send(
            membership=m,
            by=m.user,
            contact=eh_contact,
            agencies=[partner(cast.other_hub, "education")],
            people=[child, mother],
            question="What support does the family have?",
            deadline=timezone.now() + dt.timedelta(days=3),
            share=basis,
        )
    own = ConsentRecord.objects.filter(giver=child, giver_role="young_person", answer="given")
    assert own.exists() == asked_in_own_right
    for record in own:  # asked when they were already 16
        assert 16 <= (child.age(timezone.localdate(record.given_at)) or 0) <= 17
        assert record.given_at <= just_after_midnight + dt.timedelta(minutes=1)
    assert ConsentRecord.objects.filter(giver=mother, answer="given").exists()
