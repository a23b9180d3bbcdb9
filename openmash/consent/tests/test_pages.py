"""The family's pages: who may open each one, forms that refuse bad input and change nothing, subject access."""

from __future__ import annotations

import datetime as dt
import html
import json

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from openmash.audit.models import AuditEvent, Verb
from openmash.consent import services
from openmash.consent.models import ConsentRecord, FamilyInformed, SubjectAccessRequest
from openmash.consent.tests.conftest import add_adult
from openmash.enquiries import services as enquiry_services
from openmash.enquiries.models import Sensitivity
from openmash.enquiries.tests.conftest import agency_of, send

pytestmark = pytest.mark.django_db

ROLES = ["manager", "social_worker", "police", "health", "early_help", "quality", "admin", "outsider"]
CASE_PAGES = {
    "consent:family": dict(
        manager=200, social_worker=200, police=403, health=403, early_help=403, quality=200, admin=403, outsider=404
    ),
    "consent:consent_new": dict(
        manager=200, social_worker=200, police=403, health=403, early_help=403, quality=403, admin=403, outsider=404
    ),
    "consent:informed_new": dict(
        manager=200, social_worker=200, police=403, health=403, early_help=403, quality=403, admin=403, outsider=404
    ),
    "consent:not_share": dict(
        manager=200, social_worker=200, police=403, health=403, early_help=403, quality=403, admin=403, outsider=404
    ),
    "consent:disclose": dict(
        manager=200, social_worker=200, police=403, health=403, early_help=403, quality=403, admin=403, outsider=404
    ),
    "consent:adult_new": dict(
        manager=200, social_worker=200, police=403, health=403, early_help=403, quality=403, admin=403, outsider=404
    ),
    "letters:contact": dict(
        manager=200, social_worker=200, police=403, health=403, early_help=403, quality=200, admin=403, outsider=404
    ),
}
HUB_PAGES = {
    "consent:rules": dict(
        manager=200, social_worker=200, police=403, health=403, early_help=403, quality=200, admin=200, outsider=200
    ),
    "letters:glossary": dict(
        manager=200, social_worker=200, police=403, health=403, early_help=403, quality=200, admin=200, outsider=200
    ),
    "consent:not_informed": dict(
        manager=200, social_worker=403, police=403, health=403, early_help=403, quality=403, admin=403, outsider=403
    ),
    "consent:historic": dict(
        manager=200, social_worker=200, police=403, health=403, early_help=403, quality=200, admin=403, outsider=200
    ),
    "consent:sar_list": dict(
        manager=200, social_worker=403, police=403, health=403, early_help=403, quality=403, admin=403, outsider=403
    ),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(CASE_PAGES))
def test_case_pages(cast, mash_contact, name, role):
    response = cast.client_for(cast.everyone[role]).get(reverse(name, args=[mash_contact.pk]))
    assert response.status_code == CASE_PAGES[name][role]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(HUB_PAGES))
def test_hub_pages(cast, name, role):
    response = cast.client_for(cast.everyone[role]).get(reverse(name))
    assert response.status_code == HUB_PAGES[name][role]


def text(response) -> str:
    return html.unescape(response.content.decode())


def test_recording_consent_through_the_page(cast, mash_contact):
    mother = add_adult(cast, mash_contact, "Mary")
    client = cast.client_for(cast.social_worker)
    now = timezone.localtime()
    data = {
        "giver": mother.pk,
        "giver_role": "parent",
        "answer": "given",
        "scope": "all",
        "purposes": "To get the family some help.",
        "method": "phone",
        "given_date_0": now.day,
        "given_date_1": now.month,
        "given_date_2": now.year,
        "given_time": "00:01",
        "parent_may_be_told": "on",
    }
    url = reverse("consent:consent_new", args=[mash_contact.pk])
    bad = client.post(url, {**data, "purposes": ""})
    assert bad.status_code == 400 and "Enter what the information may be used for" in text(bad)
    assert not ConsentRecord.objects.exists()
    assert client.post(url, data).status_code == 302
    page = text(client.get(reverse("consent:family", args=[mash_contact.pk])))
    assert "Mary Testchild" in page and "The children's and the adults' information" in page


