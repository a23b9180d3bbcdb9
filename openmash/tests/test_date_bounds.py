"""Every date box on every form refuses an implausible date with a message beside it, and stores nothing.

One table row per date field, each posted through its real page by someone allowed to
use it, with a year of 0001, a year of 9999, a 20-digit year, and a date just outside
the field's window on the side that matters (the future for a past date, the past for
a deadline). The clock is frozen, so the windows do not move under the test.
"""

from __future__ import annotations

import datetime as dt
import html
import importlib
import importlib.util
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django import forms as django_forms
from django.apps import apps
from django.db.models import Model
from django.test import Client
from django.urls import reverse

from conftest import Cast, make_contact, triaged_to_mash
from openmash.consent.models import AdultView, ConsentRecord, FamilyInformed, SubjectAccessRequest
from openmash.consent.tests.conftest import add_adult
from openmash.contacts.models import Contact, ContactPerson
from openmash.enquiries import services as enquiry_services
from openmash.enquiries.models import ContributionItem, InformationRequest
from openmash.enquiries.tests.conftest import agency_of, send
from openmash.forms import GovukDateField
from openmash.hubs.models import CalendarOverride
from openmash.meetings import services as meeting_services
from openmash.meetings.models import Action, Meeting
from openmash.meetings.tests.conftest import hub_agency, plan, triaged
from openmash.people.models import Person

pytestmark = pytest.mark.django_db


NOW = dt.datetime(2026, 6, 15, 11, 0, tzinfo=ZoneInfo("Europe/London"))
TODAY = NOW.date()
TOMORROW = TODAY + dt.timedelta(days=1)
YESTERDAY = TODAY - dt.timedelta(days=1)


@pytest.fixture(autouse=True)
def frozen_clock() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


def boxes(name: str, day: dt.date | tuple[str, str, str]) -> dict[str, str]:
    d, m, y = (str(day.day), str(day.month), str(day.year)) if isinstance(day, dt.date) else day
    return {f"{name}_0": d, f"{name}_1": m, f"{name}_2": y}


@dataclass
class Page:
    """A page with a date box, ready to post to: who, where, a valid form, and what it would store."""

    client: Client
    url: str
    data: dict[str, Any]
    stores: list[type[Model]]
    method: str = "post"
    session_key: str = ""  # the person form keeps its answer in the session until the match step

    def snapshot(self) -> tuple[Any, ...]:
        counts = tuple(model._default_manager.count() for model in self.stores)
        return (*counts, self.session_key in self.client.session if self.session_key else None)


def mash_contact(cast: Cast) -> Contact:
    return triaged_to_mash(cast, make_contact(cast.social_worker))


def contact_page(cast: Cast) -> Page:
    data = {
        "channel": "phone",
        **boxes("received_date", TODAY),
        "received_time": "09:00",
        "referrer_type": "professional",
        "referral_source": "2A",
        "referrer_name": "Pat Head",
        "referrer_agency": "Oakfield Primary",
        "concern": "Bruise on cheek.",
        "family_aware": "unknown",
        "referrer_asked_consent": "no",
        "family_agreed": "unknown",
    }
    return Page(cast.client_for(cast.social_worker), reverse("contacts:new"), data, [Contact])


def person_page(cast: Cast, **overrides: str) -> Page:
    draft = make_contact(cast.social_worker, submit=False)
    data = {
        "part": "sibling",
        "kind": "child",
        "given_names": "Ben",
        "family_name": "Smith",
        "sex": "M",
        "ethnicity": "WBRI",
        "address_line_1": "1 High Street",
        **overrides,
    }
    return Page(
        cast.client_for(cast.social_worker),
        reverse("contacts:add_person", args=[draft.pk]),
        data,
        [Person, ContactPerson],
        session_key=f"pending_person:{draft.pk}",
    )


def unborn_page(cast: Cast) -> Page:
    return person_page(cast, given_names="", **boxes("expected_date_of_birth", TODAY + dt.timedelta(days=90)))


def ask_page(cast: Cast) -> Page:
    contact = mash_contact(cast)
    data = {
        "agencies": [str(agency_of(cast.police).pk)],
        "people": [str(link.person_id) for link in contact.people.all()],
        "question": "Any incidents involving the family?",
        **boxes("deadline_date", TOMORROW),
        "deadline_time": "12:00",
        "purpose": "To understand the risk to the child.",
        "categories": ["identity", "criminal"],
        "article6": "6_1_e",
        "schedule1": "para_18",
        "consent_position": "not_sought",
        "consent_reason": "prejudice",
        "significant_harm": "on",
        "significant_harm_reason": "Possible significant harm; asking consent would prejudice enquiries.",
    }
    return Page(
        cast.client_for(cast.social_worker), reverse("enquiries:ask", args=[contact.pk]), data, [InformationRequest]
    )


def item_page(cast: Cast) -> Page:
    contact = mash_contact(cast)
    [request] = send(cast, contact, [agency_of(cast.police)])
    draft = enquiry_services.contribution_start(membership=cast.police, by=cast.police.user, request=request)
    child = contact.people.get().person
    data = {
        "person": str(child.pk),
        **boxes("occurred_on", YESTERDAY),
        "summary": "Called to the home.",
        "source_system": "Niche",
    }
    return Page(
        cast.client_for(cast.police),
        reverse("enquiries:item_add", args=[request.pk, draft.pk]),
        data,
        [ContributionItem],
    )


