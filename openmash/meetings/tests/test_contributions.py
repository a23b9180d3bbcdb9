"""What each agency said, recorded as said: never edited, corrected only by a new record."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from openmash.meetings import services
from openmash.meetings.models import Action, MeetingContribution
from openmash.meetings.tests.conftest import hub_agency, triaged

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(cast, daily):
    return services.agenda_item_add(
        membership=cast.social_worker, by=cast.social_worker.user, meeting=daily, contact=triaged(cast, "amber")
    )


def record(cast, item, **overrides):
    kwargs = dict(
        membership=cast.social_worker,
        by=cast.social_worker.user,
        item=item,
        agency=hub_agency(cast, "police"),
        said="Two call-outs this year; we think this is Red.",
        recommended_level=cast.hub.current_levels().get(code="red"),
    )
    kwargs.update(overrides)
    return services.contribution_record(**kwargs)


def test_a_correction_is_a_new_record_and_the_original_is_kept(cast, item):
    original = record(cast, item)
    correction = record(
        cast, item, said="One call-out this year; we think this is Amber.", recommended_level=None, corrects=original
    )
    original.refresh_from_db()
    assert original.said == "Two call-outs this year; we think this is Red."
    assert original.recommended_level.code == "red"
    assert original.is_corrected and original.corrected_by == correction
    assert correction.corrects == original
    assert MeetingContribution.objects.filter(agenda_item=item).count() == 2


def test_a_record_is_corrected_once_then_its_correction_is_corrected(cast, item):
    original = record(cast, item)
    first = record(cast, item, said="First correction.", corrects=original)
    with pytest.raises(ValidationError, match="already been corrected"):
        record(cast, item, said="Another.", corrects=original)
    second = record(cast, item, said="Second correction.", corrects=first)
    assert second.corrects == first


def test_a_correction_is_for_the_same_agency_and_case(cast, daily, item):
    original = record(cast, item)
    with pytest.raises(ValidationError) as exc:
        record(cast, item, agency=hub_agency(cast, "health"), corrects=original)
    assert "agency" in exc.value.message_dict
    other_item = services.agenda_item_add(
        membership=cast.social_worker, by=cast.social_worker.user, meeting=daily, contact=triaged(cast, "red")
    )
    with pytest.raises(ValidationError, match="about this case"):
        record(cast, other_item, corrects=original)
    assert MeetingContribution.objects.count() == 1


def test_bad_contributions_are_refused_and_nothing_is_recorded(cast, item):
    with pytest.raises(ValidationError) as exc:
        record(cast, item, said="  ", agency=None)
    assert set(exc.value.message_dict) == {"said", "agency"}
    with pytest.raises(ValidationError):
        record(cast, item, recommended_level=cast.other_hub.current_levels().first())
    assert not MeetingContribution.objects.exists()


def test_after_the_meeting_only_corrections_are_recorded(cast, daily, item):
    original = record(cast, item)
    services.meeting_close(membership=cast.manager, by=cast.manager.user, meeting=daily)
    with pytest.raises(ValidationError, match="marked as held"):
        record(cast, item, agency=hub_agency(cast, "health"))
    correction = record(cast, item, said="Minutes corrected.", corrects=original)
    assert correction.pk


def test_actions_need_an_owner_and_are_marked_done_once(cast, daily, item):
    due = timezone.localdate() + dt.timedelta(days=2)
    with pytest.raises(ValidationError) as exc:
        services.action_add(
            membership=cast.manager,
            by=cast.manager.user,
            item=item,
            description="",
            owner_agency=None,
            owner_name="",
            due_on=None,
        )
    assert set(exc.value.message_dict) == {"description", "owner_agency", "due_on"}
    assert not Action.objects.exists()
    action = services.action_add(
        membership=cast.manager,
        by=cast.manager.user,
        item=item,
        description="Check school attendance",
        owner_agency=hub_agency(cast, "education"),
        owner_name="Pat Head",
        due_on=due,
    )
    services.meeting_close(membership=cast.manager, by=cast.manager.user, meeting=daily)
    done = services.action_mark_done(membership=cast.social_worker, by=cast.social_worker.user, action=action)
    assert done.status == Action.Status.DONE and done.done_at is not None and done.done_by == cast.social_worker.user
    with pytest.raises(ValidationError, match="already done"):
        services.action_mark_done(membership=cast.social_worker, by=cast.social_worker.user, action=action)
