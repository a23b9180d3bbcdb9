"""Reads for restricted information: fetching an item to open, and the hub's log of openings."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from openmash.accounts import rules
from openmash.accounts.facts import facts_for
from openmash.accounts.models import Membership
from openmash.audit.models import AuditEvent, Verb
from openmash.audit.services import audit_record
from openmash.enquiries.models import ContributionItem
from openmash.people.models import Person


def restricted_item_get_for_user(*, membership: Membership, pk: int) -> tuple[ContributionItem, rules.Facts]:
    """A restricted item this practitioner may open with a reason, or 404.

    An item in another hub, one the practitioner may not read at all, and one that is
    not restricted for them are all "not found": nobody learns that a hidden item exists
    by probing this address. A refusal in the hub is audited.
    """
    try:
        item = ContributionItem.objects.select_related(
            "person", "contribution__request__agency", "contribution__request__contact__hub"
        ).get(pk=pk, contribution__request__contact__hub=membership.hub)
    except ContributionItem.DoesNotExist:
        raise Http404("No such item") from None
    facts = facts_for(item)
    if not rules.allowed("break_glass", membership, item, facts=facts):
        audit_record(
            verb=Verb.REFUSED, actor=membership.user, membership=membership, target=item, detail={"page": "break glass"}
        )
        raise Http404("No such item")
    return item, facts


@dataclass(frozen=True)
class LogFilter:
    person: Person | None = None
    since: dt.date | None = None
    until: dt.date | None = None


def break_glass_log(*, membership: Membership, where: LogFilter) -> QuerySet[AuditEvent]:
    """Every opening of restricted information in the hub, newest first, filtered by person and dates."""
    events = AuditEvent.objects.filter(hub=membership.hub, verb=Verb.BREAK_GLASS)
    if where.person is not None:
        events = events.filter(detail__person=where.person.pk)
    tz = timezone.get_current_timezone()
    if where.since:
        events = events.filter(at__gte=dt.datetime.combine(where.since, dt.time.min, tzinfo=tz))
    if where.until:
        events = events.filter(at__lt=dt.datetime.combine(where.until + dt.timedelta(days=1), dt.time.min, tzinfo=tz))
    return events.order_by("-at", "-id")
