"""Shared fixtures for meetings: triaged contacts, a planned daily meeting, and helpers."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from conftest import make_contact
from openmash.accounts.models import Agency, Membership
from openmash.contacts.models import Contact
from openmash.contacts.services import contact_triage
from openmash.meetings import services
from openmash.meetings.models import Attendance, Meeting, MeetingKind


def triaged(cast: Any, code: str, *, route: str = "mash", received_ago: dt.timedelta | None = None) -> Contact:
    """A contact in the cast's hub, triaged at the level with this code."""
    received = timezone.now() - (received_ago or dt.timedelta(hours=1))
    contact = make_contact(cast.social_worker, received_at=received)
    contact_triage(
        membership=cast.social_worker,
        by=cast.social_worker.user,
        contact=contact,
        level=cast.hub.current_levels().get(code=code),
        route=route,
        rationale="Triaged for the test.",
    )
    contact.refresh_from_db()
    return contact


def plan(cast: Any, kind: str = MeetingKind.DAILY, *, contact: Contact | None = None, **overrides: Any) -> Meeting:
    kwargs: dict[str, Any] = dict(
        membership=cast.social_worker,
        by=cast.social_worker.user,
        kind=kind,
        scheduled_for=timezone.now() + dt.timedelta(hours=1),
        chair=cast.manager.user,
        contact=contact,
    )
    kwargs.update(overrides)
    return services.meeting_create(**kwargs)


def hub_agency(cast: Any, kind: str) -> Agency:
    return cast.hub.partners.get(agency__kind=kind).agency


def attend(
    cast: Any, meeting: Meeting, agency: Agency, status: str = Attendance.Status.PRESENT, name: str = ""
) -> None:
    services.attendance_record(
        membership=cast.social_worker,
        by=cast.social_worker.user,
        meeting=meeting,
        agency=agency,
        attendee_name=name,
        status=status,
    )


def member_agency(membership: Membership) -> Agency:
    agency = membership.user.agency
    assert agency is not None
    return agency


@pytest.fixture
def daily(cast: Any) -> Meeting:
    return plan(cast)
