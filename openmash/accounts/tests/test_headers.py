"""Security headers and production configuration (issue 5, section 6)."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[3]


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {name: values for name, *values in (part.split() for part in policy.split(";") if part.strip())}


def test_every_page_has_a_strict_content_security_policy_with_a_fresh_nonce(cast, contact):
    client = cast.client_for(cast.social_worker)
    first = client.get(reverse("contacts:detail", args=[contact.pk]))
    second = client.get(reverse("contacts:detail", args=[contact.pk]))
    policy = directives(first)
    assert policy["default-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["object-src"] == ["'none'"] and policy["base-uri"] == ["'none'"]
    assert "'unsafe-inline'" not in first["Content-Security-Policy"]
    assert "'unsafe-eval'" not in first["Content-Security-Policy"]
    nonces = []
    for response in (first, second):
        (nonce,) = re.findall(r"'nonce-([^']+)'", response["Content-Security-Policy"])
        assert f'nonce="{nonce}"' in response.content.decode()  # the page's script carries it
        nonces.append(nonce)
    assert nonces[0] != nonces[1]


def test_the_sign_in_page_has_the_policy_too(client):
    response = client.get(reverse("login"))
    assert directives(response)["frame-ancestors"] == ["'none'"]
    assert response["X-Frame-Options"] == "DENY"


def test_the_other_security_headers(cast, contact):
    client = cast.client_for(cast.social_worker)
    response = client.get(reverse("contacts:detail", args=[contact.pk]), secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Cache-Control"] == "no-store"


def test_cookies_are_secure_http_only_and_host_locked(settings):
    assert django_settings.SESSION_COOKIE_SECURE  # tests run with production's default
    assert django_settings.SESSION_COOKIE_NAME.startswith("__Host-")
    assert django_settings.CSRF_COOKIE_NAME.startswith("__Host-")
    assert django_settings.SESSION_COOKIE_HTTPONLY and django_settings.CSRF_COOKIE_HTTPONLY


def test_check_deploy_with_production_settings_reports_nothing():
    """`manage.py check --deploy` with production settings, given only through the environment."""
    # A clean environment, as a server would have: nothing from the test run (which sets, for
    # example, DJANGO_ALLOW_ASYNC_UNSAFE for the browser tests and OPENMASH_INSECURE_DEV_KEY).
    env = {k: os.environ[k] for k in ("PATH", "HOME", "LANG") if k in os.environ}
    env.update(
        SECRET_KEY=secrets.token_urlsafe(50),
        DEBUG="false",
        ALLOWED_HOSTS="mash.example.gov.uk",
        SECURE_COOKIES="true",
        SECURE_SSL_REDIRECT="true",
        OPENMASH_BEHIND_PROXY="true",
        STATIC_COLLECTED="true",  # collectstatic has run: hashed names, served by WhiteNoise (docs/deploy.md)
    )
    result = subprocess.run(  # noqa: S603 - our own manage.py with a fixed argument list
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_check_deploy_warns_when_static_files_are_not_collected():
    """Without STATIC_COLLECTED nothing but runserver --insecure serves /assets/: say so before go-live."""
    env = {k: os.environ[k] for k in ("PATH", "HOME", "LANG") if k in os.environ}
    env.update(SECRET_KEY=secrets.token_urlsafe(50), DEBUG="false", SECURE_SSL_REDIRECT="true", OPENMASH_ENV_FILE="")
    result = subprocess.run(  # noqa: S603 - our own manage.py with a fixed argument list
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert "openmash.W001" in result.stderr and "STATIC_COLLECTED" in result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: os.environ[k] for k in ("PATH", "HOME", "LANG") if k in os.environ}
    env["OPENMASH_ENV_FILE"] = ""  # not the .env that `make demo` may have written in this checkout
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0 and "Set SECRET_KEY" in result.stderr


TEMPLATE_DIRS = [ROOT / "openmash" / "templates", *sorted((ROOT / "openmash").glob("*/templates"))]
INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I), "an inline <script> (put it in a static .mjs file)"),
    (re.compile(r"<style\b", re.I), "a <style> element (put it in openmash.css)"),
    (re.compile(r"\sstyle\s*=", re.I), "a style attribute (use a class)"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "an inline event handler (attach it from a static .mjs file)"),
    (re.compile(r"javascript:", re.I), "a javascript: URL"),
]


def test_no_template_has_inline_script_style_or_event_handlers():
    """The CSP forbids them, so they would silently not work; catch them here instead."""
    problems = []
    templates = [path for folder in TEMPLATE_DIRS for path in folder.rglob("*.html")]
    assert len(templates) > 20
    for path in templates:
        text = path.read_text()
        for pattern, what in INLINE:
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                problems.append(f"{path.relative_to(ROOT)}:{line}: {what}")
    assert not problems, "\n".join(problems)


def test_every_script_tag_carries_the_nonce():
    for folder in TEMPLATE_DIRS:
        for path in folder.rglob("*.html"):
            for tag in re.findall(r"<script\b[^>]*>", path.read_text()):
                assert 'nonce="{{ request.csp_nonce }}"' in tag, f"{path}: {tag}"


def test_signed_out_pages_are_not_cached_either():
    response = Client().get(reverse("login"))
    assert response["Cache-Control"] == "no-store" or "no-cache" in response["Cache-Control"]
