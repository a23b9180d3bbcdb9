"""Decisions, corrections, challenges and step-ups: each one action, checked, recorded and audited."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from openmash.accounts import rules
from openmash.accounts.models import Membership, User
from openmash.audit.models import Verb
from openmash.audit.services import audit_record
from openmash.consent.models import FamilyInformed
from openmash.contacts.models import Contact, ContactPerson, ContactStatus
from openmash.decisions.models import Challenge, Decision, Outcome, StepUp
from openmash.enquiries.models import Contribution, RequestStatus
from openmash.enquiries.services import ENQUIRY_STATUSES
from openmash.hubs.models import TriageLevel
from openmash.limits import RATIONALE_MAX, SHORT_REASON_MAX, check_text_lengths
from openmash.people.models import Person, PersonKind


def recommendations_now(contact: Contact) -> list[dict[str, Any]]:
    """Each agency's latest submitted recommendation on a contact, for the decision screen and its record."""
    latest: dict[int, Contribution] = {}
    for c in (
        Contribution.objects.filter(
            request__contact=contact, submitted_at__isnull=False, recommended_level__isnull=False
        )
        .exclude(request__status=RequestStatus.WITHDRAWN)
        .select_related("request__agency", "recommended_level")
        .order_by("submitted_at", "pk")
    ):
        latest[c.request.agency_id] = c
    return [
        {
            "agency": c.request.agency.name,
            "level": c.recommended_level.label,
            "level_code": c.recommended_level.code,
            "rank": c.recommended_level.rank,
            "contribution": c.pk,
            "submitted_at": c.submitted_at.isoformat() if c.submitted_at else "",
        }
        for c in sorted(latest.values(), key=lambda c: c.request.agency.name)
        if c.recommended_level is not None
    ]


@transaction.atomic
def decision_record(
    *,
    membership: Membership,
    by: User,
    contact: Contact,
    person: Person,
    level: TriageLevel,
    outcome: str,
    rationale: str,
    higher_recommendation_response: str = "",
    allocated_team: str = "",
    corrects: Decision | None = None,
    correction_reason: str = "",
) -> Decision:
    """Record the decision for one person in a contact routed through the MASH.

    Where any agency recommended a higher level, the rationale must address it.
    A correction supersedes an earlier decision, which stays as it was.
    """
    if not rules.allowed("decide", membership):
        raise PermissionDenied
    check_text_lengths(
        {
            "rationale": (rationale, RATIONALE_MAX),
            "higher_recommendation_response": (higher_recommendation_response, RATIONALE_MAX),
            "correction_reason": (correction_reason, SHORT_REASON_MAX),
        }
    )
    contact = Contact.objects.select_for_update().select_related("hub").get(pk=contact.pk)
    if contact.hub_id != membership.hub_id:
        raise PermissionDenied
    link = ContactPerson.objects.filter(contact=contact, person=person).first()
    errors: dict[str, str] = {}
    if corrects is not None:
        if corrects.contact_id != contact.pk or not corrects.is_current:
            raise ValidationError("Only the current decision can be corrected")
        if not correction_reason.strip():
            errors["correction_reason"] = "Enter why the decision is being corrected"
        if corrects.person_id != person.pk:
            raise ValidationError("A correction is about the same person")
    elif Decision.objects.filter(contact=contact, person=person).exists():
        raise ValidationError(f"A decision for {person} is already recorded: correct it instead")
    elif contact.status not in ENQUIRY_STATUSES:
        raise ValidationError("A decision is recorded for a contact in the MASH or awaiting a strategy discussion")
    if link is None or not link.is_subject:
        errors["person"] = "Choose a person the concern is about"
    if level.hub_id != contact.hub_id or level.retired_at is not None:
        errors["level"] = "Choose a level from this hub's current scale"
    if outcome not in Outcome.values:
        errors["outcome"] = "Select an outcome"
    elif (outcome == Outcome.ADULT_SAFEGUARDING) != (person.kind == PersonKind.ADULT):
        errors["outcome"] = (
            "Adult safeguarding is the outcome for an adult"
            if person.kind == PersonKind.ADULT
            else "Adult safeguarding is only for adults"
        )
    if outcome == Outcome.NFA and not FamilyInformed.objects.filter(contact=contact, replaced_by__isnull=True).exists():
        errors["outcome"] = (
            "Before closing as no further action, record that the family was told, or why they were not "
            "(on the case's Consent and the family page)"
        )
    if outcome == Outcome.ALLOCATION and not allocated_team.strip():
        errors["allocated_team"] = "Enter the team the case is allocated to"
    if not rationale.strip():
        errors["rationale"] = "Enter the reasons for your decision"
    recommendations = recommendations_now(contact)
    higher = [r for r in recommendations if "level" not in errors and r["rank"] > level.rank]
    if higher and not higher_recommendation_response.strip():
        names = "; ".join(f"{r['agency']} recommended {r['level']}" for r in higher)
        errors["higher_recommendation_response"] = f"{names}. Explain why your decision is lower"
    if errors:
        raise ValidationError(errors)
    decision = Decision.objects.create(
        contact=contact,
        person=person,
        level=level,
        level_label=level.label,
        outcome=outcome,
        allocated_team=allocated_team.strip(),
        rationale=rationale.strip(),
        higher_recommendation_response=higher_recommendation_response.strip(),
        threshold_document=contact.hub.current_threshold_document(),
        recommendations=recommendations,
        decided_by=by,
        decided_at=timezone.now(),
        supersedes=corrects,
        correction_reason=correction_reason.strip(),
    )
    subjects = set(
        ContactPerson.objects.filter(contact=contact)
        .filter(part__in=[ContactPerson.Part.SUBJECT, ContactPerson.Part.ADULT_AT_RISK])
        .values_list("person_id", flat=True)
    )
    decided = set(Decision.objects.filter(contact=contact).values_list("person_id", flat=True))
    if subjects <= decided and contact.status != ContactStatus.DECIDED:
        contact.status = ContactStatus.DECIDED
        contact.save(update_fields=["status"])
    audit_record(
        verb=Verb.UPDATE if corrects else Verb.CREATE,
        actor=by,
        membership=membership,
        target=decision,
        detail={
            "contact": contact.pk,
            "person": person.pk,
            "level": level.code,
            "outcome": outcome,
            "higher_recommendations": len(higher),
            "corrects": corrects.pk if corrects else None,
        },
    )
    return decision


