"""Reads of the person index, scoped to the practitioner's hub."""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from django.db.models import Q, QuerySet

from openmash.hubs.models import Hub
from openmash.people import identifiers
from openmash.people.models import Person


def _norm(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in folded.lower() if ch.isalpha() or ch == " ").strip()


def _similar(a: str, b: str) -> float:
    a, b = _norm(a), _norm(b)
    if not a or not b:
        return 0.0
    return SequenceMatcher(None, a, b).ratio()


@dataclass
class Match:
    """A record that may be the person being entered, and the plain reasons why."""

    person: Person
    strength: str  # "exact" (an identifier agrees) or "likely"
    reasons: list[str] = field(default_factory=list)
    score: float = 0.0


def person_matches(
    *,
    hub: Hub,
    given_names: str = "",
    family_name: str = "",
    date_of_birth: dt.date | None = None,
    nhs_number: str = "",
    upn: str = "",
    postcode: str = "",
    limit: int = 5,
) -> list[Match]:
    """Likely existing records for a person being entered: a simple exact and fuzzy search.

    Candidates come from indexed columns (identifiers, date of birth, family name
    prefix, postcode); each is then compared on names. It shows the practitioner
    what agrees and what does not, and decides nothing: the practitioner links or creates.
    """
    nhs = identifiers.normalise_nhs_number(nhs_number) if nhs_number else ""
    pupil = identifiers.normalise_upn(upn) if upn else ""
    post = identifiers.normalise_postcode(postcode) if postcode else ""
    q = Q()
    if nhs:
        q |= Q(nhs_number=nhs)
    if pupil:
        q |= Q(upn=pupil)
    if date_of_birth:
        q |= Q(date_of_birth=date_of_birth)
        # A day and month written the wrong way round is a common slip.
        if date_of_birth.day <= 12 and date_of_birth.day != date_of_birth.month:
            try:
                q |= Q(date_of_birth=date_of_birth.replace(day=date_of_birth.month, month=date_of_birth.day))
            except ValueError:
                pass
    family = _norm(family_name)
    if len(family) >= 2:
        q |= Q(family_name__istartswith=family[:3]) | Q(other_names__family_name__istartswith=family[:3])
    if post:
        q |= Q(addresses__postcode=post)
    if not q:
        return []
    candidates: QuerySet[Person] = (
        Person.objects.filter(hub=hub).filter(q).distinct().prefetch_related("other_names", "addresses")[:200]
    )
    matches = []
    for person in candidates:
        reasons: list[str] = []
        score = 0.0
        exact = False
        if nhs and person.nhs_number == nhs:
            exact, score = True, score + 10
            reasons.append("NHS number is the same")
        if pupil and person.upn == pupil:
            exact, score = True, score + 10
            reasons.append("Unique pupil number is the same")
        names = [(person.given_names, person.family_name)] + [
            (o.given_names, o.family_name) for o in person.other_names.all()
        ]
        family_sim = max(_similar(family_name, f) for _, f in names) if family_name else 0.0
        given_sim = max(_similar(given_names, g) for g, _ in names) if given_names else 0.0
        if family_sim >= 0.99:
            score += 3
            reasons.append("Family name is the same")
        elif family_sim >= 0.75:
            score += 2
            reasons.append("Family name is similar")
        if given_sim >= 0.99:
            score += 3
            reasons.append("First name is the same")
        elif given_sim >= 0.7:
            score += 1.5
            reasons.append("First name is similar")
        if date_of_birth and person.date_of_birth:
            if person.date_of_birth == date_of_birth:
                score += 4
                reasons.append("Date of birth is the same")
            elif (person.date_of_birth.day, person.date_of_birth.month) == (date_of_birth.month, date_of_birth.day):
                score += 2
                reasons.append("Date of birth matches with day and month swapped")
            else:
                reasons.append("Date of birth is different")
        if post and any(a.postcode == post for a in person.addresses.all()):
            score += 2
            reasons.append("Has lived at the same postcode")
        if exact or score >= 5:
            matches.append(Match(person=person, strength="exact" if exact else "likely", reasons=reasons, score=score))
    matches.sort(key=lambda m: (m.strength != "exact", -m.score, m.person.pk))
    return matches[:limit]


def person_get_in_hub(*, hub: Hub, pk: int) -> Person:
    return Person.objects.get(hub=hub, pk=pk)
