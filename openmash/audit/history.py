"""'Who has seen this child's record?': every audited read and change of a person and their case records."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q, QuerySet

from openmash.audit.models import AuditEvent, Verb
from openmash.people.models import Person


def _ids(values: Iterable[object]) -> list[str]:
    return [str(v) for v in values]


def record_history(*, person: Person) -> QuerySet[AuditEvent]:
    """Events about the person and about the contacts, requests, answers, items, meetings,
    decisions and challenges that concern them, newest first.

    Seven small id queries, then one indexed query on (target_type, target_id) per kind.
    Events about records since deleted still match, by the ids they were written with,
    as long as a surviving record (the person, or a contact) still points at them; the
    retention service records the ids it deletes in its DELETE event for that reason.
    """
    from openmash.contacts.models import ContactPerson
    from openmash.decisions.models import Challenge, Decision
    from openmash.enquiries.models import Contribution, ContributionItem, InformationRequest
    from openmash.meetings.models import AgendaItem, Meeting

    contact_ids = list(ContactPerson.objects.filter(person=person).values_list("contact_id", flat=True))
    request_ids = list(InformationRequest.objects.filter(contact_id__in=contact_ids).values_list("pk", flat=True))
    contribution_ids = list(Contribution.objects.filter(request_id__in=request_ids).values_list("pk", flat=True))
    item_ids = ContributionItem.objects.filter(Q(person=person) | Q(contribution_id__in=contribution_ids))
    decision_ids = list(Decision.objects.filter(contact_id__in=contact_ids).values_list("pk", flat=True))
    meeting_ids = AgendaItem.objects.filter(contact_id__in=contact_ids).values_list("meeting_id", flat=True)
    strategy_ids = Meeting.objects.filter(contact_id__in=contact_ids).values_list("pk", flat=True)
    targets = {
        "person": [str(person.pk)],
        "contact": _ids(contact_ids),
        "informationrequest": _ids(request_ids),
        "contribution": _ids(contribution_ids),
        "contributionitem": _ids(item_ids.values_list("pk", flat=True)),
        "decision": _ids(decision_ids),
        "challenge": _ids(Challenge.objects.filter(decision_id__in=decision_ids).values_list("pk", flat=True)),
        "meeting": sorted(set(_ids(meeting_ids)) | set(_ids(strategy_ids))),
    }
    where = Q()
    for target_type, ids in targets.items():
        if ids:
            where |= Q(target_type=target_type, target_id__in=ids)
    # Deletions are audited against the contact and name the person, so they stay findable.
    where |= Q(verb=Verb.DELETE, detail__people__contains=[person.pk]) if _json_contains() else Q(pk__in=[])
    return AuditEvent.objects.filter(where, hub_id=person.hub_id).order_by("-at", "-id")


def _json_contains() -> bool:
    from django.db import connection

    return connection.vendor == "postgresql"


TARGET_NAMES = {
    "person": "the person's record",
    "contact": "contact",
    "informationrequest": "information request",
    "contribution": "agency's answer",
    "contributionitem": "item",
    "decision": "decision",
    "challenge": "challenge",
    "meeting": "meeting",
    "retentionmark": "retention record",
}
# Items may be restricted: their label (the summary) is never repeated on this page.
UNLABELLED = {"contributionitem"}


def describe(event: AuditEvent) -> str:
    """What the person did, in words, without repeating restricted content."""
    what = Verb(event.verb).label
    name = TARGET_NAMES.get(event.target_type, event.target_type)
    if event.target_type == "person":
        return f"{what} {name}"
    label = "" if event.target_type in UNLABELLED else event.target_label
    return f"{what} {name} {label or event.target_id}".strip()
