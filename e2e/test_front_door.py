"""The front door in a real browser, in each of the three case-study hubs.

A social worker records a contact, names the child and father, sends it for
triage, finds it in the queue (whose clock script refreshes it) and triages it;
for every level of the hub's scale one route it refuses and one it allows are
tried. Site 3 also takes a concern about an adult at risk. axe-core checks every
page and no page's JavaScript may throw.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import make_contact, make_member
from e2e.ui import Ui
from openmash.accounts.models import AgencyKind, Role
from openmash.consent.models import InformMethod
from openmash.consent.services import family_informed_record
from openmash.contacts.models import ROUTE_STATUS, Contact, ContactPerson, ContactStatus, TriageDecision
from openmash.hubs.models import Hub, Route, TriageLevel
from openmash.hubs.services import hub_load_preset
from openmash.people.models import Person, Relationship

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def route_label(hub: Hub, route: Route) -> str:
    levels = list(hub.current_levels().order_by("-rank"))
    return f"{route.label} ({', '.join(lv.label for lv in levels if route.value in lv.allowed_routes)})"


def shown_routes(hub: Hub) -> list[Route]:
    levels = list(hub.current_levels())
    return [r for r in Route if any(r.value in lv.allowed_routes for lv in levels)]


def record_contact(ui: Ui, *, concern: str) -> Contact:
    ui.follow(ui.link("Record a contact"))
    ui.fill_contact(concern=concern, received=timezone.localtime(timezone.now() - dt.timedelta(minutes=40)))
    ui.follow(ui.button("Continue to add people"))
    ui.follow(ui.link("Add a person"))
    ui.fill_person(
        part="Child the concern is about",
        kind="Child or young person",
        given="Mia",
        family="Okafor",
        born=dt.date(2017, 3, 9),
        sex="Female",
        allocated_worker="Sam Locality",
    )
    ui.follow(ui.button("Continue"))
    expect(ui.page.get_by_text("Mia Okafor added to the contact")).to_be_visible()
    ui.follow(ui.link("Add a person"))
    ui.fill_person(
        part="Parent or carer",
        kind="Adult",
        given="Tunde",
        family="Okafor",
        born=dt.date(1985, 1, 2),
        sex="Male",
        related_to="Mia Okafor",
        relationship="Father",
        parental_responsibility=True,
    )
    ui.follow(ui.button("Continue"))
    expect(ui.page.get_by_text("Tunde Okafor added to the contact")).to_be_visible()
    father = Relationship.objects.get(person__given_names="Tunde")
    assert father.relative.given_names == "Mia"
    assert father.kind == "father" and father.has_parental_responsibility
    ui.follow(ui.button("Send for triage"))
    expect_status(ui, "Awaiting triage")
    expect(ui.page.locator(".govuk-warning-text")).to_contain_text("Referral decision due")
    expect(ui.page.locator(".govuk-warning-text")).to_contain_text("(one working day)")
    return Contact.objects.get(concern=concern)


def expect_status(ui: Ui, *tags: str) -> None:
    """The tags under the contact's heading: its status, then (once triaged) its level."""
    expect(ui.page.locator("main h1 + p .govuk-tag")).to_have_text(list(tags))


def record_adult_at_risk_contact(ui: Ui) -> Contact:
    """Site 3 also takes concerns about adults: an adult at risk is the subject, with no child."""
    ui.follow(ui.link("Record a contact"))
    concern = "Neighbour says Mrs Adeyemi has not been seen for days and her carer shouts at her."
    ui.fill_contact(concern=concern, received=timezone.localtime(timezone.now() - dt.timedelta(minutes=20)))
    ui.follow(ui.button("Continue to add people"))
    ui.follow(ui.link("Add a person"))
    ui.fill_person(
        part="Adult the concern is about", kind="Adult", given="Grace", family="Adeyemi", born=dt.date(1941, 6, 30)
    )
    ui.follow(ui.button("Continue"))
    expect(ui.page.get_by_text("Grace Adeyemi added to the contact")).to_be_visible()
    ui.follow(ui.button("Send for triage"))
    expect(ui.page.get_by_role("heading", level=1)).to_have_text("Grace Adeyemi")
    expect_status(ui, "Awaiting triage")
    contact = Contact.objects.get(concern=concern)
    assert contact.status == ContactStatus.AWAITING_TRIAGE
    assert contact.people.get().part == ContactPerson.Part.ADULT_AT_RISK
    return contact


