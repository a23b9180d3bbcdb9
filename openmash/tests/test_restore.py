"""The restore in docs/deploy.md, done as written: dump, restore into a new database, migrate, verify_audit.

A backup is only as good as the last restore that worked. This runs the documented commands
against scratch databases: a copy of the (migrated) test database stands in for production;
`load_hub_preset` writes audited data into it; deploy/openmash-backup (the nightly backup's script)
anchors its chain outside it with `audit_publish_head`, dumps it with `pg_dump -Fc` and copies the
anchor file beside the dump; `pg_restore` restores the dump into a new database; `migrate` and
`verify_audit` run against that, each as its own process with DATABASE_URL pointing at it, as an
operator would. Both scratch databases are dropped afterwards.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from django.db import connection, connections
from psycopg import sql

from openmash.tests.processes import ROOT, database_url_for, production_env

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the documented backup and restore are for PostgreSQL"
    ),
    # So pytest-django creates the test database (the template of "production"); transaction=True
    # so this process holds no connection to it while it is copied.
    pytest.mark.django_db(transaction=True),
]


def postgres_tool(name: str) -> str | None:
    """pg_dump or pg_restore: Debian's newest /usr/lib/postgresql/*/bin, else PATH."""
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=lambda p: int(Path(p).parts[4]))
    return found[-1] if found else shutil.which(name)


def admin() -> psycopg.Connection:
    return psycopg.connect(database_url_for("postgres"), autocommit=True)


def drop(name: str) -> None:
    with admin() as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def manage(*args: str, database: str, anchors: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own manage.py with a fixed argument list
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=production_env(DATABASE_URL=database_url_for(database), AUDIT_ANCHOR_FILE=str(anchors)),
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


@pytest.fixture
def scratch(django_db_setup, django_db_blocker) -> Iterator[tuple[str, str]]:
    """Two empty names: a copy of the migrated test database ("production") and the restore target."""
    suffix = uuid.uuid4().hex[:8]
    source, restored = f"om_restore_source_{suffix}", f"om_restore_target_{suffix}"
    template = connection.settings_dict["NAME"]
    with django_db_blocker.unblock():
        connections.close_all()  # CREATE DATABASE … TEMPLATE needs no one else connected to it
    try:
        for attempt in range(20):
            try:
                with admin() as conn:
                    conn.execute(
                        sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                            sql.Identifier(source), sql.Identifier(template)
                        )
                    )
                break
            except psycopg.errors.ObjectInUse:  # a connection from an earlier test is still closing
                if attempt == 19:
                    raise
                time.sleep(0.25)
        yield source, restored
    finally:
        drop(source)
        drop(restored)


def test_a_nightly_dump_restores_migrates_and_verifies_intact(scratch, tmp_path):
    pg_dump, pg_restore = postgres_tool("pg_dump"), postgres_tool("pg_restore")
    if not pg_dump or not pg_restore:
        pytest.skip(
            "pg_dump and pg_restore not found in /usr/lib/postgresql/*/bin or on PATH (apt install postgresql-client)"
        )
    source, restored = scratch
    anchors = tmp_path / "audit-anchors.jsonl"  # off the database server, in production

    # "Production": audited changes.
    loaded = manage("load_hub_preset", "site1", database=source, anchors=anchors)
    assert loaded.returncode == 0, loaded.stderr

    # The nightly backup, by the script deploy/openmash-backup.service runs: it publishes the
    # audit head, dumps in custom format and keeps a copy of the anchor file beside the dump.
    backups = tmp_path / "backups"
    backed_up = subprocess.run(  # noqa: S603
        [str(ROOT / "deploy" / "openmash-backup")],
        env=production_env(
            DATABASE_URL=database_url_for(source),
            AUDIT_ANCHOR_FILE=str(anchors),
            OPENMASH_BACKUP_DIR=str(backups),
            OPENMASH_PYTHON=sys.executable,
            PATH=f"{Path(pg_dump).parent}:{os.environ['PATH']}",
        ),
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert backed_up.returncode == 0, backed_up.stdout + backed_up.stderr
    (dump,) = backups.glob("openmash-*.dump")
    (anchors_copy,) = backups.glob("audit-anchors-*.jsonl")
    assert anchors_copy.read_text() == anchors.read_text() and anchors.read_text().count("\n") == 1
    assert not list(backups.glob("*.partial"))

    # The restore, as in docs/deploy.md: a new database, pg_restore, migrate, verify_audit.
    with admin() as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(restored)))
    subprocess.run(  # noqa: S603
        [pg_restore, "--no-owner", "--exit-on-error", f"--dbname={database_url_for(restored)}", str(dump)],
        check=True,
        timeout=120,
    )
    migrated = manage("migrate", "--no-input", database=restored, anchors=anchors)
    assert migrated.returncode == 0, migrated.stderr
    assert "No migrations to apply." in migrated.stdout

    verified = manage("verify_audit", "--anchor-file", str(anchors_copy), database=restored, anchors=anchors)
    assert verified.returncode == 0, verified.stderr
    assert verified.stdout.startswith("Audit trail intact: ")
    assert "Holds all 1 heads published on 1 lines of" in verified.stdout

    # The restored database is the whole of it: the append-only triggers came back too.
    with psycopg.connect(database_url_for(restored)) as conn:
        triggers = {
            row[0]
            for row in conn.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = 'audit_auditevent'::regclass AND NOT tgisinternal"
            )
        }
        hubs = conn.execute("SELECT count(*) FROM hubs_hub").fetchone()
    assert {"audit_auditevent_append_only", "audit_auditevent_no_truncate"} <= triggers
    assert hubs == (1,)
