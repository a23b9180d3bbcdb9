"""The pages for when the service fails (issue 11, point 1): 500, and 503 when the database is down.

Django shows these only with DEBUG off (as in production and under pytest). The views below
are added to the real URLconf for these tests; `raise_request_exception=False` makes the test
client answer as a server would instead of re-raising.
"""

from __future__ import annotations

import logging
from unittest import mock

import pytest
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.test import Client
from django.urls import path

from openmash import urls as openmash_urls
from openmash.errors import database_unavailable

PROBLEM = "Sorry, there is a problem with the service"
UNAVAILABLE = "Sorry, the service is unavailable"


def breaks(request: HttpRequest) -> HttpResponse:
    raise ValueError("something the page did not expect about Amy Testchild")


def database_down(request: HttpRequest) -> HttpResponse:
    raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')


def connection_lost(request: HttpRequest) -> HttpResponse:
    raise InterfaceError("connection already closed")


urlpatterns = [
    path("test-errors/breaks/", breaks),
    path("test-errors/database-down/", database_down),
    path("test-errors/connection-lost/", connection_lost),
    *openmash_urls.urlpatterns,
]
handler500 = openmash_urls.handler500

pytestmark = [pytest.mark.urls(__name__), pytest.mark.django_db]


@pytest.fixture
def server_client(cast) -> Client:
    """A signed-in practitioner's client that gets the error page, as a browser would."""
    client = cast.client_for(cast.social_worker)
    client.raise_request_exception = False
    return client


def test_the_500_and_503_templates_render_with_no_request_or_context():
    problem = loader.get_template("500.html").render()
    unavailable = loader.get_template("503.html").render()
    assert f'<h1 class="govuk-heading-l">{PROBLEM}</h1>' in problem
    assert f"<title>{PROBLEM} – openmash</title>" in problem
    assert f'<h1 class="govuk-heading-l">{UNAVAILABLE}</h1>' in unavailable
    for page in (problem, unavailable):
        assert "/assets/govuk/openmash-govuk" in page  # styled like every other page
        assert "<script" not in page  # no nonce without a request, so no script at all


def test_an_unexpected_failure_shows_the_problem_page_and_nothing_of_the_failure(server_client, settings):
    assert settings.DEBUG is False
    response = server_client.get("/test-errors/breaks/")
    assert response.status_code == 500
    page = response.content.decode()
    assert PROBLEM in page and "Try again later." in page
    assert "Amy Testchild" not in page and "Traceback" not in page and "ValueError" not in page
    assert response["X-Request-ID"]
    assert "Retry-After" not in response
    assert "default-src 'self'" in response["Content-Security-Policy"]


@pytest.mark.parametrize("url", ["/test-errors/database-down/", "/test-errors/connection-lost/"])
def test_a_database_that_cannot_be_reached_shows_the_unavailable_page(server_client, settings, caplog, url):
    settings.RETRY_AFTER_SECONDS = 45
    with caplog.at_level(logging.ERROR):
        response = server_client.get(url)
    assert response.status_code == 503
    assert response["Retry-After"] == "45"
    page = response.content.decode()
    assert UNAVAILABLE in page and "Try again in a few minutes." in page
    assert "5432" not in page and "connection" not in page.lower()
    logged = {(record.name, record.getMessage().split(":")[0]) for record in caplog.records}
    assert ("openmash.errors", "Database unavailable (OperationalError)") in logged or (
        "openmash.errors",
        "Database unavailable (InterfaceError)",
    ) in logged
    assert ("django.request", "Service Unavailable") in logged  # with the traceback, for whoever runs it


def test_the_database_failing_under_the_middleware_also_answers_503(client, db, settings):
    """The session is read by middleware, before any view: a database down there is a 503 too."""
    client.raise_request_exception = False
    client.cookies[settings.SESSION_COOKIE_NAME] = "k" * 32  # a well-formed key, so the database is asked
    with mock.patch(
        "django.contrib.sessions.backends.db.SessionStore._get_session_from_db",
        side_effect=OperationalError("server closed the connection unexpectedly"),
    ):
        response = client.get("/")
    assert response.status_code == 503
    assert UNAVAILABLE in response.content.decode()
    assert response["Retry-After"] == "30"


def test_health_answers_503_when_the_database_cannot_be_reached(client, db):
    with mock.patch("openmash.accounts.views.connection.cursor", side_effect=OperationalError("refused")):
        response = client.get("/health/")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "unreachable"}
    assert client.get("/health/").status_code == 200


def test_a_database_error_raised_while_handling_another_counts_as_unavailable():
    try:
        try:
            raise OperationalError("the server is restarting")
        except OperationalError as inner:
            raise RuntimeError("a helper failed") from inner
    except RuntimeError as outer:
        assert database_unavailable(outer)
    assert not database_unavailable(ValueError("not the database"))
    assert not database_unavailable(None)
