"""Knowing who is who, in a real browser.

A child the hub already knows comes back under a misspelt name at a new address.
The practitioner sees the existing record first, with the matcher's reasons,
links it, sends the contact, and the triage screen shows the earlier contacts;
the person page shows the family network as a picture and a list. axe-core
checks every page.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import make_contact, make_member
from e2e.ui import Ui
from openmash.accounts.models import AgencyKind, Role
from openmash.contacts import services as contact_services
from openmash.contacts.models import Contact
from openmash.hubs.services import hub_load_preset
from openmash.people import services as people_services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_known_child_under_a_misspelt_name_is_found_linked_and_their_history_shown(ui: Ui) -> None:
    hub = hub_load_preset(key="site1")
    sw = make_member(hub, "sw", Role.SOCIAL_WORKER, AgencyKind.CHILDRENS_SOCIAL_CARE)
    known = people_services.person_create(
        membership=sw,
        by=sw.user,
        kind="child",
        given_names="Jayden",
        family_name="Smith",
        date_of_birth=dt.date(2016, 3, 7),
        sex="M",
        address={"line_1": "14 Acacia Avenue", "town": "Leeds", "postcode": "LS6 2AB"},
    )
    people_services.person_create(
        membership=sw,
        by=sw.user,
        kind="child",
        given_names="Jade",
        family_name="Smart",
        date_of_birth=dt.date(2016, 7, 3),
    )
    mother = people_services.person_create(
        membership=sw, by=sw.user, kind="adult", given_names="Kerry", family_name="Smith", sex="F"
    )
    people_services.relationship_record(
        membership=sw,
        by=sw.user,
        person=mother,
        relative=known,
        kind="mother",
        parental_responsibility=True,
    )
    earlier = make_contact(sw, child=known, received_at=timezone.now() - dt.timedelta(days=200))
    red = hub.current_levels().get(code="red")
    contact_services.contact_triage(
        membership=sw, by=sw.user, contact=earlier, level=red, route="mash", rationale="Bruising"
    )

    ui.sign_in("sw")
    ui.follow(ui.link("Record a contact"))
    concern = "School says Jaden has a black eye and will not go home."
    ui.fill_contact(concern=concern, received=timezone.localtime(timezone.now() - dt.timedelta(minutes=30)))
    ui.follow(ui.button("Continue to add people"))
    ui.follow(ui.link("Add a person"))
    ui.fill_person(
        part="Child the concern is about",
        kind="Child or young person",
        given="Jaden",
        family="Smyth",
        born=dt.date(2016, 3, 7),
        sex="Male",
    )
    ui.page.get_by_label("Address line 1", exact=True).fill("2 New Road")
    ui.page.get_by_label("Postcode", exact=True).fill("BD1 1AA")
    ui.follow(ui.button("Continue"))

    expect(ui.page.get_by_role("heading", level=1)).to_contain_text("Does the hub already know Jaden Smyth?")
    first = ui.page.locator("[data-match]").first
    expect(first.get_by_role("heading", level=2)).to_contain_text("Jayden Smith")
    expect(first.get_by_role("heading", level=2)).to_contain_text("Chance it is the same person")
    why = first.get_by_role("table", name="Why it is shown")
    expect(why.get_by_role("row", name="Date of birth")).to_contain_text("Date of birth is the same")
    expect(why.get_by_role("row", name="Last name")).to_contain_text("Partly agrees")
    expect(why.get_by_role("row", name="Address")).to_contain_text("Lives elsewhere")
    ui.screenshot("identity-match")
    ui.choose("Is this one of these people?", "Yes, Jayden Smith")
    ui.follow(ui.button("Continue"))
    expect(ui.page.get_by_text("Jayden Smith added to the contact")).to_be_visible()
    ui.follow(ui.button("Send for triage"))

    contact = Contact.objects.get(concern=concern)
    assert contact.people.get().person == known and contact.people.get().linked_existing_record
    ui.follow(ui.link("Triage this contact"))
    history = ui.page.locator("[data-earlier-contacts]")
    expect(history).to_contain_text("1 other contact")
    expect(history).to_contain_text("Referrals in the 12 months before this contact: 1")
    expect(history).to_contain_text("re-referral")
    expect(ui.page.get_by_text(earlier.reference)).to_be_visible()

    ui.follow(ui.link("History and family network of Jayden Smith"))
    expect(ui.page.get_by_role("img", name="Family network of Jayden Smith")).to_be_visible()
    expect(ui.page.get_by_role("heading", name="Linked people")).to_be_visible()
    expect(ui.page.locator("[data-network-list]")).to_contain_text("Kerry Smith: Mother")
    expect(ui.page.get_by_text("Referrals to children's social care in the last 12 months: 1")).to_be_visible()
    ui.screenshot("identity-network")
