"""Recording a contact through the pages: good input is stored, bad input stores nothing."""

from __future__ import annotations

import datetime as dt
import html

import pytest
from django.urls import reverse
from django.utils import timezone

from openmash.audit.models import AuditEvent, Verb
from openmash.contacts.models import Contact, ContactPerson, ContactStatus
from openmash.people.models import Person

pytestmark = pytest.mark.django_db


def contact_post(**overrides):
    now = timezone.localtime(timezone.now() - dt.timedelta(minutes=30))
    data = {
        "channel": "phone",
        "received_date_0": str(now.day),
        "received_date_1": str(now.month),
        "received_date_2": str(now.year),
        "received_time": now.strftime("%H:%M"),
        "referrer_type": "professional",
        "referral_source": "2A",
        "referrer_name": "Pat Head",
        "referrer_agency": "Oakfield Primary",
        "concern": "Bruise on cheek.",
        "family_aware": "unknown",
        "referrer_asked_consent": "no",
        "family_agreed": "unknown",
    }
    data.update(overrides)
    return data


def person_post(**overrides):
    data = {
        "part": "subject",
        "kind": "child",
        "given_names": "Amy",
        "family_name": "Smith",
        "date_of_birth_0": "4",
        "date_of_birth_1": "5",
        "date_of_birth_2": "2018",
        "sex": "F",
        "ethnicity": "WBRI",
    }
    data.update(overrides)
    return data


def test_social_worker_records_contact_people_and_submits(cast):
    client = cast.client_for(cast.social_worker)
    response = client.post(reverse("contacts:new"), contact_post())
    contact = Contact.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("contacts:people", args=[contact.pk])
    assert contact.status == ContactStatus.DRAFT

    response = client.post(reverse("contacts:add_person", args=[contact.pk]), person_post(nhs_number="943 476 5919"))
    assert response["Location"] == reverse("contacts:match", args=[contact.pk])
    # No one matches in an empty index, so the person is created straight away.
    response = client.get(reverse("contacts:match", args=[contact.pk]))
    assert response.status_code == 302
    person = Person.objects.get()
    assert person.nhs_number == "9434765919"
    assert contact.people.get().person == person

    response = client.post(reverse("contacts:submit", args=[contact.pk]))
    contact.refresh_from_db()
    assert contact.status == ContactStatus.AWAITING_TRIAGE
    assert contact.referral_decision_due is not None
    assert contact.referral_decision_due > contact.received_at
    verbs = set(
        AuditEvent.objects.filter(target_type="contact", target_id=str(contact.pk)).values_list("verb", flat=True)
    )
    assert {Verb.CREATE, Verb.LINK, Verb.SUBMIT} <= verbs


def test_likely_match_is_shown_and_can_be_linked(cast, contact):
    existing = contact.people.get().person  # Amy Testchild, born 4 May 2018
    client = cast.client_for(cast.social_worker)
    client.post(reverse("contacts:new"), contact_post())
    draft = Contact.objects.get(status=ContactStatus.DRAFT)
    client.post(
        reverse("contacts:add_person", args=[draft.pk]), person_post(given_names="Aimee", family_name="Testchild")
    )
    page = client.get(reverse("contacts:match", args=[draft.pk]))
    assert page.status_code == 200
    body = html.unescape(page.content.decode())
    assert "Amy Testchild" in body
    assert "Date of birth is the same" in body
    response = client.post(reverse("contacts:match", args=[draft.pk]), {"choice": str(existing.pk)})
    assert response.status_code == 302
    link = draft.people.get()
    assert link.person == existing and link.linked_existing_record
    assert Person.objects.count() == 1


