"""Strategy discussions: the statutory minimum attendance (local authority, police, health)."""

from __future__ import annotations

import html

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from openmash.audit.models import AuditEvent, Verb
from openmash.meetings import queries, services
from openmash.meetings.models import Attendance, MeetingKind
from openmash.meetings.tests.conftest import attend, hub_agency, plan, triaged

pytestmark = pytest.mark.django_db

WARNING = "A strategy discussion needs the local authority, police and health"


@pytest.fixture
def strategy(cast):
    return plan(cast, MeetingKind.STRATEGY, contact=triaged(cast, "red", route="strategy"))


def page(cast, meeting):
    response = cast.client_for(cast.social_worker).get(reverse("meetings:detail", args=[meeting.pk]))
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_page_warns_until_all_three_are_recorded_present(cast, strategy):
    body = page(cast, strategy)
    assert WARNING in body and "Children's social care, Police, Health" in body
    attend(cast, strategy, hub_agency(cast, "csc"), name="Sam Social")
    attend(cast, strategy, hub_agency(cast, "police"), name="DC Jones")
    attend(cast, strategy, hub_agency(cast, "health"), Attendance.Status.APOLOGIES)
    body = page(cast, strategy)
    assert WARNING in body and "Not recorded present: Health." in body
    attend(cast, strategy, hub_agency(cast, "health"), name="Nurse Patel")
    assert WARNING not in page(cast, strategy)


def test_other_meetings_have_no_statutory_minimum(cast, daily):
    assert queries.missing_statutory_agencies(meeting=daily) == []
    assert WARNING not in page(cast, daily)


def test_closing_without_the_three_is_refused_without_a_reason(cast, strategy):
    attend(cast, strategy, hub_agency(cast, "csc"))
    attend(cast, strategy, hub_agency(cast, "health"))
    with pytest.raises(ValidationError) as exc:
        services.meeting_close(membership=cast.manager, by=cast.manager.user, meeting=strategy)
    assert "Not recorded present: Police" in exc.value.message_dict["missing_attendance_reason"][0]
    strategy.refresh_from_db()
    assert not strategy.is_held


def test_closing_with_a_reason_records_it(cast, strategy):
    reason = "Police could not attend; briefed by phone at 10:15"
    services.meeting_close(
        membership=cast.manager, by=cast.manager.user, meeting=strategy, missing_attendance_reason=reason
    )
    strategy.refresh_from_db()
    assert strategy.is_held and strategy.closed_by == cast.manager.user
    assert strategy.missing_attendance_reason == reason
    event = AuditEvent.objects.get(verb=Verb.UPDATE, target_type="meeting", target_id=str(strategy.pk))
    assert event.justification == reason
    assert reason in page(cast, strategy)


def test_closing_with_all_three_present_needs_no_reason(cast, strategy):
    for kind in ("csc", "police", "health"):
        attend(cast, strategy, hub_agency(cast, kind))
    services.meeting_close(membership=cast.manager, by=cast.manager.user, meeting=strategy)
    strategy.refresh_from_db()
    assert strategy.is_held and strategy.missing_attendance_reason == ""
    with pytest.raises(ValidationError, match="marked as held"):
        services.meeting_close(membership=cast.manager, by=cast.manager.user, meeting=strategy)


def test_close_page_refuses_without_a_reason_and_then_accepts_one(cast, strategy):
    client = cast.client_for(cast.social_worker)
    url = reverse("meetings:close", args=[strategy.pk])
    assert WARNING in html.unescape(client.get(url).content.decode())
    response = client.post(url, {"missing_attendance_reason": ""})
    assert response.status_code == 400
    assert "Enter why the strategy discussion went ahead without them" in html.unescape(response.content.decode())
    strategy.refresh_from_db()
    assert not strategy.is_held
    response = client.post(url, {"missing_attendance_reason": "Police briefed by phone at 10:15."})
    assert response.status_code == 302
    strategy.refresh_from_db()
    assert strategy.is_held


def test_attendance_changes_are_recorded_not_duplicated(cast, strategy):
    police = hub_agency(cast, "police")
    attend(cast, strategy, police, Attendance.Status.APOLOGIES, name="DC Jones")
    attend(cast, strategy, police, Attendance.Status.PRESENT, name="DC Jones")
    assert strategy.attendances.get().status == Attendance.Status.PRESENT
    with pytest.raises(ValidationError, match="already recorded"):
        attend(cast, strategy, police, Attendance.Status.PRESENT, name="DC Jones")
    assert AuditEvent.objects.filter(target_type="attendance").count() == 2
