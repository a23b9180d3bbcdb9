"""Handling markings: defaults per record, overrides audited, and the banner on every page that shows a record."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from openmash.audit.models import AuditEvent, Verb
from openmash.enquiries.models import ContributionItem
from openmash.markings.queries import marking_for
from openmash.markings.services import marking_set

pytestmark = pytest.mark.django_db


def test_defaults_and_combination(cast, mash_contact):
    assert marking_for(mash_contact).text == "OFFICIAL-SENSITIVE PERSONAL"
    assert marking_for(cast.hub).text == "OFFICIAL"
    assert marking_for().text == "OFFICIAL"
    item = ContributionItem(sensitivity="nfd")
    from openmash.markings.registry import default_marking

    assert default_marking(item).text == "OFFICIAL-SENSITIVE LAW ENFORCEMENT PERSONAL"
    person = mash_contact.people.get().person
    assert marking_for(person, field="police_reference").text == "OFFICIAL-SENSITIVE LAW ENFORCEMENT PERSONAL"
    assert marking_for(cast.hub, mash_contact).text == "OFFICIAL-SENSITIVE PERSONAL"


def test_an_override_is_audited_and_travels_into_the_page(cast, mash_contact):
    marking_set(
        membership=cast.manager,
        by=cast.manager.user,
        record=mash_contact,
        classification="OFFICIAL-SENSITIVE",
        descriptor="LAW ENFORCEMENT",
        reason="Police operation in progress.",
    )
    assert marking_for(mash_contact).text == "OFFICIAL-SENSITIVE LAW ENFORCEMENT"
    event = AuditEvent.objects.get(verb=Verb.MARK, target_type="contact")
    assert event.justification == "Police operation in progress."
    body = cast.client_for(cast.social_worker).get(reverse("contacts:detail", args=[mash_contact.pk])).content.decode()
    assert body.count("OFFICIAL-SENSITIVE LAW ENFORCEMENT") == 2  # banner at top and bottom


def test_bad_markings_change_nothing(cast, mash_contact):
    with pytest.raises(ValidationError) as exc:
        marking_set(
            membership=cast.manager,
            by=cast.manager.user,
            record=mash_contact,
            classification="OFFICIAL",
            descriptor="PERSONAL",
            reason="",
        )
    assert "Only OFFICIAL-SENSITIVE information carries a descriptor" in str(exc.value)
    with pytest.raises(PermissionDenied):
        marking_set(
            membership=cast.police, by=cast.police.user, record=mash_contact, classification="OFFICIAL", reason="x"
        )
    with pytest.raises(PermissionDenied):
        marking_set(
            membership=cast.outsider, by=cast.outsider.user, record=mash_contact, classification="OFFICIAL", reason="x"
        )
    assert marking_for(mash_contact).text == "OFFICIAL-SENSITIVE PERSONAL"
    assert not AuditEvent.objects.filter(verb=Verb.MARK).exists()


@pytest.mark.parametrize("name", ["contacts:detail", "contacts:triage"])
def test_contact_pages_carry_the_banner_twice(cast, mash_contact, name):
    body = cast.client_for(cast.manager).get(reverse(name, args=[mash_contact.pk])).content.decode()
    assert body.count('class="om-marking om-marking--sensitive"') == 2


def test_the_contact_marking_page(cast, mash_contact):
    url = reverse("markings:contact", args=[mash_contact.pk])
    client = cast.client_for(cast.social_worker)
    assert client.get(url).status_code == 200
    bad = client.post(url, {"classification": "OFFICIAL", "descriptor": "PERSONAL", "reason": "x"})
    assert bad.status_code == 400 and "Only OFFICIAL-SENSITIVE information carries a descriptor" in bad.content.decode()
    assert client.post(url, {"classification": "", "reason": ""}).status_code == 400
    ok = client.post(
        url, {"classification": "OFFICIAL-SENSITIVE", "descriptor": "LAW ENFORCEMENT", "reason": "Live operation."}
    )
    assert ok.status_code == 302
    assert marking_for(mash_contact).text == "OFFICIAL-SENSITIVE LAW ENFORCEMENT"


@pytest.mark.parametrize("role, status", [("police", 403), ("quality", 403), ("admin", 403), ("outsider", 404)])
def test_the_contact_marking_page_refuses(cast, mash_contact, role, status):
    url = reverse("markings:contact", args=[mash_contact.pk])
    response = cast.client_for(cast.everyone[role]).post(
        url, {"classification": "OFFICIAL", "descriptor": "", "reason": "Not sensitive."}
    )
    assert response.status_code == status
    assert marking_for(mash_contact).text == "OFFICIAL-SENSITIVE PERSONAL"


def test_a_police_reference_shows_its_own_marking(cast, mash_contact):
    from openmash.people.models import Person

    person = mash_contact.people.get().person
    Person.objects.filter(pk=person.pk).update(police_reference="NICHE-123")
    body = cast.client_for(cast.manager).get(reverse("contacts:detail", args=[mash_contact.pk])).content.decode()
    assert "NICHE-123" in body and "om-field-marking" in body
