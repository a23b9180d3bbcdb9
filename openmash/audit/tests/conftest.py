from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from openmash.audit.models import Verb
from openmash.audit.services import audit_record


@pytest.fixture(autouse=True)
def anchor_file(settings: Any, tmp_path: Path) -> Path:
    """Each test's own anchor file (not yet created), never the checkout's var/audit-anchors.jsonl."""
    settings.AUDIT_ANCHOR_FILE = tmp_path / "anchors" / "audit-anchors.jsonl"
    return settings.AUDIT_ANCHOR_FILE


@pytest.fixture
def tamper():
    """Run SQL against the audit table directly, with PostgreSQL's protection switched off for it."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_setting('is_superuser')")
            if cursor.fetchone()[0] != "on":
                pytest.skip("Disabling the audit triggers needs the test database's superuser")

    def run(sql, params=()):
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER USER")
            cursor.execute(sql, params)
            if connection.vendor == "postgresql":
                cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER USER")

    return run


@pytest.fixture
def chain(cast, contact):
    """Ten more events through the one writer; returns them in order."""
    events = []
    for n in range(5):
        events.append(
            audit_record(
                verb=Verb.VIEW,
                actor=cast.police.user,
                membership=cast.police,
                target=contact,
                detail={"purpose": "triage", "n": n},
            )
        )
        events.append(audit_record(verb=Verb.SEARCH, actor=cast.manager.user, membership=cast.manager))
    return events
