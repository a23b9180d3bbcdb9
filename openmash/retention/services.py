"""Retention: setting periods, the scheduled review, and a manager's confirmed deletion."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from openmash.accounts import rules
from openmash.accounts.models import Membership, User
from openmash.audit.models import Verb
from openmash.audit.services import audit_record
from openmash.consent.services import family_side_delete_for_contact
from openmash.contacts.models import Contact, ContactPerson, ContactStatus, TriageDecision
from openmash.decisions.models import Challenge, Decision, StepUp
from openmash.enquiries.models import Contribution, ContributionItem, InformationRequest
from openmash.hubs import worktime
from openmash.hubs.models import Hub
from openmash.markings.models import Marking
from openmash.meetings.models import Action, AgendaItem, Meeting, MeetingContribution
from openmash.retention.models import DEFAULTS, RecordType, RetentionMark, RetentionPeriod

NFA_STATUSES = (ContactStatus.CLOSED_NFA, ContactStatus.SIGNPOSTED)
# Contacts still being worked on are never due, whatever their age.
OPEN_STATUSES = (ContactStatus.DRAFT, ContactStatus.AWAITING_TRIAGE, ContactStatus.IN_MASH, ContactStatus.STRATEGY)


@dataclass(frozen=True)
class Period:
    record_type: str
    years: int
    reason: str
    is_default: bool


def periods_for(hub: Hub) -> dict[str, Period]:
    own = {p.record_type: p for p in RetentionPeriod.objects.filter(hub=hub)}
    result = {}
    for record_type in RecordType.values:
        if record_type in own:
            p = own[record_type]
            result[record_type] = Period(record_type, p.years, p.reason, False)
        else:
            years, reason = DEFAULTS[record_type]
            result[record_type] = Period(record_type, years, reason, True)
    return result


@transaction.atomic
def retention_period_set(
    *, membership: Membership, by: User, record_type: str, years: int, reason: str
) -> RetentionPeriod:
    if not rules.allowed("set_retention", membership):
        raise PermissionDenied
    errors = {}
    if record_type not in RecordType.values:
        errors["record_type"] = "Select a kind of record"
    if not 1 <= years <= 100:
        errors["years"] = "Years must be between 1 and 100"
    if not reason.strip():
        errors["reason"] = "Enter why the hub keeps this kind of record this long"
    if errors:
        raise ValidationError(errors)
    period = RetentionPeriod.objects.filter(hub=membership.hub, record_type=record_type).first()
    if period is None:
        period = RetentionPeriod(hub=membership.hub, record_type=record_type)
    period.years, period.reason, period.set_by, period.set_at = years, reason.strip(), by, timezone.now()
    period.full_clean()
    period.save()
    audit_record(
        verb=Verb.CONFIGURE,
        actor=by,
        membership=membership,
        target=period,
        detail={"retention": record_type, "years": years},
    )
    return period


def _years_before(day: dt.date, years: int) -> dt.date:
    return worktime.add_years(day, -years)


def _add_years(day: dt.date, years: int) -> dt.date:
    return worktime.add_years(day, years)


@dataclass(frozen=True)
class Planned:
    """One thing the review would do: mark a record due for deletion or for review."""

    hub: Hub
    record_type: str
    model: str
    object_id: str
    label: str
    retained_from: dt.date
    due_on: dt.date
    status: str
    review_reason: str = ""

    def line(self) -> str:
        what = "due for review" if self.status == RetentionMark.Status.DUE_REVIEW else "due for deletion"
        why = f" ({self.review_reason})" if self.review_reason else ""
        return (
            f"{self.hub.slug}: {self.model} {self.object_id} {self.label} [{self.record_type}] "
            f"from {self.retained_from.isoformat()}, period ended {self.due_on.isoformat()}: {what}{why}"
        )


def _local_date(value: dt.datetime) -> dt.date:
    return timezone.localtime(value).date()


def retention_plan(*, today: dt.date | None = None) -> list[Planned]:
    """What the review would mark now, in every hub. Reads only: the dry run prints exactly this."""
    today = today or timezone.localdate()
    # A record with an open mark, or deleted, is not marked again. One a manager decided to keep
    # comes back for review a year after that decision, so "keep" is never "keep for ever".
    kept_until = dt.datetime.combine(_years_before(today, 1), dt.time.min, tzinfo=timezone.get_current_timezone())
    already = set(
        RetentionMark.objects.filter(
            Q(status__in=[RetentionMark.Status.DUE_REVIEW, RetentionMark.Status.DUE_DELETION])
            | Q(status=RetentionMark.Status.DELETED)
            | Q(status=RetentionMark.Status.KEPT, decided_at__gte=kept_until)
        ).values_list("model", "object_id")
    )
    plan: list[Planned] = []
    for hub in Hub.objects.order_by("pk"):
        periods = periods_for(hub)
        tz = timezone.get_current_timezone()
        # Records from before this moment have passed their period, per record type.
        cutoffs = {
            record_type: dt.datetime.combine(_years_before(today, period.years), dt.time.min, tzinfo=tz)
            for record_type, period in periods.items()
        }

        contacts = Contact.objects.filter(hub=hub).exclude(status__in=OPEN_STATUSES)
        for record_type, qs in (
            (RecordType.CONTACT_NFA, contacts.filter(status__in=NFA_STATUSES)),
            (RecordType.CONTACT_DECIDED, contacts.exclude(status__in=NFA_STATUSES)),
        ):
            for contact in qs.filter(received_at__lt=cutoffs[record_type]).order_by("received_at", "pk"):
                if ("contacts.contact", str(contact.pk)) in already:
                    continue
                start = _local_date(contact.received_at)
                later = (
                    ContactPerson.objects.filter(
                        person__in=contact.people.values("person"), contact__received_at__gt=contact.received_at
                    )
                    .exclude(contact=contact)
                    .exists()
                )
                plan.append(
                    Planned(
                        hub,
                        record_type,
                        "contacts.contact",
                        str(contact.pk),
                        contact.reference,
                        start,
                        _add_years(start, periods[record_type].years),
                        RetentionMark.Status.DUE_REVIEW if later else RetentionMark.Status.DUE_DELETION,
                        "the same people have a later contact" if later else "",
                    )
                )
        # A request about a contact that is itself due goes with the contact: not marked separately.
        contacts_due = {p.object_id for p in plan if p.model == "contacts.contact"} | {
            object_id for model, object_id in already if model == "contacts.contact"
        }
        requests = InformationRequest.objects.filter(
            contact__hub=hub, sent_at__lt=cutoffs[RecordType.INFORMATION_REQUEST]
        ).select_related("contact", "agency")
        for request in requests.order_by("sent_at", "pk"):
            if ("enquiries.informationrequest", str(request.pk)) in already or str(request.contact_id) in contacts_due:
                continue
            start = _local_date(request.sent_at)
            # A request whose contact is kept is part of that case file: a person decides.
            review = request.contact.status in OPEN_STATUSES or request.contact.status not in NFA_STATUSES
            plan.append(
                Planned(
                    hub,
                    RecordType.INFORMATION_REQUEST,
                    "enquiries.informationrequest",
                    str(request.pk),
                    f"{request.contact.reference} to {request.agency}",
                    start,
                    _add_years(start, periods[RecordType.INFORMATION_REQUEST].years),
                    RetentionMark.Status.DUE_REVIEW if review else RetentionMark.Status.DUE_DELETION,
                    "its contact is kept longer" if review else "",
                )
            )
        meetings = Meeting.objects.filter(hub=hub, contact__isnull=True, scheduled_for__lt=cutoffs[RecordType.MEETING])
        for meeting in meetings.order_by("scheduled_for", "pk"):
            if ("meetings.meeting", str(meeting.pk)) in already:
                continue
            start = _local_date(meeting.scheduled_for)
            plan.append(
                Planned(
                    hub,
                    RecordType.MEETING,
                    "meetings.meeting",
                    str(meeting.pk),
                    str(meeting),
                    start,
                    _add_years(start, periods[RecordType.MEETING].years),
                    RetentionMark.Status.DUE_DELETION,
                )
            )
    return plan


@transaction.atomic
def retention_review(*, today: dt.date | None = None) -> list[Planned]:
    """Mark every record whose period has ended (run by the scheduler). Deletes nothing."""
    plan = retention_plan(today=today)
    now = timezone.now()
    for p in plan:
        mark = RetentionMark.objects.create(
            hub=p.hub,
            record_type=p.record_type,
            model=p.model,
            object_id=p.object_id,
            label=p.label[:160],
            retained_from=p.retained_from,
            due_on=p.due_on,
            status=p.status,
            review_reason=p.review_reason,
            marked_at=now,
        )
        audit_record(verb=Verb.MARK, actor=None, hub=p.hub, target=mark, detail={"retention": p.status})
    return plan


def _delete_meeting_business(agenda_items: list[AgendaItem]) -> int:
    MeetingContribution.objects.filter(agenda_item__in=agenda_items).update(corrects=None)
    count = MeetingContribution.objects.filter(agenda_item__in=agenda_items).delete()[0]
    count += Action.objects.filter(agenda_item__in=agenda_items).delete()[0]
    count += AgendaItem.objects.filter(pk__in=[i.pk for i in agenda_items]).delete()[0]
    return count


def _delete_requests(requests: list[InformationRequest]) -> int:
    contributions = Contribution.objects.filter(request__in=requests)
    contributions.update(amends=None)
    count = contributions.delete()[0]  # items go with their contribution
    return count + InformationRequest.objects.filter(pk__in=[r.pk for r in requests]).delete()[0]


def _delete_contact(contact: Contact) -> dict[str, list[int]]:
    """Delete a contact and its whole case file. People stay: they may be in other contacts.

    The contact is the unit of deletion: its triage decisions, requests (with the
    agencies' answers and items), decisions (with challenges), step-ups, its places
    on meeting agendas (with what was said and the actions) and strategy discussions
    about it go with it. Everything is listed in the DELETE audit event first.
    """
    requests = list(contact.information_requests.all())
    decisions = list(contact.decisions.all())
    agenda_items = list(contact.agenda_items.all())
    strategy = list(contact.strategy_discussions.all())
    removed = {
        "people": sorted(contact.people.values_list("person_id", flat=True)),
        "requests": [r.pk for r in requests],
        "contributions": list(Contribution.objects.filter(request__in=requests).values_list("pk", flat=True)),
        "items": list(ContributionItem.objects.filter(contribution__request__in=requests).values_list("pk", flat=True)),
        "decisions": [d.pk for d in decisions],
        "challenges": list(Challenge.objects.filter(decision__in=decisions).values_list("pk", flat=True)),
        "meetings": [m.pk for m in strategy],
        "agenda_items": [i.pk for i in agenda_items],
    }
    Challenge.objects.filter(decision__in=decisions).delete()
    Decision.objects.filter(contact=contact).update(supersedes=None)
    Decision.objects.filter(contact=contact).delete()
    StepUp.objects.filter(contact=contact).delete()
    _delete_meeting_business(agenda_items)
    for meeting in strategy:
        _delete_meeting_business(list(meeting.agenda_items.all()))
        meeting.delete()
    _delete_requests(requests)
    removed.update(family_side_delete_for_contact(contact))
    Contact.objects.filter(pk=contact.pk).update(current_triage=None)
    TriageDecision.objects.filter(contact=contact).update(supersedes=None)
    TriageDecision.objects.filter(contact=contact).delete()
    Marking.objects.filter(model="contacts.contact", object_id=str(contact.pk)).delete()
    Contact.objects.filter(pk=contact.pk).delete()
    return removed


@transaction.atomic
def retention_delete(*, membership: Membership, by: User, mark: RetentionMark, confirmed: bool, reason: str) -> None:
    """Delete a record a review marked, once a hub manager confirms. The DELETE audit event lists what went."""
    if not rules.allowed("review_retention", membership):
        raise PermissionDenied
    mark = RetentionMark.objects.select_for_update().get(pk=mark.pk)
    if mark.hub_id != membership.hub_id:
        raise PermissionDenied
    if not mark.is_open:
        raise ValidationError("This record has already been dealt with")
    errors = {}
    if not confirmed:
        errors["confirm"] = "Confirm that you have checked the record and it should be deleted"
    if not reason.strip():
        errors["reason"] = "Enter why the record can be deleted now"
    if errors:
        raise ValidationError(errors)
    target: Contact | InformationRequest | Meeting | None
    if mark.model == "contacts.contact":
        target = Contact.objects.filter(pk=mark.object_id, hub=membership.hub).first()
    elif mark.model == "enquiries.informationrequest":
        target = InformationRequest.objects.filter(pk=mark.object_id, contact__hub=membership.hub).first()
    elif mark.model == "meetings.meeting":
        target = Meeting.objects.filter(pk=mark.object_id, hub=membership.hub).first()
    else:
        raise ValidationError("This kind of record cannot be deleted here")
    detail: dict[str, object] = {
        "retention_mark": mark.pk,
        "record_type": mark.record_type,
        "target_type": mark.model.split(".")[1],
        "target_id": mark.object_id,
    }
    if target is None:
        # Already gone (with a contact deleted before it): record the manager's decision all the same.
        audit_record(
            verb=Verb.DELETE,
            actor=by,
            membership=membership,
            target=mark,
            detail={**detail, "removed": {}, "people": [], "already_deleted": True},
            justification=reason.strip(),
        )
    else:
        # Audited before the rows go, naming the target while it still has an id and a label.
        audit_record(verb=Verb.DELETE, actor=by, membership=membership, target=target, detail=detail)
        event_detail: dict[str, list[int]]
        if isinstance(target, Contact):
            event_detail = _delete_contact(target)
        elif isinstance(target, InformationRequest):
            event_detail = {
                "people": sorted(target.people.values_list("pk", flat=True)),
                "contributions": list(target.contributions.values_list("pk", flat=True)),
                "items": list(
                    ContributionItem.objects.filter(contribution__request=target).values_list("pk", flat=True)
                ),
            }
            _delete_requests([target])
        else:
            items = list(target.agenda_items.all())
            event_detail = {"agenda_items": [i.pk for i in items]}
            _delete_meeting_business(items)
            target.delete()
        audit_record(
            verb=Verb.DELETE,
            actor=by,
            membership=membership,
            target=mark,
            detail={**detail, "removed": event_detail, "people": event_detail.get("people", [])},
            justification=reason.strip(),
        )
    mark.status, mark.decided_by, mark.decided_at = RetentionMark.Status.DELETED, by, timezone.now()
    mark.decision_reason = reason.strip()
    mark.save(update_fields=["status", "decided_by", "decided_at", "decision_reason"])


@transaction.atomic
def retention_keep(*, membership: Membership, by: User, mark: RetentionMark, reason: str) -> RetentionMark:
    """Keep a marked record for now (a live case, a complaint, a court order), with the reason."""
    if not rules.allowed("review_retention", membership):
        raise PermissionDenied
    mark = RetentionMark.objects.select_for_update().get(pk=mark.pk)
    if mark.hub_id != membership.hub_id:
        raise PermissionDenied
    if not mark.is_open:
        raise ValidationError("This record has already been dealt with")
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the record is kept"})
    mark.status, mark.decided_by, mark.decided_at = RetentionMark.Status.KEPT, by, timezone.now()
    mark.decision_reason = reason.strip()
    mark.save(update_fields=["status", "decided_by", "decided_at", "decision_reason"])
    audit_record(verb=Verb.UPDATE, actor=by, membership=membership, target=mark, justification=mark.decision_reason)
    return mark
