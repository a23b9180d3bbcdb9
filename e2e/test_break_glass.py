"""Break the glass in a real browser: a social worker meets a police item not for disclosure on the
contact page, gives a reason, reads it on that page only, and the manager finds the opening in the log.
axe-core checks every page, the reason prompt and the error included."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import make_contact, make_member
from e2e.ui import Ui
from openmash.accounts.models import AgencyKind, Role
from openmash.audit.models import AuditEvent, Verb
from openmash.contacts.services import contact_triage
from openmash.enquiries import services as enquiry_services
from openmash.enquiries.tests.conftest import statutory_share
from openmash.hubs.services import hub_load_preset

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SECRET = "Intelligence: an adult in the household is under investigation"


def test_a_restricted_item_opens_with_a_reason_and_the_manager_sees_why(ui: Ui) -> None:
    hub = hub_load_preset(key="site1")
    sw = make_member(hub, "sw", Role.SOCIAL_WORKER, AgencyKind.CHILDRENS_SOCIAL_CARE)
    make_member(hub, "boss", Role.HUB_MANAGER, AgencyKind.CHILDRENS_SOCIAL_CARE)
    police = make_member(hub, "police", Role.PARTNER, AgencyKind.POLICE)
    contact = make_contact(sw)
    contact_triage(
        membership=sw,
        by=sw.user,
        contact=contact,
        level=hub.current_levels().get(code="red"),
        route="mash",
        rationale="Possible significant harm.",
    )
    assert police.user.agency is not None
    request = enquiry_services.requests_send(
        membership=sw,
        by=sw.user,
        contact=contact,
        agencies=[police.user.agency],
        people=[link.person for link in contact.people.all()],
        question="What do you hold?",
        deadline=timezone.now() + dt.timedelta(hours=4),
        share=statutory_share(),
    )[0]
    draft = enquiry_services.contribution_start(membership=police, by=police.user, request=request)
    enquiry_services.contribution_item_add(
        membership=police,
        by=police.user,
        contribution=draft,
        person=contact.people.get().person,
        occurred_on=timezone.localdate() - dt.timedelta(days=10),
        summary=SECRET,
        source_system="Niche",
        sensitivity="nfd",
    )
    enquiry_services.contribution_analysis_save(
        membership=police,
        by=police.user,
        contribution=draft,
        analysis="Concerning.",
        recommended_level=None,
        indicators=[],
    )
    enquiry_services.contribution_submit(membership=police, by=police.user, contribution=draft)

    ui.sign_in("sw")
    ui.goto(f"/contacts/{contact.pk}/")
    expect(ui.page.get_by_text("Restricted: Not for disclosure", exact=False)).to_be_visible()
    assert SECRET not in ui.page.content()
    expect(ui.page.locator(".om-marking").first).to_have_text("OFFICIAL-SENSITIVE PERSONAL")
    # No reason: an error, and still hidden.
    ui.follow(ui.button("Show this item about Amy Testchild"))
    ui.expect_error_summary("Enter why you need to see this information")
    assert SECRET not in ui.page.content()
    reason = "Deciding whether to call a strategy discussion today."
    ui.page.get_by_label("Why do you need to see this information?").fill(reason)
    ui.follow(ui.button("Show this item"))
    expect(ui.page.locator("#restricted-summary")).to_have_text(SECRET)
    expect(ui.page.locator(".om-marking").first).to_have_text("OFFICIAL-SENSITIVE LAW ENFORCEMENT PERSONAL")
    assert AuditEvent.objects.filter(verb=Verb.BREAK_GLASS, justification=reason).count() == 1
    # For that page only.
    ui.goto(f"/contacts/{contact.pk}/")
    assert SECRET not in ui.page.content()

    ui.page.context.clear_cookies()
    ui.sign_in("boss")
    ui.goto("/restricted/log/")
    expect(ui.page.get_by_text(reason)).to_be_visible()
    assert SECRET not in ui.page.content()
    ui.goto(f"/contacts/{contact.pk}/")
    ui.follow(ui.link("Who has seen Amy Testchild's record"))
    expect(ui.page.get_by_text(reason).first).to_be_visible()