def override_page(cast: Cast) -> Page:
    data = {**boxes("date", TOMORROW), "is_open": "False", "reason": "Council closure"}
    return Page(cast.client_for(cast.manager), reverse("hubs:override_add"), data, [CalendarOverride])


def meeting_page(cast: Cast) -> Page:
    data = {
        "kind": "daily",
        **boxes("scheduled_date", TOMORROW),
        "scheduled_time": "10:00",
        "chair": str(cast.manager.user.pk),
        "contact_reference": "",
        "notes": "",
    }
    return Page(cast.client_for(cast.social_worker), reverse("meetings:new"), data, [Meeting])


def action_page(cast: Cast) -> Page:
    meeting = plan(cast)
    item = meeting_services.agenda_item_add(
        membership=cast.social_worker, by=cast.social_worker.user, meeting=meeting, contact=triaged(cast, "red")
    )
    data = {
        "description": "Visit the family with the school nurse.",
        "owner_agency": str(hub_agency(cast, "health").pk),
        "owner_name": "",
        **boxes("due_on", TOMORROW),
    }
    return Page(
        cast.client_for(cast.social_worker),
        reverse("meetings:action_add", args=[meeting.pk, item.pk]),
        data,
        [Action],
    )


def consent_page(cast: Cast) -> Page:
    contact = mash_contact(cast)
    mother = add_adult(cast, contact, "Mary")
    data = {
        "giver": str(mother.pk),
        "giver_role": "parent",
        "answer": "given",
        "scope": "all",
        "purposes": "To get the family some help.",
        "method": "phone",
        **boxes("given_date", TODAY),
        "given_time": "09:00",
        "parent_may_be_told": "on",
    }
    return Page(
        cast.client_for(cast.social_worker), reverse("consent:consent_new", args=[contact.pk]), data, [ConsentRecord]
    )


def told_page(cast: Cast) -> Page:
    contact = mash_contact(cast)
    data = {
        "told": "yes",
        "who_was_told": "Mother",
        **boxes("told_date", TODAY),
        "told_time": "09:00",
        "method": "phone",
    }
    return Page(
        cast.client_for(cast.social_worker), reverse("consent:informed_new", args=[contact.pk]), data, [FamilyInformed]
    )


def not_told_page(cast: Cast) -> Page:
    contact = mash_contact(cast)
    data = {
        "told": "no",
        "not_told_reason": "prejudice",
        "detail": "Police asked us to wait.",
        **boxes("review_by", TOMORROW),
    }
    return Page(
        cast.client_for(cast.social_worker), reverse("consent:informed_new", args=[contact.pk]), data, [FamilyInformed]
    )


def adult_page(cast: Cast) -> Page:
    contact = mash_contact(cast)
    mother = add_adult(cast, contact, "Mary")
    data = {"person": str(mother.pk), **boxes("contacted_date", TODAY), "view_asked": "on"}
    return Page(cast.client_for(cast.social_worker), reverse("consent:adult_new", args=[contact.pk]), data, [AdultView])


def sar_page(cast: Cast) -> Page:
    contact = mash_contact(cast)
    mother = add_adult(cast, contact, "Mary")
    data = {"person": str(mother.pk), **boxes("received_on", TODAY)}
    return Page(cast.client_for(cast.manager), reverse("consent:sar_new"), data, [SubjectAccessRequest])


def log_page(cast: Cast) -> Page:
    return Page(cast.client_for(cast.manager), reverse("restricted:log"), {}, [], method="get")


@dataclass(frozen=True)
class DateBox:
    """One date field on one form, and the date just outside its window on the side that matters."""

    form: str
    page: Callable[[Cast], Page]
    field: str
    outside: dt.date
    message: str  # what that date is told


MONTHS_13_AGO = dt.date(2025, 5, 15)
MONTHS_13_AHEAD = dt.date(2027, 7, 15)

