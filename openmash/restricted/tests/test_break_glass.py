"""Break the glass: restricted items are hidden behind a reason; opening one is audited with the reason."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from openmash.audit.models import AuditEvent, Verb
from openmash.enquiries import services as enquiry_services
from openmash.enquiries.models import ContributionItem
from openmash.enquiries.tests.conftest import agency_of, send

pytestmark = pytest.mark.django_db

SECRET = "Intelligence: father linked to an organised crime group"


@pytest.fixture
def restricted(cast, mash_contact):
    """A police response with one item not for disclosure and one plain item, submitted."""
    request = send(cast, mash_contact, [agency_of(cast.police), agency_of(cast.health)])[0]
    police = cast.police
    draft = enquiry_services.contribution_start(membership=police, by=police.user, request=request)
    person = mash_contact.people.get().person
    common = dict(membership=police, by=police.user, contribution=draft, person=person, source_system="Niche")
    nfd = enquiry_services.contribution_item_add(
        **common, occurred_on=timezone.localdate() - dt.timedelta(days=30), summary=SECRET, sensitivity="nfd"
    )
    enquiry_services.contribution_item_add(
        **common, occurred_on=timezone.localdate() - dt.timedelta(days=20), summary="Called to a domestic incident"
    )
    enquiry_services.contribution_analysis_save(
        membership=police,
        by=police.user,
        contribution=draft,
        analysis="Risk is high.",
        recommended_level=None,
        indicators=[],
    )
    enquiry_services.contribution_submit(membership=police, by=police.user, contribution=draft)
    return request, nfd


def test_pages_hide_the_item_from_everyone_but_the_agency_that_wrote_it(cast, restricted):
    request, item = restricted
    contact_page = cast.client_for(cast.social_worker).get(reverse("contacts:detail", args=[request.contact_id]))
    assert contact_page.status_code == 200
    body = contact_page.content.decode()
    assert SECRET not in body
    assert "Called to a domestic incident" in body
    assert reverse("restricted:item_open", args=[item.pk]) in body
    decide = cast.client_for(cast.manager).get(reverse("decisions:decide", args=[request.contact_id, item.person_id]))
    assert SECRET not in decide.content.decode()
    own = cast.client_for(cast.police).get(reverse("enquiries:request", args=[request.pk]))
    assert SECRET in own.content.decode()


def test_a_reason_opens_it_for_that_page_only_and_is_audited(cast, restricted):
    request, item = restricted
    client = cast.client_for(cast.social_worker)
    url = reverse("restricted:item_open", args=[item.pk])
    reason = "Deciding whether a strategy discussion is needed today."
    response = client.post(url, {"justification": reason})
    assert response.status_code == 200
    assert SECRET in response.content.decode()
    event = AuditEvent.objects.get(verb=Verb.BREAK_GLASS)
    assert event.justification == reason
    assert event.actor_id == cast.social_worker.user_id
    assert event.target_type == "contributionitem" and event.target_id == str(item.pk)
    assert event.detail["person"] == item.person_id
    # The next page hides it again.
    again = client.get(reverse("contacts:detail", args=[request.contact_id]))
    assert SECRET not in again.content.decode()
    assert client.get(url).status_code == 200 and SECRET not in client.get(url).content.decode()


@pytest.mark.parametrize("reason", ["", "   ", "need"])
def test_no_reason_no_item_and_nothing_recorded(cast, restricted, reason):
    _, item = restricted
    response = cast.client_for(cast.social_worker).post(
        reverse("restricted:item_open", args=[item.pk]), {"justification": reason}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert SECRET not in body
    assert "Enter why you need to see this information" in body
    assert not AuditEvent.objects.filter(verb=Verb.BREAK_GLASS).exists()


@pytest.mark.parametrize("role, status", [("police", 404), ("early_help", 404), ("admin", 404), ("outsider", 404)])
def test_refusals(cast, restricted, role, status):
    """The writer has no glass to break; the others may not read the response at all."""
    _, item = restricted
    response = cast.client_for(cast.everyone[role]).post(
        reverse("restricted:item_open", args=[item.pk]), {"justification": "I would like to see it please."}
    )
    assert response.status_code == status
    assert SECRET not in response.content.decode()
    assert not AuditEvent.objects.filter(verb=Verb.BREAK_GLASS).exists()


def test_a_plain_item_has_no_glass(cast, restricted):
    _, item = restricted
    plain = ContributionItem.objects.exclude(pk=item.pk).get()
    response = cast.client_for(cast.manager).get(reverse("restricted:item_open", args=[plain.pk]))
    assert response.status_code == 404


def test_the_manager_reviews_every_opening_by_person_and_date(cast, restricted):
    _, item = restricted
    reason = "Checking the police view before the meeting."
    cast.client_for(cast.social_worker).post(reverse("restricted:item_open", args=[item.pk]), {"justification": reason})
    manager = cast.client_for(cast.manager)
    page = manager.get(reverse("restricted:log"))
    assert page.status_code == 200
    assert reason in page.content.decode() and SECRET not in page.content.decode()
    assert reason in manager.get(reverse("restricted:log"), {"person": item.person_id}).content.decode()
    today = timezone.localdate()
    future = today + dt.timedelta(days=1)
    later = manager.get(
        reverse("restricted:log"),
        {"since_0": "", "until_0": future.day, "until_1": future.month, "until_2": future.year},
    )
    assert reason in later.content.decode()
    earlier = today - dt.timedelta(days=3)
    none = manager.get(
        reverse("restricted:log"),
        {"until_0": earlier.day, "until_1": earlier.month, "until_2": earlier.year},
    )
    assert reason not in none.content.decode()
    bad = manager.get(reverse("restricted:log"), {"since_0": "40", "since_1": "1", "since_2": "2026"})
    assert bad.status_code == 400


@pytest.mark.parametrize("role", ["social_worker", "police", "quality", "admin", "early_help"])
def test_only_the_manager_sees_the_log(cast, role):
    assert cast.client_for(cast.everyone[role]).get(reverse("restricted:log")).status_code == 403


def test_the_audit_trail_never_keeps_the_restricted_words(cast, restricted):
    _, item = restricted
    cast.client_for(cast.manager).post(
        reverse("restricted:item_open", args=[item.pk]), {"justification": "Reviewing the case before the meeting."}
    )
    assert not AuditEvent.objects.filter(target_label__contains="organised crime").exists()
    assert not AuditEvent.objects.filter(detail__icontains="organised crime").exists()


def test_showing_the_reason_prompt_is_audited_naming_the_item_not_its_content(cast, restricted):
    request, item = restricted
    before = AuditEvent.objects.count()
    response = cast.client_for(cast.social_worker).get(reverse("restricted:item_open", args=[item.pk]))
    assert response.status_code == 200 and SECRET not in response.content.decode()
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.latest("id")
    assert (event.verb, event.actor_id) == (Verb.VIEW, cast.social_worker.user_id)
    assert (event.target_type, event.target_id) == ("contributionitem", str(item.pk))
    assert event.detail == {
        "page": "break glass prompt",
        "person": item.person_id,
        "contact": request.contact_id,
        "request": request.pk,
    }
    assert "organised crime" not in event.target_label
    assert AuditEvent.objects.count() == before + 1
    assert not AuditEvent.objects.filter(verb=Verb.BREAK_GLASS).exists()
