"""Re-referrals: the DfE count (a referral within 12 months of a previous referral), per child."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from conftest import make_contact
from openmash.contacts import services as contact_services
from openmash.contacts.models import ContactPerson
from openmash.contacts.queries import people_with_history, re_referrals, within_twelve_months
from openmash.identity import queries

from .conftest import add_person

pytestmark = pytest.mark.django_db


def at(y, m, d):
    return dt.datetime(y, m, d, 10, 0, tzinfo=dt.UTC)


def recorded(when):
    """Record a contact as the hub did, when it arrived: the service refuses one received over a year ago."""
    return time_machine.travel(when + dt.timedelta(hours=1), tick=False)


def refer(cast, child, when, route="mash", extra_children=()):
    """A contact about the child (and any others), triaged to a route."""
    with recorded(when):
        return _refer(cast, child, when, route, extra_children)


def _refer(cast, child, when, route, extra_children):
    sw = cast.social_worker
    c = make_contact(sw, child=child, received_at=when, submit=False)
    for other in extra_children:
        contact_services.contact_add_person(
            membership=sw, by=sw.user, contact=c, person=other, part=ContactPerson.Part.SUBJECT, linked_existing=True
        )
    c = contact_services.contact_submit(membership=sw, by=sw.user, contact=c)
    level = cast.hub.current_levels().get(code="red" if route in {"mash", "strategy"} else "green")
    contact_services.contact_triage(membership=sw, by=sw.user, contact=c, level=level, route=route, rationale="r")
    return c


@pytest.mark.parametrize(
    ("earlier", "later", "counts"),
    [
        (at(2025, 3, 3), at(2026, 3, 3), True),  # exactly 12 months: within
        (at(2025, 3, 2), at(2026, 3, 3), False),  # a day more: not
        (at(2024, 2, 29), at(2025, 2, 28), True),  # 29 February counts from 28 February
        (at(2024, 2, 28), at(2025, 3, 1), False),
        (at(2026, 3, 3), at(2026, 3, 3), False),  # not before it
    ],
)
def test_the_twelve_month_boundary(earlier, later, counts):
    assert within_twelve_months(earlier, later) is counts


def test_a_new_contact_shows_referrals_in_the_previous_12_months(cast):
    amy = add_person(cast.social_worker, given_names="Amy", family_name="Testchild")
    refer(cast, amy, at(2025, 3, 2))  # just over 12 months before the next
    refer(cast, amy, at(2025, 9, 1), route="early_help")  # not a referral to social care
    with recorded(at(2026, 3, 3)):
        new = make_contact(cast.social_worker, child=amy, received_at=at(2026, 3, 3))
    [item] = people_with_history(contact=new)
    assert len(item.previous) == 2 and item.referrals_last_12_months == 0 and not item.would_be_re_referral
    refer(cast, amy, at(2025, 3, 3))  # exactly 12 months before
    [item] = people_with_history(contact=new)
    assert item.referrals_last_12_months == 1 and item.would_be_re_referral


def test_re_referral_count_is_per_child_with_several_children_in_one_contact(cast):
    amy = add_person(cast.social_worker, given_names="Amy", family_name="Testchild")
    ben = add_person(cast.social_worker, given_names="Ben", family_name="Testchild")
    cal = add_person(cast.social_worker, given_names="Cal", family_name="Testchild")
    refer(cast, amy, at(2025, 5, 1), extra_children=[ben])  # both referred
    refer(cast, cal, at(2024, 1, 1))  # long ago
    # One contact about all three: Amy and Ben are re-referrals, Cal is not.
    refer(cast, amy, at(2026, 4, 30), extra_children=[ben, cal])
    assert re_referrals(hub=cast.hub, start=at(2026, 1, 1), end=at(2027, 1, 1)) == 2
    # The first referrals in 2025 are not re-referrals; nor in another hub.
    assert re_referrals(hub=cast.hub, start=at(2025, 1, 1), end=at(2026, 1, 1)) == 0
    assert re_referrals(hub=cast.other_hub, start=at(2026, 1, 1), end=at(2027, 1, 1)) == 0


def test_merged_records_count_as_one_child(cast):
    from openmash.identity import services

    amy = add_person(cast.social_worker, given_names="Amy", family_name="Testchild")
    amy2 = add_person(cast.social_worker, given_names="Aimee", family_name="Testchild")
    refer(cast, amy2, at(2025, 6, 1))
    refer(cast, amy, at(2026, 1, 1))
    assert re_referrals(hub=cast.hub, start=at(2026, 1, 1), end=at(2027, 1, 1)) == 0
    services.person_merge(
        membership=cast.social_worker, by=cast.social_worker.user, kept=amy, merged=amy2, reason="Same child"
    )
    assert re_referrals(hub=cast.hub, start=at(2026, 1, 1), end=at(2027, 1, 1)) == 1
    history = queries.person_history(amy)
    assert len(history.recent) + len(history.older) == 2
