"""Meetings through their pages: planning, the agenda, recording, and who is refused."""

from __future__ import annotations

import datetime as dt
import html

import pytest
from django.urls import reverse
from django.utils import timezone

from openmash.enquiries.tests.conftest import send
from openmash.meetings import services
from openmash.meetings.models import Action, AgendaItem, Attendance, Meeting, MeetingContribution
from openmash.meetings.tests.conftest import attend, hub_agency, member_agency, triaged

pytestmark = pytest.mark.django_db

ROLES = ["manager", "social_worker", "police", "health", "early_help", "quality", "admin", "outsider"]


def text(response) -> str:
    return html.unescape(response.content.decode())


def meeting_post(cast, **overrides):
    when = timezone.localtime(timezone.now() + dt.timedelta(days=1))
    data = {
        "kind": "daily",
        "scheduled_date_0": str(when.day),
        "scheduled_date_1": str(when.month),
        "scheduled_date_2": str(when.year),
        "scheduled_time": "10:00",
        "chair": str(cast.manager.user.pk),
        "contact_reference": "",
        "notes": "",
    }
    data.update(overrides)
    return data


def action_post(cast, **overrides):
    due = timezone.localdate() + dt.timedelta(days=3)
    data = {
        "description": "Visit the family with the school nurse.",
        "owner_agency": str(hub_agency(cast, "health").pk),
        "owner_name": "Nurse Patel",
        "due_on_0": str(due.day),
        "due_on_1": str(due.month),
        "due_on_2": str(due.year),
    }
    data.update(overrides)
    return data


def test_a_daily_meeting_from_plan_to_held(cast):
    red = triaged(cast, "red", received_ago=dt.timedelta(days=2))
    client = cast.client_for(cast.social_worker)
    assert ">Meetings</a>" in text(client.get(reverse("home"), follow=True))
    assert client.get(reverse("meetings:new")).status_code == 200
    response = client.post(reverse("meetings:new"), meeting_post(cast))
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    url = reverse("meetings:detail", args=[meeting.pk])
    assert response["Location"] == url
    client.post(reverse("meetings:agenda_build", args=[meeting.pk]))
    item = AgendaItem.objects.get(meeting=meeting)
    assert item.contact == red
    body = text(client.get(url))
    assert reverse("contacts:detail", args=[red.pk]) in body
    assert "govuk-tag--red" in body and "Overdue" in body
    response = client.post(
        reverse("meetings:attendance", args=[meeting.pk]),
        {"agency": hub_agency(cast, "police").pk, "attendee_name": "DC Jones", "status": "present"},
    )
    assert response.status_code == 302
    contribution_url = reverse("meetings:contribution_add", args=[meeting.pk, item.pk])
    assert client.get(contribution_url).status_code == 200
    response = client.post(
        contribution_url,
        {
            "agency": hub_agency(cast, "police").pk,
            "said": "Three domestic incidents; we recommend Red.",
            "recommended_level": cast.hub.current_levels().get(code="red").pk,
        },
    )
    assert response.status_code == 302
    original = MeetingContribution.objects.get()
    response = client.post(
        contribution_url,
        {"agency": original.agency_id, "said": "Two domestic incidents, not three.", "corrects": original.pk},
    )
    assert response.status_code == 302
    assert client.get(reverse("meetings:action_add", args=[meeting.pk, item.pk])).status_code == 200
    response = client.post(reverse("meetings:action_add", args=[meeting.pk, item.pk]), action_post(cast))
    assert response.status_code == 302
    action = Action.objects.get()
    body = text(client.get(url))
    assert "Three domestic incidents; we recommend Red." in body and "Two domestic incidents, not three." in body
    assert "Corrected later" in body and "DC Jones" in body and "Visit the family" in body
    assert client.get(reverse("meetings:close", args=[meeting.pk])).status_code == 200
    assert client.post(reverse("meetings:close", args=[meeting.pk]), {}).status_code == 302
    client.post(reverse("meetings:action_done", args=[meeting.pk, action.pk]))
    action.refresh_from_db()
    assert action.status == Action.Status.DONE
    listing = text(client.get(reverse("meetings:list")))
    assert "Held in the last 30 days (1)" in listing


