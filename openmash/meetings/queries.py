"""Reads of meetings for pages, scoped to the hub and to what each practitioner may see.

An agency sees a meeting only if it is recorded present, and within it only the
cases it was asked about. Every read of a meeting is audited, with the contacts shown.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from openmash.accounts import rules
from openmash.accounts.facts import agencies_present, asked_by_contact
from openmash.accounts.models import Agency, AgencyKind, Membership
from openmash.audit.models import Verb
from openmash.audit.services import audit_record
from openmash.contacts.models import Contact, ContactStatus
from openmash.contacts.queries import Clock, clock
from openmash.hubs import worktime
from openmash.hubs.models import Hub
from openmash.meetings.models import (
    STATUTORY_STRATEGY_AGENCIES,
    Action,
    AgendaItem,
    Attendance,
    Meeting,
    MeetingContribution,
)

# Cases a meeting discusses: routed through the MASH or to a strategy discussion.
AGENDA_STATUSES = (ContactStatus.IN_MASH, ContactStatus.STRATEGY)


def _meetings(hub: Hub) -> QuerySet[Meeting]:
    return Meeting.objects.filter(hub=hub).select_related("hub", "chair", "contact", "closed_by")


def meeting_get_for_user(*, membership: Membership | None, pk: int) -> Meeting:
    """One meeting for a page, or 404.

    Another hub's meeting, and a meeting the practitioner's agency did not attend,
    are not found: an agency does not learn what meetings discussed without it.
    """
    if membership is None:
        raise PermissionDenied
    try:
        meeting = _meetings(membership.hub).get(pk=pk)
    except Meeting.DoesNotExist:
        raise Http404("No such meeting") from None
    if not rules.allowed("view_meeting", membership, meeting):
        audit_record(verb=Verb.REFUSED, actor=membership.user, membership=membership, target=meeting)
        raise Http404("No such meeting")
    return meeting


def item_get_for_user(*, membership: Membership, meeting: Meeting, pk: int) -> AgendaItem:
    try:
        item = AgendaItem.objects.select_related("contact", "contact__current_triage", "meeting").get(
            pk=pk, meeting=meeting
        )
    except AgendaItem.DoesNotExist:
        raise Http404("No such agenda item") from None
    if not rules.allowed("view_agenda_item", membership, item):
        raise Http404("No such agenda item")
    return item


def action_get(*, meeting: Meeting, pk: int) -> Action:
    try:
        return Action.objects.select_related("agenda_item__meeting").get(pk=pk, agenda_item__meeting=meeting)
    except Action.DoesNotExist:
        raise Http404("No such action") from None


def contribution_get(*, item: AgendaItem, pk: int) -> MeetingContribution:
    try:
        return MeetingContribution.objects.select_related("agency", "recommended_level").get(pk=pk, agenda_item=item)
    except MeetingContribution.DoesNotExist:
        raise Http404("No such record") from None


def meetings_list(*, membership: Membership) -> dict[str, list[Meeting]]:
    """Meetings not yet held (soonest first) and those held in the last 30 days (latest first).

    The hub's readers see every meeting; an agency sees those it was recorded present at.
    """
    if not rules.allowed("list_meetings", membership):
        raise PermissionDenied
    qs = _meetings(membership.hub)
    if not rules.allowed("see_meetings", membership):
        agency = membership.agency
        if agency is None:
            qs = qs.none()
        else:
            qs = qs.filter(attendances__agency=agency, attendances__status=Attendance.Status.PRESENT).distinct()
    now = timezone.now()
    result = {
        "upcoming": list(qs.filter(held_at__isnull=True).order_by("scheduled_for", "pk")),
        "recent": list(qs.filter(held_at__gte=now - dt.timedelta(days=30)).order_by("-held_at", "-pk")[:50]),
    }
    audit_record(
        verb=Verb.LIST,
        actor=membership.user,
        membership=membership,
        detail={"page": "meetings", "meetings": [m.pk for m in result["upcoming"] + result["recent"]]},
    )
    return result


@dataclass
class ContributionRow:
    """A record of what an agency said, with the correction that replaced it, if any."""

    contribution: MeetingContribution
    correction: MeetingContribution | None = None


@dataclass
class AgendaRow:
    item: AgendaItem
    clock: Clock | None
    can_open_contact: bool
    contributions: list[MeetingContribution] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)


def agenda_visible(*, membership: Membership, meeting: Meeting) -> list[AgendaRow]:
    """The agenda as this practitioner may see it, each case with its clock, what was said and the actions.

    Audited as one read of the meeting, naming the contacts shown.
    """
    cal = meeting.hub.calendar()
    now = timezone.now()
    items = (
        meeting.agenda_items.select_related("meeting", "contact", "contact__current_triage__level")
        .prefetch_related(
            Prefetch(
                "contributions",
                queryset=MeetingContribution.objects.select_related(
                    "agency", "recommended_level", "recorded_by", "corrects", "corrects__agency", "corrected_by"
                ).order_by("recorded_at", "pk"),
            ),
            Prefetch("actions", queryset=Action.objects.select_related("owner_agency", "done_by")),
        )
        .order_by("order", "pk")
    )
    # The rules' facts, read once for the whole agenda rather than once per case.
    item_list = list(items)
    present = agencies_present(meeting.pk)
    asked = asked_by_contact(item.contact_id for item in item_list)
    rows = []
    for item in item_list:
        facts = rules.Facts(asked=asked[item.contact_id], present=present)
        if not rules.allowed("view_agenda_item", membership, item, facts=facts):
            continue
        triage = item.contact.current_triage
        due = triage.decision_due if triage else None
        rows.append(
            AgendaRow(
                item=item,
                clock=clock(cal, due, now) if due and item.contact.status in AGENDA_STATUSES else None,
                can_open_contact=rules.allowed("view_contact", membership, item.contact),
                contributions=list(item.contributions.all()),
                actions=list(item.actions.all()),
            )
        )
    audit_record(
        verb=Verb.VIEW,
        actor=membership.user,
        membership=membership,
        target=meeting,
        detail={"contacts": [row.item.contact_id for row in rows]},
    )
    return rows


def attendance_list(*, meeting: Meeting) -> list[Attendance]:
    return list(meeting.attendances.select_related("agency").order_by("agency__name", "attendee_name"))


def missing_statutory_agencies(*, meeting: Meeting) -> list[str]:
    """For a strategy discussion: which of the local authority, police and health are not recorded present."""
    if not meeting.is_strategy:
        return []
    present = set(meeting.attendances.filter(status=Attendance.Status.PRESENT).values_list("agency__kind", flat=True))
    return [AgencyKind(kind).label for kind in STATUTORY_STRATEGY_AGENCIES if kind not in present]


def hub_agencies(*, hub: Hub) -> QuerySet[Agency]:
    """The agencies taking part in the hub: who can attend, contribute and own actions."""
    return Agency.objects.filter(hub_partnerships__hub=hub, hub_partnerships__is_active=True).order_by("name")


def default_agenda_window(*, hub: Hub, on: dt.datetime) -> dt.datetime:
    """The end of the working day after the one the meeting falls on (or next falls in)."""
    cal = hub.calendar()
    meeting_moment = timezone.localtime(worktime.add_working_minutes(cal, on, 0))
    end_of_that_day = meeting_moment.replace(hour=cal.day_end.hour, minute=cal.day_end.minute, second=0, microsecond=0)
    # Adding nothing to the close of a working day moves on to the next working day's start.
    next_start = timezone.localtime(worktime.add_working_minutes(cal, end_of_that_day, 0))
    return next_start.replace(hour=cal.day_end.hour, minute=cal.day_end.minute, second=0, microsecond=0)


@dataclass(frozen=True)
class Proposal:
    contact: Contact
    reason: str


def agenda_candidates(*, hub: Hub, until: dt.datetime, now: dt.datetime | None = None) -> list[Proposal]:
    """Cases due by `until` (overdue ones included): in the MASH or awaiting a strategy discussion,
    most urgent level first, then soonest deadline."""
    cal = hub.calendar()
    now = now or timezone.now()
    contacts = (
        Contact.objects.filter(hub=hub, status__in=AGENDA_STATUSES, current_triage__decision_due__lte=until)
        .select_related("current_triage", "current_triage__level")
        .order_by("-current_triage__level__rank", "current_triage__decision_due", "received_at", "pk")
    )
    proposals = []
    for contact in contacts:
        triage = contact.current_triage
        assert triage is not None and triage.decision_due is not None  # noqa: S101 - filtered above
        proposals.append(
            Proposal(contact=contact, reason=agenda_reason(cal, triage.decision_due, triage.level_label, now))
        )
    return proposals


def agenda_reason(cal: worktime.WorkingCalendar, due: dt.datetime, level_label: str, now: dt.datetime) -> str:
    """Why a case is on the agenda, as the chair reads it: "Deadline in 2 hours, Red"."""
    left = worktime.working_minutes_between(cal, now, due)
    if left > 0:
        when = f"Deadline in {worktime.format_working_duration(cal, left)}"
    elif left == 0 and now < due:
        when = "Deadline at the start of the next working day"
    elif left == 0:
        when = "Deadline now"
    else:
        when = f"Overdue by {worktime.format_working_duration(cal, -left)}"
    return f"{when}, {level_label}"


def contact_in_hub(*, hub: Hub, reference: str) -> Contact | None:
    return (
        Contact.objects.filter(hub=hub, reference__iexact=reference.strip()).exclude(status=ContactStatus.DRAFT).first()
    )


def contact_meetings(*, membership: Membership, contact: Contact) -> list[Meeting]:
    """Meetings that discussed a contact, for the contact page: the hub's readers only.

    A strategy discussion about the contact, or any meeting with it on the agenda,
    latest first. The contact page is already audited as a read of the contact.
    """
    if not rules.allowed("see_meetings", membership):
        return []
    return list(
        _meetings(membership.hub)
        .filter(Q(contact=contact) | Q(agenda_items__contact=contact))
        .distinct()
        .order_by("-scheduled_for")
    )
