"""Driving the pages as a practitioner would, with an accessibility check on every page.

`Ui` wraps one Playwright page. Every navigation made through it (`goto`, `follow`)
waits for the new page to load and runs axe-core on it; serious and critical
violations fail the test with a report that names each rule and the elements
that break it. It also collects JavaScript errors, so a journey can assert that
none of the pages' scripts threw.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import ConsoleMessage, Error, Locator, Page, Response, expect

from conftest import PASSWORD, authenticator_for
from openmash.accounts import signin
from openmash.accounts.models import User

SCREENSHOTS = Path(__file__).parent / "screenshots"
BLOCKING_IMPACTS = {"serious", "critical"}
_AXE = Axe()


def axe_report(url: str, violations: list[dict[str, Any]]) -> str:
    """Each violation's rule, impact, help text and failing elements, to fix it from."""
    lines = [f"axe-core found {len(violations)} serious or critical violation(s) on {url}:"]
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']} [{v.get('helpUrl', '')}]")
        for node in v["nodes"]:
            target = " ".join(str(t) for t in node["target"])
            summary = " ".join(str(node.get("failureSummary", "")).split())
            lines.append(f"    target: {target}\n      html: {node.get('html', '')[:200]}\n      why: {summary}")
    return "\n".join(lines)


@dataclass
class Ui:
    page: Page
    base_url: str
    checked: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.page.on("console", self._on_console)
        self.page.on("pageerror", self._on_page_error)

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            where = message.location.get("url", "") if message.location else ""
            self.console_errors.append(f"{message.text} ({where})")

    def _on_page_error(self, error: Error) -> None:
        self.page_errors.append(f"{error.name}: {error.message}")

    # Accessibility -------------------------------------------------------------------

    def check(self) -> None:
        """Run axe-core on the page as it is now and fail on serious or critical violations."""
        results = _AXE.run(self.page)
        blocking = [v for v in results.response["violations"] if v.get("impact") in BLOCKING_IMPACTS]
        self.checked.append(self.page.url)
        assert not blocking, axe_report(self.page.url, blocking)

    # Navigation ----------------------------------------------------------------------

    def goto(self, path: str, *, check: bool = True) -> Response:
        response = self.page.goto(self.base_url + path)
        assert response is not None, f"No response for {path}"
        if check:
            self.check()
        return response

    def follow(self, target: Locator, *, check: bool = True) -> None:
        """Click a link or submit button, wait for the page it leads to, and check that page."""
        with self.page.expect_navigation(wait_until="load"):
            target.click()
        if check:
            self.check()

    def button(self, name: str) -> Locator:
        return self.page.get_by_role("button", name=name, exact=True)

    def link(self, name: str) -> Locator:
        return self.page.get_by_role("link", name=name, exact=True)

    def sign_in(self, username: str) -> None:
        """Sign in with the password and a code from the user's authenticator (made if they have none)."""
        device = authenticator_for(User.objects.get(username=username))
        self.goto("/sign-in/")
        self.page.get_by_label("Username").fill(username)
        self.page.get_by_label("Password").fill(PASSWORD)
        self.follow(self.button("Sign in"))
        device.refresh_from_db()
        code = signin.unused_code(device)
        if code is None:  # signed in twice this half-minute already: wait for the app's next code
            time.sleep(device.step - time.time() % device.step + 0.5)
            code = signin.unused_code(device)
        assert code is not None
        self.page.get_by_label("Security code").fill(code)
        self.follow(self.button("Continue"))

    def screenshot(self, name: str) -> Path:
        SCREENSHOTS.mkdir(exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

    # JavaScript errors ---------------------------------------------------------------

    def js_errors(self, *, ignore: tuple[str, ...] = ()) -> list[str]:
        """Console errors and uncaught exceptions so far, less favicon misses and `ignore` patterns."""
        errors = [e for e in self.console_errors if "favicon" not in e] + self.page_errors
        return [e for e in errors if not any(re.search(pattern, e) for pattern in ignore)]

    # Forms, filled in by their labels --------------------------------------------------

    def fieldset(self, legend: str) -> Locator:
        return self.page.get_by_role("group", name=legend, exact=True)

    def fill_date(self, legend: str, day: int | str, month: int | str, year: int | str) -> None:
        group = self.fieldset(legend)
        group.get_by_label("Day", exact=True).fill(str(day))
        group.get_by_label("Month", exact=True).fill(str(month))
        group.get_by_label("Year", exact=True).fill(str(year))

    def choose(self, legend: str, option: str) -> None:
        """Pick a radio by its label, inside the fieldset with this legend."""
        self.fieldset(legend).get_by_role("radio", name=option, exact=True).check()

    def fill_contact(self, *, concern: str, received: dt.datetime) -> None:
        """The 'Record a contact' form as a practitioner fills it in for a call from a school."""
        p = self.page
        self.choose("How did the contact arrive?", "Phone call")
        self.fill_date("Date received", received.day, received.month, received.year)
        p.get_by_label("Time received", exact=True).fill(received.strftime("%H:%M"))
        self.choose("Who made the contact?", "A professional")
        p.get_by_label("Referral source (CIN census code)").select_option(label="2A Schools")
        p.get_by_label("Referrer's name", exact=True).fill("Pat Head")
        p.get_by_label("Referrer's agency or organisation", exact=True).fill("Oakfield Primary School")
        p.get_by_label("Referrer's role", exact=True).fill("Designated safeguarding lead")
        p.get_by_label("What happened, in the referrer's words", exact=True).fill(concern)
        self.choose("Does the family know about this contact?", "No")
        self.choose("Did the referrer ask the family's consent?", "No")

    def fill_person(
        self,
        *,
        part: str,
        kind: str,
        given: str,
        family: str,
        born: dt.date | None = None,
        sex: str = "Not known",
        allocated_worker: str = "",
        nhs_number: str = "",
        related_to: str = "",
        relationship: str = "",
        parental_responsibility: bool = False,
    ) -> None:
        """The 'Add a person' form; `part`, `kind`, `sex` and `relationship` are the visible labels."""
        p = self.page
        self.choose("Who are they in this concern?", part)
        self.choose("Child or adult", kind)
        p.get_by_label("First names", exact=True).fill(given)
        p.get_by_label("Last name", exact=True).fill(family)
        if born:
            self.fill_date("Date of birth", born.day, born.month, born.year)
        self.choose("Sex", sex)
        if nhs_number:
            p.get_by_label("NHS number", exact=True).fill(nhs_number)
        if allocated_worker:
            p.get_by_label("Allocated social worker, if the child already has one", exact=True).fill(allocated_worker)
        if related_to:
            p.get_by_label("Related to", exact=True).select_option(label=related_to)
            p.get_by_label("Relationship", exact=True).select_option(label=relationship)
            if parental_responsibility:
                p.get_by_label("Has parental responsibility", exact=True).check()

    def fill_share_basis(
        self,
        *,
        purpose: str,
        categories: tuple[str, ...],
        consent: str,
        reason: str = "",
        significant_harm: str = "",
        schedule1: bool = False,
    ) -> None:
        """The decision-to-share part of the ask form (consent/forms.py ShareBasisForm); labels as shown."""
        p = self.page
        p.get_by_label("Purpose of sharing", exact=True).fill(purpose)
        group = self.fieldset("What kinds of information does it cover?")
        for label in categories:
            group.get_by_label(label, exact=True).check()
        if schedule1:
            self.choose(
                "Condition for health or criminal information (DPA 2018 Schedule 1)",
                "Schedule 1 paragraph 18: safeguarding of children and of individuals at risk",
            )
        self.choose("Consent", consent)
        if reason:
            self.choose("If consent was refused or not sought, why share anyway?", reason)
        if significant_harm:
            p.get_by_label(
                "There is reasonable cause to suspect significant harm, so consent is not needed", exact=True
            ).check()
            p.get_by_label("Why there is reasonable cause to suspect significant harm", exact=True).fill(
                significant_harm
            )

    def expect_error_summary(self, *messages: str) -> Locator:
        summary = self.page.locator(".govuk-error-summary")
        expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
        for message in messages:
            expect(summary).to_contain_text(message)
        return summary