def test_chair_adds_and_removes_a_case_on_the_page(cast, daily):
    contact = triaged(cast, "amber")
    client = cast.client_for(cast.manager)
    response = client.post(reverse("meetings:agenda_add", args=[daily.pk]), {"reference": contact.reference.lower()})
    assert response.status_code == 302
    item = AgendaItem.objects.get()
    assert client.post(reverse("meetings:agenda_remove", args=[daily.pk, item.pk])).status_code == 302
    assert not AgendaItem.objects.exists()


def test_planning_a_strategy_discussion_by_reference(cast):
    contact = triaged(cast, "red", route="strategy")
    client = cast.client_for(cast.manager)
    response = client.post(
        reverse("meetings:new"), meeting_post(cast, kind="strategy", contact_reference=contact.reference)
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert meeting.contact == contact and meeting.agenda_items.get().contact == contact


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"scheduled_date_0": "", "scheduled_date_1": "", "scheduled_date_2": ""}, "Enter the meeting date"),
        ({"scheduled_date_1": "13"}, "Meeting date must be a real date"),
        ({"scheduled_time": ""}, "Enter the meeting time"),
        ({"kind": ""}, "Select the kind of meeting"),
        ({"chair": ""}, "Select who chairs the meeting"),
        ({"kind": "strategy"}, "Enter the reference of the contact this strategy discussion is about"),
        ({"kind": "strategy", "contact_reference": "NOPE-1"}, "Enter the reference of a contact in this hub"),
    ],
)
def test_bad_meetings_get_a_message_and_nothing_is_planned(cast, overrides, message):
    response = cast.client_for(cast.social_worker).post(reverse("meetings:new"), meeting_post(cast, **overrides))
    assert response.status_code == 400 and message in text(response)
    assert "There is a problem" in text(response)
    assert not Meeting.objects.exists()


@pytest.fixture
def item(cast, daily):
    return services.agenda_item_add(
        membership=cast.social_worker, by=cast.social_worker.user, meeting=daily, contact=triaged(cast, "red")
    )


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"owner_agency": ""}, "Select the agency that owns this action"),
        ({"description": ""}, "Enter the action"),
        ({"due_on_0": "", "due_on_1": "", "due_on_2": ""}, "Enter the due date"),
        ({"due_on_2": "2020"}, "Due date must be today or in the future"),
    ],
)
def test_bad_actions_get_a_message_and_nothing_is_recorded(cast, daily, item, overrides, message):
    response = cast.client_for(cast.social_worker).post(
        reverse("meetings:action_add", args=[daily.pk, item.pk]), action_post(cast, **overrides)
    )
    assert response.status_code == 400 and message in text(response)
    assert not Action.objects.exists()


def test_bad_contributions_attendance_and_agenda_input_get_messages(cast, daily, item):
    client = cast.client_for(cast.social_worker)
    response = client.post(reverse("meetings:contribution_add", args=[daily.pk, item.pk]), {"agency": "", "said": ""})
    assert response.status_code == 400
    assert "Enter what the agency said" in text(response) and "Select the agency" in text(response)
    response = client.post(reverse("meetings:attendance", args=[daily.pk]), {"agency": hub_agency(cast, "police").pk})
    assert response.status_code == 400 and "Select whether they were present or sent apologies" in text(response)
    response = client.post(reverse("meetings:agenda_add", args=[daily.pk]), {"reference": "S9-99-999999"})
    assert response.status_code == 400 and "Enter the reference of a contact in this hub" in text(response)
    assert not MeetingContribution.objects.exists() and not Attendance.objects.exists()
    assert AgendaItem.objects.count() == 1


