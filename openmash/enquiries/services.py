"""Every change in the multi-agency enquiry: ask, acknowledge, answer, withdraw, amend.

Each function is one action a practitioner takes. It checks the action is allowed
now, changes the data and writes the audit event in one transaction, and refuses
an illegal move with a message a practitioner can act on.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from openmash import dates
from openmash.accounts import rules
from openmash.accounts.models import Agency, Membership, User
from openmash.audit.models import Verb
from openmash.audit.services import audit_record
from openmash.consent.services import ShareBasis, share_decision_for_request
from openmash.contacts.models import Contact, ContactStatus
from openmash.enquiries.models import (
    OPEN_STATUSES,
    Contribution,
    ContributionItem,
    InformationRequest,
    LegalBasis,
    RequestStatus,
    Sensitivity,
)
from openmash.hubs.models import ThresholdIndicator, TriageLevel
from openmash.limits import ANALYSIS_MAX, RATIONALE_MAX, check_text_lengths
from openmash.people.models import Person

# Contacts the hub may ask partners about: routed through the MASH or to a strategy discussion.
ENQUIRY_STATUSES = (ContactStatus.IN_MASH, ContactStatus.STRATEGY)


def request_default_deadline(contact: Contact) -> dt.datetime | None:
    """The deadline the triage level gives: the hub's timeline for the contact's current level."""
    return contact.current_triage.decision_due if contact.current_triage else None


@transaction.atomic
def requests_send(
    *,
    membership: Membership,
    by: User,
    contact: Contact,
    agencies: Iterable[Agency],
    people: Iterable[Person],
    question: str,
    deadline: dt.datetime,
    share: ShareBasis,
) -> list[InformationRequest]:
    """Ask one or more partner agencies about named people in a contact.

    Nothing is sent without a share decision that the hub's sharing rules allow
    (`consent.services.share_decision_record`, recorded here in the same transaction);
    the request keeps its legal basis in words. A deadline in the past, an
    agency that is not an active partner of the hub, a person not named in the contact,
    or an agency already asked (with its request still open) is refused, and nothing is sent.
    """
    if not rules.allowed("request_information", membership):
        raise PermissionDenied
    contact = Contact.objects.select_for_update().get(pk=contact.pk)
    if contact.hub_id != membership.hub_id:
        raise PermissionDenied
    check_text_lengths({"question": (question, RATIONALE_MAX)})
    agencies, people = list(agencies), list(people)
    errors: dict[str, str] = {}
    if contact.status not in ENQUIRY_STATUSES:
        raise ValidationError(
            "Partners can be asked only about a contact routed through the MASH or to a strategy discussion"
        )
    if not agencies:
        errors["agencies"] = "Select at least one agency to ask"
    partner_ids = set(contact.hub.partners.filter(is_active=True).values_list("agency_id", flat=True))
    if any(a.pk not in partner_ids for a in agencies):
        errors["agencies"] = "Select agencies that are active partners of this hub"
    already = set(
        InformationRequest.objects.filter(contact=contact, status__in=OPEN_STATUSES).values_list(
            "agency__name", flat=True
        )
    )
    asked_again = sorted(a.name for a in agencies if a.name in already)
    if asked_again:
        errors["agencies"] = f"Already asked, and not yet answered: {', '.join(asked_again)}"
    named = set(contact.people.values_list("person_id", flat=True))
    if not people:
        errors["people"] = "Select the people to ask about"
    elif any(p.pk not in named for p in people):
        errors["people"] = "Select people named in this contact"
    if not question.strip():
        errors["question"] = "Enter what you want to know"
    if deadline <= timezone.now():
        errors["deadline"] = "The deadline must be in the future"
    elif late := dates.DEADLINE.refusal(deadline, noun="The deadline"):
        errors["deadline"] = late
    if errors:
        raise ValidationError(errors)
    decision = share_decision_for_request(
        membership=membership, by=by, contact=contact, agencies=agencies, people=people, basis=share
    )
    legal_basis = LegalBasis.CONSENT if decision.consent_position == "given" else LegalBasis.STATUTORY
    now = timezone.now()
    sent = []
    for agency in agencies:
        request = InformationRequest.objects.create(
            contact=contact,
            agency=agency,
            question=question.strip(),
            deadline=deadline,
            legal_basis=legal_basis,
            legal_basis_detail=decision.summary(),
            share_decision=decision,
            sent_by=by,
            sent_at=now,
        )
        request.people.set(people)
        audit_record(
            verb=Verb.CREATE,
            actor=by,
            membership=membership,
            target=request,
            detail={
                "contact": contact.pk,
                "agency": agency.name,
                "people": [p.pk for p in people],
                "legal_basis": legal_basis,
                "share_decision": decision.pk,
                "deadline": deadline.isoformat(),
            },
        )
        sent.append(request)
    return sent


def _lock_request_for_agency(membership: Membership, request: InformationRequest) -> InformationRequest:
    """The request, locked, if the practitioner's agency may act on it now."""
    locked = InformationRequest.objects.select_for_update().select_related("contact").get(pk=request.pk)
    if not rules.allowed("answer_request", membership, locked):
        raise PermissionDenied
    return locked


