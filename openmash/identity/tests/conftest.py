from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from openmash.people import services as people_services
from openmash.people.models import Person


def add_person(membership: Any, **fields: Any) -> Person:
    address = fields.pop("address", None)
    other_names = fields.pop("other_names", None)
    fields.setdefault("kind", "child")
    return people_services.person_create(
        membership=membership, by=membership.user, address=address, other_names=other_names, **fields
    )


@pytest.fixture
def jayden(cast: Any) -> Person:
    """A child the hub already knows."""
    return add_person(
        cast.social_worker,
        given_names="Jayden",
        family_name="Smith",
        date_of_birth=dt.date(2016, 3, 7),
        sex="M",
        other_names=[("Jay", "Smith")],
        address={"line_1": "14 Acacia Avenue", "town": "Leeds", "postcode": "LS6 2AB"},
    )