# Refusals. The meeting: police recorded present and asked about the one case; health neither.
@pytest.fixture
def scene(cast, daily, item):
    send(cast, item.contact, [member_agency(cast.police)])
    attend(cast, daily, hub_agency(cast, "police"))
    contribution = services.contribution_record(
        membership=cast.social_worker,
        by=cast.social_worker.user,
        item=item,
        agency=hub_agency(cast, "police"),
        said="Known to police.",
    )
    action = services.action_add(
        membership=cast.social_worker,
        by=cast.social_worker.user,
        item=item,
        description="Check PNC",
        owner_agency=hub_agency(cast, "police"),
        owner_name="",
        due_on=timezone.localdate(),
    )
    return daily, item, contribution, action


GETS = {
    "list": dict(
        manager=200, social_worker=200, police=200, health=200, early_help=200, quality=200, admin=403, outsider=200
    ),
    "new": dict(
        manager=200, social_worker=200, police=403, health=403, early_help=403, quality=403, admin=403, outsider=200
    ),
    "detail": dict(
        manager=200, social_worker=200, police=200, health=404, early_help=404, quality=200, admin=403, outsider=404
    ),
    "contribution_add": dict(
        manager=200, social_worker=200, police=403, health=403, early_help=403, quality=403, admin=403, outsider=404
    ),
    "action_add": dict(
        manager=200, social_worker=200, police=403, health=403, early_help=403, quality=403, admin=403, outsider=404
    ),
    "close": dict(
        manager=200, social_worker=200, police=403, health=403, early_help=403, quality=403, admin=403, outsider=404
    ),
}


def url_for(name, meeting, item, action):
    args = {
        "list": [],
        "new": [],
        "detail": [meeting.pk],
        "agenda_build": [meeting.pk],
        "agenda_add": [meeting.pk],
        "agenda_remove": [meeting.pk, item.pk],
        "attendance": [meeting.pk],
        "contribution_add": [meeting.pk, item.pk],
        "action_add": [meeting.pk, item.pk],
        "action_done": [meeting.pk, action.pk],
        "close": [meeting.pk],
    }[name]
    return reverse(f"meetings:{name}", args=args)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(GETS))
def test_who_may_open_each_page(cast, scene, name, role):
    meeting, item, _, action = scene
    response = cast.client_for(cast.everyone[role]).get(url_for(name, meeting, item, action))
    assert response.status_code == GETS[name][role]


POSTS = [
    "agenda_build",
    "agenda_add",
    "agenda_remove",
    "attendance",
    "contribution_add",
    "action_add",
    "action_done",
    "close",
]
REFUSED = {"police": 403, "health": 403, "early_help": 403, "quality": 403, "admin": 403, "outsider": 404}


def snapshot(meeting):
    meeting.refresh_from_db()
    return (
        meeting.held_at,
        list(meeting.agenda_items.values_list("pk", "contact_id")),
        list(meeting.attendances.values_list("pk", "status")),
        MeetingContribution.objects.count(),
        list(Action.objects.values_list("pk", "status")),
    )


@pytest.mark.parametrize("role", sorted(REFUSED))
@pytest.mark.parametrize("name", POSTS)
def test_only_the_hubs_social_workers_and_managers_change_a_meeting(cast, scene, name, role):
    meeting, item, contribution, action = scene
    before = snapshot(meeting)
    data = {
        "reference": triaged(cast, "amber").reference,
        "agency": hub_agency(cast, "health").pk,
        "status": "present",
        "said": "Changed.",
        "corrects": contribution.pk,
        "missing_attendance_reason": "x",
        **action_post(cast),
    }
    response = cast.client_for(cast.everyone[role]).post(url_for(name, meeting, item, action), data)
    assert response.status_code == REFUSED[role]
    assert snapshot(meeting) == before


def test_another_hubs_manager_cannot_reach_items_through_their_own_meeting(cast, scene):
    meeting, item, _, action = scene
    theirs = services.meeting_create(
        membership=cast.outsider,
        by=cast.outsider.user,
        kind="daily",
        scheduled_for=timezone.now(),
        chair=cast.outsider.user,
    )
    client = cast.client_for(cast.outsider)
    assert client.get(reverse("meetings:contribution_add", args=[theirs.pk, item.pk])).status_code == 404
    assert client.post(reverse("meetings:action_done", args=[theirs.pk, action.pk])).status_code == 404
    own = cast.client_for(cast.social_worker)
    assert own.get(reverse("meetings:detail", args=[theirs.pk])).status_code == 404


