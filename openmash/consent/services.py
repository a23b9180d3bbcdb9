"""Every change on the family's side: sharing decisions, consent, telling the family, adults' views, subject access.

Each function is one action a practitioner takes: it checks the action is allowed,
refuses bad input with a message that says what to do, changes the data and writes
the audit event in one transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from openmash import dates
from openmash.accounts import rules
from openmash.accounts.models import Agency, Membership, User
from openmash.audit.models import Verb
from openmash.audit.services import audit_record
from openmash.consent import sharing
from openmash.consent.models import (
    AdultView,
    ConsentAnswer,
    ConsentRecord,
    ConsentScope,
    FamilyInformed,
    GiverRole,
    InfoCategory,
    InformMethod,
    NotToldReason,
    ShareDecision,
    ShareKind,
    ShareOutcome,
    SharingRules,
    SubjectAccessRequest,
)
from openmash.contacts.models import Contact, ContactPerson
from openmash.hubs.models import Hub
from openmash.people.models import Person, PersonKind


@dataclass(frozen=True)
class ShareBasis:
    """What the practitioner decided about the legal basis for one share."""

    article6: str
    consent_position: str
    purpose: str
    categories: tuple[str, ...]
    schedule1: str = ""
    consent_reason: str = ""
    significant_harm: bool = False
    significant_harm_reason: str = ""
    rationale: str = ""


def sharing_rules_for(hub: Hub) -> SharingRules:
    """The hub's sharing rules; the defaults until a manager has saved them."""
    return SharingRules.objects.filter(hub=hub).first() or SharingRules(hub=hub)


@transaction.atomic
def sharing_rules_update(
    *, membership: Membership, by: User, below_threshold_needs_consent: bool, refusal_stops_requests: bool
) -> SharingRules:
    if not rules.allowed("configure_hub", membership):
        raise PermissionDenied
    current, _ = SharingRules.objects.select_for_update().get_or_create(hub=membership.hub)
    current.below_threshold_needs_consent = below_threshold_needs_consent
    current.refusal_stops_requests = refusal_stops_requests
    current.full_clean()
    current.save(update_fields=["below_threshold_needs_consent", "refusal_stops_requests", "updated_at"])
    audit_record(
        verb=Verb.CONFIGURE,
        actor=by,
        membership=membership,
        target=current,
        detail={
            "below_threshold_needs_consent": below_threshold_needs_consent,
            "refusal_stops_requests": refusal_stops_requests,
        },
    )
    return current


def _check_case(membership: Membership, contact: Contact, rule: str = "request_information") -> None:
    if not rules.allowed(rule, membership) or contact.hub_id != membership.hub_id:
        raise PermissionDenied


def current_consents(contact: Contact) -> list[ConsentRecord]:
    """Each giver's latest answer on this contact (earlier answers were replaced)."""
    return list(
        ConsentRecord.objects.filter(contact=contact, replaced_by__isnull=True)
        .select_related("giver")
        .prefetch_related("agencies")
        .order_by("-given_at", "-pk")
    )


def _person_facts(person: Person) -> sharing.PersonFacts:
    return sharing.PersonFacts(
        id=person.pk, is_adult=person.kind == PersonKind.ADULT, age=person.age(), name=person.display_name
    )


def _consent_facts(record: ConsentRecord) -> sharing.ConsentFacts:
    agency_ids = frozenset(a.pk for a in record.agencies.all())
    return sharing.ConsentFacts(
        giver_id=record.giver_id,
        giver_role=record.giver_role,
        answer=record.answer,
        covers_adults=record.scope == ConsentScope.CHILDREN_AND_ADULTS,
        agencies=agency_ids or None,
        giver_name=record.giver.display_name,
    )


def situation_for(
    *, contact: Contact, people: Iterable[Person], agencies: Iterable[Agency], basis: ShareBasis
) -> sharing.Situation:
    """Describe a proposed share in the terms of the pure rules (`sharing.decide`)."""
    triage = contact.current_triage
    return sharing.Situation(
        statutory_level=bool(triage and triage.level.is_statutory),
        level_label=triage.level_label if triage else "not yet triaged",
        article6=basis.article6,
        schedule1=basis.schedule1,
        consent_position=basis.consent_position,
        consent_reason=basis.consent_reason,
        significant_harm=basis.significant_harm,
        significant_harm_reason=basis.significant_harm_reason,
        categories=frozenset(basis.categories),
        people=tuple(_person_facts(p) for p in people),
        agencies=frozenset(a.pk for a in agencies),
        consents=tuple(_consent_facts(c) for c in current_consents(contact)),
        rules=sharing_rules_for(contact.hub).as_rules(),
    )


