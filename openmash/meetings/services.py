"""Every change to a meeting: create, build the agenda, attendance, what was said, actions, close.

Each function is one thing a practitioner does. It checks the action is allowed
now, changes the data and writes the audit event in one transaction, and refuses
an illegal move with a message a practitioner can act on.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from openmash import dates
from openmash.accounts import rules
from openmash.accounts.models import Agency, Membership, User
from openmash.audit.models import Verb
from openmash.audit.services import audit_record
from openmash.contacts.models import Contact, ContactStatus
from openmash.hubs.models import TriageLevel
from openmash.limits import RATIONALE_MAX, check_text_lengths
from openmash.meetings import queries
from openmash.meetings.models import (
    Action,
    AgendaItem,
    Attendance,
    Meeting,
    MeetingContribution,
    MeetingKind,
)


def _require_runner(membership: Membership) -> None:
    if not rules.allowed("run_meetings", membership):
        raise PermissionDenied


def _lock_meeting(membership: Membership, meeting: Meeting, *, open_only: bool = True) -> Meeting:
    """The meeting, locked, if it is in the practitioner's hub and (by default) not yet held."""
    _require_runner(membership)
    locked = Meeting.objects.select_for_update().select_related("hub").get(pk=meeting.pk)
    if locked.hub_id != membership.hub_id:
        raise PermissionDenied
    if open_only and locked.is_held:
        raise ValidationError("This meeting has been marked as held: it is closed to new business")
    return locked


def _is_hub_agency(membership: Membership, agency: Agency | None) -> bool:
    return agency is not None and queries.hub_agencies(hub=membership.hub).filter(pk=agency.pk).exists()


def _next_order(meeting: Meeting) -> int:
    return (meeting.agenda_items.aggregate(top=Max("order"))["top"] or 0) + 1


@transaction.atomic
def meeting_create(
    *,
    membership: Membership,
    by: User,
    kind: str,
    scheduled_for: dt.datetime,
    chair: User | None,
    contact: Contact | None = None,
    notes: str = "",
) -> Meeting:
    """Plan a meeting. A strategy discussion is about one contact, which becomes its whole agenda."""
    _require_runner(membership)
    hub = membership.hub
    errors: dict[str, str] = {}
    if kind not in MeetingKind.values:
        errors["kind"] = "Select the kind of meeting"
    if chair is None:
        errors["chair"] = "Select who chairs the meeting"
    elif not chair.memberships.filter(hub=hub, is_active=True, role__in=rules.CASE_ROLES).exists():
        errors["chair"] = "Select a social worker or manager in this hub to chair the meeting"
    if kind == MeetingKind.STRATEGY:
        if contact is None:
            errors["contact"] = "Enter the reference of the contact this strategy discussion is about"
        elif contact.hub_id != hub.pk or contact.status not in queries.AGENDA_STATUSES:
            errors["contact"] = "A strategy discussion must be about a contact in the MASH or routed to one"
    elif contact is not None:
        errors["contact"] = "Only a strategy discussion is about a single contact: add cases to the agenda instead"
    if out_of_range := dates.MEETING.refusal(scheduled_for, noun="Meeting date"):
        errors["scheduled_for"] = out_of_range
    if errors:
        raise ValidationError(errors)
    assert chair is not None  # noqa: S101 - checked above
    meeting = Meeting(
        hub=hub,
        kind=kind,
        scheduled_for=scheduled_for,
        chair=chair,
        contact=contact if kind == MeetingKind.STRATEGY else None,
        notes=notes.strip(),
        created_by=by,
    )
    meeting.full_clean()
    meeting.save()
    audit_record(
        verb=Verb.CREATE,
        actor=by,
        membership=membership,
        target=meeting,
        detail={
            "kind": kind,
            "scheduled_for": scheduled_for.isoformat(),
            "chair": chair.pk,
            "contact": contact.pk if contact else None,
        },
    )
    if contact is not None:
        triage = contact.current_triage
        reason = "Strategy discussion"
        if triage and triage.decision_due:
            reason = queries.agenda_reason(hub.calendar(), triage.decision_due, triage.level_label, timezone.now())
        _add_item(membership, by, meeting, contact, reason)
    return meeting


def _add_item(membership: Membership, by: User, meeting: Meeting, contact: Contact, reason: str) -> AgendaItem:
    item = AgendaItem(meeting=meeting, contact=contact, order=_next_order(meeting), reason=reason[:200], added_by=by)
    item.full_clean()
    item.save()
    audit_record(
        verb=Verb.CREATE,
        actor=by,
        membership=membership,
        target=item,
        detail={"meeting": meeting.pk, "contact": contact.pk, "reason": item.reason},
    )
    return item