DATE_BOXES = {
    "contact received": DateBox(
        "ContactForm", contact_page, "received_date", TOMORROW, "Date received must be today or in the past"
    ),
    "date of birth": DateBox(
        "PersonForm", person_page, "date_of_birth", TOMORROW, "Date of birth must be today or in the past"
    ),
    "expected date of birth": DateBox(
        "PersonForm",
        unborn_page,
        "expected_date_of_birth",
        dt.date(2026, 4, 15),
        "Expected date of birth must be between 15 May 2026 and 15 April 2027",
    ),
    "date moved in": DateBox(
        "PersonForm", person_page, "address_since", TOMORROW, "Date they moved in must be today or in the past"
    ),
    "enquiry deadline": DateBox(
        "AskForm", ask_page, "deadline_date", YESTERDAY, "Deadline must be today or in the future"
    ),
    "agency item occurred": DateBox(
        "ItemForm", item_page, "occurred_on", TOMORROW, "Date it happened must be today or in the past"
    ),
    "calendar override": DateBox(
        "OverrideForm",
        override_page,
        "date",
        dt.date(2028, 6, 16),
        "Date must be between 15 June 2025 and 15 June 2028",
    ),
    "meeting date": DateBox(
        "MeetingForm",
        meeting_page,
        "scheduled_date",
        MONTHS_13_AGO,
        "Meeting date must be between 15 June 2025 and 15 June 2027",
    ),
    "action due": DateBox("ActionForm", action_page, "due_on", YESTERDAY, "Due date must be today or in the future"),
    "consent given": DateBox(
        "ConsentForm", consent_page, "given_date", TOMORROW, "Date of their answer must be today or in the past"
    ),
    "family told": DateBox(
        "InformedForm", told_page, "told_date", TOMORROW, "Date they were told must be today or in the past"
    ),
    "review not telling": DateBox(
        "InformedForm", not_told_page, "review_by", YESTERDAY, "Review date must be today or in the future"
    ),
    "adult contacted": DateBox(
        "AdultViewForm", adult_page, "contacted_date", TOMORROW, "Date contacted must be today or in the past"
    ),
    "subject access received": DateBox(
        "SubjectAccessForm", sar_page, "received_on", TOMORROW, "Date received must be today or in the past"
    ),
    "log from": DateBox("LogFilterForm", log_page, "since", TOMORROW, "From date must be today or in the past"),
    "log to": DateBox(
        "LogFilterForm", log_page, "until", MONTHS_13_AHEAD, "To date must be between 15 June 1906 and 15 June 2027"
    ),
}

TYPOS = {
    "year 0001": ("0001", "must be"),
    "year 9999": ("9999", "must be"),
    "20-digit year": ("9" * 20, "Year must include 4 numbers"),
}


def field_error(body: str, name: str) -> str:
    found = re.search(rf'<p id="id_{name}-error" class="govuk-error-message">.*?</span>\s*(.*?)</p>', body, re.S)
    return found.group(1).strip() if found else ""


def submit(page: Page, data: dict[str, Any]) -> tuple[int, str]:
    """Send the form and read what the person sees, following the subject access form's trip back to its list."""
    if page.method == "get":
        response = page.client.get(page.url, data)
    else:
        response = page.client.post(page.url, data)
    status = response.status_code
    if page.stores == [SubjectAccessRequest]:
        assert status == 302, status
        response = page.client.get(response["Location"])
    return status, html.unescape(response.content.decode())


def assert_refused(cast: Cast, box: DateBox, day: tuple[str, str, str], expected: str) -> None:
    page = box.page(cast)
    before = page.snapshot()
    status, body = submit(page, {**page.data, **boxes(box.field, day)})
    assert status in (200, 302, 400), status
    if page.stores == [SubjectAccessRequest]:
        # This form sits on the family page, so its refusal comes back as a message on the next page.
        assert expected in body
    else:
        assert "There is a problem" in body
        assert expected in field_error(body, box.field), field_error(body, box.field) or body[-3000:]
    assert page.snapshot() == before


@pytest.mark.parametrize("typo", sorted(TYPOS))
@pytest.mark.parametrize("name", sorted(DATE_BOXES))
def test_a_typo_in_the_year_gets_a_message_beside_the_box_and_stores_nothing(cast: Cast, name: str, typo: str) -> None:
    box = DATE_BOXES[name]
    year, expected = TYPOS[typo]
    noun_and_rule = expected if expected.startswith("Year") else box.message.split(" must be ")[0] + " must be"
    assert_refused(cast, box, ("1", "6", year), noun_and_rule)


@pytest.mark.parametrize("name", sorted(DATE_BOXES))
def test_a_date_on_the_wrong_side_of_today_gets_a_message_and_stores_nothing(cast: Cast, name: str) -> None:
    box = DATE_BOXES[name]
    day = box.outside
    assert_refused(cast, box, (str(day.day), str(day.month), str(day.year)), box.message)


@pytest.mark.parametrize("name", sorted(DATE_BOXES))
def test_the_valid_form_behind_each_row_is_accepted(cast: Cast, name: str) -> None:
    """The table's forms are otherwise valid, so every refusal above is the date's doing."""
    page = DATE_BOXES[name].page(cast)
    before = page.snapshot()
    status, body = submit(page, page.data)
    assert "There is a problem" not in body
    if page.method == "post":
        assert status == 302
        assert page.snapshot() != before


def test_the_table_covers_every_date_box() -> None:
    """A new date box on any form must be added to the table above."""
    covered = {(box.form, box.field) for box in DATE_BOXES.values()}
    declared = {
        (form.__name__, name)
        for form in _forms()
        for name, declared_field in form.base_fields.items()
        if isinstance(declared_field, GovukDateField)
    }
    assert declared == covered


def _forms() -> Iterator[type[django_forms.Form]]:
    """Every form class in every app's forms module."""
    for config in apps.get_app_configs():
        if not config.name.startswith("openmash.") or importlib.util.find_spec(f"{config.name}.forms") is None:
            continue
        module = importlib.import_module(f"{config.name}.forms")
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, django_forms.Form) and value.__module__ == module.__name__:
                yield value
