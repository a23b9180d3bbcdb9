"""The decision: informed by every agency, recorded as it was, challengeable; and Early Help's step-up."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from openmash.audit.models import AuditEvent, Verb
from openmash.contacts.models import ContactStatus
from openmash.contacts.services import contact_triage
from openmash.decisions import services
from openmash.decisions.models import Challenge, Decision, StepUp
from openmash.enquiries import services as enquiry_services
from openmash.enquiries.tests.conftest import agency_of, send

pytestmark = pytest.mark.django_db


def level(cast, code):
    return cast.hub.current_levels().get(code=code)


def recommend(cast, contact, membership, code):
    [req] = send(cast, contact, [agency_of(membership)])
    draft = enquiry_services.contribution_start(membership=membership, by=membership.user, request=req)
    enquiry_services.contribution_analysis_save(
        membership=membership,
        by=membership.user,
        contribution=draft,
        analysis=f"{code} view",
        recommended_level=level(cast, code),
        indicators=[],
    )
    return enquiry_services.contribution_submit(membership=membership, by=membership.user, contribution=draft)


def decide(cast, contact, **overrides):
    kwargs = dict(
        membership=cast.social_worker,
        by=cast.social_worker.user,
        contact=contact,
        person=contact.people.get().person,
        level=level(cast, "amber"),
        outcome="s17",
        rationale="Needs assessment under section 17.",
    )
    kwargs.update(overrides)
    return services.decision_record(**kwargs)


def test_decision_records_level_outcome_rationale_and_recommendations_as_they_were(cast, mash_contact):
    recommend(cast, mash_contact, cast.health, "amber")
    decision = decide(cast, mash_contact)
    assert decision.level_label == "Amber" and decision.outcome == "s17"
    assert decision.threshold_document is not None and decision.threshold_document.version == 1
    assert [(r["agency"], r["level"]) for r in decision.recommendations] == [(agency_of(cast.health).name, "Amber")]
    mash_contact.refresh_from_db()
    assert mash_contact.status == ContactStatus.DECIDED
    assert AuditEvent.objects.filter(verb=Verb.CREATE, target_type="decision").exists()


def test_a_higher_recommendation_must_be_addressed(cast, mash_contact):
    recommend(cast, mash_contact, cast.police, "red")
    with pytest.raises(ValidationError) as exc:
        decide(cast, mash_contact)
    message = exc.value.message_dict["higher_recommendation_response"][0]
    assert "recommended Red" in message and "Explain why your decision is lower" in message
    assert not Decision.objects.exists()
    decision = decide(cast, mash_contact, higher_recommendation_response="The incident is historic; no current risk.")
    assert decision.higher_recommendations()[0]["level"] == "Red"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"rationale": " "}, "rationale", "Enter the reasons for your decision"),
        ({"outcome": "allocation"}, "allocated_team", "Enter the team"),
        ({"outcome": "adult_safeguarding"}, "outcome", "only for adults"),
        ({"outcome": "made-up"}, "outcome", "Select an outcome"),
    ],
)
def test_bad_decisions_are_refused_and_change_nothing(cast, mash_contact, overrides, field, message):
    with pytest.raises(ValidationError) as exc:
        decide(cast, mash_contact, **overrides)
    assert message in exc.value.message_dict[field][0]
    assert not Decision.objects.exists()
    mash_contact.refresh_from_db()
    assert mash_contact.status == ContactStatus.IN_MASH


def test_a_decision_is_never_changed_in_place_a_correction_keeps_the_original(cast, mash_contact):
    first = decide(cast, mash_contact)
    with pytest.raises(ValidationError, match="correct it instead"):
        decide(cast, mash_contact)
    with pytest.raises(ValidationError):
        decide(cast, mash_contact, corrects=first, correction_reason="")
    second = decide(
        cast,
        mash_contact,
        level=level(cast, "red"),
        outcome="s47",
        rationale="New police information.",
        corrects=first,
        correction_reason="Police disclosed a new incident after the decision.",
    )
    first.refresh_from_db()
    assert first.outcome == "s17" and first.level_label == "Amber" and not first.is_current
    assert second.supersedes == first and second.is_current


def test_only_the_hubs_decision_makers_decide(cast, mash_contact):
    for m in (cast.police, cast.quality, cast.admin, cast.early_help):
        with pytest.raises(PermissionDenied):
            decide(cast, mash_contact, membership=m, by=m.user)
    cast.hub.decisions_by_managers_only = True
    cast.hub.save()
    with pytest.raises(PermissionDenied):
        decide(cast, mash_contact)
    assert decide(cast, mash_contact, membership=cast.manager, by=cast.manager.user).decided_by == cast.manager.user


def test_a_partner_asked_about_the_case_can_challenge_and_the_manager_resolves(cast, mash_contact):
    recommend(cast, mash_contact, cast.police, "red")
    decision = decide(cast, mash_contact, higher_recommendation_response="No current risk.")
    with pytest.raises(PermissionDenied):  # health was not asked
        services.challenge_raise(membership=cast.health, by=cast.health.user, decision=decision, grounds="x")
    with pytest.raises(ValidationError):
        services.challenge_raise(membership=cast.police, by=cast.police.user, decision=decision, grounds=" ")
    challenge = services.challenge_raise(
        membership=cast.police,
        by=cast.police.user,
        decision=decision,
        grounds="Two incidents in a month; risk is escalating.",
    )
    with pytest.raises(PermissionDenied):
        services.challenge_resolve(
            membership=cast.social_worker,
            by=cast.social_worker.user,
            challenge=challenge,
            status="not_upheld",
            outcome="x",
        )
    with pytest.raises(ValidationError) as exc:
        services.challenge_resolve(
            membership=cast.manager,
            by=cast.manager.user,
            challenge=challenge,
            status="escalated",
            outcome="Disagreement remains.",
        )
    assert "Enter who the challenge is escalated to" in str(exc.value)
    services.challenge_resolve(
        membership=cast.manager,
        by=cast.manager.user,
        challenge=challenge,
        status="escalated",
        outcome="Disagreement remains.",
        escalated_to="Head of Service, under the LSCP escalation policy",
    )
    services.challenge_resolve(
        membership=cast.manager,
        by=cast.manager.user,
        challenge=challenge,
        status="upheld",
        outcome="Decision to be corrected to a strategy discussion.",
    )
    challenge.refresh_from_db()
    assert challenge.status == Challenge.Status.UPHELD and challenge.escalated_to == ""
    assert AuditEvent.objects.filter(target_type="challenge").count() == 3


def routed_to_early_help(cast, contact):
    contact_triage(
        membership=cast.social_worker,
        by=cast.social_worker.user,
        contact=contact,
        level=level(cast, "green"),
        route="early_help",
        rationale="Needs met by Early Help.",
    )
    contact.refresh_from_db()
    return contact


def test_early_help_steps_a_case_up_and_the_social_worker_must_respond(cast, contact):
    contact = routed_to_early_help(cast, contact)
    eh = cast.early_help
    with pytest.raises(ValidationError):
        services.step_up_raise(membership=eh, by=eh.user, contact=contact, rationale="")
    step_up = services.step_up_raise(
        membership=eh, by=eh.user, contact=contact, rationale="At the home visit the child disclosed being hit."
    )
    with pytest.raises(ValidationError):
        services.step_up_raise(membership=eh, by=eh.user, contact=contact, rationale="Again")
    with pytest.raises(ValidationError):
        services.step_up_respond(
            membership=cast.social_worker, by=cast.social_worker.user, step_up=step_up, accept=True, rationale=""
        )
    services.step_up_respond(
        membership=cast.social_worker,
        by=cast.social_worker.user,
        step_up=step_up,
        accept=True,
        rationale="Disclosure of physical harm: needs triage now.",
    )
    contact.refresh_from_db()
    step_up.refresh_from_db()
    assert step_up.response == StepUp.Response.ACCEPTED and contact.status == ContactStatus.AWAITING_TRIAGE


def test_only_early_help_steps_up_and_only_cases_routed_to_it(cast, contact, mash_contact=None):
    with pytest.raises(PermissionDenied):
        services.step_up_raise(membership=cast.early_help, by=cast.early_help.user, contact=contact, rationale="x")
    contact = routed_to_early_help(cast, contact)
    with pytest.raises(PermissionDenied):
        services.step_up_raise(membership=cast.police, by=cast.police.user, contact=contact, rationale="x")
