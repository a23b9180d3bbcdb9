"""Matching at intake: indexed candidates first, then the trained model's weights on those alone.

No request runs Splink or scans the index: the keys (identifiers, date of birth
with day and month in either order, name codes with year of birth, postcodes) are
looked up in one indexed query, and at most MAX_CANDIDATES are scored in Python
with the hub's saved parameters (definition.score_pair).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection

from openmash.hubs.models import Hub
from openmash.identity import definition, index
from openmash.identity.features import Record, build_record, candidate_keys
from openmash.identity.models import IndexedPerson, NotSamePerson
from openmash.people.models import Person

MAX_CANDIDATES = 200


@dataclass(frozen=True)
class Candidate:
    """An existing record that may be the person being entered, with the model's reasons."""

    person: Person
    score: definition.Score

    @property
    def probability(self) -> float:
        return self.score.probability

    @property
    def percent(self) -> str:
        p = self.score.probability * 100
        if p >= 99.5:
            return "over 99%"
        if p < 1:
            return "under 1%"
        return f"{p:.0f}%"

    @property
    def reasons(self) -> list[str]:
        """The explanation in words: what agreed, then what disagreed."""
        return [f.text for f in self.score.agreed] + [f.text for f in self.score.disagreed]

    @property
    def strength(self) -> str:
        if any(f.comparison in definition.IDENTIFIERS and f.agreement == "agrees" for f in self.score.fields):
            return "exact"
        return "likely"


def candidate_ids(hub_id: int, keys: Iterable[str], limit: int = MAX_CANDIDATES) -> list[int]:
    """Index records sharing most keys with the new one, most shared first (one indexed query)."""
    keys = sorted(keys)
    if not keys:
        return []
    placeholders = ", ".join(["%s"] * len(keys))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT person_id FROM identity_personkey WHERE hub_id = %s AND key IN ({placeholders}) "  # noqa: S608
            "GROUP BY person_id ORDER BY count(*) DESC, person_id LIMIT %s",
            [hub_id, *keys, limit],
        )
        return [row[0] for row in cursor.fetchall()]


def score_candidates(
    hub: Hub, record: Record, *, exclude: Iterable[int] = (), threshold: float = definition.REVIEW_THRESHOLD
) -> list[tuple[int, definition.Score]]:
    """(person id, score) for index records at or above the threshold, best first."""
    parameters = index.parameters_for(hub)
    ids = [i for i in candidate_ids(hub.pk, candidate_keys(record)) if i not in set(exclude)]
    if not ids:
        return []
    scored = []
    for person_id, features in IndexedPerson.objects.filter(person_id__in=ids).values_list("person_id", "features"):
        score = definition.score_pair(record, features, parameters)
        # A shared NHS number or UPN is always shown, however much else disagrees.
        if score.probability >= threshold or any(
            f.comparison in definition.IDENTIFIERS and f.agreement == "agrees" for f in score.fields
        ):
            scored.append((person_id, score))
    scored.sort(key=lambda item: (-item[1].match_weight, item[0]))
    return scored


def record_for_entry(
    *,
    given_names: str = "",
    family_name: str = "",
    other_names: Iterable[tuple[str, str]] = (),
    date_of_birth: dt.date | str | None = None,
    sex: str = "",
    postcode: str = "",
    address_line_1: str = "",
    nhs_number: str = "",
    upn: str = "",
    police_reference: str = "",
) -> Record:
    return build_record(
        unique_id="new",
        given_names=given_names,
        family_name=family_name,
        other_names=other_names,
        date_of_birth=date_of_birth,
        sex=sex,
        postcodes=[postcode] if postcode else [],
        address_line_1=address_line_1,
        nhs_number=nhs_number,
        upn=upn,
        police_reference=police_reference,
    )


def likely_matches(
    *, hub: Hub, record: Record, exclude: Iterable[int] = (), limit: int = 5, not_same_as: int | None = None
) -> list[Candidate]:
    """The likely existing records for a person being entered, best first, each with its explanation."""
    excluded = set(exclude)
    if not_same_as is not None:
        for a, b in (
            NotSamePerson.objects.filter(hub=hub)
            .filter(person_a=not_same_as)
            .values_list("person_a", "person_b")
            .union(NotSamePerson.objects.filter(hub=hub, person_b=not_same_as).values_list("person_a", "person_b"))
        ):
            excluded |= {a, b}
    scored = score_candidates(hub, record, exclude=excluded, threshold=definition.INTAKE_THRESHOLD)[:limit]
    people = Person.objects.in_bulk([pid for pid, _ in scored])
    return [Candidate(person=people[pid], score=score) for pid, score in scored if pid in people]