def check_queue_refreshes(ui: Ui, reference: str) -> None:
    """The queue's script swaps in fresh tables every minute; run it once and check it works."""
    page = ui.page
    awaiting = page.locator("[data-queue=awaiting]")
    expect(awaiting.get_by_role("link", name=reference, exact=True)).to_be_visible()
    page.evaluate("document.querySelector('#queue h2').dataset.stale = 'yes'")
    with page.expect_response(lambda r: r.request.headers.get("x-queue-refresh") == "1") as refresh:
        page.clock.fast_forward("01:01")
    assert refresh.value.status == 200
    expect(page.locator("#queue h2[data-stale]")).to_have_count(0)  # the tables were replaced
    expect(awaiting.get_by_role("link", name=reference, exact=True)).to_be_visible()
    ui.check()


def triage(ui: Ui, hub: Hub, level: TriageLevel, route: Route, rationale: str) -> None:
    ui.choose("Level", f"{level.label}: {level.timeline_text()}")
    ui.choose("Route", route_label(hub, route))
    indicator = hub.current_threshold_document().indicators.filter(level_code=level.code).first()  # type: ignore[union-attr]
    if indicator is not None:
        ui.page.get_by_label(f"{indicator.code}: {indicator.text}", exact=True).check()
    ui.page.get_by_label("Rationale", exact=True).fill(rationale)
    ui.follow(ui.button("Record triage decision"))


@pytest.mark.parametrize("key", ["site1", "site2", "site3"])
def test_intake_to_triage_with_every_levels_routes(ui: Ui, key: str) -> None:
    hub = hub_load_preset(key=key)
    sw = make_member(hub, "sw", Role.SOCIAL_WORKER, AgencyKind.CHILDRENS_SOCIAL_CARE)
    ui.sign_in("sw")
    expect(ui.page.get_by_role("heading", name="Triage queue")).to_be_visible()
    contact = record_contact(ui, concern=f"Bruise on Mia's arm; she said Dad grabbed her ({key}).")

    # Fake timers from here on (time still flows), so the queue's one-minute refresh can be run at once.
    ui.page.clock.install()
    ui.follow(ui.link("Triage queue"))
    check_queue_refreshes(ui, contact.reference)
    if key == "site1":
        ui.screenshot("queue")
    ui.follow(ui.link(contact.reference))
    expect_status(ui, "Awaiting triage")
    ui.follow(ui.link("Triage this contact"))
    if key == "site1":
        ui.screenshot("triage")
    decisions = 0
    for n, level in enumerate(hub.current_levels().order_by("-rank")):
        refused = [r for r in shown_routes(hub) if r.value not in level.allowed_routes]
        if refused:
            triage(ui, hub, level, refused[0], "Trying a route this level does not allow.")
            ui.expect_error_summary(f"is not allowed at {level.label}")
            expect(ui.page.locator("#id_route-error")).to_contain_text(f"is not allowed at {level.label}")
            assert TriageDecision.objects.filter(contact=contact).count() == decisions
        else:  # the form offers only routes some level allows, and this level allows them all (Site 2's Tier 4)
            assert {r.value for r in shown_routes(hub)} <= set(level.allowed_routes)
        # A different allowed route each time, so MASH, the allocated worker and the rest are all used.
        allowed = Route(level.allowed_routes[n % len(level.allowed_routes)])
        if allowed == Route.NFA:
            # Closing with no further action waits until the family's telling is recorded.
            triage(ui, hub, level, allowed, f"{level.label}: reasons for this route.")
            ui.expect_error_summary("whether the family has been told")
            assert TriageDecision.objects.filter(contact=contact).count() == decisions
            family_informed_record(
                membership=sw,
                by=sw.user,
                contact=contact,
                told=True,
                who_was_told="Mia's mother",
                told_at=timezone.now() - dt.timedelta(minutes=1),
                method=InformMethod.PHONE,
                told_by="The social worker",
            )
        triage(ui, hub, level, allowed, f"{level.label}: reasons for this route.")
        decisions += 1
        assert TriageDecision.objects.filter(contact=contact).count() == decisions
        expect_status(ui, ROUTE_STATUS[allowed].label, level.label)
        if decisions < hub.current_levels().count():
            ui.follow(ui.link("Change level or route"))
    contact.refresh_from_db()
    assert contact.status == ROUTE_STATUS[allowed]
    assert contact.current_triage is not None and contact.current_triage.level_label == level.label
    if key == "site1":
        ui.screenshot("contact-after-triage")
    if hub.takes_adult_referrals:
        record_adult_at_risk_contact(ui)
    assert len(ui.checked) >= 10 + 3 * hub.current_levels().count()
    assert ui.js_errors() == []


