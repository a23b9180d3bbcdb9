"""Initial triage: levels, routes each preset allows and refuses, deadlines, re-triage."""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from conftest import make_contact, make_member
from openmash.accounts.models import AgencyKind, Role
from openmash.audit.models import AuditEvent, Verb
from openmash.consent.models import InformMethod
from openmash.consent.services import family_informed_record
from openmash.contacts.models import ContactStatus, TriageDecision
from openmash.contacts.services import contact_triage
from openmash.hubs import worktime
from openmash.hubs.models import Route
from openmash.hubs.presets import PRESETS
from openmash.hubs.services import hub_load_preset, triage_level_change

pytestmark = pytest.mark.django_db


def tell_family(membership: Any, contact: Any) -> None:
    family_informed_record(
        membership=membership,
        by=membership.user,
        contact=contact,
        told=True,
        who_was_told="Mum",
        told_at=timezone.now() - dt.timedelta(minutes=5),
        method=InformMethod.PHONE,
        told_by="The social worker",
    )


def level(hub, code):
    return hub.current_levels().get(code=code)


def test_triage_records_level_route_indicators_and_deadline(cast, contact):
    red = level(cast.hub, "red")
    indicator = cast.hub.current_threshold_document().indicators.filter(level_code="red").first()
    decision = contact_triage(
        membership=cast.social_worker,
        by=cast.social_worker.user,
        contact=contact,
        level=red,
        route=Route.MASH,
        rationale="Injury to a young child with an explanation that does not fit.",
        indicators=[indicator],
    )
    contact.refresh_from_db()
    assert contact.status == ContactStatus.IN_MASH
    assert contact.current_triage == decision
    assert decision.level_label == "Red"
    assert decision.threshold_document is not None
    assert decision.threshold_document.version == 1
    assert list(decision.indicators.all()) == [indicator]
    expected = worktime.deadline(cast.hub.calendar(), contact.received_at, 4, "working_hours")
    assert decision.decision_due == expected
    assert AuditEvent.objects.filter(verb=Verb.TRIAGE, target_id=str(contact.pk)).exists()


@pytest.mark.parametrize("key", sorted(PRESETS))
def test_each_preset_allows_its_routes_and_refuses_the_rest(key):
    hub = hub_load_preset(key=key)
    sw = make_member(hub, f"sw-{key}", Role.SOCIAL_WORKER, AgencyKind.CHILDRENS_SOCIAL_CARE)
    for lv in hub.current_levels():
        for route in Route:
            contact = make_contact(sw)
            if route == Route.ALLOCATED_WORKER:
                child = contact.people.get().person
                child.allocated_worker = "Sam Locality"
                child.save()
            if route == Route.NFA:
                tell_family(sw, contact)
            kwargs: dict[str, Any] = dict(
                membership=sw, by=sw.user, contact=contact, level=lv, route=route, rationale="Reasons."
            )
            if route.value in lv.allowed_routes:
                assert contact_triage(**kwargs).route == route
            else:
                with pytest.raises(ValidationError) as exc:
                    contact_triage(**kwargs)
                assert "is not allowed at" in str(exc.value)
                assert not TriageDecision.objects.filter(contact=contact).exists()


def test_site1_green_goes_straight_to_early_help_and_never_through_the_mash():
    hub = hub_load_preset(key="site1")
    green = level(hub, "green")
    assert not green.goes_through_mash
    assert Route.MASH not in green.allowed_routes
    assert Route.EARLY_HELP in green.allowed_routes


def test_site2_everything_goes_through_the_mash():
    hub = hub_load_preset(key="site2")
    assert all(lv.goes_through_mash and Route.MASH in lv.allowed_routes for lv in hub.current_levels())
    assert [lv.label for lv in hub.current_levels()] == ["Tier 2", "Tier 3", "Tier 4"]


def test_site3_takes_adults_and_has_four_levels():
    hub = hub_load_preset(key="site3")
    assert hub.takes_adult_referrals
    assert [(lv.label, lv.timeline_amount, lv.timeline_unit) for lv in hub.current_levels()] == [
        ("Universal", None, ""),
        ("Vulnerable", 3, "working_days"),
        ("Complex", 2, "working_days"),
        ("Acute", 2, "working_hours"),
    ]


def test_allocated_worker_route_needs_an_allocated_worker(cast, contact):
    with pytest.raises(ValidationError) as exc:
        contact_triage(
            membership=cast.social_worker,
            by=cast.social_worker.user,
            contact=contact,
            level=level(cast.hub, "amber"),
            route=Route.ALLOCATED_WORKER,
            rationale="Has a worker.",
        )
    assert "No child in this contact has an allocated social worker" in str(exc.value)


def test_changing_the_level_needs_a_new_rationale_and_keeps_the_old_decision(cast, contact):
    sw = cast.social_worker
    first = contact_triage(
        membership=sw,
        by=sw.user,
        contact=contact,
        level=level(cast.hub, "amber"),
        route=Route.MASH,
        rationale="Possible child in need.",
    )
    with pytest.raises(ValidationError):
        contact_triage(
            membership=sw, by=sw.user, contact=contact, level=level(cast.hub, "red"), route=Route.MASH, rationale="   "
        )
    second = contact_triage(
        membership=sw,
        by=sw.user,
        contact=contact,
        level=level(cast.hub, "red"),
        route=Route.STRATEGY_DISCUSSION,
        rationale="Police now report a disclosure.",
    )
    first.refresh_from_db()
    assert second.supersedes == first
    assert first.rationale == "Possible child in need." and first.level_label == "Amber"
    assert not first.is_current and second.is_current
    contact.refresh_from_db()
    assert contact.current_triage == second and contact.status == ContactStatus.STRATEGY
    assert AuditEvent.objects.filter(verb=Verb.RETRIAGE, target_id=str(contact.pk)).count() == 1