def sharing_status(contact: Contact) -> sharing.Verdict:
    """What the rules say now about asking every partner about everyone in the contact with consent as recorded.

    Shown on the ask page and the family page before anyone fills in a form, so a stop is
    explained up front rather than discovered on submit.
    """
    people = [link.person for link in contact.people.select_related("person")]
    agencies = list(Agency.objects.filter(hub_partnerships__hub=contact.hub, hub_partnerships__is_active=True))
    verdict = sharing.decide(
        situation_for(
            contact=contact,
            people=people,
            agencies=agencies,
            basis=ShareBasis(
                article6="6_1_e",
                consent_position="given" if any(c.answer == "given" for c in current_consents(contact)) else "sought",
                purpose="status",
                categories=("identity",),
            ),
        )
    )
    return verdict


def _refuse(verdict: sharing.Verdict) -> ValidationError:
    if verdict.field_errors:
        errors: dict[str, list[str]] = {}
        for name, message in verdict.field_errors:
            errors.setdefault(name, []).append(message)
        return ValidationError(errors)
    messages = list(verdict.reasons)
    if verdict.can_still_do:
        messages.append("What you can still do: " + " ".join(verdict.can_still_do))
    return ValidationError({"__all__": messages})


@transaction.atomic
def share_decision_record(
    *,
    membership: Membership,
    by: User,
    contact: Contact,
    kind: str,
    outcome: str,
    basis: ShareBasis,
    people: Iterable[Person],
    recipients: Iterable[Agency],
    recipient_other: str = "",
) -> ShareDecision:
    """Record a decision to share, or not to share, before it happens.

    A decision to share must satisfy the hub's sharing rules (`sharing.decide`); a refusal
    says why and what can still be done, and records nothing. A decision not to share
    needs only its reasons.
    """
    _check_case(membership, contact)
    contact = Contact.objects.select_related("hub", "current_triage__level").get(pk=contact.pk)
    people, recipients = list(people), list(recipients)
    named = set(contact.people.values_list("person_id", flat=True))
    errors: dict[str, str] = {}
    if kind not in ShareKind.values:
        errors["kind"] = "Select whether this is a request or a disclosure"
    if outcome not in ShareOutcome.values:
        errors["outcome"] = "Select whether to share"
    if any(p.pk not in named for p in people):
        errors["people"] = "Select people named in this contact"
    partner_ids = set(contact.hub.partners.filter(is_active=True).values_list("agency_id", flat=True))
    if any(a.pk not in partner_ids for a in recipients):
        errors["recipients"] = "Select agencies that are active partners of this hub"
    if any(c not in InfoCategory.values for c in basis.categories):
        errors["categories"] = "Select categories from the list"
    if not basis.purpose.strip():
        errors["purpose"] = "Enter the purpose of sharing"
    rationale = basis.rationale.strip() or basis.purpose.strip()
    if outcome == ShareOutcome.NOT_SHARE and not basis.rationale.strip():
        errors["rationale"] = "Enter why the information is not shared"
    if errors:
        raise ValidationError(errors)
    targets = list(recipients)
    if recipient_other.strip():
        # Someone outside the partnership: only consent for "every partner agency" can cover them, and
        # no agency-limited consent does (id 0 is never a partner's).
        targets.append(Agency(pk=0, name=recipient_other.strip()))
    situation = situation_for(contact=contact, people=people, agencies=targets, basis=basis)
    verdict = sharing.decide(situation)
    if outcome == ShareOutcome.SHARE and not verdict.allowed:
        raise _refuse(verdict)
    triage = contact.current_triage
    decision = ShareDecision(
        hub=contact.hub,
        contact=contact,
        kind=kind,
        outcome=outcome,
        article6=basis.article6,
        schedule1=basis.schedule1 if situation.categories & sharing.SPECIAL_CATEGORIES else "",
        consent_position=basis.consent_position,
        consent_reason=basis.consent_reason,
        significant_harm=basis.significant_harm,
        significant_harm_reason=basis.significant_harm_reason.strip(),
        purpose=basis.purpose.strip(),
        recipient_other=recipient_other.strip(),
        categories=sorted(set(basis.categories)),
        rationale=rationale,
        level_label=triage.level_label if triage else "",
        level_statutory=bool(triage and triage.level.is_statutory),
        rules_said=verdict.explanation()
        if outcome == ShareOutcome.SHARE
        else f"Decided not to share. The rules said: {verdict.explanation()}",
        decided_by=by,
        decided_at=timezone.now(),
    )
    decision.full_clean(exclude=["article6"] if outcome == ShareOutcome.NOT_SHARE else None)
    decision.save()
    decision.people.set(people)
    decision.recipients.set(recipients)
    if basis.consent_position == "given":
        decision.consents_relied_on.set([c for c in current_consents(contact) if c.answer == ConsentAnswer.GIVEN])
    audit_record(
        verb=Verb.SHARE if outcome == ShareOutcome.SHARE else Verb.DECLINE_SHARE,
        actor=by,
        membership=membership,
        target=decision,
        detail={
            "contact": contact.pk,
            "kind": kind,
            "article6": basis.article6,
            "schedule1": decision.schedule1,
            "consent_position": basis.consent_position,
            "consent_reason": basis.consent_reason,
            "significant_harm": basis.significant_harm,
            "recipients": [a.name for a in recipients] + ([recipient_other] if recipient_other else []),
            "people": [p.pk for p in people],
            "categories": decision.categories,
        },
    )
    return decision