@transaction.atomic
def challenge_raise(*, membership: Membership, by: User, decision: Decision, grounds: str) -> Challenge:
    """A partner agency asked about the case formally challenges the decision. It goes to the hub manager."""
    if not rules.allowed("challenge", membership, decision.contact):
        raise PermissionDenied
    if not grounds.strip():
        raise ValidationError({"grounds": "Enter why your agency disagrees with the decision"})
    agency = membership.agency
    if agency is None:  # the rule already requires one; this keeps the type checker honest
        raise PermissionDenied
    if Challenge.objects.filter(decision=decision, agency=agency, status=Challenge.Status.OPEN).exists():
        raise ValidationError("Your agency's challenge to this decision is already open")
    challenge = Challenge.objects.create(
        decision=decision, agency=agency, raised_by=by, raised_at=timezone.now(), grounds=grounds.strip()
    )
    audit_record(verb=Verb.CREATE, actor=by, membership=membership, target=challenge, detail={"decision": decision.pk})
    return challenge


@transaction.atomic
def challenge_resolve(
    *, membership: Membership, by: User, challenge: Challenge, status: str, outcome: str, escalated_to: str = ""
) -> Challenge:
    """The hub manager answers a challenge: upheld, not upheld, or escalated (and to whom)."""
    if not rules.allowed("resolve_challenge", membership):
        raise PermissionDenied
    challenge = Challenge.objects.select_for_update().select_related("decision__contact").get(pk=challenge.pk)
    if challenge.decision.contact.hub_id != membership.hub_id:
        raise PermissionDenied
    if challenge.status not in (Challenge.Status.OPEN, Challenge.Status.ESCALATED):
        raise ValidationError("This challenge has already been resolved")
    errors: dict[str, str] = {}
    if status not in (Challenge.Status.UPHELD, Challenge.Status.NOT_UPHELD, Challenge.Status.ESCALATED):
        errors["status"] = "Select how the challenge is resolved"
    if not outcome.strip():
        errors["outcome"] = "Enter the outcome and the reasons for it"
    if status == Challenge.Status.ESCALATED and not escalated_to.strip():
        errors["escalated_to"] = "Enter who the challenge is escalated to"
    if errors:
        raise ValidationError(errors)
    challenge.status, challenge.outcome, challenge.escalated_to = status, outcome.strip(), escalated_to.strip()
    challenge.resolved_by, challenge.resolved_at = by, timezone.now()
    challenge.save(update_fields=["status", "outcome", "escalated_to", "resolved_by", "resolved_at"])
    audit_record(verb=Verb.UPDATE, actor=by, membership=membership, target=challenge, detail={"status": status})
    return challenge


@transaction.atomic
def step_up_raise(*, membership: Membership, by: User, contact: Contact, rationale: str) -> StepUp:
    """Early Help says a case routed to it needs a MASH. The social worker must respond."""
    if not rules.allowed("step_up", membership, contact):
        raise PermissionDenied
    if not rationale.strip():
        raise ValidationError({"rationale": "Enter why this needs a MASH"})
    if StepUp.objects.filter(contact=contact, response=StepUp.Response.PENDING).exists():
        raise ValidationError("A step-up for this contact is already waiting for the hub's response")
    step_up = StepUp.objects.create(
        contact=contact, raised_by=by, raised_at=timezone.now(), rationale=rationale.strip()
    )
    audit_record(verb=Verb.CREATE, actor=by, membership=membership, target=step_up, detail={"contact": contact.pk})
    return step_up


@transaction.atomic
def step_up_respond(*, membership: Membership, by: User, step_up: StepUp, accept: bool, rationale: str) -> StepUp:
    """Accept (the contact goes back to the triage queue) or decline, with reasons either way."""
    if not rules.allowed("triage", membership):
        raise PermissionDenied
    step_up = StepUp.objects.select_for_update().select_related("contact").get(pk=step_up.pk)
    if step_up.contact.hub_id != membership.hub_id:
        raise PermissionDenied
    if step_up.response != StepUp.Response.PENDING:
        raise ValidationError("This step-up has already been answered")
    if not rationale.strip():
        raise ValidationError({"rationale": "Enter the reasons for your response"})
    step_up.response = StepUp.Response.ACCEPTED if accept else StepUp.Response.DECLINED
    step_up.response_rationale, step_up.responded_by, step_up.responded_at = rationale.strip(), by, timezone.now()
    step_up.save(update_fields=["response", "response_rationale", "responded_by", "responded_at"])
    if accept:
        contact = step_up.contact
        contact.status = ContactStatus.AWAITING_TRIAGE
        contact.save(update_fields=["status"])
    audit_record(verb=Verb.UPDATE, actor=by, membership=membership, target=step_up, detail={"accepted": accept})
    return step_up
