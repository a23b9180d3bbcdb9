"""Every change to a contact: record, name people, submit for triage, triage, re-triage.

Each function is one action a practitioner takes; it checks the action is
allowed now, changes the data and writes the audit event in one transaction.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from openmash import dates
from openmash.accounts import rules
from openmash.accounts.models import Membership, User
from openmash.audit.models import Verb
from openmash.audit.services import audit_record
from openmash.contacts.models import (
    ROUTE_STATUS,
    Contact,
    ContactPerson,
    ContactStatus,
    ReferenceCounter,
    TriageDecision,
)
from openmash.hubs import worktime
from openmash.hubs.models import Hub, Route, ThresholdIndicator, TriageLevel
from openmash.limits import CONCERN_MAX, RATIONALE_MAX, check_text_lengths
from openmash.people.models import Person, PersonKind

CONTACT_FIELDS = {
    "channel",
    "received_at",
    "referral_source",
    "referrer_type",
    "referrer_name",
    "referrer_agency",
    "referrer_role",
    "referrer_phone",
    "referrer_email",
    "referrer_wants_anonymity",
    "concern",
    "family_aware",
    "referrer_asked_consent",
    "family_agreed",
    "consent_detail",
}


def _require(rule: str, membership: Membership, *args: Any) -> None:
    if not rules.allowed(rule, membership, *args):
        raise PermissionDenied


def contact_reference(hub: Hub, year: int, number: int) -> str:
    """The human reference for a hub's Nth contact of a year, e.g. 901-26-000123."""
    return f"{hub.la_code or hub.pk}-{year % 100:02d}-{number:06d}"


def _next_reference(hub: Hub, year: int) -> str:
    counter, _ = ReferenceCounter.objects.select_for_update().get_or_create(hub=hub, year=year)
    ReferenceCounter.objects.filter(pk=counter.pk).update(last=F("last") + 1)
    counter.refresh_from_db(fields=["last"])
    return contact_reference(hub, year, counter.last)


@transaction.atomic
def contact_create(*, membership: Membership, by: User, **fields: Any) -> Contact:
    """Start recording a contact. It stays a draft, seen only by its author, until submitted."""
    _require("take_contact", membership)
    unknown = set(fields) - CONTACT_FIELDS
    if unknown:
        raise ValueError(f"Not a contact field: {', '.join(sorted(unknown))}")
    check_text_lengths({"concern": (fields.get("concern"), CONCERN_MAX)})
    received_at: dt.datetime = fields["received_at"]
    dates.CONTACT_RECEIVED.check(received_at, field="received_at", noun="The date the contact was received")
    if received_at > timezone.now() + dt.timedelta(minutes=5):
        raise ValidationError({"received_at": "The time the contact was received must be in the past"})
    contact = Contact(
        hub=membership.hub,
        created_by=by,
        reference=_next_reference(membership.hub, timezone.localtime(received_at).year),
        **fields,
    )
    contact.full_clean()
    contact.save()
    audit_record(verb=Verb.CREATE, actor=by, membership=membership, target=contact)
    return contact


@transaction.atomic
def contact_add_person(
    *, membership: Membership, by: User, contact: Contact, person: Person, part: str, linked_existing: bool
) -> ContactPerson:
    """Name a person in a draft contact, either an existing record or one just created."""
    contact = Contact.objects.select_for_update().get(pk=contact.pk)
    if not contact.is_draft or contact.created_by_id != by.pk:
        raise ValidationError("People can only be added while you are recording the contact")
    if person.hub_id != contact.hub_id:
        raise PermissionDenied
    if ContactPerson.objects.filter(contact=contact, person=person).exists():
        raise ValidationError(f"{person} is already named in this contact")
    link = ContactPerson(contact=contact, person=person, part=part, linked_existing_record=linked_existing)
    link.full_clean()
    link.save()
    audit_record(
        verb=Verb.LINK,
        actor=by,
        membership=membership,
        target=contact,
        detail={"person": person.pk, "part": part, "existing_record": linked_existing},
    )
    return link


@transaction.atomic
def contact_remove_person(*, membership: Membership, by: User, contact: Contact, link: ContactPerson) -> None:
    if not contact.is_draft or contact.created_by_id != by.pk or link.contact_id != contact.pk:
        raise ValidationError("People can only be removed while you are recording the contact")
    audit_record(
        verb=Verb.UPDATE, actor=by, membership=membership, target=contact, detail={"removed_person": link.person_id}
    )
    link.delete()