def share_decision_for_request(
    *,
    membership: Membership,
    by: User,
    contact: Contact,
    agencies: list[Agency],
    people: list[Person],
    basis: ShareBasis,
) -> ShareDecision:
    """The share decision every information request is sent under (called by `enquiries.services.requests_send`)."""
    return share_decision_record(
        membership=membership,
        by=by,
        contact=contact,
        kind=ShareKind.REQUEST,
        outcome=ShareOutcome.SHARE,
        basis=basis,
        people=people,
        recipients=agencies,
    )


@transaction.atomic
def consent_record(
    *,
    membership: Membership,
    by: User,
    contact: Contact,
    giver: Person,
    giver_role: str,
    answer: str,
    method: str,
    given_at: dt.datetime,
    purposes: str,
    scope: str = ConsentScope.CHILDREN,
    agencies: Iterable[Agency] = (),
    parent_may_be_told: bool = True,
    notes: str = "",
) -> ConsentRecord:
    """Record what a parent, carer or young person said about sharing. Replaces their earlier answer on this contact."""
    _check_case(membership, contact)
    agencies = list(agencies)
    link = ContactPerson.objects.filter(contact=contact, person=giver).first()
    errors: dict[str, str] = {}
    if link is None:
        errors["giver"] = "Select a person named in this contact"
    age = giver.age()
    if giver_role == GiverRole.YOUNG_PERSON:
        if giver.kind != PersonKind.CHILD or age is None or not 16 <= age <= 17:
            errors["giver_role"] = "Only a young person aged 16 or 17 gives consent in their own right"
    elif giver_role in (GiverRole.PARENT, GiverRole.CARER):
        if giver.kind != PersonKind.ADULT:
            errors["giver_role"] = "A parent or carer is an adult: choose an adult named in the contact"
    else:
        errors["giver_role"] = "Select who gave or refused consent"
    if answer not in ConsentAnswer.values:
        errors["answer"] = "Select what they said"
    if method not in {"in_person", "phone", "writing"}:
        errors["method"] = "Select how they said it"
    if scope not in ConsentScope.values:
        errors["scope"] = "Select whose information the consent covers"
    if given_at > timezone.now():
        errors["given_at"] = "The date must be today or in the past"
    elif too_old := dates.RECORDED_EVENT.refusal(given_at, noun="The date of their answer"):
        errors["given_at"] = too_old
    if not purposes.strip():
        errors["purposes"] = "Enter what the information may be used for, in the family's words"
    if not parent_may_be_told and giver_role != GiverRole.YOUNG_PERSON:
        errors["parent_may_be_told"] = "Only a young person of 16 or 17 can ask that their parent is not told"
    partner_ids = set(contact.hub.partners.values_list("agency_id", flat=True))
    if any(a.pk not in partner_ids for a in agencies):
        errors["agencies"] = "Select agencies that are partners of this hub"
    previous = (
        ConsentRecord.objects.select_for_update(of=("self",))
        .filter(contact=contact, giver=giver, replaced_by__isnull=True)
        .first()
    )
    if answer == ConsentAnswer.WITHDRAWN and (previous is None or previous.answer != ConsentAnswer.GIVEN):
        errors["answer"] = "Consent can be withdrawn only after it was given"
    if errors:
        raise ValidationError(errors)
    record = ConsentRecord(
        hub=contact.hub,
        contact=contact,
        giver=giver,
        giver_role=giver_role,
        answer=answer,
        scope=scope,
        purposes=purposes.strip(),
        method=method,
        given_at=given_at,
        parent_may_be_told=parent_may_be_told,
        notes=notes.strip(),
        replaces=previous,
        recorded_by=by,
        recorded_at=timezone.now(),
    )
    record.full_clean()
    record.save()
    record.agencies.set(agencies)
    audit_record(
        verb=Verb.CONSENT,
        actor=by,
        membership=membership,
        target=record,
        detail={
            "contact": contact.pk,
            "giver": giver.pk,
            "role": giver_role,
            "answer": answer,
            "scope": scope,
            "agencies": [a.name for a in agencies],
            "replaces": previous.pk if previous else None,
        },
    )
    return record


