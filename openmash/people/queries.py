"""Reads of the person index, scoped to the practitioner's hub."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.http import Http404

from openmash.hubs.models import Hub
from openmash.people import identifiers
from openmash.people.models import Person

if TYPE_CHECKING:
    from openmash.identity.matcher import Candidate


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
) -> list[Candidate]:
    """Likely existing records for a person being entered, best first, with the matcher's reasons.

    The identity app's matcher does the work (indexed candidates, then the hub's
    trained model); it decides nothing: the practitioner links or creates.
    """
    from openmash.identity import matcher

    record = matcher.record_for_entry(
        given_names=given_names,
        family_name=family_name,
        date_of_birth=date_of_birth,
        nhs_number=identifiers.normalise_nhs_number(nhs_number) if nhs_number else "",
        upn=identifiers.normalise_upn(upn) if upn else "",
        postcode=identifiers.normalise_postcode(postcode) if postcode else "",
    )
    return matcher.likely_matches(hub=hub, record=record, limit=limit)


def person_get_in_hub(*, hub: Hub, pk: int) -> Person:
    """The person with this id in the hub's index; not found (404) for an id that names no one
    here, whether someone in another hub, no one, or a number past any id."""
    try:
        return Person.objects.get(hub=hub, pk=pk)
    except Person.DoesNotExist:
        raise Http404("No such person") from None
