"""Likely matches shown before a new person record is made (the identity matcher, through people.queries)."""

from __future__ import annotations

import datetime as dt

import pytest

from openmash.people import services
from openmash.people.queries import person_matches

pytestmark = pytest.mark.django_db


@pytest.fixture
def amy(cast):
    return services.person_create(
        membership=cast.social_worker,
        by=cast.social_worker.user,
        kind="child",
        given_names="Amy",
        family_name="Smith",
        date_of_birth=dt.date(2018, 5, 4),
        nhs_number="9434765919",
        other_names=[("Amelia", "Jones")],
        address={"line_1": "1 High Street", "postcode": "ab1 2cd"},
    )


def test_exact_identifier_wins_even_with_another_name(cast, amy):
    [match] = person_matches(hub=cast.hub, given_names="Completely", family_name="Different", nhs_number="943 476 5919")
    assert match.person == amy and match.strength == "exact"
    assert "NHS number is the same" in match.reasons


def test_fuzzy_name_and_same_birthday(cast, amy):
    [match] = person_matches(hub=cast.hub, given_names="Aimee", family_name="Smyth", date_of_birth=dt.date(2018, 5, 4))
    assert match.person == amy and match.strength == "likely"
    assert "Date of birth is the same" in match.reasons
    assert "Last name is similar" in match.reasons


def test_day_and_month_swapped(cast, amy):
    [match] = person_matches(hub=cast.hub, given_names="Amy", family_name="Smith", date_of_birth=dt.date(2018, 4, 5))
    assert "Date of birth agrees with day and month swapped" in match.reasons


def test_other_names_are_searched(cast, amy):
    [match] = person_matches(hub=cast.hub, given_names="Amelia", family_name="Jones")
    assert match.person == amy


def test_postcode_counts(cast, amy):
    [match] = person_matches(hub=cast.hub, given_names="Amy", family_name="Smith", postcode="AB12CD")
    assert "Same current postcode" in match.reasons


def test_no_match_for_a_different_person_or_another_hub(cast, amy):
    assert person_matches(hub=cast.hub, given_names="Zed", family_name="Quinn", date_of_birth=dt.date(2001, 1, 1)) == []
    assert person_matches(hub=cast.other_hub, nhs_number="9434765919", given_names="Amy", family_name="Smith") == []