@transaction.atomic
def family_informed_record(
    *,
    membership: Membership,
    by: User,
    contact: Contact,
    told: bool,
    who_was_told: str = "",
    told_at: dt.datetime | None = None,
    method: str = "",
    told_by: str = "",
    not_told_reason: str = "",
    detail: str = "",
    review_by: dt.date | None = None,
) -> FamilyInformed:
    """Record that the family was told their child is being looked at, or why not (with a date to review it)."""
    _check_case(membership, contact)
    errors: dict[str, str] = {}
    today = timezone.localdate()
    if told:
        if not who_was_told.strip():
            errors["who_was_told"] = "Enter who was told"
        if told_at is None:
            errors["told_at"] = "Enter when they were told"
        elif told_at > timezone.now():
            errors["told_at"] = "The date they were told must be today or in the past"
        elif too_old := dates.RECORDED_EVENT.refusal(told_at, noun="The date they were told"):
            errors["told_at"] = too_old
        if method not in InformMethod.values:
            errors["method"] = "Select how they were told"
    else:
        if not_told_reason not in NotToldReason.values:
            errors["not_told_reason"] = "Select why the family has not been told"
        if not detail.strip():
            errors["detail"] = "Enter the reasons, so that they can be reviewed"
        if review_by is None:
            errors["review_by"] = "Enter when to review not telling the family"
        elif review_by < today:
            errors["review_by"] = "The review date must be today or in the future"
        elif too_late := dates.DEADLINE.refusal(review_by, noun="The review date"):
            errors["review_by"] = too_late
    if errors:
        raise ValidationError(errors)
    previous = (
        FamilyInformed.objects.select_for_update(of=("self",)).filter(contact=contact, replaced_by__isnull=True).first()
    )
    record = FamilyInformed(
        hub=contact.hub,
        contact=contact,
        told=told,
        who_was_told=who_was_told.strip() if told else "",
        told_at=told_at if told else None,
        method=method if told else "",
        told_by=(told_by.strip() or by.get_full_name() or by.username) if told else "",
        not_told_reason="" if told else not_told_reason,
        detail=detail.strip(),
        review_by=None if told else review_by,
        replaces=previous,
        recorded_by=by,
        recorded_at=timezone.now(),
    )
    record.full_clean()
    record.save()
    audit_record(
        verb=Verb.INFORM,
        actor=by,
        membership=membership,
        target=record,
        detail={"contact": contact.pk, "told": told, "method": method, "not_told_reason": not_told_reason},
    )
    return record


@transaction.atomic
def adult_view_record(
    *,
    membership: Membership,
    by: User,
    contact: Contact,
    person: Person | None,
    unidentified: str = "",
    contacted_at: dt.datetime | None = None,
    view_asked: bool = False,
    account: str = "",
    notes: str = "",
) -> AdultView:
    """Record reaching a parent or household adult, asking their view, and their own account; or that one is not yet identified."""
    _check_case(membership, contact)
    errors: dict[str, str] = {}
    if person is None:
        if unidentified not in {"father", "mother", "adult"}:
            errors["person"] = "Select the adult, or say who has not been identified"
        if not notes.strip():
            errors["notes"] = "Enter what is known and what is being done to identify them"
    else:
        unidentified = ""
        if not ContactPerson.objects.filter(contact=contact, person=person).exists():
            errors["person"] = "Select an adult named in this contact"
        elif person.kind != PersonKind.ADULT:
            errors["person"] = "Select an adult: a child's view is recorded with the child's work"
        if contacted_at is None and not view_asked and not account.strip():
            errors["contacted_at"] = "Enter when they were contacted, or their account"
    if contacted_at is not None and contacted_at > timezone.now():
        errors["contacted_at"] = "The date must be today or in the past"
    elif contacted_at is not None and (too_old := dates.RECORDED_EVENT.refusal(contacted_at, noun="Date contacted")):
        errors["contacted_at"] = too_old
    if errors:
        raise ValidationError(errors)
    view = AdultView(
        hub=contact.hub,
        contact=contact,
        person=person,
        unidentified=unidentified,
        contacted_at=contacted_at,
        view_asked=view_asked or bool(account.strip()),
        account=account.strip(),
        notes=notes.strip(),
        recorded_by=by,
        recorded_at=timezone.now(),
    )
    view.full_clean()
    view.save()
    audit_record(
        verb=Verb.CREATE,
        actor=by,
        membership=membership,
        target=view,
        detail={"contact": contact.pk, "person": person.pk if person else None, "unidentified": unidentified},
    )
    return view


