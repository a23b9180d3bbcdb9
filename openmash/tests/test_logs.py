"""Logs as JSON lines with the request's id, and nothing personal (issue 11, point 1).

openmash/logs.py formats; openmash/middleware.py gives every request an id. The access log is
gunicorn's, through GunicornAccessFormatter; test_serving.py reads it from a real server.
"""

from __future__ import annotations

import io
import json
import logging
import sys
from collections.abc import Iterator

import pytest
from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.utils.functional import SimpleLazyObject

from openmash import urls as openmash_urls
from openmash.logs import GunicornAccessFormatter, JsonFormatter, user_id_of

log = logging.getLogger("openmash.tests.logs")


def logs_something(request: HttpRequest) -> HttpResponse:
    log.warning("looked at the thing")
    return HttpResponse("ok")


def fails_with_personal_data(request: HttpRequest) -> HttpResponse:
    raise ValueError(
        f"no match for {request.POST['given_names']} {request.POST['family_name']} born {request.POST['dob']}"
    )


urlpatterns = [
    path("test-logs/something/", logs_something),
    path("test-logs/fails/", fails_with_personal_data),
    *openmash_urls.urlpatterns,
]
handler500 = openmash_urls.handler500

pytestmark = [pytest.mark.urls(__name__), pytest.mark.django_db]


class Lines:
    """What the app logged so far, one JSON line per entry."""

    def __init__(self, stream: io.StringIO) -> None:
        self.stream = stream

    def raw(self) -> str:
        return self.stream.getvalue()

    def entries(self, logger: str | None = None) -> list[dict]:
        found = [json.loads(line) for line in self.raw().splitlines()]
        return [entry for entry in found if logger is None or entry["logger"] == logger]


@pytest.fixture
def logged() -> Iterator[Lines]:
    """Every line the app logs while the test runs, through the JSON formatter settings use."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.addHandler(handler)
    old_level = root.level
    root.setLevel(logging.INFO)
    try:
        yield Lines(stream)
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)


def test_every_response_carries_a_request_id(client):
    first, second = client.get("/health/"), client.get("/sign-in/")
    assert len(first["X-Request-ID"]) == 32 and first["X-Request-ID"] != second["X-Request-ID"]


@pytest.mark.parametrize("offered", ["5f0c6a1e2b3d4c5d6e7f8a9b0c1d2e3f", "0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0"])
def test_the_proxys_request_id_is_kept(client, offered):
    assert client.get("/health/", HTTP_X_REQUEST_ID=offered)["X-Request-ID"] == offered


@pytest.mark.parametrize("offered", ["", "has space", 'quote"', "new\nline", "x" * 129, "-starts-with-a-dash"])
def test_a_request_id_that_is_not_sane_is_replaced(client, offered):
    answered = client.get("/health/", HTTP_X_REQUEST_ID=offered)["X-Request-ID"]
    assert answered != offered and len(answered) == 32


def test_a_log_line_names_the_request_user_and_path_but_not_the_query_string(cast, logged):
    client = cast.client_for(cast.social_worker)
    response = client.get("/test-logs/something/?family_name=Testchild&dob=2018-05-04")
    assert response.status_code == 200
    (line,) = logged.entries("openmash.tests.logs")
    assert set(line) == {"time", "level", "logger", "message", "request_id", "method", "path", "user_id"}
    assert line["message"] == "looked at the thing" and line["level"] == "WARNING"
    assert line["request_id"] == response["X-Request-ID"]
    assert (line["method"], line["path"]) == ("GET", "/test-logs/something/")
    assert line["user_id"] == cast.social_worker.user.pk
    assert line["time"].endswith("Z") and len(line["time"]) == len("2026-12-01T09:30:00.123Z")
    assert "Testchild" not in logged.raw()


def test_a_failure_is_logged_with_its_type_and_code_but_not_its_message(cast, logged):
    client = cast.client_for(cast.social_worker)
    client.raise_request_exception = False
    response = client.post(
        "/test-logs/fails/?q=Amy", {"given_names": "Amy", "family_name": "Testchild", "dob": "2018-05-04"}
    )
    assert response.status_code == 500
    (line,) = logged.entries("django.request")
    assert line["level"] == "ERROR" and line["status"] == 500
    assert line["message"] == "Internal Server Error: /test-logs/fails/"
    assert line["request_id"] == response["X-Request-ID"] and line["method"] == "POST"
    assert line["error"] == "ValueError"
    assert "fails_with_personal_data" in line["traceback"]
    everything = logged.raw()
    assert "Amy" not in everything and "Testchild" not in everything and "2018-05-04" not in everything


def test_a_page_not_found_is_logged_with_the_request_id(client, logged):
    response = client.get("/no-such-page/?name=Amy")
    assert response.status_code == 404
    (line,) = logged.entries("django.request")
    assert line["request_id"] == response["X-Request-ID"]
    assert (line["path"], line["status"]) == ("/no-such-page/", 404)
    assert "user_id" not in line and "Amy" not in logged.raw()


def test_naming_the_user_in_a_log_line_never_loads_the_user():
    """The database may be why we are logging: a user not loaded yet is left out, not fetched."""
    request = HttpRequest()
    request.user = SimpleLazyObject(lambda: pytest.fail("the log line loaded the user"))  # type: ignore[assignment]
    assert user_id_of(request) is None
    assert user_id_of(None) is None


def test_a_line_outside_any_request_has_only_the_basic_fields(logged):
    logging.getLogger("openmash.tests.logs").warning("outside any request")
    (line,) = logged.entries("openmash.tests.logs")
    assert set(line) == {"time", "level", "logger", "message"}


def test_gunicorn_access_lines_keep_the_path_and_drop_the_query_address_and_agent():
    # What gunicorn passes for one request (gunicorn.glogging.Logger.atoms), abridged.
    atoms = {
        "h": "203.0.113.9",
        "m": "GET",
        "U": "/contacts/42/",
        "q": "family_name=Testchild",
        "r": "GET /contacts/42/?family_name=Testchild HTTP/1.1",
        "s": "200",
        "D": 12345,
        "a": "Mozilla/5.0",
        "f": "https://openmash.example.gov.uk/contacts/?q=Amy",
        "{x-request-id}o": "5f0c6a1e2b3d4c5d6e7f8a9b0c1d2e3f",
        "{openmash.user_id}e": "7",
    }
    record = logging.LogRecord("gunicorn.access", logging.INFO, __file__, 1, "%(r)s", (atoms,), None)
    line = json.loads(GunicornAccessFormatter().format(record))
    assert {key: value for key, value in line.items() if key != "time"} == {
        "level": "INFO",
        "logger": "gunicorn.access",
        "message": "GET /contacts/42/ 200",
        "request_id": "5f0c6a1e2b3d4c5d6e7f8a9b0c1d2e3f",
        "method": "GET",
        "path": "/contacts/42/",
        "status": 200,
        "duration_ms": 12.3,
        "user_id": 7,
    }


def test_a_formatted_line_is_one_line_even_when_the_message_has_newlines():
    record = logging.LogRecord("x", logging.ERROR, __file__, 1, "two\nlines", None, None)
    hidden = "s" + "ecret"
    try:
        raise KeyError(hidden)
    except KeyError:
        record.exc_info = sys.exc_info()
    line = JsonFormatter().format(record)
    assert "\n" not in line and "secret" not in line
    assert json.loads(line)["error"] == "KeyError"


def test_settings_log_through_the_json_formatter():
    formatters = {type(handler.formatter) for handler in logging.getLogger().handlers if handler.formatter}
    assert JsonFormatter in formatters