def test_informing_through_the_page_and_bad_input_changes_nothing(cast, mash_contact):
    client = cast.client_for(cast.social_worker)
    url = reverse("consent:informed_new", args=[mash_contact.pk])
    bad = client.post(url, {"told": "no"})
    assert bad.status_code == 400 and "Select why the family has not been told" in text(bad)
    assert not FamilyInformed.objects.exists()
    today = timezone.localdate()
    ok = client.post(
        url,
        {
            "told": "yes",
            "who_was_told": "Mother",
            "told_date_0": today.day,
            "told_date_1": today.month,
            "told_date_2": today.year,
            "told_time": "00:01",
            "method": "phone",
        },
    )
    assert ok.status_code == 302 and FamilyInformed.objects.get().told


def test_quality_lead_reads_but_cannot_post(cast, mash_contact):
    client = cast.client_for(cast.quality)
    assert client.post(reverse("consent:informed_new", args=[mash_contact.pk]), {"told": "no"}).status_code == 403
    assert client.post(reverse("consent:rules"), {"below_threshold_needs_consent": ""}).status_code == 403
    assert services.sharing_rules_for(cast.hub).below_threshold_needs_consent


def test_manager_changes_the_sharing_rules(cast):
    client = cast.client_for(cast.manager)
    assert client.post(reverse("consent:rules"), {"refusal_stops_requests": "on"}).status_code == 302
    rules = services.sharing_rules_for(cast.hub)
    assert not rules.below_threshold_needs_consent and rules.refusal_stops_requests
    assert AuditEvent.objects.filter(verb=Verb.CONFIGURE, target_type="sharingrules").exists()


def test_historic_items_shared_without_a_reason_are_reported(cast, mash_contact):
    from openmash.consent.queries import historic_items_without_reason

    [request] = send(cast, mash_contact, [agency_of(cast.police)])
    police = cast.police
    draft = enquiry_services.contribution_start(membership=police, by=police.user, request=request)
    child = request.people.get()
    enquiry_services.contribution_item_add(
        membership=police,
        by=police.user,
        contribution=draft,
        person=child,
        occurred_on=timezone.localdate() - dt.timedelta(days=4 * 365),
        summary="Old item.",
        source_system="Niche",
    )
    enquiry_services.contribution_analysis_save(
        membership=police, by=police.user, contribution=draft, analysis="A.", recommended_level=None, indicators=[]
    )
    enquiry_services.contribution_submit(membership=police, by=police.user, contribution=draft)
    assert not historic_items_without_reason(cast.hub).exists()
    cast.hub.historic_item_years = 3  # the hub tightens its limit: the old item is now historic with no reason
    cast.hub.save(update_fields=["historic_item_years"])
    assert historic_items_without_reason(cast.hub).count() == 1
    page = text(cast.client_for(cast.manager).get(reverse("consent:historic")))
    assert "No reason recorded for sharing this old item" in page and "Historic: 4 years old" in page


