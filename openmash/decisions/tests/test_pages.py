"""Decisions through the pages: recording, the higher-recommendation check, challenge, step-up, refusals."""

from __future__ import annotations

import html

import pytest
from django.urls import reverse

from openmash.contacts.models import ContactStatus
from openmash.decisions.models import Challenge, Decision, StepUp
from openmash.decisions.tests.test_decisions import decide, level, recommend, routed_to_early_help

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return html.unescape(response.content.decode())


def decision_post(cast, **overrides):
    data = {"level": level(cast, "amber").pk, "outcome": "s17", "rationale": "Needs assessment."}
    data.update(overrides)
    return data


def test_social_worker_records_a_decision_from_the_contact_page(cast, mash_contact):
    recommend(cast, mash_contact, cast.police, "red")
    client = cast.client_for(cast.social_worker)
    child = mash_contact.people.get().person
    page = text(client.get(reverse("contacts:detail", args=[mash_contact.pk])))
    assert f"Record the decision for {child}" in page
    url = reverse("decisions:decide", args=[mash_contact.pk, child.pk])
    form = text(client.get(url))
    assert "Agencies' recommendations" in form and "Red" in form
    refused = client.post(url, decision_post(cast))
    assert refused.status_code == 200
    assert "recommended Red. Explain why your decision is lower" in text(refused)
    assert not Decision.objects.exists()
    response = client.post(url, decision_post(cast, higher_recommendation_response="No current risk."))
    assert response.status_code == 302
    mash_contact.refresh_from_db()
    assert mash_contact.status == ContactStatus.DECIDED
    page = text(client.get(reverse("contacts:detail", args=[mash_contact.pk])))
    assert "Why lower than recommended" in page and "No current risk." in page


def test_a_decision_without_a_rationale_gets_a_message(cast, mash_contact):
    child = mash_contact.people.get().person
    response = cast.client_for(cast.social_worker).post(
        reverse("decisions:decide", args=[mash_contact.pk, child.pk]), decision_post(cast, rationale="")
    )
    assert "Enter the reasons for your decision" in text(response)
    assert not Decision.objects.exists()


def test_correction_through_the_page_keeps_the_original(cast, mash_contact):
    first = decide(cast, mash_contact)
    client = cast.client_for(cast.manager)
    url = reverse("decisions:correct", args=[first.pk])
    assert "stays on the record" in text(client.get(url))
    response = client.post(
        url, decision_post(cast, outcome="s47", level=level(cast, "red").pk, correction_reason="New disclosure.")
    )
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.outcome == "s17" and Decision.objects.count() == 2


def test_partner_challenges_from_their_request_and_the_manager_resolves(cast, mash_contact):
    contribution = recommend(cast, mash_contact, cast.police, "red")
    decision = decide(cast, mash_contact, higher_recommendation_response="No current risk.")
    police = cast.client_for(cast.police)
    request_url = reverse("enquiries:request", args=[contribution.request_id])
    assert "Challenge the decision" in text(police.get(request_url))
    police.post(
        reverse("decisions:challenge", args=[decision.pk, contribution.request_id]), {"grounds": "Risk is rising."}
    )
    challenge = Challenge.objects.get()
    assert challenge.agency == cast.police.user.agency
    manager = cast.client_for(cast.manager)
    assert "Risk is rising." in text(manager.get(reverse("contacts:detail", args=[mash_contact.pk])))
    sw = cast.client_for(cast.social_worker)
    assert (
        sw.post(reverse("decisions:resolve", args=[challenge.pk]), {"status": "upheld", "outcome": "x"}).status_code
        == 403
    )
    manager.post(
        reverse("decisions:resolve", args=[challenge.pk]), {"status": "not_upheld", "outcome": "Risk was weighed."}
    )
    challenge.refresh_from_db()
    assert challenge.status == "not_upheld"


def test_a_partner_not_asked_cannot_challenge(cast, mash_contact):
    contribution = recommend(cast, mash_contact, cast.police, "red")
    decision = decide(cast, mash_contact, higher_recommendation_response="No current risk.")
    health = cast.client_for(cast.health)
    response = health.post(
        reverse("decisions:challenge", args=[decision.pk, contribution.request_id]), {"grounds": "x"}
    )
    assert response.status_code == 404
    assert not Challenge.objects.exists()


def test_early_help_steps_up_through_the_page(cast, contact):
    contact = routed_to_early_help(cast, contact)
    eh = cast.client_for(cast.early_help)
    assert "step it up" in text(eh.get(reverse("contacts:detail", args=[contact.pk])))
    eh.post(reverse("decisions:step_up", args=[contact.pk]), {"rationale": "Child disclosed being hit."})
    step_up = StepUp.objects.get()
    sw = cast.client_for(cast.social_worker)
    assert "Child disclosed being hit." in text(sw.get(reverse("contacts:detail", args=[contact.pk])))
    sw.post(reverse("decisions:step_up_respond", args=[step_up.pk]), {"accept": "yes", "rationale": "Disclosure."})
    contact.refresh_from_db()
    assert contact.status == ContactStatus.AWAITING_TRIAGE


@pytest.mark.parametrize(
    ("role", "status"), [("police", 403), ("quality", 403), ("admin", 403), ("early_help", 403), ("outsider", 404)]
)
def test_only_decision_makers_open_the_decision_page(cast, mash_contact, role, status):
    child = mash_contact.people.get().person
    response = cast.client_for(cast.everyone[role]).get(reverse("decisions:decide", args=[mash_contact.pk, child.pk]))
    assert response.status_code == status
