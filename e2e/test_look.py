"""The look as a browser gets it from a running server (issue 11, point 6): GOV.UK Frontend's
styles in Arial, no GDS Transport asked for, openmash's own icon. `openmash/tests/test_look.py`
checks the built files themselves.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

from e2e.ui import Ui

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OUR_FAVICON = Path(settings.BASE_DIR) / "openmash" / "static" / "openmash" / "images" / "favicon.ico"


def test_the_sign_in_page_is_styled_in_arial_with_openmash_icons(ui: Ui) -> None:
    requested: list[str] = []
    ui.page.on("request", lambda request: requested.append(request.url))
    ui.goto("/sign-in/")

    # GOV.UK Frontend's styles applied (the button's green, the width container) in Arial.
    button = ui.page.get_by_role("button", name="Sign in")
    assert button.evaluate("b => getComputedStyle(b).backgroundColor") != "rgba(0, 0, 0, 0)"
    for element in (
        ui.page.get_by_role("heading", name="Sign in to openmash"),
        button,
        ui.page.get_by_label("Username"),
    ):
        assert element.evaluate("e => getComputedStyle(e).fontFamily") == "arial, sans-serif"
    assert ui.page.evaluate("[...document.fonts].map(f => f.family)") == []

    # What the server serves: the stylesheet without GDS Transport, our favicon, no GOV.UK images.
    sheet = ui.page.locator("link[rel=stylesheet][href*='/govuk/']").get_attribute("href")
    css = ui.page.request.get(ui.base_url + str(sheet))
    assert css.ok and "GDS Transport" not in css.text() and "@font-face" not in css.text()
    icon = ui.page.locator("link[rel=icon][sizes='48x48']").get_attribute("href")
    favicon = ui.page.request.get(ui.base_url + str(icon))
    assert favicon.ok and favicon.body() == OUR_FAVICON.read_bytes()
    assert not [url for url in requested if "/fonts/" in url or "/assets/images/" in url]
    assert ui.js_errors() == []

    ui.screenshot("sign-in")
