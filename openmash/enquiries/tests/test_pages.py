"""The enquiry through its pages: asking, an agency answering, and who sees what."""

from __future__ import annotations

import datetime as dt
import html

import pytest
from django.urls import reverse
from django.utils import timezone

from openmash.enquiries import services
from openmash.enquiries.models import Contribution, InformationRequest, RequestStatus
from openmash.enquiries.tests.conftest import agency_of, send

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return html.unescape(response.content.decode())


def ask_post(cast, contact, **overrides):
    due = timezone.localtime(timezone.now() + dt.timedelta(days=1))
    data = {
        "agencies": [str(agency_of(cast.police).pk), str(agency_of(cast.health).pk)],
        "people": [str(link.person_id) for link in contact.people.all()],
        "question": "Any incidents involving the family?",
        "deadline_date_0": str(due.day),
        "deadline_date_1": str(due.month),
        "deadline_date_2": str(due.year),
        "deadline_time": due.strftime("%H:%M"),
        "purpose": "To understand the risk to the child.",
        "categories": ["identity", "criminal"],
        "article6": "6_1_e",
        "schedule1": "para_18",
        "consent_position": "not_sought",
        "consent_reason": "prejudice",
        "significant_harm": "on",
        "significant_harm_reason": "Possible significant harm; asking consent would prejudice enquiries.",
    }
    data.update(overrides)
    return data


def test_social_worker_asks_agencies_from_the_contact_page(cast, mash_contact):
    client = cast.client_for(cast.social_worker)
    page = client.get(reverse("contacts:detail", args=[mash_contact.pk]))
    assert "Ask partner agencies" in text(page)
    form = client.get(reverse("enquiries:ask", args=[mash_contact.pk]))
    assert form.status_code == 200
    response = client.post(reverse("enquiries:ask", args=[mash_contact.pk]), ask_post(cast, mash_contact))
    assert response.status_code == 302
    assert InformationRequest.objects.filter(contact=mash_contact).count() == 2
    assert "Information requests" in text(client.get(reverse("contacts:detail", args=[mash_contact.pk])))


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"article6": ""}, "Select the lawful basis for sharing"),
        ({"schedule1": ""}, "choose the DPA 2018 Schedule 1 condition"),
        ({"consent_reason": "", "significant_harm": ""}, "Select why sharing goes ahead without consent"),
        ({"significant_harm_reason": ""}, "Enter why there is reasonable cause to suspect significant harm"),
        ({"deadline_date_2": "2020"}, "Deadline must be today or in the future"),
        ({"agencies": []}, "Select at least one agency to ask"),
    ],
)
def test_bad_requests_get_a_message_and_nothing_is_sent(cast, mash_contact, overrides, message):
    response = cast.client_for(cast.social_worker).post(
        reverse("enquiries:ask", args=[mash_contact.pk]), ask_post(cast, mash_contact, **overrides)
    )
    assert response.status_code == 200 and message in text(response)
    assert not InformationRequest.objects.exists()


