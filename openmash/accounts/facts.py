"""The facts the access rules need beyond a record's own fields, read from the database.

The rules in `rules.py` are pure; this module is where their inputs come from.
Each function is one query. Pages that ask about many records call
`asked_by_contact` once rather than `facts_for` per record.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db import models

from openmash.accounts.rules import Facts


def agencies_asked(contact_id: int) -> frozenset[int]:
    """Agencies with a request about the contact that is not withdrawn."""
    from openmash.enquiries.models import InformationRequest, RequestStatus

    return frozenset(
        InformationRequest.objects.filter(contact_id=contact_id)
        .exclude(status=RequestStatus.WITHDRAWN)
        .values_list("agency_id", flat=True)
    )


def asked_by_contact(contact_ids: Iterable[int]) -> dict[int, frozenset[int]]:
    """`agencies_asked` for many contacts in one query."""
    from openmash.enquiries.models import InformationRequest, RequestStatus

    found: dict[int, set[int]] = defaultdict(set)
    rows = (
        InformationRequest.objects.filter(contact_id__in=list(contact_ids))
        .exclude(status=RequestStatus.WITHDRAWN)
        .values_list("contact_id", "agency_id")
    )
    for contact_id, agency_id in rows:
        found[contact_id].add(agency_id)
    return defaultdict(frozenset, {k: frozenset(v) for k, v in found.items()})


def agencies_present(meeting_id: int) -> frozenset[int]:
    """Agencies recorded present (not apologies) at the meeting."""
    from openmash.meetings.models import Attendance

    return frozenset(
        Attendance.objects.filter(meeting_id=meeting_id, status=Attendance.Status.PRESENT).values_list(
            "agency_id", flat=True
        )
    )


def facts_for(record: models.Model) -> Facts:
    """The facts about the case a record belongs to."""
    from openmash.contacts.models import Contact
    from openmash.decisions.models import Challenge, Decision
    from openmash.enquiries.models import Contribution, ContributionItem, InformationRequest
    from openmash.meetings.models import AgendaItem, Meeting

    if isinstance(record, Contact):
        return Facts(asked=agencies_asked(record.pk))
    if isinstance(record, InformationRequest | Decision):
        return Facts(asked=agencies_asked(record.contact_id))
    if isinstance(record, Contribution):
        return Facts(asked=agencies_asked(record.request.contact_id))
    if isinstance(record, ContributionItem):
        return Facts(asked=agencies_asked(record.contribution.request.contact_id))
    if isinstance(record, Challenge):
        return Facts(asked=agencies_asked(record.decision.contact_id))
    if isinstance(record, Meeting):
        return Facts(present=agencies_present(record.pk))
    if isinstance(record, AgendaItem):
        return Facts(asked=agencies_asked(record.contact_id), present=agencies_present(record.meeting_id))
    raise TypeError(f"No facts for a {type(record).__name__}")
