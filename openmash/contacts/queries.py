"""Reads of contacts for pages, scoped to the hub and to what the practitioner may see.

Every read of a case record is audited here, so that no page can show a contact
without the read being recorded.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import MutableMapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from openmash.accounts import rules
from openmash.accounts.models import Membership
from openmash.audit.models import Verb
from openmash.audit.services import audit_list, audit_record
from openmash.contacts.models import Contact, ContactPerson, ContactStatus, TriageDecision
from openmash.hubs import worktime
from openmash.hubs.models import Hub, Route


@dataclass(frozen=True)
class Clock:
    """A deadline as the queue shows it, counted in the hub's working time."""

    due: dt.datetime
    working_minutes_left: int
    text: str

    @property
    def is_overdue(self) -> bool:
        return self.working_minutes_left < 0 or (self.working_minutes_left == 0 and timezone.now() >= self.due)


def clock(cal: worktime.WorkingCalendar, due: dt.datetime, now: dt.datetime | None = None) -> Clock:
    now = now or timezone.now()
    left = worktime.working_minutes_between(cal, now, due)
    if left > 0:
        text = f"{worktime.format_working_duration(cal, left)} left"
    elif left == 0 and now < due:
        text = "Due at the start of the next working day"
    else:
        text = f"Overdue by {worktime.format_working_duration(cal, -left)}" if left < 0 else "Due now"
    return Clock(due=due, working_minutes_left=left, text=text)


def contact_get_for_user(
    *, membership: Membership | None, pk: int, purpose: str = "view", record: models.Model | None = None
) -> Contact:
    """Fetch one contact for a page, or refuse.

    Another hub's contact is not found (404): its existence is not disclosed.
    A contact in this hub that the practitioner may not see is refused (403) and
    the refusal audited.

    `record`: the page shows one record of this contact (a letter), not the contact
    itself; the read is then audited against that record, with the contact in the
    detail, so the trail says which record was read.
    """
    if membership is None:
        raise PermissionDenied
    try:
        contact = (
            Contact.objects.select_related("hub", "created_by", "current_triage", "current_triage__decided_by")
            .prefetch_related(Prefetch("people", queryset=ContactPerson.objects.select_related("person")))
            .get(pk=pk, hub=membership.hub)
        )
    except Contact.DoesNotExist:
        raise Http404("No such contact") from None
    if not rules.allowed("view_contact", membership, contact):
        # Recorded before raising, so the refusal is not rolled back with the request.
        audit_record(verb=Verb.REFUSED, actor=membership.user, membership=membership, target=contact)
        raise PermissionDenied
    detail: dict[str, object] = {"purpose": purpose}
    if record is not None:
        detail["contact"] = contact.pk
    audit_record(
        verb=Verb.VIEW,
        actor=membership.user,
        membership=membership,
        target=record if record is not None else contact,
        detail=detail,
    )
    return contact


@dataclass(frozen=True)
class QueueRow:
    contact: Contact
    waiting: str
    clock: Clock | None
    statutory_clock: Clock | None


def triage_queue(
    *, membership: Membership, seen: MutableMapping[str, Any] | None = None, refresh: bool = False
) -> dict[str, list[QueueRow]]:
    """The triage queue: contacts awaiting triage (oldest first, by the statutory clock),
    then contacts in the MASH or awaiting a strategy discussion (most urgent level first,
    then nearest deadline).

    Audited as a `list` of the contacts shown. The page refreshes itself every minute
    (`refresh`): a refresh showing the same contacts as the person's last `list` event for
    the queue in this session (`seen`, the session) writes no event; see `audit_list`."""
    if not rules.allowed("see_queue", membership):
        raise PermissionDenied
    hub = membership.hub
    cal = hub.calendar()
    now = timezone.now()
    base: QuerySet[Contact] = (
        Contact.objects.filter(hub=hub)
        .select_related("current_triage", "current_triage__level")
        .prefetch_related(Prefetch("people", queryset=ContactPerson.objects.select_related("person")))
    )
    awaiting = base.filter(status=ContactStatus.AWAITING_TRIAGE).order_by("received_at", "pk")
    in_progress = base.filter(status__in=[ContactStatus.IN_MASH, ContactStatus.STRATEGY]).order_by(
        "-current_triage__level__rank", "current_triage__decision_due", "received_at"
    )

    def row(c: Contact, with_level: bool) -> QueueRow:
        waited = max(worktime.working_minutes_between(cal, c.received_at, now), 0)
        due = c.current_triage.decision_due if with_level and c.current_triage else None
        return QueueRow(
            contact=c,
            waiting=worktime.format_working_duration(cal, waited),
            clock=clock(cal, due, now) if due else None,
            statutory_clock=clock(cal, c.referral_decision_due, now) if c.referral_decision_due else None,
        )

    rows = {
        "awaiting": [row(c, False) for c in awaiting],
        "in_progress": [row(c, True) for c in in_progress],
    }
    audit_list(
        membership=membership,
        page="triage queue",
        detail_key="contacts",
        ids=[r.contact.pk for r in rows["awaiting"] + rows["in_progress"]],
        seen=seen,
        only_if_changed=refresh,
    )
    return rows


def triage_history(*, contact: Contact) -> list[TriageDecision]:
    """Every triage decision on a contact, newest first, as each was made."""
    return list(
        contact.triage_decisions.select_related("level", "decided_by", "threshold_document").prefetch_related(
            "indicators"
        )
    )


