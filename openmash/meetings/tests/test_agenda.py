"""Building the agenda: the cases due, most urgent level first, then nearest deadline."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from conftest import make_contact
from openmash.audit.models import AuditEvent, Verb
from openmash.meetings import queries, services
from openmash.meetings.models import AgendaItem, MeetingKind
from openmash.meetings.tests.conftest import plan, triaged

pytestmark = pytest.mark.django_db

LONDON = zoneinfo.ZoneInfo("Europe/London")
FAR = timezone.now() + dt.timedelta(days=60)


def test_agenda_orders_by_level_then_deadline_and_leaves_out_cases_not_in_the_mash(cast, daily):
    amber_overdue = triaged(cast, "amber", received_ago=dt.timedelta(days=6))
    red_recent = triaged(cast, "red", received_ago=dt.timedelta(minutes=5))
    red_older = triaged(cast, "red", received_ago=dt.timedelta(days=3))
    red_strategy = triaged(cast, "red", route="strategy", received_ago=dt.timedelta(days=2))
    triaged(cast, "green", route="early_help")
    make_contact(cast.social_worker)  # awaiting triage

    added = services.meeting_build_agenda(
        membership=cast.social_worker, by=cast.social_worker.user, meeting=daily, until=FAR
    )

    assert [i.contact for i in added] == [red_older, red_strategy, red_recent, amber_overdue]
    assert [i.order for i in added] == [1, 2, 3, 4]
    assert added[0].reason.endswith(", Red") and added[3].reason.startswith("Overdue by ")
    assert AuditEvent.objects.filter(verb=Verb.CREATE, target_type="agendaitem").count() == 4


def test_agenda_is_limited_to_cases_due_within_the_window(cast, daily):
    overdue = triaged(cast, "red", received_ago=dt.timedelta(days=3))
    later = triaged(cast, "amber", received_ago=dt.timedelta(minutes=1))
    assert later.current_triage is not None and later.current_triage.decision_due is not None
    assert later.current_triage.decision_due > timezone.now()
    proposals = queries.agenda_candidates(hub=cast.hub, until=timezone.now())
    assert [p.contact for p in proposals] == [overdue]


def test_building_again_adds_only_new_cases_after_those_already_there(cast, daily):
    first = triaged(cast, "amber", received_ago=dt.timedelta(days=6))
    services.meeting_build_agenda(membership=cast.social_worker, by=cast.social_worker.user, meeting=daily, until=FAR)
    second = triaged(cast, "red", received_ago=dt.timedelta(days=6))
    added = services.meeting_build_agenda(
        membership=cast.social_worker, by=cast.social_worker.user, meeting=daily, until=FAR
    )
    assert [i.contact for i in added] == [second]
    assert list(daily.agenda_items.values_list("contact", flat=True)) == [first.pk, second.pk]


@pytest.mark.parametrize(
    ("meeting_at", "window_end"),
    [
        (dt.datetime(2026, 3, 4, 10, 0), dt.datetime(2026, 3, 5, 17, 0)),  # Wednesday: end of Thursday
        (dt.datetime(2026, 3, 6, 10, 0), dt.datetime(2026, 3, 9, 17, 0)),  # Friday: end of Monday
        (dt.datetime(2026, 3, 7, 10, 0), dt.datetime(2026, 3, 10, 17, 0)),  # Saturday: the meeting falls Monday
        (dt.datetime(2026, 4, 2, 10, 0), dt.datetime(2026, 4, 7, 17, 0)),  # Thursday before Easter
    ],
)
def test_default_window_is_the_end_of_the_next_working_day(cast, meeting_at, window_end):
    on = meeting_at.replace(tzinfo=LONDON)
    assert queries.default_agenda_window(hub=cast.hub, on=on) == window_end.replace(tzinfo=LONDON)


def test_chair_adds_and_removes_items(cast, daily):
    contact = triaged(cast, "amber")
    item = services.agenda_item_add(membership=cast.manager, by=cast.manager.user, meeting=daily, contact=contact)
    assert item.reason == "Added by the chair, Amber"
    with pytest.raises(ValidationError, match="already on the agenda"):
        services.agenda_item_add(membership=cast.manager, by=cast.manager.user, meeting=daily, contact=contact)
    services.agenda_item_remove(membership=cast.manager, by=cast.manager.user, item=item)
    assert not daily.agenda_items.exists()
    assert AuditEvent.objects.filter(verb=Verb.UPDATE, target_type="meeting", target_id=str(daily.pk)).exists()


def test_an_item_with_anything_recorded_stays_on_the_agenda(cast, daily):
    from openmash.meetings.tests.conftest import hub_agency

    item = services.agenda_item_add(
        membership=cast.manager, by=cast.manager.user, meeting=daily, contact=triaged(cast, "red")
    )
    services.contribution_record(
        membership=cast.manager, by=cast.manager.user, item=item, agency=hub_agency(cast, "police"), said="Known to us."
    )
    with pytest.raises(ValidationError, match="cannot be taken off the agenda"):
        services.agenda_item_remove(membership=cast.manager, by=cast.manager.user, item=item)
    assert AgendaItem.objects.filter(pk=item.pk).exists()


def test_another_hubs_contact_cannot_be_added(cast, daily):
    other = make_contact(cast.outsider)
    with pytest.raises(ValidationError):
        services.agenda_item_add(membership=cast.manager, by=cast.manager.user, meeting=daily, contact=other)
    assert not daily.agenda_items.exists()


def test_a_strategy_discussions_agenda_is_the_one_contact(cast):
    contact = triaged(cast, "red", route="strategy")
    meeting = plan(cast, MeetingKind.STRATEGY, contact=contact)
    assert [i.contact for i in meeting.agenda_items.all()] == [contact]
    triaged(cast, "red", received_ago=dt.timedelta(days=3))
    with pytest.raises(ValidationError, match="one contact"):
        services.meeting_build_agenda(membership=cast.manager, by=cast.manager.user, meeting=meeting, until=FAR)
    with pytest.raises(ValidationError):
        services.agenda_item_remove(membership=cast.manager, by=cast.manager.user, item=meeting.agenda_items.get())
    assert meeting.agenda_items.count() == 1


def test_a_strategy_discussion_needs_a_contact_and_other_meetings_have_none(cast):
    with pytest.raises(ValidationError) as exc:
        plan(cast, MeetingKind.STRATEGY)
    assert "contact" in exc.value.message_dict
    with pytest.raises(ValidationError):
        plan(cast, MeetingKind.DAILY, contact=triaged(cast, "red"))
    with pytest.raises(ValidationError) as exc:
        plan(cast, MeetingKind.DAILY, chair=cast.police.user)
    assert "chair" in exc.value.message_dict


def test_nothing_new_is_added_once_the_meeting_is_held(cast, daily):
    services.meeting_close(membership=cast.manager, by=cast.manager.user, meeting=daily)
    with pytest.raises(ValidationError, match="marked as held"):
        services.agenda_item_add(
            membership=cast.manager, by=cast.manager.user, meeting=daily, contact=triaged(cast, "red")
        )