@transaction.atomic
def request_acknowledge(*, membership: Membership, by: User, request: InformationRequest) -> InformationRequest:
    request = _lock_request_for_agency(membership, request)
    if request.status != RequestStatus.SENT:
        raise ValidationError("This request has already been acknowledged")
    request.status = RequestStatus.ACKNOWLEDGED
    request.acknowledged_by, request.acknowledged_at = by, timezone.now()
    request.save(update_fields=["status", "acknowledged_by", "acknowledged_at"])
    audit_record(verb=Verb.UPDATE, actor=by, membership=membership, target=request, detail={"status": request.status})
    return request


@transaction.atomic
def request_unable(*, membership: Membership, by: User, request: InformationRequest, reason: str) -> InformationRequest:
    """The agency cannot respond (for example, no record of the family); the reason is kept."""
    request = _lock_request_for_agency(membership, request)
    if not request.is_open:
        raise ValidationError("This request is already closed")
    if not reason.strip():
        raise ValidationError({"reason": "Enter why your agency cannot respond"})
    if Contribution.objects.filter(request=request, submitted_at__isnull=False).exists():
        raise ValidationError("Your agency has already submitted a response: add an addendum instead")
    request.status, request.status_reason, request.closed_at = RequestStatus.UNABLE, reason.strip(), timezone.now()
    request.save(update_fields=["status", "status_reason", "closed_at"])
    audit_record(verb=Verb.UPDATE, actor=by, membership=membership, target=request, detail={"status": request.status})
    return request


@transaction.atomic
def request_withdraw(
    *, membership: Membership, by: User, request: InformationRequest, reason: str
) -> InformationRequest:
    """The hub no longer needs the answer. The agency can no longer see or act on the request."""
    if not rules.allowed("request_information", membership):
        raise PermissionDenied
    request = InformationRequest.objects.select_for_update().select_related("contact").get(pk=request.pk)
    if request.contact.hub_id != membership.hub_id:
        raise PermissionDenied
    if not request.is_open:
        raise ValidationError("Only an open request can be withdrawn")
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the request is withdrawn"})
    request.status, request.status_reason, request.closed_at = RequestStatus.WITHDRAWN, reason.strip(), timezone.now()
    request.save(update_fields=["status", "status_reason", "closed_at"])
    audit_record(verb=Verb.UPDATE, actor=by, membership=membership, target=request, detail={"status": request.status})
    return request


@transaction.atomic
def contribution_start(
    *,
    membership: Membership,
    by: User,
    request: InformationRequest,
    amends: Contribution | None = None,
    kind: str = Contribution.Kind.ADDENDUM,
) -> Contribution:
    """Open the agency's draft answer (or return the draft already open).

    An addendum or correction starts from a submitted contribution, which stays as it was.
    """
    request = _lock_request_for_agency(membership, request)
    draft = Contribution.objects.filter(request=request, submitted_at__isnull=True).first()
    if draft is not None:
        return draft
    submitted = Contribution.objects.filter(request=request, submitted_at__isnull=False)
    if amends is None:
        if not request.is_open:
            raise ValidationError("This request is closed")
        if submitted.exists():
            raise ValidationError("Your agency has already responded: add an addendum or a correction instead")
        kind = Contribution.Kind.ORIGINAL
    else:
        if amends.request_id != request.pk or amends.is_draft:
            raise ValidationError("Choose a submitted response to add to")
        if kind not in (Contribution.Kind.ADDENDUM, Contribution.Kind.CORRECTION):
            raise ValidationError({"kind": "Select addendum or correction"})
    draft = Contribution.objects.create(request=request, kind=kind, amends=amends, created_by=by)
    audit_record(verb=Verb.CREATE, actor=by, membership=membership, target=draft, detail={"kind": kind})
    return draft


def _lock_draft(membership: Membership, contribution: Contribution) -> Contribution:
    draft = Contribution.objects.select_for_update().select_related("request__contact__hub").get(pk=contribution.pk)
    if not rules.allowed("answer_request", membership, draft.request):
        raise PermissionDenied
    if not draft.is_draft:
        raise ValidationError("A submitted response is never changed: add an addendum or a correction")
    return draft