def test_a_configuration_change_never_alters_a_decision_already_made(cast, contact):
    sw = cast.social_worker
    amber = level(cast.hub, "amber")
    decision = contact_triage(
        membership=sw, by=sw.user, contact=contact, level=amber, route=Route.MASH, rationale="Possible child in need."
    )
    due_before = decision.decision_due
    new_amber = triage_level_change(
        level=amber,
        by=cast.manager.user,
        membership=cast.manager,
        label="Amber (revised)",
        timeline_amount=3,
        timeline_unit="working_days",
    )
    decision.refresh_from_db()
    amber.refresh_from_db()
    assert decision.level == amber and decision.level_label == "Amber" and decision.decision_due == due_before
    assert amber.retired_at is not None and new_amber.version == 2 and new_amber.supersedes == amber
    assert list(cast.hub.current_levels().filter(code="amber")) == [new_amber]
    # The retired level can no longer be chosen.
    with pytest.raises(ValidationError):
        contact_triage(
            membership=sw, by=sw.user, contact=make_contact(sw), level=amber, route=Route.MASH, rationale="x"
        )


def test_unknown_level_through_the_page_gets_a_message(cast, contact):
    client = cast.client_for(cast.social_worker)
    other_level = level(cast.other_hub, "tier-4")
    response = client.post(
        reverse("contacts:triage", args=[contact.pk]),
        {"level": other_level.pk, "route": "mash", "rationale": "Reasons"},
    )
    assert response.status_code == 200
    assert (
        "Select a level from this hub&#x27;s scale" in response.content.decode()
        or "Select a level from this hub's scale" in html.unescape(response.content.decode())
    )
    assert not TriageDecision.objects.exists()


def test_route_not_allowed_through_the_page_gets_a_message(cast, contact):
    client = cast.client_for(cast.social_worker)
    response = client.post(
        reverse("contacts:triage", args=[contact.pk]),
        {"level": level(cast.hub, "green").pk, "route": "mash", "rationale": "Reasons"},
    )
    body = html.unescape(response.content.decode())
    assert response.status_code == 200 and "is not allowed at Green" in body
    assert not TriageDecision.objects.exists()


def test_triage_through_the_page(cast, contact):
    client = cast.client_for(cast.manager)
    page = client.get(reverse("contacts:triage", args=[contact.pk]))
    assert page.status_code == 200
    response = client.post(
        reverse("contacts:triage", args=[contact.pk]),
        {"level": level(cast.hub, "green").pk, "route": "early_help", "rationale": "Needs support"},
    )
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.status == ContactStatus.EARLY_HELP


def test_statutory_clock_is_one_working_day_from_receipt(cast):
    # Received on Friday 20 November 2026 at 16:00: due on Monday at 16:00.
    received = dt.datetime(2026, 11, 20, 16, 0, tzinfo=timezone.get_current_timezone())
    contact = make_contact(cast.social_worker, received_at=received)
    local_due = timezone.localtime(contact.referral_decision_due)
    assert (local_due.date(), local_due.hour) == (dt.date(2026, 11, 23), 16)


def test_contact_missing_its_deadline_is_overdue_in_the_queue(cast):
    received = timezone.now() - dt.timedelta(days=10)
    contact = make_contact(cast.social_worker, received_at=received)
    client = cast.client_for(cast.social_worker)
    body = client.get(reverse("contacts:queue")).content.decode()
    assert contact.reference in body and "Overdue" in body


def test_queue_orders_by_urgency_then_deadline(cast):
    sw = cast.social_worker
    amber_contact = make_contact(sw, received_at=timezone.now() - dt.timedelta(hours=3))
    red_contact = make_contact(sw, received_at=timezone.now() - dt.timedelta(hours=1))
    contact_triage(
        membership=sw, by=sw.user, contact=amber_contact, level=level(cast.hub, "amber"), route="mash", rationale="r"
    )
    contact_triage(
        membership=sw, by=sw.user, contact=red_contact, level=level(cast.hub, "red"), route="mash", rationale="r"
    )
    body = cast.client_for(sw).get(reverse("contacts:queue")).content.decode()
    assert body.index(red_contact.reference) < body.index(amber_contact.reference)


def test_partner_cannot_triage(cast, contact):
    with pytest.raises(PermissionDenied):
        contact_triage(
            membership=cast.police,
            by=cast.police.user,
            contact=contact,
            level=level(cast.hub, "red"),
            route=Route.MASH,
            rationale="x",
        )


def test_contact_heading_names_the_children_the_concern_is_about(cast, contact):
    body = cast.client_for(cast.social_worker).get(reverse("contacts:detail", args=[contact.pk])).content.decode()
    assert '<h1 class="govuk-heading-l">Amy Testchild</h1>' in body


def test_closing_with_no_further_action_needs_the_familys_telling_recorded_first(cast, contact):
    sw = cast.social_worker
    green = level(cast.hub, "green")
    with pytest.raises(ValidationError) as refused:
        contact_triage(membership=sw, by=sw.user, contact=contact, level=green, route=Route.NFA, rationale="No risk.")
    assert "whether the family has been told" in str(refused.value)
    contact.refresh_from_db()
    assert contact.status == ContactStatus.AWAITING_TRIAGE and not contact.triage_decisions.exists()
    tell_family(sw, contact)
    contact_triage(membership=sw, by=sw.user, contact=contact, level=green, route=Route.NFA, rationale="No risk.")
    contact.refresh_from_db()
    assert contact.status == ContactStatus.CLOSED_NFA
