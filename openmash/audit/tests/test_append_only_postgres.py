"""On PostgreSQL the database itself refuses to change or remove audit events.

Two layers: triggers refuse UPDATE and DELETE for every role (the owner too) and
TRUNCATE for every role but a superuser; and the application's role, set up with
`manage.py audit_restrict_role`, holds no UPDATE, DELETE or TRUNCATE privilege.
The roles these tests create exist only inside the test's transaction.
"""

from __future__ import annotations

import io
import uuid

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, ProgrammingError, connection, transaction

from openmash.audit.models import AuditEvent, Verb
from openmash.audit.queries import audit_chain_verify
from openmash.audit.services import audit_record

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite has no roles or privileges; there the hash chain alone shows tampering (test_verify_audit)",
    ),
]


def sql(statement, params=()):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


@pytest.fixture
def superuser():
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('is_superuser')")
        if cursor.fetchone()[0] != "on":
            pytest.skip("Creating roles and switching to them needs the test database's superuser")


@pytest.fixture
def event(cast, contact):
    return audit_record(verb=Verb.VIEW, actor=cast.police.user, membership=cast.police, target=contact)


@pytest.fixture
def make_role(superuser):
    """A new role, allowed to use the schema; gone when the test's transaction rolls back."""

    def make(*grants):
        role = f"audit_test_{uuid.uuid4().hex[:12]}"
        sql(f"CREATE ROLE {role} NOLOGIN")
        for grant in grants:
            sql(f"GRANT {grant} ON TABLE audit_auditevent TO {role}")
        return role

    return make


def refused(statement, error, params=()):
    with pytest.raises(error) as excinfo, transaction.atomic():
        sql(statement, params)
    return str(excinfo.value)


def test_no_one_may_update_an_event_not_even_the_owner(event):
    with pytest.raises(IntegrityError, match="append-only: UPDATE"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(justification="rewritten")
    event.refresh_from_db()
    assert event.justification == ""


def test_no_one_may_delete_an_event_not_even_the_owner(event):
    with pytest.raises(IntegrityError, match="append-only: DELETE"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert "append-only: DELETE" in refused("DELETE FROM audit_auditevent", IntegrityError)
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_truncate_is_refused_even_to_a_role_granted_it(event, make_role):
    role = make_role("SELECT", "TRUNCATE")
    sql(f"SET ROLE {role}")
    try:
        assert "append-only: TRUNCATE" in refused("TRUNCATE audit_auditevent", IntegrityError)
    finally:
        sql("RESET ROLE")
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_a_superuser_may_truncate_so_that_the_test_flush_works(event, superuser):
    """Django's flush between browser tests TRUNCATEs every table as the test database's superuser."""
    with transaction.atomic():
        sql("TRUNCATE audit_auditevent")
        assert not AuditEvent.objects.exists()
        transaction.set_rollback(True)
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_the_restricted_app_role_can_write_events_but_not_change_them(cast, contact, event, make_role):
    role = make_role("UPDATE", "DELETE", "TRUNCATE")  # as if it had been given everything
    out = io.StringIO()
    call_command("audit_restrict_role", role, apply=True, stdout=out)
    assert "cannot UPDATE, DELETE or TRUNCATE" in out.getvalue()
    sql(f"SET ROLE {role}")
    try:
        written = audit_record(verb=Verb.VIEW, actor=cast.health.user, membership=cast.health, target=contact)
        assert written.previous_hash == event.hash
        for statement in ("UPDATE audit_auditevent SET justification = 'x'", "DELETE FROM audit_auditevent"):
            assert "permission denied" in refused(statement, ProgrammingError)
        assert "permission denied" in refused("TRUNCATE audit_auditevent", ProgrammingError)
        assert "must be owner" in refused("ALTER TABLE audit_auditevent DISABLE TRIGGER USER", ProgrammingError)
    finally:
        sql("RESET ROLE")
    assert audit_chain_verify().intact


def test_restricting_prints_the_sql_for_a_deployment_to_run():
    out = io.StringIO()
    call_command("audit_restrict_role", "openmash_app", stdout=out)
    assert out.getvalue().splitlines() == [
        "REVOKE UPDATE, DELETE, TRUNCATE, TRIGGER, REFERENCES ON TABLE audit_auditevent FROM openmash_app;",
        "GRANT SELECT, INSERT ON TABLE audit_auditevent TO openmash_app;",
    ]


def test_restricting_refuses_a_role_that_could_undo_it(make_role):
    with pytest.raises(CommandError, match="is a superuser"):
        call_command("audit_restrict_role", "postgres", check=True)
    member = make_role()
    group = make_role("UPDATE")
    sql(f"GRANT {group} TO {member}")
    with pytest.raises(CommandError, match="still has UPDATE .* through a role it is a member of"):
        call_command("audit_restrict_role", member, apply=True)
    with pytest.raises(CommandError, match="There is no role called nobody_at_all"):
        call_command("audit_restrict_role", "nobody_at_all", check=True)
    with pytest.raises(CommandError, match="not a plain PostgreSQL role name"):
        call_command("audit_restrict_role", 'x; DROP TABLE audit_auditevent; --"')


def test_a_dba_who_switches_the_triggers_off_is_still_caught(event, superuser):
    """What the database cannot stop, the chain shows."""
    sql("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_auditevent_append_only")
    sql("UPDATE audit_auditevent SET target_label = 'someone else' WHERE id = %s", [event.pk])
    sql("ALTER TABLE audit_auditevent ENABLE TRIGGER audit_auditevent_append_only")
    report = audit_chain_verify()
    [broken] = [chain.broken for chain in report.broken]
    assert broken is not None and (broken.chain, broken.seq, broken.event_id) == (event.chain, event.seq, event.pk)