@transaction.atomic
def contribution_item_add(
    *,
    membership: Membership,
    by: User,
    contribution: Contribution,
    person: Person,
    occurred_on: dt.date,
    summary: str,
    source_system: str,
    sensitivity: str = Sensitivity.NONE,
    historic_reason: str = "",
) -> ContributionItem:
    """Add a dated item about one person. An item older than the hub's limit needs a reason to be shared."""
    check_text_lengths({"summary": (summary, RATIONALE_MAX)})
    draft = _lock_draft(membership, contribution)
    hub = draft.request.contact.hub
    errors: dict[str, str] = {}
    if not draft.request.people.filter(pk=person.pk).exists():
        errors["person"] = "Select a person the hub asked about"
    if out_of_range := dates.LIFETIME.refusal(occurred_on, noun="The date it happened"):
        errors["occurred_on"] = out_of_range
    elif (
        earliest := dates.earliest_about(
            date_of_birth=person.date_of_birth, expected_date_of_birth=person.expected_date_of_birth
        )
    ) and occurred_on < earliest:
        birth = f"{person}'s date of birth" if person.date_of_birth else "the expected date of birth"
        errors["occurred_on"] = (
            f"The date it happened must be the same as or after {dates.long_date(earliest)}, "
            f"{dates.PREGNANCY_MONTHS} months before {birth}"
        )
    if not summary.strip():
        errors["summary"] = "Enter what happened"
    if not source_system.strip():
        errors["source_system"] = "Enter which of your agency's systems this came from"
    age_years = (timezone.localdate() - occurred_on).days / 365.25
    # A wrong date is corrected first: asking why a year-1 item is shared would be noise.
    if "occurred_on" not in errors and age_years >= hub.historic_item_years and not historic_reason.strip():
        errors["historic_reason"] = (
            f"This is more than {hub.historic_item_years} years old: enter why it is relevant and proportionate to share now"
        )
    if errors:
        raise ValidationError(errors)
    item = ContributionItem(
        contribution=draft,
        person=person,
        occurred_on=occurred_on,
        summary=summary.strip(),
        source_system=source_system.strip(),
        sensitivity=sensitivity,
        historic_reason=historic_reason.strip(),
    )
    item.full_clean()
    item.save()
    audit_record(verb=Verb.UPDATE, actor=by, membership=membership, target=draft, detail={"item_added": item.pk})
    return item


@transaction.atomic
def contribution_item_remove(*, membership: Membership, by: User, item: ContributionItem) -> None:
    draft = _lock_draft(membership, item.contribution)
    audit_record(verb=Verb.UPDATE, actor=by, membership=membership, target=draft, detail={"item_removed": item.pk})
    item.delete()


@transaction.atomic
def contribution_analysis_save(
    *,
    membership: Membership,
    by: User,
    contribution: Contribution,
    analysis: str,
    recommended_level: TriageLevel | None,
    indicators: Iterable[ThresholdIndicator],
) -> Contribution:
    check_text_lengths({"analysis": (analysis, ANALYSIS_MAX)})
    draft = _lock_draft(membership, contribution)
    hub = draft.request.contact.hub
    indicators = list(indicators)
    document = hub.current_threshold_document()
    errors: dict[str, str] = {}
    if recommended_level is not None and (recommended_level.hub_id != hub.pk or recommended_level.retired_at):
        errors["recommended_level"] = "Choose a level from this hub's current scale"
    if any(document is None or i.document_id != document.pk for i in indicators):
        errors["indicators"] = "Choose indicators from the hub's current threshold document"
    if errors:
        raise ValidationError(errors)
    draft.analysis = analysis.strip()
    draft.recommended_level = recommended_level
    draft.save(update_fields=["analysis", "recommended_level"])
    draft.indicators.set(indicators)
    audit_record(verb=Verb.UPDATE, actor=by, membership=membership, target=draft, detail={"analysis_saved": True})
    return draft


@transaction.atomic
def contribution_submit(*, membership: Membership, by: User, contribution: Contribution) -> Contribution:
    """Submit the agency's answer. From now on it is read as it was, and never edited."""
    draft = _lock_draft(membership, contribution)
    request = InformationRequest.objects.select_for_update().get(pk=draft.request_id)
    if draft.kind == Contribution.Kind.ORIGINAL and not request.is_open:
        raise ValidationError("This request is closed")
    if not draft.analysis:
        raise ValidationError({"analysis": "Enter your agency's analysis before submitting"})
    draft.submitted_by, draft.submitted_at = by, timezone.now()
    draft.save(update_fields=["submitted_by", "submitted_at"])
    if draft.kind == Contribution.Kind.ORIGINAL:
        request.status, request.closed_at = RequestStatus.SUBMITTED, draft.submitted_at
        request.save(update_fields=["status", "closed_at"])
    audit_record(
        verb=Verb.SUBMIT,
        actor=by,
        membership=membership,
        target=draft,
        detail={
            "request": request.pk,
            "kind": draft.kind,
            "amends": draft.amends_id,
            "items": draft.items.count(),
            "recommended_level": draft.recommended_level.code if draft.recommended_level else None,
        },
    )
    return draft
