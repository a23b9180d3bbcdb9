"""The multi-agency enquiry in a real browser: ask three agencies, each answers, the hub decides.

Signs in as each role in turn and checks that each sees what the hub's setting
allows: in Site 1 every agency on the case reads the others' submitted analyses;
in Sites 2 and 3 only the hub does. axe-core checks every page.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import make_contact, make_member
from e2e.ui import Ui
from openmash.accounts.models import AgencyKind, Role
from openmash.contacts.models import Contact
from openmash.contacts.services import contact_triage
from openmash.decisions.models import Challenge, Decision
from openmash.enquiries.models import InformationRequest, RequestStatus
from openmash.hubs.models import Hub
from openmash.hubs.services import hub_load_preset
from openmash.meetings.models import Meeting, MeetingContribution

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PARTNERS = [("police", AgencyKind.POLICE), ("health", AgencyKind.HEALTH), ("education", AgencyKind.EDUCATION)]


def sign_in_fresh(ui: Ui, username: str) -> None:
    ui.page.context.clear_cookies()
    ui.sign_in(username)


def hold_meeting(ui: Ui, hub: Hub, contact: Contact, *, daily: bool) -> Meeting:
    """Plan the meeting, put the case on it, record who came, what police said and an action, and close it."""
    now = timezone.localtime()
    if daily:
        ui.goto("/meetings/new/")
        ui.choose("What kind of meeting is it?", "Daily MASH meeting")
    else:
        ui.goto(f"/contacts/{contact.pk}/")
        ui.follow(ui.link("Plan a strategy discussion"))
        expect(ui.page.get_by_label("For a strategy discussion: the contact's reference")).to_have_value(
            contact.reference
        )
    ui.fill_date("Date", now.day, now.month, now.year)
    ui.page.get_by_label("Time", exact=True).fill("09:30")
    ui.page.get_by_label("Who chairs it?", exact=True).select_option(label="Manager")
    ui.follow(ui.button("Plan meeting"))
    meeting = Meeting.objects.get(hub=hub)
    if daily:
        ui.follow(ui.button("Add the cases due"))
        expect(ui.page.locator(f"#item-{meeting.agenda_items.get().pk}")).to_contain_text(contact.reference)

    attending = [
        (AgencyKind.CHILDRENS_SOCIAL_CARE, "Present"),
        (AgencyKind.POLICE, "Present"),
        (AgencyKind.HEALTH, "Sent apologies" if daily else "Present"),
    ]
    for kind, status in attending:
        agency = hub.partners.get(agency__kind=kind).agency
        ui.page.get_by_label("Agency", exact=True).select_option(label=agency.name)
        ui.choose("Attendance", status)
        ui.follow(ui.button("Record"))
    police = hub.partners.get(agency__kind=AgencyKind.POLICE).agency

    ui.follow(ui.link(f"Record what an agency said about {contact.reference}"))
    ui.page.get_by_label("Which agency?", exact=True).select_option(label=police.name)
    ui.page.get_by_label("What the agency said", exact=True).fill("Police say the incidents are getting more frequent.")
    top = hub.current_levels().order_by("-rank").first()
    assert top is not None
    ui.choose("Recommended level", f"{top.label}: {top.timeline_text()}")
    ui.follow(ui.button("Record"))
    ui.follow(ui.link(f"Add an action on {contact.reference}"))
    ui.page.get_by_label("What needs to be done?", exact=True).fill("Check whether the child attended school today.")
    ui.page.get_by_label("Which agency owns it?", exact=True).select_option(
        label=hub.partners.get(agency__kind=AgencyKind.EDUCATION).agency.name
    )
    due = timezone.localdate() + dt.timedelta(days=2)
    ui.fill_date("Due by", due.day, due.month, due.year)
    ui.follow(ui.button("Add action"))
    ui.follow(ui.link("Mark the meeting as held"))
    ui.follow(ui.button("Mark as held"))
    meeting.refresh_from_db()
    assert meeting.is_held
    assert MeetingContribution.objects.filter(agenda_item__meeting=meeting, agency=police).count() == 1
    return meeting


@pytest.mark.parametrize("key", ["site1", "site2", "site3"])
def test_requests_to_three_agencies_their_answers_and_the_decision(ui: Ui, key: str) -> None:
    hub = hub_load_preset(key=key)
    sw = make_member(hub, "sw", Role.SOCIAL_WORKER, AgencyKind.CHILDRENS_SOCIAL_CARE)
    make_member(hub, "manager", Role.HUB_MANAGER, AgencyKind.CHILDRENS_SOCIAL_CARE)
    for username, kind in PARTNERS:
        make_member(hub, username, Role.PARTNER, kind)
    contact = make_contact(sw)
    top = hub.current_levels().order_by("-rank").first()
    assert top is not None
    contact_triage(membership=sw, by=sw.user, contact=contact, level=top, route="mash", rationale="Possible harm.")
    lower = hub.current_levels().filter(rank__lt=top.rank, goes_through_mash=True).order_by("-rank").first() or top

    # The social worker asks three agencies, with a legal basis.
    ui.sign_in("sw")
    ui.goto(f"/contacts/{contact.pk}/")
    ui.follow(ui.link("Ask partner agencies"))
    for username, _ in PARTNERS:
        agency = hub.partners.get(agency__kind=dict(PARTNERS)[username]).agency
        ui.page.get_by_label(agency.name, exact=True).check()
    ui.page.get_by_label("What do you want to know?", exact=True).fill("Any incidents or concerns about Amy's family?")
    ui.fill_share_basis(
        purpose="To understand the risk to Amy.",
        categories=("Names, dates of birth, addresses", "Police and criminal records"),
        schedule1=True,
        consent="Not sought",
        reason="Asking would prejudice enquiries",
        significant_harm="Possible significant harm; consent would prejudice enquiries.",
    )
    ui.follow(ui.button("Send requests"))
    assert InformationRequest.objects.filter(contact=contact).count() == 3

    # Each agency answers from its queue; police recommends the top level.
    for username, _ in PARTNERS:
        sign_in_fresh(ui, username)
        ui.follow(ui.link(contact.reference))
        ui.follow(ui.button("Acknowledge this request"))
        ui.follow(ui.button("Start your agency's response"))
        ui.page.get_by_label("About", exact=True).select_option(label="Amy Testchild")
        when = timezone.localdate() - dt.timedelta(days=14)
        ui.fill_date("When did it happen?", when.day, when.month, when.year)
        ui.page.get_by_label("What happened", exact=True).fill(f"{username.title()} record: seen with an injury.")
        ui.page.get_by_label("Which of your systems is it from?", exact=True).fill(f"{username} system")
        ui.follow(ui.button("Add item"))
        ui.page.get_by_label("Your agency's analysis", exact=True).fill(f"{username.upper()}-ANALYSIS")
        recommended = top if username == "police" else lower
        ui.choose("Recommended level", f"{recommended.label}: {recommended.timeline_text()}")
        ui.follow(ui.button("Submit response"))
        expect(ui.page.get_by_text("Your agency's response was submitted")).to_be_visible()

    assert InformationRequest.objects.filter(contact=contact, status=RequestStatus.SUBMITTED).count() == 3
    # What the last agency (education) sees of the others follows the hub's setting.
    body = ui.page.content()
    assert "EDUCATION-ANALYSIS" in body
    assert ("POLICE-ANALYSIS" in body) is hub.analyses_visible_to_partners

    # The hub discusses the case in its own way: Site 1 at its daily MASH meeting,
    # Sites 2 and 3 at a strategy discussion planned from the contact page.
    sign_in_fresh(ui, "sw")
    meeting = hold_meeting(ui, hub, contact, daily=key == "site1")

    # Police attended, so they see the meeting, with this case (they were asked about it).
    sign_in_fresh(ui, "police")
    ui.goto(f"/meetings/{meeting.pk}/")
    expect(ui.page.get_by_text("Police say the incidents are getting more frequent.")).to_be_visible()
    # Health sent apologies to the daily meeting, so it is not found for them.
    if key == "site1":
        sign_in_fresh(ui, "health")
        assert ui.goto(f"/meetings/{meeting.pk}/", check=False).status == 404

    # The social worker decides lower than police recommended, and must say why.
    sign_in_fresh(ui, "sw")
    ui.goto(f"/contacts/{contact.pk}/")
    expect(ui.page.get_by_role("table", name="Meetings that discussed this contact")).to_contain_text(
        meeting.get_kind_display()
    )
    for username, _ in PARTNERS:
        expect(ui.page.get_by_text(f"{username.upper()}-ANALYSIS")).to_be_visible()
    ui.follow(ui.link("Record the decision for Amy Testchild"))
    ui.choose("Level", f"{lower.label}: {lower.timeline_text()}")
    ui.choose("Outcome", "Child in need assessment (section 17)")
    ui.page.get_by_label("Rationale", exact=True).fill("A single incident; assess needs under section 17.")
    ui.follow(ui.button("Record decision"))
    if lower.rank < top.rank:
        ui.expect_error_summary(f"recommended {top.label}. Explain why your decision is lower")
        assert not Decision.objects.exists()
        ui.page.get_by_label("If an agency recommended a higher level: why is your decision lower?", exact=True).fill(
            "Police's incident is the same one school reported; no new risk."
        )
        ui.follow(ui.button("Record decision"))
    assert Decision.objects.filter(contact=contact).count() == 1

    # Police challenge the decision; the manager sees it.
    sign_in_fresh(ui, "police")
    ui.goto(f"/requests/{InformationRequest.objects.get(contact=contact, agency__kind='police').pk}/")
    ui.page.get_by_text("Challenge the decision for Amy Testchild").click()
    ui.page.get_by_label("Why does your agency disagree?", exact=True).fill("Two injuries in a month.")
    ui.follow(ui.button("Send challenge to the hub manager"))
    assert Challenge.objects.filter(decision__contact=contact).count() == 1
    sign_in_fresh(ui, "manager")
    ui.goto(f"/contacts/{contact.pk}/")
    expect(ui.page.get_by_text("Two injuries in a month.")).to_be_visible()
    assert ui.js_errors(ignore=(r"status of 404 .*/meetings/",)) == []  # health refused the meeting, as meant
    assert len(ui.checked) >= 20