def test_match_page_requires_a_choice(cast, contact):
    client = cast.client_for(cast.social_worker)
    client.post(reverse("contacts:new"), contact_post())
    draft = Contact.objects.get(status=ContactStatus.DRAFT)
    client.post(reverse("contacts:add_person", args=[draft.pk]), person_post(family_name="Testchild"))
    response = client.post(reverse("contacts:match", args=[draft.pk]), {})
    assert response.status_code == 200
    assert "Select an existing record, or choose to create a new one" in html.unescape(response.content.decode())
    assert not draft.people.exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"channel": ""}, "channel", "Select how the contact arrived"),
        ({"concern": ""}, "concern", "Enter what the referrer told you"),
        ({"referral_source": "ZZ"}, "referral_source", "Select a valid choice"),
        ({"received_date_1": ""}, "received_date", "Date received must include a month"),
        ({"received_date_0": "31", "received_date_1": "2"}, "received_date", "Date received must be a real date"),
        (  # 1 January next year: in the future and a real date on any day (the same day next year may not be)
            {"received_date_0": "1", "received_date_1": "1", "received_date_2": str(timezone.localdate().year + 1)},
            "received_date",
            "must be today or in the past",
        ),
        ({"received_time": "25:99"}, "received_time", "Enter a time like 14:30"),
        ({"referrer_name": ""}, "referrer_name", "Enter the referrer's name"),
        (
            {"referrer_type": "anonymous", "referral_source": "2A", "referrer_name": ""},
            "referral_source",
            "9 Anonymous",
        ),
    ],
)
def test_bad_contact_input_gets_message_next_to_field_and_stores_nothing(cast, overrides, field, message):
    client = cast.client_for(cast.social_worker)
    before = AuditEvent.objects.count()
    response = client.post(reverse("contacts:new"), contact_post(**overrides))
    assert response.status_code == 200
    body = html.unescape(response.content.decode())
    assert "There is a problem" in body
    assert message in body
    assert f'id="id_{field}-error"' in body or f'id="id_{field}_0' in body
    assert not Contact.objects.exists()
    assert AuditEvent.objects.count() == before


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"nhs_number": "943 476 5918"}, "Enter a valid NHS number"),
        ({"nhs_number": "12345"}, "Enter an NHS number in the correct format"),
        ({"upn": "A12345678901"}, "Enter a unique pupil number in the correct format"),
        ({"date_of_birth_2": str(timezone.localdate().year + 1)}, "Date of birth must be today or in the past"),
        ({"given_names": "", "family_name": ""}, "Enter the person's name"),
        ({"postcode": "NOT A CODE"}, "Enter a real postcode"),
        ({"kind": "adult"}, "must be recorded as a child"),
        ({"interpreter_needed": "on"}, "Enter the language"),
    ],
)
def test_bad_person_input_stores_nothing(cast, overrides, message):
    client = cast.client_for(cast.social_worker)
    client.post(reverse("contacts:new"), contact_post())
    draft = Contact.objects.get()
    response = client.post(reverse("contacts:add_person", args=[draft.pk]), person_post(**overrides))
    assert response.status_code == 200
    assert message in html.unescape(response.content.decode())
    assert not Person.objects.exists()
    assert not ContactPerson.objects.exists()


def test_submit_without_a_child_is_refused_with_a_message(cast):
    client = cast.client_for(cast.social_worker)
    client.post(reverse("contacts:new"), contact_post())
    draft = Contact.objects.get()
    response = client.post(reverse("contacts:submit", args=[draft.pk]))
    assert response.status_code == 400
    assert "Add the child (or adult) the concern is about" in html.unescape(response.content.decode())
    draft.refresh_from_db()
    assert draft.is_draft


def test_relationship_is_recorded_with_parental_responsibility(cast):
    client = cast.client_for(cast.social_worker)
    client.post(reverse("contacts:new"), contact_post())
    draft = Contact.objects.get()
    client.post(reverse("contacts:add_person", args=[draft.pk]), person_post())
    client.get(reverse("contacts:match", args=[draft.pk]))
    child = Person.objects.get()
    client.post(
        reverse("contacts:add_person", args=[draft.pk]),
        person_post(
            part="parent",
            kind="adult",
            given_names="Dan",
            family_name="Smith",
            date_of_birth_2="1988",
            sex="M",
            related_to=str(child.pk),
            relationship="father",
            parental_responsibility="on",
        ),
    )
    client.get(reverse("contacts:match", args=[draft.pk]))
    dad = Person.objects.get(given_names="Dan")
    rel = dad.relationships.get()
    assert rel.relative == child and rel.kind == "father" and rel.has_parental_responsibility


def test_address_is_recorded_with_the_date_they_moved_in(cast):
    client = cast.client_for(cast.social_worker)
    client.post(reverse("contacts:new"), contact_post())
    draft = Contact.objects.get()
    client.post(
        reverse("contacts:add_person", args=[draft.pk]),
        person_post(
            address_line_1="4 Mill Lane",
            postcode="zl1 2ab",
            address_since_0="1",
            address_since_1="9",
            address_since_2="2024",
        ),
    )
    client.get(reverse("contacts:match", args=[draft.pk]))
    address = Person.objects.get().addresses.get()
    assert (address.line_1, address.postcode, address.start_date) == ("4 Mill Lane", "ZL1 2AB", dt.date(2024, 9, 1))


def test_choosing_none_of_these_creates_the_person_and_records_not_the_same_person(cast, contact):
    from openmash.audit.models import AuditEvent, Verb
    from openmash.identity.models import NotSamePerson

    existing = contact.people.get().person  # Amy Testchild, born 4 May 2018
    client = cast.client_for(cast.social_worker)
    client.post(reverse("contacts:new"), contact_post())
    draft = Contact.objects.get(status=ContactStatus.DRAFT)
    client.post(
        reverse("contacts:add_person", args=[draft.pk]), person_post(given_names="Aimee", family_name="Testchild")
    )
    body = html.unescape(client.get(reverse("contacts:match", args=[draft.pk])).content.decode())
    assert "Chance it is the same person" in body and "Why it is shown" in body
    response = client.post(reverse("contacts:match", args=[draft.pk]), {"choice": "new"})
    assert response.status_code == 302
    created = draft.people.get().person
    assert created != existing
    decision = NotSamePerson.objects.get()
    assert {decision.person_a_id, decision.person_b_id} == {existing.pk, created.pk}
    assert AuditEvent.objects.filter(verb=Verb.NOT_SAME, target_id=str(created.pk)).exists()