@transaction.atomic
def subject_access_create(
    *, membership: Membership, by: User, person: Person, received_on: dt.date
) -> SubjectAccessRequest:
    """Log a subject access request: the one-month clock runs from the day it was received."""
    if not rules.allowed("subject_access", membership) or person.hub_id != membership.hub_id:
        raise PermissionDenied
    dates.RECORDED_EVENT.check(received_on, field="received_on", noun="The date received")
    sar = SubjectAccessRequest(
        hub=membership.hub,
        person=person,
        received_on=received_on,
        due_on=dates.add_months(received_on, 1),
        recorded_by=by,
        recorded_at=timezone.now(),
    )
    sar.full_clean()
    sar.save()
    audit_record(
        verb=Verb.SUBJECT_ACCESS,
        actor=by,
        membership=membership,
        target=sar,
        detail={"person": person.pk, "received_on": received_on.isoformat(), "due_on": sar.due_on.isoformat()},
    )
    return sar


@transaction.atomic
def subject_access_extend(
    *, membership: Membership, by: User, sar: SubjectAccessRequest, reason: str
) -> SubjectAccessRequest:
    """Extend by two further months (complex or numerous requests), once, with the reason."""
    if not rules.allowed("subject_access", membership) or sar.hub_id != membership.hub_id:
        raise PermissionDenied
    sar = SubjectAccessRequest.objects.select_for_update().get(pk=sar.pk)
    if sar.extended_to is not None:
        raise ValidationError("This request has already been extended")
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the request needs more time"})
    sar.extended_to, sar.extension_reason = dates.add_months(sar.due_on, 2), reason.strip()
    sar.save(update_fields=["extended_to", "extension_reason"])
    audit_record(
        verb=Verb.UPDATE,
        actor=by,
        membership=membership,
        target=sar,
        detail={"extended_to": sar.extended_to.isoformat()},
    )
    return sar


@transaction.atomic
def subject_access_export(
    *, membership: Membership, by: User, sar: SubjectAccessRequest, file_format: str
) -> SubjectAccessRequest:
    """Audit producing the export (the bundle itself is built by `queries.subject_access_bundle`)."""
    if not rules.allowed("subject_access", membership) or sar.hub_id != membership.hub_id:
        raise PermissionDenied
    sar = SubjectAccessRequest.objects.select_for_update().get(pk=sar.pk)
    if sar.status == SubjectAccessRequest.Status.OPEN:
        sar.status, sar.produced_at = SubjectAccessRequest.Status.PRODUCED, timezone.now()
        sar.save(update_fields=["status", "produced_at"])
    audit_record(
        verb=Verb.EXPORT,
        actor=by,
        membership=membership,
        target=sar,
        detail={"person": sar.person_id, "format": file_format},
    )
    return sar


def family_side_delete_for_contact(contact: Contact) -> dict[str, list[int]]:
    """Delete a contact's family-side records, for retention (its caller lists them in the DELETE audit event).

    Call after the contact's information requests are deleted: each request points at its share decision.
    """
    from openmash.letters.models import Letter

    removed = {
        "share_decisions": list(ShareDecision.objects.filter(contact=contact).values_list("pk", flat=True)),
        "consent_records": list(ConsentRecord.objects.filter(contact=contact).values_list("pk", flat=True)),
        "family_informed": list(FamilyInformed.objects.filter(contact=contact).values_list("pk", flat=True)),
        "adult_views": list(AdultView.objects.filter(contact=contact).values_list("pk", flat=True)),
        "letters": list(Letter.objects.filter(contact=contact).values_list("pk", flat=True)),
    }
    ShareDecision.objects.filter(contact=contact).delete()
    ConsentRecord.objects.filter(contact=contact).update(replaces=None)
    ConsentRecord.objects.filter(contact=contact).delete()
    FamilyInformed.objects.filter(contact=contact).update(replaces=None)
    FamilyInformed.objects.filter(contact=contact).delete()
    AdultView.objects.filter(contact=contact).delete()
    Letter.objects.filter(contact=contact).delete()
    return removed
