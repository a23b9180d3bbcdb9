"""Hub managers edit their hub's configuration in the app; every change is versioned or audited."""

from __future__ import annotations

import datetime as dt
import html

import pytest
from django.urls import reverse

from openmash.audit.models import AuditEvent, Verb
from openmash.hubs.models import CalendarOverride, ThresholdDocument, TriageLevel

pytestmark = pytest.mark.django_db


def level_post(level, **overrides):
    data = {
        "label": level.label,
        "colour": level.colour,
        "description": level.description,
        "timeline_amount": level.timeline_amount or "",
        "timeline_unit": level.timeline_unit,
        "timeline_label": level.timeline_label,
        "allowed_routes": level.allowed_routes,
    }
    if level.is_statutory:
        data["is_statutory"] = "on"
    if level.goes_through_mash:
        data["goes_through_mash"] = "on"
    data.update(overrides)
    return data


def test_manager_changes_a_level_and_gets_a_new_version(cast):
    amber = cast.hub.current_levels().get(code="amber")
    client = cast.client_for(cast.manager)
    response = client.post(reverse("hubs:level_edit", args=[amber.pk]), level_post(amber, timeline_amount="2"))
    assert response.status_code == 302
    current = cast.hub.current_levels().get(code="amber")
    assert current.pk != amber.pk and current.version == 2 and current.timeline_amount == 2
    amber.refresh_from_db()
    assert amber.retired_at is not None and amber.timeline_amount == 1
    assert AuditEvent.objects.filter(verb=Verb.CONFIGURE, target_type="triagelevel", target_id=str(current.pk)).exists()
    # The retired version can no longer be edited.
    assert client.get(reverse("hubs:level_edit", args=[amber.pk])).status_code == 404


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"label": ""}, "Enter the level's name"),
        ({"timeline_amount": "3", "timeline_unit": ""}, "Enter both a timeline and its unit, or neither"),
        ({"timeline_amount": "abc"}, "Timeline must be a whole number"),
        ({"allowed_routes": []}, "Select at least one route"),
    ],
)
def test_bad_level_input_changes_nothing(cast, overrides, message):
    amber = cast.hub.current_levels().get(code="amber")
    response = cast.client_for(cast.manager).post(
        reverse("hubs:level_edit", args=[amber.pk]), level_post(amber, **overrides)
    )
    assert response.status_code == 200
    assert message in html.unescape(response.content.decode())
    assert TriageLevel.objects.filter(hub=cast.hub, code="amber").count() == 1


def test_calendar_hours_and_overrides(cast):
    client = cast.client_for(cast.manager)
    response = client.post(
        reverse("hubs:calendar_edit"), {"day_start": "08:30", "day_end": "17:30", "weekdays": ["0", "1", "2", "3", "4"]}
    )
    assert response.status_code == 302
    cast.hub.refresh_from_db()
    assert cast.hub.day_start == dt.time(8, 30)
    response = client.post(reverse("hubs:calendar_edit"), {"day_start": "17:00", "day_end": "09:00", "weekdays": ["0"]})
    assert response.status_code == 400
    assert "The working day must end after it starts" in response.content.decode()

    response = client.post(
        reverse("hubs:override_add"),
        {"date_0": "24", "date_1": "12", "date_2": "2026", "is_open": "False", "reason": "Council closure"},
    )
    assert response.status_code == 302
    override = CalendarOverride.objects.get(hub=cast.hub)
    assert not cast.hub.calendar().is_working_day(dt.date(2026, 12, 24))
    response = client.post(
        reverse("hubs:override_add"),
        {"date_0": "24", "date_1": "12", "date_2": "2026", "is_open": "True", "reason": "Duplicate"},
    )
    assert response.status_code == 400 and CalendarOverride.objects.count() == 1
    client.post(reverse("hubs:override_remove", args=[override.pk]))
    assert cast.hub.calendar().is_working_day(dt.date(2026, 12, 24))


def test_threshold_document_new_version(cast):
    client = cast.client_for(cast.manager)
    page = client.get(reverse("hubs:threshold_new"))
    assert page.status_code == 200 and "red | RED-1 |" in page.content.decode()
    response = client.post(
        reverse("hubs:threshold_new"),
        {"title": "Thresholds 2027", "indicators": "red | R1 | Serious injury\namber | A1 | Neglect of needs"},
    )
    assert response.status_code == 302
    doc = cast.hub.current_threshold_document()
    assert doc is not None and doc.version == 2 and doc.indicators.count() == 2
    assert ThresholdDocument.objects.get(hub=cast.hub, version=1).indicators.count() > 2
    bad = client.post(reverse("hubs:threshold_new"), {"title": "x", "indicators": "purple | P1 | Nope"})
    assert "Unknown level: purple" in bad.content.decode()
    bad = client.post(reverse("hubs:threshold_new"), {"title": "x", "indicators": "red only two | parts"})
    assert "Line 1 must have a level code" in bad.content.decode()
    assert ThresholdDocument.objects.filter(hub=cast.hub).count() == 2


def test_partner_can_be_deactivated(cast):
    partner = cast.hub.partners.first()
    cast.client_for(cast.admin).post(reverse("hubs:partner_toggle", args=[partner.pk]))
    partner.refresh_from_db()
    assert not partner.is_active


def test_settings_page_shows_the_scale(cast):
    body = cast.client_for(cast.manager).get(reverse("hubs:settings")).content.decode()
    for text in [
        "Green",
        "Amber",
        "Red",
        "24 hours (1 working day)",
        "4 hours (4 working hours)",
        "Straight to Early Help",
    ]:
        assert text in body


def test_enquiry_rules_are_configuration(cast):
    client = cast.client_for(cast.manager)
    response = client.post(
        reverse("hubs:enquiry_rules_edit"),
        {"analyses_visible_to_partners": "False", "decisions_by_managers_only": "True", "historic_item_years": "7"},
    )
    assert response.status_code == 302
    cast.hub.refresh_from_db()
    assert (
        cast.hub.analyses_visible_to_partners,
        cast.hub.decisions_by_managers_only,
        cast.hub.historic_item_years,
    ) == (
        False,
        True,
        7,
    )
    bad = client.post(
        reverse("hubs:enquiry_rules_edit"),
        {"analyses_visible_to_partners": "True", "decisions_by_managers_only": "False", "historic_item_years": "0"},
    )
    assert bad.status_code == 400 and "Enter 1 year or more" in bad.content.decode()
    cast.hub.refresh_from_db()
    assert cast.hub.historic_item_years == 7 and not cast.hub.analyses_visible_to_partners
    assert cast.client_for(cast.social_worker).post(reverse("hubs:enquiry_rules_edit"), {}).status_code == 403
