"""A council's own look (issue 11, point 6): GOV.UK Frontend's components without GOV.UK's identity.

GDS Transport, the crown and the crest are for services on GOV.UK only. The stylesheet is
built from Sass (frontend/govuk.scss, `npm run build:css`) with Arial and no @font-face;
the icons are openmash's own; nothing from the npm package but its JavaScript is served.
The browser test `e2e/test_look.py` checks the same through a real server.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

GOVUK_DIST = Path(settings.BASE_DIR) / "node_modules" / "govuk-frontend" / "dist" / "govuk"
OUR_IMAGES = Path(settings.BASE_DIR) / "openmash" / "static" / "openmash" / "images"
# In a stylesheet: the font and anything fetched (the only images the package's styles name are
# the crest's). The header's .govuk-logo rules may stay: they are only rules, no page uses them.
NOT_IN_CSS = re.compile(r"GDS Transport|@font-face|govuk-crest|url\(", re.I)
# In a page: the crown, the crest, the GOV.UK logo and GOV.UK's own icons.
NOT_IN_PAGES = re.compile(r"crown|govuk-crest|govuk-icon|govuk-logo|govuk-header__logo|/assets/images/", re.I)


def static_file(url: str) -> Path:
    """The file Django serves at an /assets/ URL (as runserver and the live server do)."""
    assert url.startswith(settings.STATIC_URL), url
    found = finders.find(url.removeprefix(settings.STATIC_URL))
    assert found, f"{url} is not served: run `npm run build:css` (make setup-app does)"
    return Path(str(found))


def asset_urls(html: str, rel: str) -> list[str]:
    return re.findall(rf'<link rel="{rel}"[^>]*href="([^"]+)"', html)


def sign_in_page(client: Client) -> str:
    return client.get(reverse("login")).content.decode()


def the_govuk_stylesheet(client: Client) -> str:
    (url,) = [u for u in asset_urls(sign_in_page(client), "stylesheet") if "/govuk/" in u]
    return static_file(url).read_text()


def test_the_stylesheet_has_no_gds_transport_and_names_no_govuk_image(client):
    html = sign_in_page(client)
    sheets = asset_urls(html, "stylesheet")
    assert sheets
    for url in sheets:
        css = static_file(url).read_text()
        assert not NOT_IN_CSS.search(css), f"{url} has {NOT_IN_CSS.search(css)}"
    assert "font-family:arial,sans-serif" in the_govuk_stylesheet(client)


def test_the_stylesheet_has_every_govuk_frontend_component(client):
    css = the_govuk_stylesheet(client)
    components = sorted(p.name for p in (GOVUK_DIST / "components").iterdir() if p.is_dir())
    assert len(components) > 30
    missing = [name for name in components if f".govuk-{name}" not in css]
    assert not missing, f"Components missing from the stylesheet: {missing}"
    # and the core styles the templates lean on
    for selector in (".govuk-template", ".govuk-width-container", ".govuk-grid-row", ".govuk-body", ".govuk-link"):
        assert selector in css


def test_pages_use_openmash_icons_and_no_crown(client):
    html = sign_in_page(client)
    assert not NOT_IN_PAGES.search(html), NOT_IN_PAGES.search(html)
    icons = asset_urls(html, "icon") + asset_urls(html, "apple-touch-icon")
    assert len(icons) == 3
    for url in icons:
        served = static_file(url)
        assert served.parent == OUR_IMAGES, url
    favicon = static_file(next(u for u in icons if u.endswith(".ico")))
    assert favicon.read_bytes() != (GOVUK_DIST / "assets" / "images" / "favicon.ico").read_bytes()


def test_the_govuk_fonts_and_images_in_the_npm_package_are_not_served():
    served = [path for finder in finders.get_finders() for path, _storage in finder.list([])]
    assert "govuk/openmash-govuk.css" in served and "govuk/govuk-frontend.min.js" in served
    assert not [p for p in served if p.endswith((".woff", ".woff2"))]
    assert not [p for p in served if re.search(r"govuk-(crest|icon|opengraph)|manifest\.json", p)]
    assert finders.find("images/favicon.ico") is None