@transaction.atomic
def meeting_build_agenda(
    *, membership: Membership, by: User, meeting: Meeting, until: dt.datetime | None = None
) -> list[AgendaItem]:
    """Add the cases due to the agenda: contacts in the MASH or awaiting a strategy discussion,
    most urgent level first then soonest deadline, due by `until` (by default the end of
    the working day after the meeting's). Cases already on the agenda stay where they are.
    """
    meeting = _lock_meeting(membership, meeting)
    if meeting.is_strategy:
        raise ValidationError("A strategy discussion is about one contact: its agenda cannot be built")
    until = until or queries.default_agenda_window(hub=meeting.hub, on=meeting.scheduled_for)
    already = set(meeting.agenda_items.values_list("contact_id", flat=True))
    added = [
        _add_item(membership, by, meeting, p.contact, p.reason)
        for p in queries.agenda_candidates(hub=meeting.hub, until=until)
        if p.contact.pk not in already
    ]
    return added


@transaction.atomic
def agenda_item_add(*, membership: Membership, by: User, meeting: Meeting, contact: Contact | None) -> AgendaItem:
    """The chair adds a case the proposal left out."""
    meeting = _lock_meeting(membership, meeting)
    if meeting.is_strategy:
        raise ValidationError("A strategy discussion is about one contact: add no other cases to it")
    if contact is None or contact.hub_id != meeting.hub_id or contact.status == ContactStatus.DRAFT:
        raise ValidationError({"reference": "Enter the reference of a contact in this hub"})
    if meeting.agenda_items.filter(contact=contact).exists():
        raise ValidationError({"reference": f"{contact.reference} is already on the agenda"})
    triage = contact.current_triage
    reason = "Added by the chair"
    if triage is not None:
        reason = f"Added by the chair, {triage.level_label}"
    return _add_item(membership, by, meeting, contact, reason)


@transaction.atomic
def agenda_item_remove(*, membership: Membership, by: User, item: AgendaItem) -> None:
    """Take a case off the agenda before anything has been recorded about it."""
    meeting = _lock_meeting(membership, item.meeting)
    item = AgendaItem.objects.select_for_update().get(pk=item.pk, meeting=meeting)
    if meeting.is_strategy:
        raise ValidationError("A strategy discussion is about this contact: it cannot be taken off the agenda")
    if item.contributions.exists() or item.actions.exists():
        raise ValidationError(
            f"{item.contact.reference} cannot be taken off the agenda: agencies' views or actions are recorded on it"
        )
    audit_record(
        verb=Verb.UPDATE,
        actor=by,
        membership=membership,
        target=meeting,
        detail={"removed_from_agenda": item.contact_id, "reason": item.reason},
    )
    item.delete()


@transaction.atomic
def attendance_record(
    *, membership: Membership, by: User, meeting: Meeting, agency: Agency | None, attendee_name: str, status: str
) -> Attendance:
    """Record who came for an agency, or its apologies. Recording the same person again changes their status."""
    meeting = _lock_meeting(membership, meeting)
    errors: dict[str, str] = {}
    if not _is_hub_agency(membership, agency):
        errors["agency"] = "Select an agency that takes part in this hub"
    if status not in Attendance.Status.values:
        errors["status"] = "Select whether they were present or sent apologies"
    if errors:
        raise ValidationError(errors)
    assert agency is not None  # noqa: S101 - checked above
    name = attendee_name.strip()
    now = timezone.now()
    existing = Attendance.objects.select_for_update().filter(meeting=meeting, agency=agency, attendee_name=name).first()
    if existing is not None:
        if existing.status == status:
            raise ValidationError({"status": f"{existing} is already recorded"})
        previous = existing.status
        existing.status, existing.recorded_by, existing.recorded_at = status, by, now
        existing.save(update_fields=["status", "recorded_by", "recorded_at"])
        audit_record(
            verb=Verb.UPDATE,
            actor=by,
            membership=membership,
            target=existing,
            detail={"meeting": meeting.pk, "from": previous, "to": status},
        )
        return existing
    attendance = Attendance(
        meeting=meeting, agency=agency, attendee_name=name, status=status, recorded_by=by, recorded_at=now
    )
    attendance.full_clean()
    attendance.save()
    audit_record(
        verb=Verb.CREATE,
        actor=by,
        membership=membership,
        target=attendance,
        detail={"meeting": meeting.pk, "agency": agency.name, "status": status},
    )
    return attendance