def test_a_likely_match_is_shown_and_linked(ui: Ui) -> None:
    hub = hub_load_preset(key="site1")
    sw = make_member(hub, "sw", Role.SOCIAL_WORKER, AgencyKind.CHILDRENS_SOCIAL_CARE)
    existing = make_contact(sw).people.get().person  # Amy Testchild, born 4 May 2018
    ui.sign_in("sw")
    ui.follow(ui.link("Record a contact"))
    ui.fill_contact(
        concern="Aimee missed a week of school.", received=timezone.localtime(timezone.now() - dt.timedelta(hours=1))
    )
    ui.follow(ui.button("Continue to add people"))
    ui.follow(ui.link("Add a person"))
    ui.fill_person(
        part="Child the concern is about",
        kind="Child or young person",
        given="Aimee",
        family="Testchild",
        born=dt.date(2018, 5, 4),
    )
    ui.follow(ui.button("Continue"))
    expect(ui.page.get_by_role("heading", level=1)).to_have_text("Does the hub already know Aimee Testchild?")
    card = ui.page.locator(".govuk-summary-card", has=ui.page.get_by_role("heading", name="Amy Testchild"))
    expect(card).to_contain_text("Possible match")
    why = card.get_by_role("table", name="Why it is shown")
    expect(why.get_by_role("row", name="Date of birth")).to_contain_text("Date of birth is the same")
    expect(why.get_by_role("row", name="Last name")).to_contain_text("Last name is the same")
    expect(card).to_contain_text("Chance it is the same person")
    ui.choose("Is this one of these people?", "Yes, Amy Testchild")
    ui.follow(ui.button("Continue"))
    expect(ui.page.get_by_text("Amy Testchild added to the contact")).to_be_visible()
    expect(ui.page.locator("#people")).to_contain_text("existing record")
    assert Person.objects.count() == 1  # linked, not duplicated
    draft = Contact.objects.get(status=ContactStatus.DRAFT)
    link = draft.people.get()
    assert link.person == existing and link.linked_existing_record
    assert ui.js_errors() == []


def test_bad_input_is_explained_next_to_the_field(ui: Ui) -> None:
    hub = hub_load_preset(key="site2")
    make_member(hub, "sw", Role.SOCIAL_WORKER, AgencyKind.CHILDRENS_SOCIAL_CARE)
    ui.sign_in("sw")
    ui.follow(ui.link("Record a contact"))
    ui.follow(ui.button("Continue to add people"))
    summary = ui.expect_error_summary("Select how the contact arrived", "Enter what the referrer told you")
    summary.get_by_role("link", name="Select how the contact arrived").click()
    expect(ui.page.locator("#id_channel")).to_be_focused()
    assert not Contact.objects.exists()

    ui.fill_contact(
        concern="Neighbour heard shouting.", received=timezone.localtime(timezone.now() - dt.timedelta(hours=2))
    )
    ui.follow(ui.button("Continue to add people"))
    ui.follow(ui.link("Add a person"))
    ui.fill_person(
        part="Child the concern is about",
        kind="Child or young person",
        given="Leo",
        family="Park",
        nhs_number="943 476 5918",
    )
    ui.follow(ui.button("Continue"))
    ui.expect_error_summary("Enter a valid NHS number")
    expect(ui.page.locator("#id_nhs_number-error")).to_contain_text("Enter a valid NHS number")
    assert not Person.objects.exists()
    assert ui.js_errors() == []


def test_refusals_in_the_browser(ui: Ui) -> None:
    hub = hub_load_preset(key="site1")
    other = hub_load_preset(key="site3")
    sw = make_member(hub, "sw", Role.SOCIAL_WORKER, AgencyKind.CHILDRENS_SOCIAL_CARE)
    make_member(hub, "police", Role.PARTNER, AgencyKind.POLICE)
    make_member(other, "elsewhere", Role.SOCIAL_WORKER, AgencyKind.CHILDRENS_SOCIAL_CARE)
    contact = make_contact(sw)
    ui.sign_in("police")
    response = ui.goto(f"/contacts/{contact.pk}/")
    assert response.status == 403
    expect(ui.page.get_by_role("heading", name="You cannot see this page")).to_be_visible()
    ui.page.context.clear_cookies()
    ui.sign_in("elsewhere")
    response = ui.goto(f"/contacts/{contact.pk}/")
    assert response.status == 404
    expect(ui.page.get_by_role("heading", name="Page not found")).to_be_visible()