def test_subject_access_for_a_mother_withholds_police_intelligence(cast, mash_contact):
    mother = add_adult(cast, mash_contact, "Mary")
    [request] = send(cast, mash_contact, [agency_of(cast.police)])
    police = cast.police
    draft = enquiry_services.contribution_start(membership=police, by=police.user, request=request)
    enquiry_services.contribution_item_add(
        membership=police,
        by=police.user,
        contribution=draft,
        person=mother,
        occurred_on=timezone.localdate() - dt.timedelta(days=30),
        summary="Called police after an argument.",
        source_system="Niche",
    )
    enquiry_services.contribution_item_add(
        membership=police,
        by=police.user,
        contribution=draft,
        person=mother,
        occurred_on=timezone.localdate() - dt.timedelta(days=10),
        summary="SECRET-INTELLIGENCE about the partner.",
        source_system="Intelligence",
        sensitivity=Sensitivity.NOT_FOR_DISCLOSURE,
    )
    enquiry_services.contribution_analysis_save(
        membership=police, by=police.user, contribution=draft, analysis="A.", recommended_level=None, indicators=[]
    )
    enquiry_services.contribution_submit(membership=police, by=police.user, contribution=draft)

    manager = cast.client_for(cast.manager)
    today = timezone.localdate()
    response = manager.post(
        reverse("consent:sar_new"),
        {"person": mother.pk, "received_on_0": today.day, "received_on_1": today.month, "received_on_2": today.year},
    )
    sar = SubjectAccessRequest.objects.get()
    assert response.status_code == 302 and sar.due_on > today
    assert AuditEvent.objects.filter(verb=Verb.SUBJECT_ACCESS, target_id=str(sar.pk)).exists()
    preview = text(manager.get(reverse("consent:sar_export", args=[sar.pk, "view"])))
    assert "Called police after an argument." in preview
    assert "SECRET-INTELLIGENCE" not in preview
    assert "Marked not for disclosure" in preview
    data = json.loads(manager.get(reverse("consent:sar_export", args=[sar.pk, "json"])).content)
    assert any("Called police" in i["what"] for i in data["information_agencies_gave"])
    assert any(s["asked"] == agency_of(cast.police).name for s in data["what_was_shared_about_you"])
    assert "SECRET" not in json.dumps(data) and data["withheld"]
    pdf = manager.get(reverse("consent:sar_export", args=[sar.pk, "pdf"]))
    assert pdf.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(verb=Verb.EXPORT, target_id=str(sar.pk)).count() == 3
    for role in ("social_worker", "quality", "police", "outsider"):
        client = cast.client_for(cast.everyone[role])
        assert client.get(reverse("consent:sar_export", args=[sar.pk, "json"])).status_code in (403, 404), role
    assert manager.get(reverse("consent:sar_export", args=[sar.pk, "xml"])).status_code == 404


@time_machine.travel(dt.datetime(2026, 2, 10, 10, 0, tzinfo=dt.UTC), tick=False)
def test_subject_access_extension_needs_a_reason(cast, mash_contact):
    """A request received on 31 January is due on 28 February, and extends by two months to 28 April."""
    mother = add_adult(cast, mash_contact, "Mary")
    m = cast.manager
    sar = services.subject_access_create(membership=m, by=m.user, person=mother, received_on=dt.date(2026, 1, 31))
    assert sar.due_on == dt.date(2026, 2, 28)
    client = cast.client_for(m)
    bad = client.post(reverse("consent:sar", args=[sar.pk]), {"reason": ""})
    assert bad.status_code == 400
    sar.refresh_from_db()
    assert sar.extended_to is None
    client.post(reverse("consent:sar", args=[sar.pk]), {"reason": "Records from three agencies."})
    sar.refresh_from_db()
    assert sar.extended_to == dt.date(2026, 4, 28)


def test_the_ask_page_explains_the_stop_before_the_form(cast, eh_contact, mother):
    m = cast.outsider
    services.consent_record(
        membership=m,
        by=m.user,
        contact=eh_contact,
        giver=mother,
        giver_role="parent",
        answer="refused",
        method="phone",
        given_at=timezone.now(),
        purposes="Asked about sharing with school and GP.",
    )
    page = text(cast.client_for(m).get(reverse("enquiries:ask", args=[eh_contact.pk])))
    assert "Requests for this family are stopped" in page and "What you can still do" in page


def test_family_page_query_count(cast, mash_contact, django_assert_max_num_queries):
    for name in ("Mary", "Jane"):
        add_adult(cast, mash_contact, name)
    client = cast.client_for(cast.social_worker)
    with django_assert_max_num_queries(40):
        assert client.get(reverse("consent:family", args=[mash_contact.pk])).status_code == 200


