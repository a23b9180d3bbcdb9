"""Every event has its place in the chain, and on PostgreSQL the table is append-only.

Triggers refuse UPDATE and DELETE of audit rows for every role, the table's
owner included, and refuse TRUNCATE for every role except a superuser. A
superuser can switch triggers off anyway (session_replication_role, ALTER TABLE
... DISABLE TRIGGER), so refusing them gains nothing, while allowing them lets
Django's test flush (one TRUNCATE of every table, run as the test database's
superuser) work. The real protection against TRUNCATE in production is that the
application's role neither owns the table nor holds the TRUNCATE privilege: see
docs/audit.md and `manage.py audit_restrict_role`.

A later migration that must rewrite audit rows has to disable these triggers
explicitly, and re-chain every event from the first one it changes.
"""

from django.db import migrations, models

INSTALL = """
CREATE OR REPLACE FUNCTION audit_auditevent_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit events are append-only: % of seq % refused', TG_OP, OLD.seq
        USING ERRCODE = 'restrict_violation',
              HINT = 'Audit events are never changed or deleted; see docs/audit.md.';
END
$$;

CREATE OR REPLACE FUNCTION audit_auditevent_refuse_truncate() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('is_superuser') = 'on' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'audit events are append-only: TRUNCATE refused'
        USING ERRCODE = 'restrict_violation',
              HINT = 'Audit events are never changed or deleted; see docs/audit.md.';
END
$$;

CREATE TRIGGER audit_auditevent_append_only
    BEFORE UPDATE OR DELETE ON audit_auditevent
    FOR EACH ROW EXECUTE FUNCTION audit_auditevent_refuse_change();

CREATE TRIGGER audit_auditevent_no_truncate
    BEFORE TRUNCATE ON audit_auditevent
    FOR EACH STATEMENT EXECUTE FUNCTION audit_auditevent_refuse_truncate();
"""

REMOVE = """
DROP TRIGGER IF EXISTS audit_auditevent_no_truncate ON audit_auditevent;
DROP TRIGGER IF EXISTS audit_auditevent_append_only ON audit_auditevent;
DROP FUNCTION IF EXISTS audit_auditevent_refuse_truncate();
DROP FUNCTION IF EXISTS audit_auditevent_refuse_change();
"""


def install(apps, schema_editor):
    # SQLite has no roles to protect against, and triggers there would also stop
    # the test suite's flush (which DELETEs): there the chain alone shows tampering.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(INSTALL, params=None)


def remove(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(REMOVE, params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_chain_backfill")]

    operations = [
        migrations.AlterField(
            model_name="auditevent",
            name="seq",
            field=models.BigIntegerField(
                help_text="Position in the chain: 1 for the first event, then up by exactly 1.", unique=True
            ),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="previous_hash",
            field=models.CharField(help_text="The hash of the event with seq one lower.", max_length=64),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="hash",
            field=models.CharField(help_text="SHA-256 of this event's canonical form, in hex.", max_length=64),
        ),
        migrations.AddConstraint(
            model_name="auditevent",
            constraint=models.CheckConstraint(condition=models.Q(seq__gte=1), name="audit_seq_from_one"),
        ),
        migrations.RunPython(install, remove, elidable=False),
    ]
