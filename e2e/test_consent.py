"""The family's side in a real browser: consent stops an Early Help-level request, a red case proceeds
without consent with the reason recorded, letters are refused for jargon and reading age and warn late on
a Friday, and a mother's subject access export withholds police intelligence. axe-core checks every page."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import make_contact, make_member
from e2e.ui import Ui
from openmash.accounts.models import AgencyKind, Membership, Role
from openmash.consent.models import ShareDecision
from openmash.contacts.models import Contact, ContactPerson
from openmash.contacts.services import contact_triage
from openmash.enquiries import services as enquiry_services
from openmash.enquiries.models import InformationRequest, Sensitivity
from openmash.hubs.services import hub_load_preset
from openmash.letters import services as letter_services
from openmash.letters.models import Letter
from openmash.people import services as people_services
from openmash.people.models import Person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FRIDAY_4PM = dt.datetime(2026, 11, 20, 16, 0, tzinfo=zoneinfo.ZoneInfo("Europe/London"))


def family(key: str, level_code: str) -> tuple[Membership, Contact, Person]:
    hub = hub_load_preset(key=key)
    sw = make_member(hub, "sw", Role.SOCIAL_WORKER, AgencyKind.CHILDRENS_SOCIAL_CARE)
    make_member(hub, "manager", Role.HUB_MANAGER, AgencyKind.CHILDRENS_SOCIAL_CARE)
    make_member(hub, "police", Role.PARTNER, AgencyKind.POLICE)
    contact = make_contact(sw)
    level = hub.current_levels().get(code=level_code)
    contact_triage(membership=sw, by=sw.user, contact=contact, level=level, route="mash", rationale="Needs a look.")
    mother = people_services.person_create(
        membership=sw, by=sw.user, kind="adult", given_names="Mary", family_name="Testchild", sex="F"
    )
    ContactPerson.objects.create(contact=contact, person=mother, part=ContactPerson.Part.PARENT_CARER)
    return sw, contact, mother


def test_an_early_help_family_refuses_consent_and_requests_stop_with_the_reason(ui: Ui) -> None:
    _, contact, _ = family("site2", "tier-2")
    ui.sign_in("sw")
    ui.goto(f"/contacts/{contact.pk}/")
    ui.follow(ui.link("Consent and the family"))
    expect(ui.page.locator("#adults")).to_contain_text("Father: not identified")
    ui.follow(ui.link("Record consent"))
    ui.page.get_by_label("Who gave or refused consent?", exact=True).select_option(label="Mary Testchild")
    ui.choose("In what capacity?", "Parent")
    ui.choose("What did they say?", "Refused consent")
    ui.page.get_by_label("What may the information be used for?", exact=True).fill(
        "We asked to talk to the school and the GP. Mary said no."
    )
    ui.choose("How?", "By phone")
    today = timezone.localdate()
    ui.fill_date("Date", today.day, today.month, today.year)
    ui.page.get_by_label("Time", exact=True).fill("00:01")
    ui.follow(ui.button("Record consent"))
    expect(ui.page.locator("#sharing-status")).to_contain_text("Requests for this family are stopped")

    ui.goto(f"/requests/ask/{contact.pk}/")
    expect(ui.page.locator("#sharing-status")).to_contain_text("below the statutory threshold")
    expect(ui.page.get_by_role("heading", name="What you can still do")).to_be_visible()
    ui.page.get_by_label("Education", exact=False).first.check()
    ui.page.get_by_label("What do you want to know?", exact=True).fill("How is Amy doing at school?")
    ui.fill_share_basis(purpose="To plan help.", categories=("Names, dates of birth, addresses",), consent="Refused")
    ui.follow(ui.button("Send requests"))
    ui.expect_error_summary("Requests for this family are stopped", "What you can still do")
    assert not InformationRequest.objects.exists() and not ShareDecision.objects.exists()


def test_a_red_case_proceeds_without_consent_and_the_reason_is_recorded(ui: Ui) -> None:
    _, contact, _ = family("site1", "red")
    ui.sign_in("sw")
    ui.goto(f"/requests/ask/{contact.pk}/")
    police = contact.hub.partners.get(agency__kind=AgencyKind.POLICE).agency
    ui.page.get_by_label(police.name, exact=True).check()
    ui.page.get_by_label("What do you want to know?", exact=True).fill("Any incidents at the address?")
    ui.fill_share_basis(
        purpose="To understand the risk to Amy.",
        categories=("Names, dates of birth, addresses", "Police and criminal records"),
        schedule1=True,
        consent="Not sought",
        reason="Asking would put a child or another person at risk of harm",
        significant_harm="Amy has a bruise and says Dad hit her.",
    )
    ui.follow(ui.button("Send requests"))
    request = InformationRequest.objects.get(contact=contact)
    decision = request.share_decision
    assert decision is not None and decision.significant_harm and decision.consent_position == "not_sought"
    assert "Amy has a bruise" in decision.rules_said
    ui.goto(f"/family/contacts/{contact.pk}/")
    expect(ui.page.get_by_text("Consent is not needed: there is reasonable cause")).to_be_visible()


def test_letters_refuse_jargon_and_hard_words_and_warn_late_on_a_friday(ui: Ui, monkeypatch) -> None:
    monkeypatch.setattr(letter_services, "clock_now", lambda: FRIDAY_4PM)
    _, contact, _ = family("site1", "red")
    ui.sign_in("sw")
    ui.goto(f"/letters/contacts/{contact.pk}/")
    ui.choose("What is the letter about?", "We have received a concern")
    ui.page.get_by_label("Who is it to?", exact=True).select_option(label="Mary Testchild")
    ui.follow(ui.button("Start letter"))
    expect(ui.page.locator("#readability")).to_contain_text("within target")

    body = ui.page.get_by_label("Letter", exact=True)
    original = body.input_value()
    body.fill("Dear Mary,\n\nThe MASH has your case. Please call me.")
    ui.follow(ui.button("Save changes"))
    ui.choose("How will it be sent?", "By post")
    ui.follow(ui.button("Send letter"))
    ui.expect_error_summary("Write out \u2018MASH\u2019 in full the first time you use it")

    ui.page.get_by_label("Letter", exact=True).fill(
        "Notwithstanding the multi-agency safeguarding considerations, the determination regarding "
        "intervention necessitates comprehensive interdisciplinary information-sharing arrangements."
    )
    ui.follow(ui.button("Save changes"))
    expect(ui.page.locator("#readability")).to_contain_text("too hard")
    ui.choose("How will it be sent?", "By post")
    ui.follow(ui.button("Send letter"))
    ui.expect_error_summary("the hub's target is 12 or under")

    ui.page.get_by_label("Letter", exact=True).fill(original)
    ui.follow(ui.button("Save changes"))
    expect(ui.page.get_by_text("It is after 3pm on a Friday")).to_be_visible()
    ui.choose("How will it be sent?", "By hand")
    ui.follow(ui.button("Send letter"))
    ui.expect_error_summary("Confirm and enter why it cannot wait")
    assert Letter.objects.get().is_draft
    ui.choose("How will it be sent?", "By hand")
    ui.page.get_by_label("I understand, and it cannot wait", exact=True).check()
    ui.page.get_by_label("Why it cannot wait", exact=True).fill("I am taking it round and staying with Mary.")
    ui.follow(ui.button("Send letter"))
    letter = Letter.objects.get()
    assert letter.status == "sent" and letter.late_send_reason.startswith("I am taking it round")


def test_a_mothers_subject_access_export_withholds_police_intelligence(ui: Ui) -> None:
    sw, contact, mother = family("site1", "red")
    police = Membership.objects.get(user__username="police")
    agency = police.user.agency
    assert agency is not None
    from openmash.enquiries.tests.conftest import statutory_share

    [request] = enquiry_services.requests_send(
        membership=sw,
        by=sw.user,
        contact=contact,
        agencies=[agency],
        people=[link.person for link in contact.people.all()],
        question="Anything about the family?",
        deadline=timezone.now() + dt.timedelta(hours=4),
        share=statutory_share(),
    )
    draft = enquiry_services.contribution_start(membership=police, by=police.user, request=request)
    for summary, sensitivity in (
        ("Mary called police after an argument at home.", Sensitivity.NONE),
        ("INTEL-ONLY: a source says the partner deals drugs.", Sensitivity.NOT_FOR_DISCLOSURE),
    ):
        enquiry_services.contribution_item_add(
            membership=police,
            by=police.user,
            contribution=draft,
            person=mother,
            occurred_on=timezone.localdate() - dt.timedelta(days=20),
            summary=summary,
            source_system="Niche",
            sensitivity=sensitivity,
        )
    enquiry_services.contribution_analysis_save(
        membership=police, by=police.user, contribution=draft, analysis="Known.", recommended_level=None, indicators=[]
    )
    enquiry_services.contribution_submit(membership=police, by=police.user, contribution=draft)

    ui.sign_in("manager")
    ui.goto(f"/family/contacts/{contact.pk}/")
    today = timezone.localdate()
    form = ui.page.locator("form", has=ui.button("Log subject access request for Mary Testchild"))
    form.get_by_label("Day", exact=True).fill(str(today.day))
    form.get_by_label("Month", exact=True).fill(str(today.month))
    form.get_by_label("Year", exact=True).fill(str(today.year))
    ui.follow(ui.button("Log subject access request for Mary Testchild"))
    ui.follow(ui.link("Produce the export"))
    page = ui.page.locator("main")
    expect(page).to_contain_text("Mary called police after an argument at home.")
    expect(page).to_contain_text(agency.name)
    expect(page.locator("#withheld")).to_contain_text("Marked not for disclosure")
    expect(page).not_to_contain_text("INTEL-ONLY")