def my_drafts(*, membership: Membership) -> QuerySet[Contact]:
    return Contact.objects.filter(hub=membership.hub, created_by=membership.user, status=ContactStatus.DRAFT).order_by(
        "-created_at"
    )


def early_help_contacts(*, membership: Membership) -> QuerySet[Contact]:
    """Contacts routed to Early Help in this hub, for the Early Help practitioner's list."""
    return (
        Contact.objects.filter(hub=membership.hub, status=ContactStatus.EARLY_HELP)
        .select_related("current_triage")
        .order_by("-current_triage__decided_at")
    )


# A "referral" in the DfE's sense: a contact accepted by children's social care, i.e. one the
# hub routed on to social care (through the MASH, to a strategy discussion or to the allocated
# worker) rather than to Early Help, universal services or no further action.
REFERRAL_ROUTES = frozenset({Route.MASH, Route.STRATEGY_DISCUSSION, Route.ALLOCATED_WORKER})


def is_referral(contact: Contact) -> bool:
    return contact.current_triage is not None and contact.current_triage.route in REFERRAL_ROUTES


def twelve_months_before(day: dt.date) -> dt.date:
    """The same date a year earlier (29 February goes to 28 February)."""
    return worktime.add_years(day, -1)


def within_twelve_months(earlier: dt.datetime, later: dt.datetime) -> bool:
    """DfE: "a re-referral occurs when a child is referred within 12 months of a previous referral".

    Counted by calendar date in the hub's time zone, inclusive: a referral on 3 March 2025 is
    within 12 months of one on 3 March 2026, and one on 2 March 2025 is not.
    """
    a, b = timezone.localtime(earlier).date(), timezone.localtime(later).date()
    return twelve_months_before(b) <= a <= b and earlier < later


@dataclass(frozen=True)
class PersonInContact:
    """A person named in a contact, with the hub's other contacts about them (and any record merged with them)."""

    link: ContactPerson
    previous: list[Contact]
    contacts_last_12_months: int
    referrals_last_12_months: int = 0

    @property
    def earlier(self) -> list[Contact]:
        return [c for c in self.previous if c.received_at < self.link.contact.received_at]

    @property
    def would_be_re_referral(self) -> bool:
        """If this contact becomes a referral, the DfE measure counts it as a re-referral."""
        return self.referrals_last_12_months > 0


def person_group(hub: Hub | int, person_ids: list[int]) -> dict[int, set[int]]:
    """For each person, every record that is the same person by a merge (itself included), in one query."""
    from openmash.identity import index

    return index.same_person_groups(hub if isinstance(hub, int) else hub.pk, person_ids)


def people_with_history(*, contact: Contact, membership: Membership | None = None) -> list[PersonInContact]:
    """The people in a contact and the other submitted contacts that name them, newest first.

    With a membership, only the other contacts that practitioner may open are listed
    or counted: Early Help, reading a contact routed to it, must not learn of the
    hub's other contacts about the family (their dates, levels and outcomes).
    A record merged with another counts as one person: the contacts of both are shown.
    """
    links = list(contact.people.select_related("person").prefetch_related("person__other_names", "person__addresses"))
    groups = person_group(contact.hub_id, [link.person_id for link in links])
    all_ids = set().union(*groups.values()) if groups else set()
    others = (
        ContactPerson.objects.filter(person_id__in=all_ids, contact__hub=contact.hub)
        .exclude(contact=contact)
        .exclude(contact__status=ContactStatus.DRAFT)
        .select_related("contact", "contact__current_triage")
        .order_by("-contact__received_at")
    )
    by_record: dict[int, list[Contact]] = {}
    for other in others:
        if membership is None or rules.allowed("view_contact", membership, other.contact):
            by_record.setdefault(other.person_id, []).append(other.contact)
    out = []
    for link in links:
        seen: dict[int, Contact] = {}
        for pid in groups[link.person_id]:
            for c in by_record.get(pid, []):
                seen[c.pk] = c
        previous = sorted(seen.values(), key=lambda c: c.received_at, reverse=True)
        out.append(
            PersonInContact(
                link=link,
                previous=previous,
                contacts_last_12_months=sum(
                    1 for c in previous if within_twelve_months(c.received_at, contact.received_at)
                ),
                referrals_last_12_months=sum(
                    1 for c in previous if is_referral(c) and within_twelve_months(c.received_at, contact.received_at)
                ),
            )
        )
    return out


def re_referrals(*, hub: Hub, start: dt.datetime, end: dt.datetime) -> int:
    """The DfE re-referral count for referrals received in [start, end): one per child referred
    again within 12 months of a previous referral (a contact about two such children counts twice)."""
    window_start = start - dt.timedelta(days=367)
    rows = (
        ContactPerson.objects.filter(
            contact__hub=hub,
            contact__received_at__gte=window_start,
            contact__received_at__lt=end,
            contact__current_triage__route__in=list(REFERRAL_ROUTES),
            part__in=[ContactPerson.Part.SUBJECT],
        )
        .select_related("contact")
        .order_by("contact__received_at")
    )
    groups = person_group(hub, sorted({r.person_id for r in rows}))
    referrals: dict[int, list[dt.datetime]] = {}
    count = 0
    for row in rows:
        who = min(groups[row.person_id])
        at = row.contact.received_at
        history = referrals.setdefault(who, [])
        if start <= at < end and any(within_twelve_months(prev, at) for prev in history):
            count += 1
        history.append(at)
    return count