def test_partner_answers_through_the_pages(cast, mash_contact):
    [request] = send(cast, mash_contact, [agency_of(cast.police)])
    client = cast.client_for(cast.police)
    home = text(client.get(reverse("home")))
    assert mash_contact.reference in home
    url = reverse("enquiries:request", args=[request.pk])
    assert client.get(url).status_code == 200
    client.post(reverse("enquiries:acknowledge", args=[request.pk]))
    client.post(reverse("enquiries:start", args=[request.pk]))
    draft = Contribution.objects.get(request=request)
    child = request.people.get()
    when = timezone.localdate() - dt.timedelta(days=20)
    response = client.post(
        reverse("enquiries:item_add", args=[request.pk, draft.pk]),
        {
            "person": child.pk,
            "occurred_on_0": when.day,
            "occurred_on_1": when.month,
            "occurred_on_2": when.year,
            "summary": "Domestic incident, child present.",
            "source_system": "Niche",
            "sensitivity": "nfd",
        },
    )
    assert response.status_code == 302
    old = timezone.localdate() - dt.timedelta(days=3000)
    response = client.post(
        reverse("enquiries:item_add", args=[request.pk, draft.pk]),
        {
            "person": child.pk,
            "occurred_on_0": old.day,
            "occurred_on_1": old.month,
            "occurred_on_2": old.year,
            "summary": "Old caution.",
            "source_system": "PNC",
        },
    )
    assert response.status_code == 400 and "more than 5 years old" in text(response)
    red = cast.hub.current_levels().get(code="red")
    response = client.post(
        reverse("enquiries:analysis_save", args=[request.pk, draft.pk]),
        {"analysis": "Escalating pattern.", "recommended_level": red.pk, "submit": "1"},
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == RequestStatus.SUBMITTED
    # The social worker now reads it on the contact; the item marked not for disclosure only behind
    # a reason prompt (break the glass, openmash/restricted).
    body = text(cast.client_for(cast.social_worker).get(reverse("contacts:detail", args=[mash_contact.pk])))
    assert "Escalating pattern." in body and "Domestic incident, child present." not in body
    assert "Why do you need to see this information?" in body


def test_submitting_without_an_analysis_is_refused(cast, mash_contact):
    [request] = send(cast, mash_contact, [agency_of(cast.police)])
    client = cast.client_for(cast.police)
    client.post(reverse("enquiries:start", args=[request.pk]))
    draft = Contribution.objects.get(request=request)
    response = client.post(
        reverse("enquiries:analysis_save", args=[request.pk, draft.pk]), {"analysis": "", "submit": "1"}
    )
    assert response.status_code == 400 and "Enter your agency's analysis before submitting" in text(response)
    draft.refresh_from_db()
    assert draft.is_draft


def _two_agencies_answer(cast, contact, submit_health=True):
    police_req, health_req = send(cast, contact, [agency_of(cast.police), agency_of(cast.health)])
    for m, req, words, submit in (
        (cast.police, police_req, "POLICE-VIEW", False),
        (cast.health, health_req, "HEALTH-VIEW", submit_health),
    ):
        draft = services.contribution_start(membership=m, by=m.user, request=req)
        services.contribution_analysis_save(
            membership=m, by=m.user, contribution=draft, analysis=words, recommended_level=None, indicators=[]
        )
        if submit:
            services.contribution_submit(membership=m, by=m.user, contribution=draft)
    return police_req, health_req


def test_an_agency_never_sees_another_agencys_draft(cast, mash_contact):
    police_req, health_req = _two_agencies_answer(cast, mash_contact, submit_health=False)
    health_page = text(cast.client_for(cast.health).get(reverse("enquiries:request", args=[health_req.pk])))
    assert "HEALTH-VIEW" in health_page and "POLICE-VIEW" not in health_page
    police_page = text(cast.client_for(cast.police).get(reverse("enquiries:request", args=[police_req.pk])))
    assert "POLICE-VIEW" in police_page and "HEALTH-VIEW" not in police_page
    # Nor does the hub before submission.
    sw_page = text(cast.client_for(cast.social_worker).get(reverse("contacts:detail", args=[mash_contact.pk])))
    assert "POLICE-VIEW" not in sw_page and "HEALTH-VIEW" not in sw_page


def test_submitted_analyses_are_shared_with_agencies_only_where_the_hub_says_so(cast, mash_contact):
    police_req, _ = _two_agencies_answer(cast, mash_contact)
    url = reverse("enquiries:request", args=[police_req.pk])
    assert cast.hub.analyses_visible_to_partners  # site 1 shares at the daily meeting
    assert "HEALTH-VIEW" in text(cast.client_for(cast.police).get(url))
    cast.hub.analyses_visible_to_partners = False  # site 3 style: to the social worker only
    cast.hub.save()
    assert "HEALTH-VIEW" not in text(cast.client_for(cast.police).get(url))
    assert "HEALTH-VIEW" in text(
        cast.client_for(cast.social_worker).get(reverse("contacts:detail", args=[mash_contact.pk]))
    )


def test_an_agency_cannot_open_another_agencys_request_or_a_case_it_was_not_asked_about(cast, mash_contact):
    [police_req] = send(cast, mash_contact, [agency_of(cast.police)])
    health = cast.client_for(cast.health)
    assert health.get(reverse("enquiries:request", args=[police_req.pk])).status_code == 404
    assert health.get(reverse("contacts:detail", args=[mash_contact.pk])).status_code == 403
    assert "No open requests" in text(health.get(reverse("home")))
    assert cast.client_for(cast.outsider).get(reverse("enquiries:request", args=[police_req.pk])).status_code == 404


def test_after_withdrawal_the_agency_can_neither_see_nor_act(cast, mash_contact):
    [police_req] = send(cast, mash_contact, [agency_of(cast.police)])
    police = cast.client_for(cast.police)
    police.post(reverse("enquiries:start", args=[police_req.pk]))
    draft = Contribution.objects.get(request=police_req)
    response = cast.client_for(cast.social_worker).post(
        reverse("enquiries:close", args=[police_req.pk, "withdraw"]), {"reason": "Family left the area."}
    )
    assert response.status_code == 302
    assert police.get(reverse("enquiries:request", args=[police_req.pk])).status_code == 404
    response = police.post(reverse("enquiries:analysis_save", args=[police_req.pk, draft.pk]), {"analysis": "x"})
    assert response.status_code == 404
    draft.refresh_from_db()
    assert draft.analysis == ""


def test_partners_cannot_ask_or_withdraw(cast, mash_contact):
    [police_req] = send(cast, mash_contact, [agency_of(cast.police)])
    police = cast.client_for(cast.police)
    assert police.get(reverse("enquiries:ask", args=[mash_contact.pk])).status_code == 403
    assert police.post(reverse("enquiries:close", args=[police_req.pk, "withdraw"]), {"reason": "x"}).status_code == 403
    police_req.refresh_from_db()
    assert police_req.status == RequestStatus.SENT


def test_administrator_and_early_help_cannot_ask(cast, mash_contact):
    for m in (cast.admin, cast.early_help):
        assert cast.client_for(m).get(reverse("enquiries:ask", args=[mash_contact.pk])).status_code == 403
