"""The default marking of each kind of record and field, and how a page or export finds a record's marking."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import models

from openmash.markings.models import Classification, Descriptor

RANK = {Classification.OFFICIAL: 0, Classification.OFFICIAL_SENSITIVE: 1}


@dataclass(frozen=True)
class HandlingMarking:
    classification: str
    descriptors: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        """As printed on a banner or an export: "OFFICIAL-SENSITIVE PERSONAL"."""
        return " ".join([self.classification, *self.descriptors])

    @property
    def is_sensitive(self) -> bool:
        return self.classification == Classification.OFFICIAL_SENSITIVE

    def __str__(self) -> str:
        return self.text

    def combine(self, other: HandlingMarking) -> HandlingMarking:
        """The marking of a page or file holding both: the higher classification, every descriptor."""
        top = max(self.classification, other.classification, key=lambda c: RANK[Classification(c)])
        descriptors = tuple(sorted(set(self.descriptors) | set(other.descriptors)))
        return HandlingMarking(top, descriptors if top == Classification.OFFICIAL_SENSITIVE else ())


OFFICIAL = HandlingMarking(Classification.OFFICIAL)
PERSONAL = HandlingMarking(Classification.OFFICIAL_SENSITIVE, (Descriptor.PERSONAL,))
LAW_ENFORCEMENT = HandlingMarking(Classification.OFFICIAL_SENSITIVE, (Descriptor.LAW_ENFORCEMENT, Descriptor.PERSONAL))
MEDICAL = HandlingMarking(Classification.OFFICIAL_SENSITIVE, (Descriptor.MEDICAL, Descriptor.PERSONAL))


def _item_default(item: Any) -> HandlingMarking:
    """A police item not for disclosure is law-enforcement data; a therapy record is medical."""
    return {"nfd": LAW_ENFORCEMENT, "therapeutic": MEDICAL}.get(item.sensitivity, PERSONAL)


# Model label -> the default marking of a whole record (a marking, or a function of the record).
RECORD_DEFAULTS: dict[str, HandlingMarking | Callable[[Any], HandlingMarking]] = {
    "people.person": PERSONAL,
    "contacts.contact": PERSONAL,
    "contacts.triagedecision": PERSONAL,
    "enquiries.informationrequest": PERSONAL,
    "enquiries.contribution": PERSONAL,
    "enquiries.contributionitem": _item_default,
    "decisions.decision": PERSONAL,
    "decisions.challenge": PERSONAL,
    "decisions.stepup": PERSONAL,
    "meetings.meeting": PERSONAL,
    "meetings.agendaitem": PERSONAL,
    "hubs.hub": OFFICIAL,
}

# (model label, field) -> a field marked differently from its record.
FIELD_DEFAULTS: dict[tuple[str, str], HandlingMarking] = {
    ("people.person", "police_reference"): LAW_ENFORCEMENT,
    ("people.person", "nhs_number"): MEDICAL,
}


def default_marking(obj: models.Model, field: str = "") -> HandlingMarking:
    label = obj._meta.label_lower
    if field and (label, field) in FIELD_DEFAULTS:
        return FIELD_DEFAULTS[(label, field)]
    default = RECORD_DEFAULTS.get(label, OFFICIAL)
    return default(obj) if callable(default) else default


def combine(markings: Iterable[HandlingMarking]) -> HandlingMarking:
    result = OFFICIAL
    for marking in markings:
        result = result.combine(marking)
    return result
