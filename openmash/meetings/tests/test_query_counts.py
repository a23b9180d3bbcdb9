"""The meeting pages make the same number of queries however many cases, agencies and actions they show."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from conftest import count_queries
from openmash.meetings import services
from openmash.meetings.models import Meeting, MeetingKind
from openmash.meetings.tests.conftest import attend, hub_agency, plan, triaged

# A ceiling as well as "no growth", so a new per-page query is a conscious choice.
MEETING_PAGE_MAX = 30


def _discuss(cast: Any, meeting: Meeting, cases: int) -> None:
    sw = cast.social_worker
    police, health = hub_agency(cast, "police"), hub_agency(cast, "health")
    for _ in range(cases):
        item = services.agenda_item_add(membership=sw, by=sw.user, meeting=meeting, contact=triaged(cast, "red"))
        for agency in (police, health):
            services.contribution_record(
                membership=sw,
                by=sw.user,
                item=item,
                agency=agency,
                said="Known to us; one incident last month.",
                recommended_level=cast.hub.current_levels().get(code="red"),
            )
        services.action_add(
            membership=sw,
            by=sw.user,
            item=item,
            description="Check school attendance.",
            owner_agency=health,
            owner_name="",
            due_on=timezone.localdate() + dt.timedelta(days=3),
        )


def test_the_meeting_page_does_not_grow_with_its_agenda(cast: Any) -> None:
    meeting = plan(cast)
    attend(cast, meeting, hub_agency(cast, "police"))
    _discuss(cast, meeting, 1)
    client = cast.client_for(cast.social_worker)
    url = f"/meetings/{meeting.pk}/"
    small = count_queries(client, url)
    _discuss(cast, meeting, 4)
    attend(cast, meeting, hub_agency(cast, "health"))
    assert count_queries(client, url) == small <= MEETING_PAGE_MAX


def test_the_meetings_list_does_not_grow_with_meetings(cast: Any) -> None:
    plan(cast)
    client = cast.client_for(cast.social_worker)
    small = count_queries(client, "/meetings/")
    for _ in range(4):
        plan(cast)
    plan(cast, MeetingKind.STRATEGY, contact=triaged(cast, "red"))
    assert count_queries(client, "/meetings/") == small <= MEETING_PAGE_MAX


def test_an_agencys_view_of_the_meeting_does_not_grow_either(cast: Any) -> None:
    meeting = plan(cast)
    attend(cast, meeting, hub_agency(cast, "police"))
    _discuss(cast, meeting, 1)
    client = cast.client_for(cast.police)
    url = f"/meetings/{meeting.pk}/"
    small = count_queries(client, url)
    _discuss(cast, meeting, 4)
    assert count_queries(client, url) == small <= MEETING_PAGE_MAX
