"""The production configuration, served for real (issue 11, point 1): what `make serve` and docs/deploy.md run.

collectstatic into a temporary STATIC_ROOT, then gunicorn with deploy/gunicorn.conf.py and DEBUG off
on a free port, against the test database, and plain HTTP requests to it. It needs PostgreSQL:
the server is another process, which cannot see the tests' in-memory SQLite database.
"""

from __future__ import annotations

import http.client
import json
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.db import connection

from openmash.tests.processes import ROOT, database_url_for, production_env

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: gunicorn runs in another process and cannot see an in-memory SQLite test database",
    ),
    pytest.mark.django_db,  # so pytest-django creates the test database, which the server uses
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode()


@dataclass
class Server:
    port: int
    process: subprocess.Popen[bytes]
    stdout: Path
    stderr: Path

    def get(self, path: str, **headers: str) -> Answer:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            conn.request("GET", path, headers={"Host": "127.0.0.1", **headers})
            response = conn.getresponse()
            return Answer(response.status, {k.lower(): v for k, v in response.getheaders()}, response.read())
        finally:
            conn.close()

    def log_lines(self, which: Path) -> list[dict]:
        return [json.loads(line) for line in which.read_text().splitlines() if line.startswith("{")]


@pytest.fixture(scope="module")
def server(django_db_setup, tmp_path_factory) -> Iterator[Server]:
    tmp = tmp_path_factory.mktemp("serving")
    port = free_port()
    env = production_env(
        DATABASE_URL=database_url_for(connection.settings_dict["NAME"]),
        STATIC_COLLECTED="true",
        STATIC_ROOT=str(tmp / "static"),
        OPENMASH_BEHIND_PROXY="true",
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_WORKERS="1",
        AUDIT_ANCHOR_FILE=str(tmp / "anchors.jsonl"),
    )
    subprocess.run(  # noqa: S603 - our own manage.py with a fixed argument list
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=120,
    )
    stdout, stderr = tmp / "stdout.log", tmp / "stderr.log"
    with stdout.open("wb") as out, stderr.open("wb") as err:
        process = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=err,
        )
    server = Server(port, process, stdout, stderr)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if server.get("/health/").status == 200:
                    break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"gunicorn did not start:\n{stderr.read_text()}")
            time.sleep(0.2)
        yield server
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_health_answers_200(server):
    answer = server.get("/health/")
    assert answer.status == 200
    assert json.loads(answer.body) == {"status": "ok", "database": "ok"}
    assert answer.headers["server"] == "gunicorn"


def test_the_sign_in_page_has_its_security_headers(server):
    answer = server.get("/sign-in/", **{"X-Forwarded-Proto": "https"})
    assert answer.status == 200
    assert "<h1" in answer.text
    csp = answer.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "'nonce-" in csp
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert answer.headers["referrer-policy"] == "same-origin"
    assert answer.headers["x-frame-options"] == "DENY"
    # Over HTTPS as the proxy reports it (OPENMASH_BEHIND_PROXY): HSTS, and __Host- cookies.
    assert answer.headers["strict-transport-security"] == "max-age=31536000; includeSubDomains; preload"
    assert "__Host-openmash-csrf=" in answer.headers.get("set-cookie", "")
    # Over plain HTTP browsers ignore HSTS, and Django does not send it.
    assert "strict-transport-security" not in server.get("/sign-in/").headers


def test_the_page_names_hashed_static_files_served_with_a_long_cache(server):
    page = server.get("/sign-in/").text
    (stylesheet,) = re.findall(r'href="(/assets/govuk/openmash-govuk\.[0-9a-f]{12}\.css)"', page)
    scripts = re.findall(r'src="(/assets/openmash/init\.[0-9a-f]{12}\.mjs)"', page)
    assert scripts, "the page's script should have a hashed name too"
    answer = server.get(stylesheet, **{"Accept-Encoding": "gzip, br"})
    assert answer.status == 200
    assert answer.headers["content-type"].startswith("text/css")
    assert answer.headers["content-encoding"] in {"br", "gzip"}
    cache = answer.headers["cache-control"]
    assert "max-age=315360000" in cache and "immutable" in cache
    assert answer.headers["x-request-id"]
    assert server.get(scripts[0]).status == 200
    # a name that is not in the manifest is not served
    assert server.get("/assets/govuk/openmash-govuk.000000000000.css").status == 404


def test_a_missing_page_shows_the_404_template(server):
    answer = server.get("/no-such-page/?child=Amy")
    assert answer.status == 404
    assert '<h1 class="govuk-heading-l">Page not found</h1>' in answer.text
    assert "/assets/govuk/openmash-govuk." in answer.text  # styled, not a bare error


def test_logs_are_json_lines_with_the_request_id(server):
    answer = server.get("/no-such-page/?child=Amy", **{"X-Request-ID": "test-serving-0001"})
    assert answer.headers["x-request-id"] == "test-serving-0001"
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:  # gunicorn writes the access line after the response
        access = [line for line in server.log_lines(server.stdout) if line.get("request_id") == "test-serving-0001"]
        if access:
            break
        time.sleep(0.1)
    assert access == [
        {
            "time": access[0]["time"],
            "level": "INFO",
            "logger": "gunicorn.access",
            "message": "GET /no-such-page/ 404",
            "request_id": "test-serving-0001",
            "method": "GET",
            "path": "/no-such-page/",
            "status": 404,
            "duration_ms": access[0]["duration_ms"],
        }
    ]
    app = [line for line in server.log_lines(server.stderr) if line.get("request_id") == "test-serving-0001"]
    assert [(line["logger"], line["message"], line["status"]) for line in app] == [
        ("django.request", "Not Found: /no-such-page/", 404)
    ]
    everything = server.stdout.read_text() + server.stderr.read_text()
    assert "child=Amy" not in everything and "Amy" not in everything
    assert all(line.startswith("{") for line in server.stdout.read_text().splitlines())
