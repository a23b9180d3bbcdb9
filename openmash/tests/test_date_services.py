"""The services refuse out-of-range dates too, so a caller that skips the form cannot store one."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from functools import partial
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from conftest import Cast, contact_fields, make_contact
from openmash.consent import services as consent_services
from openmash.consent.tests.conftest import add_adult, consent_kwargs
from openmash.contacts import services as contact_services
from openmash.contacts.models import Contact
from openmash.enquiries import services as enquiry_services
from openmash.enquiries.models import ContributionItem
from openmash.enquiries.tests.conftest import agency_of, send
from openmash.hubs import services as hub_services
from openmash.meetings import services as meeting_services
from openmash.meetings.tests.conftest import hub_agency, plan, triaged
from openmash.people import services as people_services
from openmash.people.models import Person

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
NOW = dt.datetime(2026, 6, 15, 11, 0, tzinfo=LONDON)
TODAY = NOW.date()
YEAR_25 = dt.datetime(25, 6, 15, 11, 0, tzinfo=dt.UTC)
YEAR_9999 = dt.datetime(9999, 12, 31, 11, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def frozen_clock() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


def refused(call: Callable[[], Any]) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as error:
        call()
    return error.value.message_dict


def test_a_contact_received_in_year_25_or_over_a_year_ago_is_refused(cast: Cast) -> None:
    sw = cast.social_worker

    def create(received: dt.datetime) -> Contact:
        return contact_services.contact_create(membership=sw, by=sw.user, **contact_fields(received_at=received))

    for received in (YEAR_25, NOW - dt.timedelta(days=366)):
        errors = refused(partial(create, received))
        assert errors == {"received_at": ["The date the contact was received must be between 15 June 2025 and today"]}
    assert not Contact.objects.exists()
    create(dt.datetime(2025, 6, 15, 0, 1, tzinfo=LONDON))


def test_people_born_too_long_ago_or_expected_too_far_ahead_are_refused(cast: Cast) -> None:
    sw = cast.social_worker

    def create(**fields: Any) -> Person:
        return people_services.person_create(membership=sw, by=sw.user, kind="child", family_name="Smith", **fields)

    assert refused(lambda: create(date_of_birth=dt.date(1906, 6, 14))) == {
        "date_of_birth": ["Date of birth must be between 15 June 1906 and today"]
    }
    assert refused(lambda: create(expected_date_of_birth=dt.date(2027, 4, 16))) == {
        "expected_date_of_birth": ["Expected date of birth must be between 15 May 2026 and 15 April 2027"]
    }
    address = {"line_1": "1 High Street", "start_date": dt.date(2026, 6, 16)}
    assert refused(lambda: create(address=address)) == {
        "address_since": ["Date they moved in must be today or in the past"]
    }
    assert not Person.objects.exists()
    create(expected_date_of_birth=dt.date(2027, 4, 15))


def test_an_agency_deadline_in_9999_is_refused(cast: Cast, mash_contact: Contact) -> None:
    errors = refused(lambda: send(cast, mash_contact, [agency_of(cast.police)], deadline=YEAR_9999))
    assert errors == {"deadline": ["The deadline must be between today and 15 June 2027"]}


def test_an_item_from_before_the_person_was_conceived_is_refused(cast: Cast, mash_contact: Contact) -> None:
    [request] = send(cast, mash_contact, [agency_of(cast.police)])
    police = cast.police
    draft = enquiry_services.contribution_start(membership=police, by=police.user, request=request)
    child = mash_contact.people.get().person  # born 4 May 2018
    Person.objects.filter(pk=child.pk).update(date_of_birth=dt.date(2025, 3, 31))
    child.refresh_from_db()

    def add(day: dt.date) -> ContributionItem:
        return enquiry_services.contribution_item_add(
            membership=police,
            by=police.user,
            contribution=draft,
            person=child,
            occurred_on=day,
            summary="Health visitor raised a concern.",
            source_system="SystmOne",
        )

    assert refused(lambda: add(dt.date(2024, 5, 30))) == {
        "occurred_on": [
            "The date it happened must be the same as or after 31 May 2024, 10 months before "
            "Amy Testchild's date of birth"
        ]
    }
    assert refused(lambda: add(dt.date(1, 1, 1))) == {
        "occurred_on": ["The date it happened must be between 15 June 1906 and today"]
    }
    add(dt.date(2024, 5, 31))


def test_meeting_action_and_calendar_dates_out_of_range_are_refused(cast: Cast) -> None:
    assert refused(lambda: plan(cast, scheduled_for=YEAR_9999)) == {
        "scheduled_for": ["Meeting date must be between 15 June 2025 and 15 June 2027"]
    }
    meeting = plan(cast)
    item = meeting_services.agenda_item_add(
        membership=cast.social_worker, by=cast.social_worker.user, meeting=meeting, contact=triaged(cast, "red")
    )
    errors = refused(
        lambda: meeting_services.action_add(
            membership=cast.social_worker,
            by=cast.social_worker.user,
            item=item,
            description="Visit",
            owner_agency=hub_agency(cast, "health"),
            owner_name="",
            due_on=dt.date(2027, 6, 16),
        )
    )
    assert errors == {"due_on": ["Due date must be between today and 15 June 2027"]}
    errors = refused(
        lambda: hub_services.calendar_override_add(
            hub=cast.hub,
            by=cast.manager.user,
            membership=cast.manager,
            date=dt.date(9999, 12, 31),
            is_open=False,
            reason="Typo",
        )
    )
    assert errors == {"date": ["Date must be between 15 June 2025 and 15 June 2028"]}


def test_the_familys_side_refuses_old_and_far_dates(cast: Cast) -> None:
    contact = make_contact(cast.social_worker)
    mother = add_adult(cast, contact, "Mary")
    m = cast.social_worker
    common: dict[str, Any] = dict(membership=m, by=m.user, contact=contact)
    assert refused(
        lambda: consent_services.consent_record(**common, giver=mother, **consent_kwargs(given_at=YEAR_25))
    ) == {"given_at": ["The date of their answer must be between 15 June 2025 and today"]}
    assert refused(
        lambda: consent_services.family_informed_record(
            **common, told=True, who_was_told="Mother", told_at=YEAR_25, method="phone"
        )
    ) == {"told_at": ["The date they were told must be between 15 June 2025 and today"]}
    assert refused(
        lambda: consent_services.family_informed_record(
            **common, told=False, not_told_reason="prejudice", detail="Wait.", review_by=dt.date(9999, 12, 31)
        )
    ) == {"review_by": ["The review date must be between today and 15 June 2027"]}
    assert refused(lambda: consent_services.adult_view_record(**common, person=mother, contacted_at=YEAR_25)) == {
        "contacted_at": ["Date contacted must be between 15 June 2025 and today"]
    }
    assert refused(
        lambda: consent_services.subject_access_create(
            membership=cast.manager, by=cast.manager.user, person=mother, received_on=dt.date(25, 6, 15)
        )
    ) == {"received_on": ["The date received must be between 15 June 2025 and today"]}