def test_a_disclosure_is_checked_by_the_rules_and_recorded(cast, eh_contact, mother):
    from openmash.consent.models import ShareDecision

    client = cast.client_for(cast.outsider)
    url = reverse("consent:disclose", args=[eh_contact.pk])
    data = {
        "recipient_other": "Oakfield housing association",
        "people": [mother.pk],
        "rationale": "Their address, so the housing officer can arrange a visit.",
        "purpose": "Housing support",
        "categories": ["identity"],
        "article6": "6_1_e",
        "consent_position": "given",
    }
    refused = client.post(url, data)
    assert refused.status_code == 400 and "referral form" in text(refused)
    assert not ShareDecision.objects.exists()
    m = cast.outsider
    services.consent_record(
        membership=m,
        by=m.user,
        contact=eh_contact,
        giver=mother,
        giver_role="parent",
        answer="given",
        scope="all",
        method="in_person",
        given_at=timezone.now(),
        purposes="Housing help.",
    )
    assert client.post(url, data).status_code == 302
    decision = ShareDecision.objects.get()
    assert decision.kind == "disclosure" and decision.recipient_other == "Oakfield housing association"


def test_the_decision_page_refuses_nfa_until_the_family_is_told_or_why_not_is_recorded(cast, mash_contact):
    from openmash.decisions.models import Decision

    client = cast.client_for(cast.social_worker)
    child = mash_contact.people.get().person
    url = reverse("decisions:decide", args=[mash_contact.pk, child.pk])
    green = cast.hub.current_levels().get(code="green")
    refused = client.post(url, {"level": green.pk, "outcome": "nfa", "rationale": "No concerns found."})
    assert "record that the family was told, or why they were not" in text(refused)
    assert not Decision.objects.exists()
    m = cast.social_worker
    services.family_informed_record(
        membership=m,
        by=m.user,
        contact=mash_contact,
        told=True,
        who_was_told="Mother",
        told_at=timezone.now(),
        method="phone",
    )
    assert client.post(url, {"level": green.pk, "outcome": "nfa", "rationale": "No concerns found."}).status_code == 302
    assert Decision.objects.get().outcome == "nfa"


def test_subject_access_holds_back_therapy_records_and_refuses_an_outside_return_address(cast, mash_contact):
    mother = add_adult(cast, mash_contact, "Mary")
    [request] = send(cast, mash_contact, [agency_of(cast.health)])
    health = cast.health
    draft = enquiry_services.contribution_start(membership=health, by=health.user, request=request)
    enquiry_services.contribution_item_add(
        membership=health,
        by=health.user,
        contribution=draft,
        person=mother,
        occurred_on=timezone.localdate() - dt.timedelta(days=20),
        summary="COUNSELLING-NOTES about her low mood.",
        source_system="Talking therapies",
        sensitivity=Sensitivity.THERAPEUTIC,
    )
    enquiry_services.contribution_analysis_save(
        membership=health, by=health.user, contribution=draft, analysis="A.", recommended_level=None, indicators=[]
    )
    enquiry_services.contribution_submit(membership=health, by=health.user, contribution=draft)
    manager = cast.client_for(cast.manager)
    today = timezone.localdate()
    response = manager.post(
        reverse("consent:sar_new"),
        {
            "person": mother.pk,
            "received_on_0": today.day,
            "received_on_1": today.month,
            "received_on_2": today.year,
            "back": "https://elsewhere.example/phish",
        },
    )
    sar = SubjectAccessRequest.objects.get()
    assert response.status_code == 302 and "elsewhere" not in response["Location"]
    preview = text(manager.get(reverse("consent:sar_export", args=[sar.pk, "view"])))
    assert "COUNSELLING-NOTES" not in preview and "therapy or counselling" in preview


def test_the_managers_lists_of_families_and_requests_are_audited(cast, mash_contact):
    manager = cast.client_for(cast.manager)
    before = AuditEvent.objects.filter(verb=Verb.LIST).count()
    for name in ("consent:not_informed", "consent:sar_list"):
        assert manager.get(reverse(name)).status_code == 200
    assert AuditEvent.objects.filter(verb=Verb.LIST).count() == before + 2