def test_partner_sees_only_meetings_they_attended_and_only_their_agencys_cases(cast, daily, item):
    police_case = item.contact
    health_case = triaged(cast, "amber")
    services.agenda_item_add(
        membership=cast.social_worker, by=cast.social_worker.user, meeting=daily, contact=health_case
    )
    send(cast, police_case, [member_agency(cast.police)])
    send(cast, health_case, [member_agency(cast.health)])
    url = reverse("meetings:detail", args=[daily.pk])
    police = cast.client_for(cast.police)
    assert police.get(url).status_code == 404
    assert "No meetings are planned" in text(police.get(reverse("meetings:list")))
    attend(cast, daily, hub_agency(cast, "police"))
    body = text(police.get(url))
    assert police_case.reference in body and health_case.reference not in body
    assert reverse("contacts:detail", args=[police_case.pk]) not in body  # partners never open the contact
    assert "Record what an agency said" not in body
    assert "Daily MASH meeting" in text(police.get(reverse("meetings:list")))
    attend(cast, daily, hub_agency(cast, "health"))
    body = text(cast.client_for(cast.health).get(url))
    assert health_case.reference in body and police_case.reference not in body
    quality = text(cast.client_for(cast.quality).get(url))
    assert police_case.reference in quality and health_case.reference in quality
    assert "Record what an agency said" not in quality and "Record attendance" not in quality


def test_nav_shows_meetings_to_the_hubs_readers_only(cast):
    for role, sees in [
        ("social_worker", True),
        ("manager", True),
        ("quality", True),
        ("police", False),
        ("admin", False),
    ]:
        body = text(cast.client_for(cast.everyone[role]).get(reverse("home"), follow=True))
        assert (">Meetings</a>" in body) is sees, role


def test_reading_a_meeting_is_audited_with_the_cases_shown(cast, scene):
    from openmash.audit.models import AuditEvent, Verb

    meeting, item, _, _ = scene
    cast.client_for(cast.police).get(reverse("meetings:detail", args=[meeting.pk]))
    event = AuditEvent.objects.filter(verb=Verb.VIEW, target_type="meeting", actor=cast.police.user).get()
    assert event.detail["contacts"] == [item.contact_id]
    cast.client_for(cast.health).get(reverse("meetings:detail", args=[meeting.pk]))
    assert AuditEvent.objects.filter(verb=Verb.REFUSED, target_type="meeting", actor=cast.health.user).exists()


def test_a_contact_in_the_mash_offers_a_strategy_discussion_prefilled(cast):
    contact = triaged(cast, "red")
    page = text(cast.client_for(cast.social_worker).get(f"/contacts/{contact.pk}/"))
    link = f"/meetings/new/?kind=strategy&contact={contact.reference}"
    assert html.unescape(link) in page
    form = text(cast.client_for(cast.social_worker).get(link))
    assert f'value="{contact.reference}"' in form
    assert 'value="strategy" checked' in form


def test_only_those_who_run_meetings_are_offered_a_strategy_discussion(cast):
    contact = triaged(cast, "red")
    page = text(cast.client_for(cast.quality).get(f"/contacts/{contact.pk}/"))
    assert "Plan a strategy discussion" not in page
    routed_away = triaged(cast, "green", route="early_help")
    page = text(cast.client_for(cast.social_worker).get(f"/contacts/{routed_away.pk}/"))
    assert "Plan a strategy discussion" not in page


def test_the_contact_page_lists_the_meetings_that_discussed_it(cast):
    contact = triaged(cast, "red")
    meeting = services.meeting_create(
        membership=cast.social_worker,
        by=cast.social_worker.user,
        kind="strategy",
        scheduled_for=timezone.now() + dt.timedelta(hours=2),
        chair=cast.manager.user,
        contact=contact,
    )
    page = text(cast.client_for(cast.social_worker).get(f"/contacts/{contact.pk}/"))
    assert f"/meetings/{meeting.pk}/" in page and "Meetings that discussed this contact" in page
