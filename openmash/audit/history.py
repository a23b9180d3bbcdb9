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
    decisions, challenges and letters that concern them, newest first.

    Nine small id queries, then one query on the indexed (target_type, target_id).
    Events about records deleted under retention still match: the manager's DELETE event
    lists the people and every id removed, and those ids are added here.
    """
    from openmash.contacts.models import ContactPerson
    from openmash.decisions.models import Challenge, Decision
    from openmash.enquiries.models import Contribution, ContributionItem, InformationRequest
    from openmash.letters.models import Letter
    from openmash.meetings.models import AgendaItem, Meeting

    contact_ids = list(ContactPerson.objects.filter(person=person).values_list("contact_id", flat=True))
    request_ids = list(InformationRequest.objects.filter(contact_id__in=contact_ids).values_list("pk", flat=True))
    contribution_ids = list(Contribution.objects.filter(request_id__in=request_ids).values_list("pk", flat=True))
    item_ids = ContributionItem.objects.filter(Q(person=person) | Q(contribution_id__in=contribution_ids))
    decision_ids = list(Decision.objects.filter(contact_id__in=contact_ids).values_list("pk", flat=True))
    meeting_ids = AgendaItem.objects.filter(contact_id__in=contact_ids).values_list("meeting_id", flat=True)
    strategy_ids = Meeting.objects.filter(contact_id__in=contact_ids).values_list("pk", flat=True)
    letter_ids = Letter.objects.filter(contact_id__in=contact_ids).values_list("pk", flat=True)
    targets = {
        "person": [str(person.pk)],
        "contact": _ids(contact_ids),
        "informationrequest": _ids(request_ids),
        "contribution": _ids(contribution_ids),
        "contributionitem": _ids(item_ids.values_list("pk", flat=True)),
        "decision": _ids(decision_ids),
        "challenge": _ids(Challenge.objects.filter(decision_id__in=decision_ids).values_list("pk", flat=True)),
        "meeting": sorted(set(_ids(meeting_ids)) | set(_ids(strategy_ids))),
        "letter": _ids(letter_ids),
    }
    # Records deleted under retention: the manager's DELETE event names the people and every id removed,
    # so the events about them stay on this page after the rows are gone (one query; deletions are few).
    deletions = []
    for pk, detail in AuditEvent.objects.filter(
        hub_id=person.hub_id, verb=Verb.DELETE, target_type="retentionmark"
    ).values_list("pk", "detail"):
        if person.pk not in detail.get("people", []):
            continue
        deletions.append(pk)
        targets.setdefault(str(detail.get("target_type", "")), []).append(str(detail.get("target_id", "")))
        for key, target_type in REMOVED_TYPES.items():
            targets.setdefault(target_type, []).extend(str(i) for i in detail.get("removed", {}).get(key, []))
    where = Q(pk__in=deletions)
    for target_type, ids in targets.items():
        if ids:
            where |= Q(target_type=target_type, target_id__in=ids)
    return AuditEvent.objects.filter(where, hub_id=person.hub_id).order_by("-at", "-id")


REMOVED_TYPES = {
    "requests": "informationrequest",
    "contributions": "contribution",
    "decisions": "decision",
    "challenges": "challenge",
    "meetings": "meeting",
    "items": "contributionitem",
    "agenda_items": "agendaitem",
}


TARGET_NAMES = {
    "person": "the person's record",
    "contact": "contact",
    "informationrequest": "information request",
    "contribution": "agency's answer",
    "contributionitem": "item",
    "decision": "decision",
    "challenge": "challenge",
    "meeting": "meeting",
    "letter": "letter",
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
