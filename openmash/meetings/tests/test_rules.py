"""The named access rules for meetings, one by one, for every role."""

from __future__ import annotations

import pytest

from openmash.accounts.rules import allowed
from openmash.enquiries.tests.conftest import send
from openmash.meetings import services
from openmash.meetings.tests.conftest import attend, hub_agency, member_agency, plan, triaged

pytestmark = pytest.mark.django_db

ROLES = ["manager", "social_worker", "police", "health", "early_help", "quality", "admin", "outsider"]

HUB_RULES = {
    "run_meetings": dict(
        manager=True,
        social_worker=True,
        police=False,
        health=False,
        early_help=False,
        quality=False,
        admin=False,
        outsider=True,
    ),
    "see_meetings": dict(
        manager=True,
        social_worker=True,
        police=False,
        health=False,
        early_help=False,
        quality=True,
        admin=False,
        outsider=True,
    ),
    "list_meetings": dict(
        manager=True,
        social_worker=True,
        police=True,
        health=True,
        early_help=True,
        quality=True,
        admin=False,
        outsider=True,
    ),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("rule", sorted(HUB_RULES))
def test_hub_rules(cast, rule, role):
    assert allowed(rule, cast.everyone[role]) is HUB_RULES[rule][role]


@pytest.fixture
def setting(cast):
    """A daily meeting the police attended, about two cases: one police were asked about, one health was."""
    meeting = plan(cast)
    police_case, health_case = triaged(cast, "red"), triaged(cast, "amber")
    send(cast, police_case, [member_agency(cast.police)])
    send(cast, health_case, [member_agency(cast.health)])
    items = {}
    for name, contact in (("police_case", police_case), ("health_case", health_case)):
        items[name] = services.agenda_item_add(
            membership=cast.social_worker, by=cast.social_worker.user, meeting=meeting, contact=contact
        )
    attend(cast, meeting, hub_agency(cast, "police"))
    return meeting, items


VIEW_MEETING = dict(
    manager=True,
    social_worker=True,
    police=True,
    health=False,
    early_help=False,
    quality=True,
    admin=False,
    outsider=False,
)


@pytest.mark.parametrize("role", ROLES)
def test_view_meeting(cast, setting, role):
    meeting, _ = setting
    assert allowed("view_meeting", cast.everyone[role], meeting) is VIEW_MEETING[role]


def test_apologies_are_not_attending(cast, setting):
    from openmash.meetings.models import Attendance

    meeting, _ = setting
    attend(cast, meeting, hub_agency(cast, "health"), Attendance.Status.APOLOGIES)
    assert not allowed("view_meeting", cast.health, meeting)


VIEW_ITEM = {
    "police_case": dict(
        manager=True,
        social_worker=True,
        police=True,
        health=False,
        early_help=False,
        quality=True,
        admin=False,
        outsider=False,
    ),
    "health_case": dict(
        manager=True,
        social_worker=True,
        police=False,
        health=False,
        early_help=False,
        quality=True,
        admin=False,
        outsider=False,
    ),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", sorted(VIEW_ITEM))
def test_view_agenda_item(cast, setting, case, role):
    _, items = setting
    assert allowed("view_agenda_item", cast.everyone[role], items[case]) is VIEW_ITEM[case][role]


def test_health_at_the_meeting_sees_only_its_case(cast, setting):
    _, items = setting
    meeting = items["health_case"].meeting
    attend(cast, meeting, hub_agency(cast, "health"))
    assert allowed("view_agenda_item", cast.health, items["health_case"])
    assert not allowed("view_agenda_item", cast.health, items["police_case"])


def test_a_withdrawn_request_hides_the_case_again(cast, setting):
    from openmash.enquiries import services as enquiry_services

    _, items = setting
    request = items["police_case"].contact.information_requests.get()
    enquiry_services.request_withdraw(
        membership=cast.social_worker, by=cast.social_worker.user, request=request, reason="Family moved away."
    )
    assert not allowed("view_agenda_item", cast.police, items["police_case"])
