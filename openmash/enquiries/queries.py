"""Reads of the enquiry, scoped to the hub and to what each agency may see. Reads of case data are audited."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from openmash.accounts import rules
from openmash.accounts.facts import agencies_asked
from openmash.accounts.models import Membership
from openmash.audit.models import Verb
from openmash.audit.services import audit_record
from openmash.contacts.models import Contact
from openmash.contacts.queries import Clock, clock
from openmash.enquiries.models import OPEN_STATUSES, Contribution, ContributionItem, InformationRequest, RequestStatus
from openmash.hubs.worktime import WorkingCalendar


def _requests() -> QuerySet[InformationRequest]:
    return InformationRequest.objects.select_related("contact__hub", "agency", "sent_by").prefetch_related("people")


def request_get_for_user(*, membership: Membership | None, pk: int) -> InformationRequest:
    """One request for a page, or refuse.

    Another hub's request, another agency's request and a withdrawn request (for the
    agency it was sent to) are not found: an agency does not learn what others were asked.
    """
    if membership is None:
        raise PermissionDenied
    try:
        request = _requests().get(pk=pk, contact__hub=membership.hub)
    except InformationRequest.DoesNotExist:
        raise Http404("No such request") from None
    if not rules.allowed("view_request", membership, request):
        audit_record(verb=Verb.REFUSED, actor=membership.user, membership=membership, target=request)
        raise Http404("No such request")
    audit_record(verb=Verb.VIEW, actor=membership.user, membership=membership, target=request)
    return request


def contribution_get_for_agency(*, membership: Membership, pk: int) -> Contribution:
    """A contribution the practitioner's agency may work on (its own), or 404."""
    try:
        contribution = Contribution.objects.select_related("request__contact__hub", "request__agency").get(
            pk=pk, request__contact__hub=membership.hub
        )
    except Contribution.DoesNotExist:
        raise Http404("No such response") from None
    if not rules.allowed("answer_request", membership, contribution.request):
        raise Http404("No such response")
    return contribution


def item_get_for_agency(*, membership: Membership, pk: int) -> ContributionItem:
    try:
        item = ContributionItem.objects.select_related("contribution__request__contact__hub").get(
            pk=pk, contribution__request__contact__hub=membership.hub
        )
    except ContributionItem.DoesNotExist:
        raise Http404("No such item") from None
    if not rules.allowed("answer_request", membership, item.contribution.request):
        raise Http404("No such item")
    return item


@dataclass(frozen=True)
class RequestRow:
    request: InformationRequest
    clock: Clock | None


def agency_queue(*, membership: Membership) -> dict[str, list[RequestRow]]:
    """The partner's queue: open requests to their agency in this hub, nearest deadline first,
    then what they answered in the last 30 days."""
    if not rules.allowed("see_agency_queue", membership) or membership.agency is None:
        return {"open": [], "answered": []}
    hub = membership.hub
    cal = hub.calendar()
    now = timezone.now()
    mine = _requests().filter(contact__hub=hub, agency=membership.agency)
    open_rows = [
        RequestRow(request=r, clock=clock(cal, r.deadline, now))
        for r in mine.filter(status__in=OPEN_STATUSES).order_by("deadline", "pk")
    ]
    answered = [
        RequestRow(request=r, clock=None)
        for r in mine.filter(
            status__in=[RequestStatus.SUBMITTED, RequestStatus.UNABLE], closed_at__gte=now - dt.timedelta(days=30)
        ).order_by("-closed_at")[:50]
    ]
    audit_record(
        verb=Verb.LIST,
        actor=membership.user,
        membership=membership,
        detail={"page": "agency queue", "requests": [row.request.pk for row in open_rows + answered]},
    )
    return {"open": open_rows, "answered": answered}


def _contributions() -> QuerySet[Contribution]:
    return Contribution.objects.select_related(
        "request__agency", "request__contact__hub", "recommended_level", "submitted_by", "amends"
    ).prefetch_related(
        "indicators",
        Prefetch(
            "items", queryset=ContributionItem.objects.select_related("person").order_by("person_id", "-occurred_on")
        ),
    )


def contributions_visible(*, membership: Membership, contact: Contact) -> list[Contribution]:
    """The answers to a contact's requests that this practitioner may read (`rules.can_view_contribution`).

    The hub's social workers, managers and quality leads read every submitted answer.
    An agency reads its own answers (drafts included) and, only where the hub shares
    analyses with every agency on the case, the others' submitted answers; never
    another agency's draft, and nothing once its own request was withdrawn.
    """
    if membership.role not in rules.READERS | rules.ANSWERING_ROLES:
        return []
    facts = rules.Facts(asked=agencies_asked(contact.pk))
    qs = _contributions().filter(request__contact=contact).order_by("request__agency__name", "submitted_at", "pk")
    visible = [c for c in qs if rules.allowed("view_contribution", membership, c, facts=facts)]
    for contribution in visible:
        for item in contribution.items.all():
            # The template shows a restricted item's content only when this is set: anything else
            # that renders items without passing through here shows the reason prompt instead.
            item.shown = not rules.is_restricted_for(membership, item)  # type: ignore[attr-defined]
    return visible


def contact_requests(*, contact: Contact, cal: WorkingCalendar | None = None) -> list[RequestRow]:
    """Every request about a contact, for the hub's staff, with each open one's clock.

    Pass the hub's calendar when the caller already has it (it costs a query to build).
    """
    cal = cal or contact.hub.calendar()
    now = timezone.now()
    return [
        RequestRow(request=r, clock=clock(cal, r.deadline, now) if r.is_open else None)
        for r in _requests().filter(contact=contact).order_by("agency__name", "sent_at")
    ]