@transaction.atomic
def contribution_record(
    *,
    membership: Membership,
    by: User,
    item: AgendaItem,
    agency: Agency | None,
    said: str,
    recommended_level: TriageLevel | None = None,
    corrects: MeetingContribution | None = None,
) -> MeetingContribution:
    """Record what an agency said about a case, as it said it.

    Nothing recorded is ever changed. A correction is a new record pointing at the one
    it corrects (which stays as it was), and may be made after the meeting is held;
    anything else once the meeting is held is refused.
    """
    check_text_lengths({"said": (said, RATIONALE_MAX)})
    meeting = _lock_meeting(membership, item.meeting, open_only=corrects is None)
    item = AgendaItem.objects.get(pk=item.pk, meeting=meeting)
    errors: dict[str, str] = {}
    if corrects is not None:
        corrects = MeetingContribution.objects.select_for_update().get(pk=corrects.pk)
        if corrects.agenda_item_id != item.pk:
            raise ValidationError("Correct a record about this case")
        if MeetingContribution.objects.filter(corrects=corrects).exists():
            raise ValidationError("This record has already been corrected: correct the latest version")
        if agency is not None and agency.pk != corrects.agency_id:
            errors["agency"] = f"A correction is for the same agency: {corrects.agency}"
    if not _is_hub_agency(membership, agency):
        errors.setdefault("agency", "Select an agency that takes part in this hub")
    if not said.strip():
        errors["said"] = "Enter what the agency said"
    if recommended_level is not None and (
        recommended_level.hub_id != meeting.hub_id or recommended_level.retired_at is not None
    ):
        errors["recommended_level"] = "Select a level from this hub's current scale"
    if errors:
        raise ValidationError(errors)
    assert agency is not None  # noqa: S101 - checked above
    contribution = MeetingContribution(
        agenda_item=item,
        agency=agency,
        said=said.strip(),
        recommended_level=recommended_level,
        recorded_by=by,
        recorded_at=timezone.now(),
        corrects=corrects,
    )
    contribution.full_clean()
    contribution.save()
    audit_record(
        verb=Verb.CREATE,
        actor=by,
        membership=membership,
        target=contribution,
        detail={
            "meeting": meeting.pk,
            "contact": item.contact_id,
            "agency": agency.name,
            "recommended_level": recommended_level.code if recommended_level else None,
            "corrects": corrects.pk if corrects else None,
        },
    )
    return contribution


@transaction.atomic
def action_add(
    *,
    membership: Membership,
    by: User,
    item: AgendaItem,
    description: str,
    owner_agency: Agency | None,
    owner_name: str,
    due_on: dt.date | None,
) -> Action:
    """Record an action agreed about a case: what, which agency owns it, by when."""
    meeting = _lock_meeting(membership, item.meeting)
    item = AgendaItem.objects.get(pk=item.pk, meeting=meeting)
    errors: dict[str, str] = {}
    if not description.strip():
        errors["description"] = "Enter the action"
    if owner_agency is None:
        errors["owner_agency"] = "Select the agency that owns this action"
    elif not _is_hub_agency(membership, owner_agency):
        errors["owner_agency"] = "Select an agency that takes part in this hub"
    if due_on is None:
        errors["due_on"] = "Enter the due date"
    elif out_of_range := dates.DEADLINE.refusal(due_on, noun="Due date"):
        errors["due_on"] = out_of_range
    if errors:
        raise ValidationError(errors)
    assert owner_agency is not None and due_on is not None  # noqa: S101 - checked above
    action = Action(
        agenda_item=item,
        description=description.strip(),
        owner_agency=owner_agency,
        owner_name=owner_name.strip(),
        due_on=due_on,
        created_by=by,
    )
    action.full_clean()
    action.save()
    audit_record(
        verb=Verb.CREATE,
        actor=by,
        membership=membership,
        target=action,
        detail={
            "meeting": meeting.pk,
            "contact": item.contact_id,
            "owner_agency": owner_agency.name,
            "due_on": due_on.isoformat(),
        },
    )
    return action


@transaction.atomic
def action_mark_done(*, membership: Membership, by: User, action: Action) -> Action:
    """Mark an action done. Actions are done after the meeting, so a held meeting's actions can be."""
    _lock_meeting(membership, action.agenda_item.meeting, open_only=False)
    action = Action.objects.select_for_update().get(pk=action.pk)
    if action.status == Action.Status.DONE:
        raise ValidationError("This action is already done")
    action.status, action.done_at, action.done_by = Action.Status.DONE, timezone.now(), by
    action.save(update_fields=["status", "done_at", "done_by"])
    audit_record(verb=Verb.UPDATE, actor=by, membership=membership, target=action, detail={"status": "done"})
    return action


@transaction.atomic
def meeting_close(
    *, membership: Membership, by: User, meeting: Meeting, missing_attendance_reason: str = ""
) -> Meeting:
    """Mark the meeting as held, closing it to new business.

    A strategy discussion without the local authority, police and health all recorded
    present is refused unless the chair records why it went ahead ("Police could not
    attend; briefed by phone at 10:15"); the reason is kept on the meeting.
    """
    meeting = _lock_meeting(membership, meeting)
    missing = queries.missing_statutory_agencies(meeting=meeting)
    reason = missing_attendance_reason.strip()
    if missing and not reason:
        raise ValidationError(
            {
                "missing_attendance_reason": f"Not recorded present: {', '.join(missing)}. "
                "Enter why the strategy discussion went ahead without them"
            }
        )
    meeting.held_at, meeting.closed_by = timezone.now(), by
    meeting.missing_attendance_reason = reason if missing else ""
    meeting.save(update_fields=["held_at", "closed_by", "missing_attendance_reason"])
    audit_record(
        verb=Verb.UPDATE,
        actor=by,
        membership=membership,
        target=meeting,
        detail={"held": True, "missing_statutory": missing},
        justification=meeting.missing_attendance_reason,
    )
    return meeting
