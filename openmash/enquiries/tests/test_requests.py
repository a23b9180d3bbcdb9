"""Information requests and agencies' answers: lawful, timed, private until submitted, never edited."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from openmash.accounts.models import Agency
from openmash.audit.models import AuditEvent, Verb
from openmash.enquiries import services
from openmash.enquiries.models import Contribution, InformationRequest, RequestStatus
from openmash.enquiries.tests.conftest import agency_of, send, statutory_share

pytestmark = pytest.mark.django_db


def test_ask_three_agencies_with_a_legal_basis_and_the_levels_deadline(cast, mash_contact):
    agencies = [agency_of(cast.police), agency_of(cast.health), agency_of(cast.early_help)]
    sent = send(cast, mash_contact, agencies)
    assert {r.agency for r in sent} == set(agencies)
    assert all(r.deadline == mash_contact.current_triage.decision_due for r in sent)
    assert all(r.status == RequestStatus.SENT and r.legal_basis == "statutory" for r in sent)
    assert AuditEvent.objects.filter(verb=Verb.CREATE, target_type="informationrequest").count() == 3


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"share": statutory_share(article6="")}, "article6", "Choose the lawful basis"),
        (
            {"share": statutory_share(consent_reason="", significant_harm=False)},
            "consent_reason",
            "Select why sharing goes ahead without consent",
        ),
        ({"deadline": timezone.now() - dt.timedelta(minutes=1)}, "deadline", "The deadline must be in the future"),
        ({"question": ""}, "question", "Enter what you want to know"),
        ({"people": []}, "people", "Select the people to ask about"),
        ({"agencies": []}, "agencies", "Select at least one agency"),
    ],
)
def test_bad_requests_are_refused_and_nothing_is_sent(cast, mash_contact, overrides, field, message):
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as exc:
        send(cast, mash_contact, overrides.pop("agencies", [agency_of(cast.police)]), **overrides)
    assert message in " ".join(exc.value.message_dict[field])
    assert not InformationRequest.objects.exists()
    assert AuditEvent.objects.count() == before


def test_no_request_about_a_contact_not_routed_through_the_mash(cast, contact):
    with pytest.raises(ValidationError) as exc:
        send(cast, contact, [agency_of(cast.police)], deadline=timezone.now() + dt.timedelta(hours=1))
    assert "routed through the MASH" in str(exc.value)


def test_no_request_to_an_agency_outside_the_hub_or_about_someone_not_named(cast, mash_contact, other_person):
    outsider_agency = Agency.objects.create(name="Another county's police", kind="police")
    with pytest.raises(ValidationError):
        send(cast, mash_contact, [outsider_agency])
    with pytest.raises(ValidationError):
        send(cast, mash_contact, [agency_of(cast.police)], people=[other_person])
    assert not InformationRequest.objects.exists()


def test_an_agency_is_not_asked_twice_while_its_request_is_open(cast, police_request):
    with pytest.raises(ValidationError) as exc:
        send(cast, police_request.contact, [agency_of(cast.police)])
    assert "Already asked" in str(exc.value)


def test_only_the_hubs_social_workers_and_managers_ask(cast, mash_contact):
    for m in (cast.police, cast.quality, cast.admin, cast.early_help):
        with pytest.raises(PermissionDenied):
            send(cast, mash_contact, [agency_of(cast.police)], membership=m, by=m.user)


def test_the_agency_acknowledges_answers_and_submits(cast, police_request):
    police = cast.police
    services.request_acknowledge(membership=police, by=police.user, request=police_request)
    draft = services.contribution_start(membership=police, by=police.user, request=police_request)
    child = police_request.people.first()
    services.contribution_item_add(
        membership=police,
        by=police.user,
        contribution=draft,
        person=child,
        occurred_on=timezone.localdate() - dt.timedelta(days=30),
        summary="Attended a domestic incident; child present.",
        source_system="Niche RMS",
        sensitivity="nfd",
    )
    red = cast.hub.current_levels().get(code="red")
    indicator = cast.hub.current_threshold_document().indicators.filter(level_code="red").first()
    services.contribution_analysis_save(
        membership=police,
        by=police.user,
        contribution=draft,
        analysis="Escalating incidents; child present at the last two.",
        recommended_level=red,
        indicators=[indicator],
    )
    services.contribution_submit(membership=police, by=police.user, contribution=draft)
    police_request.refresh_from_db()
    draft.refresh_from_db()
    assert police_request.status == RequestStatus.SUBMITTED
    assert draft.submitted_at is not None and draft.recommended_level == red


def test_a_submission_is_never_changed_in_place_and_an_addendum_keeps_the_original(cast, police_request):
    police = cast.police
    draft = services.contribution_start(membership=police, by=police.user, request=police_request)
    services.contribution_analysis_save(
        membership=police,
        by=police.user,
        contribution=draft,
        analysis="First view.",
        recommended_level=None,
        indicators=[],
    )
    original = services.contribution_submit(membership=police, by=police.user, contribution=draft)
    child = police_request.people.first()
    with pytest.raises(ValidationError, match="never changed"):
        services.contribution_analysis_save(
            membership=police,
            by=police.user,
            contribution=original,
            analysis="Rewritten.",
            recommended_level=None,
            indicators=[],
        )
    with pytest.raises(ValidationError, match="never changed"):
        services.contribution_item_add(
            membership=police,
            by=police.user,
            contribution=original,
            person=child,
            occurred_on=timezone.localdate(),
            summary="x",
            source_system="y",
        )
    correction = services.contribution_start(
        membership=police, by=police.user, request=police_request, amends=original, kind="correction"
    )
    services.contribution_analysis_save(
        membership=police,
        by=police.user,
        contribution=correction,
        analysis="The incident date was wrong.",
        recommended_level=None,
        indicators=[],
    )
    services.contribution_submit(membership=police, by=police.user, contribution=correction)
    original.refresh_from_db()
    assert original.analysis == "First view." and original.kind == "original"
    assert correction.amends == original and correction.kind == "correction"
    assert Contribution.objects.filter(request=police_request).count() == 2


def test_an_item_older_than_the_hubs_limit_needs_a_reason(cast, police_request):
    police = cast.police
    draft = services.contribution_start(membership=police, by=police.user, request=police_request)
    child = police_request.people.first()
    old = timezone.localdate() - dt.timedelta(days=6 * 366)
    with pytest.raises(ValidationError) as exc:
        services.contribution_item_add(
            membership=police,
            by=police.user,
            contribution=draft,
            person=child,
            occurred_on=old,
            summary="Old incident",
            source_system="Niche",
        )
    assert "more than 5 years old" in exc.value.message_dict["historic_reason"][0]
    item = services.contribution_item_add(
        membership=police,
        by=police.user,
        contribution=draft,
        person=child,
        occurred_on=old,
        summary="Old incident",
        source_system="Niche",
        historic_reason="Same adult, same pattern of violence.",
    )
    assert item.is_historic


def test_another_agency_cannot_act_on_the_request(cast, police_request):
    health = cast.health
    with pytest.raises(PermissionDenied):
        services.request_acknowledge(membership=health, by=health.user, request=police_request)
    with pytest.raises(PermissionDenied):
        services.contribution_start(membership=health, by=health.user, request=police_request)


def test_an_agency_cannot_act_after_its_request_was_withdrawn(cast, police_request):
    police = cast.police
    draft = services.contribution_start(membership=police, by=police.user, request=police_request)
    services.request_withdraw(
        membership=cast.social_worker,
        by=cast.social_worker.user,
        request=police_request,
        reason="Family moved out of the area.",
    )
    with pytest.raises(PermissionDenied):
        services.contribution_analysis_save(
            membership=police, by=police.user, contribution=draft, analysis="x", recommended_level=None, indicators=[]
        )
    with pytest.raises(PermissionDenied):
        services.request_acknowledge(membership=police, by=police.user, request=police_request)


def test_withdrawing_needs_a_reason(cast, police_request):
    with pytest.raises(ValidationError):
        services.request_withdraw(
            membership=cast.social_worker, by=cast.social_worker.user, request=police_request, reason=" "
        )
    police_request.refresh_from_db()
    assert police_request.status == RequestStatus.SENT


def test_unable_to_respond_with_a_reason(cast, police_request):
    police = cast.police
    with pytest.raises(ValidationError):
        services.request_unable(membership=police, by=police.user, request=police_request, reason="")
    services.request_unable(
        membership=police, by=police.user, request=police_request, reason="No trace on our systems."
    )
    police_request.refresh_from_db()
    assert police_request.status == RequestStatus.UNABLE and police_request.status_reason == "No trace on our systems."
    with pytest.raises(PermissionDenied):
        services.contribution_start(membership=police, by=police.user, request=police_request)


def test_an_open_request_past_its_deadline_is_overdue(cast, police_request):
    later = police_request.deadline + dt.timedelta(minutes=1)
    assert police_request.is_overdue(later) and not police_request.is_overdue(
        police_request.deadline - dt.timedelta(minutes=1)
    )