@transaction.atomic
def contact_submit(*, membership: Membership, by: User, contact: Contact) -> Contact:
    """Send a recorded contact to the triage queue and start the statutory decision clock."""
    contact = Contact.objects.select_for_update().get(pk=contact.pk)
    if not contact.is_draft or contact.created_by_id != by.pk:
        raise ValidationError("This contact has already been submitted")
    links = list(contact.people.select_related("person"))
    subjects = [link for link in links if link.is_subject]
    if not subjects:
        raise ValidationError("Add the child (or adult) the concern is about before submitting")
    hub = contact.hub
    if not hub.takes_adult_referrals and not any(s.person.kind == PersonKind.CHILD for s in subjects):
        raise ValidationError("This hub takes concerns about children: add the child the concern is about")
    now = timezone.now()
    contact.status = ContactStatus.AWAITING_TRIAGE
    contact.submitted_at = now
    contact.referral_decision_due = worktime.add_working_days(
        hub.calendar(), contact.received_at, hub.referral_decision_working_days
    )
    contact.save(update_fields=["status", "submitted_at", "referral_decision_due"])
    audit_record(verb=Verb.SUBMIT, actor=by, membership=membership, target=contact)
    return contact


@transaction.atomic
def contact_triage(
    *,
    membership: Membership,
    by: User,
    contact: Contact,
    level: TriageLevel,
    route: str,
    rationale: str,
    indicators: list[ThresholdIndicator] | None = None,
    decided_at: dt.datetime | None = None,
) -> TriageDecision:
    """Record initial triage (or a change of level), route the contact and set its deadline.

    A contact already triaged gets a new decision that supersedes the old; the
    old one and its rationale stay as they were.
    """
    _require("triage", membership)
    check_text_lengths({"rationale": (rationale, RATIONALE_MAX)})
    contact = Contact.objects.select_for_update().get(pk=contact.pk)
    if contact.hub_id != membership.hub_id:
        raise PermissionDenied
    if contact.is_draft:
        raise ValidationError("This contact has not been submitted yet")
    errors: dict[str, str] = {}
    if level.hub_id != contact.hub_id or level.retired_at is not None:
        errors["level"] = "Choose a level from this hub's current scale"
    elif route not in level.allowed_routes:
        errors["route"] = (
            f"{Route(route).label if route in Route.values else 'That route'} is not allowed at {level.label}"
        )
    if not rationale.strip():
        errors["rationale"] = "Enter the reasons for your decision"
    if route == Route.NFA and not _family_told_or_reason(contact):
        errors["route"] = (
            "Before closing a contact with no further action, record on its 'Consent and the family' page "
            "whether the family has been told, or why not"
        )
    if route == Route.ALLOCATED_WORKER and not any(
        link.person.allocated_worker for link in contact.people.select_related("person") if link.is_subject
    ):
        errors["route"] = "No child in this contact has an allocated social worker"
    document = contact.hub.current_threshold_document()
    chosen = list(indicators or [])
    if any(document is None or i.document_id != document.pk for i in chosen):
        errors["indicators"] = "Choose indicators from the hub's current threshold document"
    if errors:
        raise ValidationError(errors)
    previous = contact.current_triage
    if previous is not None and previous.level_id == level.pk and previous.route == route:
        raise ValidationError({"level": "This is already the contact's level and route: choose a different one"})
    decided_at = decided_at or timezone.now()
    if decided_at < contact.received_at:
        raise ValueError("A triage decision cannot be made before the contact was received")
    due = None
    if level.timeline_amount is not None:
        due = worktime.deadline(contact.hub.calendar(), contact.received_at, level.timeline_amount, level.timeline_unit)
    decision = TriageDecision.objects.create(
        contact=contact,
        level=level,
        level_label=level.label,
        timeline_text=level.timeline_text(),
        threshold_document=document,
        route=route,
        rationale=rationale.strip(),
        decided_by=by,
        decided_at=decided_at,
        decision_due=due,
        supersedes=previous,
    )
    decision.indicators.set(chosen)
    contact.current_triage = decision
    contact.status = ROUTE_STATUS[Route(route)]
    contact.save(update_fields=["current_triage", "status"])
    audit_record(
        verb=Verb.RETRIAGE if previous else Verb.TRIAGE,
        actor=by,
        membership=membership,
        target=contact,
        detail={
            "level": level.code,
            "level_version": level.version,
            "route": route,
            "threshold_version": document.version if document else None,
            "supersedes": previous.pk if previous else None,
        },
    )
    return decision


def _family_told_or_reason(contact: Contact) -> bool:
    """Whether the hub has recorded telling the family, or why it has not (issue 4: no silent closures)."""
    from openmash.consent.models import FamilyInformed  # consent builds on contacts, not the other way round

    return FamilyInformed.objects.filter(contact=contact, replaced_by__isnull=True).exists()
