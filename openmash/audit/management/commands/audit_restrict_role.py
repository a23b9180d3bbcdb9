"""Limit the application's PostgreSQL role to reading and appending audit events."""

from __future__ import annotations

import re
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction

TABLE = "audit_auditevent"
# Role names are interpolated into GRANT and REVOKE (they cannot be bind parameters),
# so only plain identifiers are accepted.
ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_$]{0,62}$")
FORBIDDEN = ("UPDATE", "DELETE", "TRUNCATE", "TRIGGER", "REFERENCES")
NEEDED = ("SELECT", "INSERT")


def restrict_sql(role: str) -> list[str]:
    """The statements that leave `role` able to read and append audit events and nothing else."""
    if not ROLE_NAME.match(role):
        raise CommandError(f"{role!r} is not a plain PostgreSQL role name (lower case letters, digits, _ and $)")
    return [
        f"REVOKE {', '.join(FORBIDDEN)} ON TABLE {TABLE} FROM {role}",
        f"GRANT {', '.join(NEEDED)} ON TABLE {TABLE} TO {role}",
    ]


def role_problems(role: str) -> list[str]:
    """What `role` can still do to the audit table beyond SELECT and INSERT (empty if nothing)."""
    checks = ", ".join(f"has_table_privilege(%(role)s, c.oid, '{privilege}')" for privilege in FORBIDDEN + NEEDED)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT r.rolsuper, pg_has_role(%(role)s, c.relowner, 'MEMBER'), {checks} "  # noqa: S608 - fixed names only
            "FROM pg_catalog.pg_roles r, pg_catalog.pg_class c "
            "WHERE r.rolname = %(role)s AND c.oid = %(table)s::regclass",
            {"role": role, "table": TABLE},
        )
        row = cursor.fetchone()
    if row is None:
        return [f"there is no role called {role}"]  # pragma: no cover - checked before
    superuser, owner, *granted = row
    allowed = dict(zip(FORBIDDEN + NEEDED, granted, strict=True))
    problems = []
    if superuser:
        problems.append(f"{role} is a superuser, and a superuser can switch the triggers off")
    if owner:
        problems.append(
            f"{role} owns {TABLE} (or is a member of its owner), so it can grant itself anything and "
            "disable the triggers: run migrations as a different role"
        )
    still = [privilege for privilege in FORBIDDEN if allowed[privilege]]
    if still and not (superuser or owner):
        problems.append(
            f"{role} still has {', '.join(still)} on {TABLE}, through a role it is a member of: "
            "revoke them from that role"
        )
    missing = [privilege for privilege in NEEDED if not allowed[privilege]]
    if missing:
        problems.append(f"{role} lacks {', '.join(missing)} on {TABLE}, so it could not write audit events")
    return problems


def _role_exists(role: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = %s", [role])
        return cursor.fetchone() is not None


class Command(BaseCommand):
    help = (
        "Print (or with --apply, run) the SQL that lets the application's PostgreSQL role read and "
        "append audit events but not UPDATE, DELETE or TRUNCATE them; --check only reports what the "
        "role can do. Run it as the table's owner after each migrate. See docs/audit.md."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("role", help="The role the application connects as (not the one that runs migrations).")
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument("--apply", action="store_true", help="Run the statements, then check the result.")
        mode.add_argument("--check", action="store_true", help="Only check what the role can do now.")

    def handle(self, *args: Any, **options: Any) -> None:
        role: str = options["role"]
        statements = restrict_sql(role)
        if not (options["apply"] or options["check"]):
            for statement in statements:
                self.stdout.write(f"{statement};")
            return
        if connection.vendor != "postgresql":
            raise CommandError("Only PostgreSQL has roles to restrict; on SQLite the hash chain alone shows tampering.")
        with transaction.atomic():
            if not _role_exists(role):
                raise CommandError(f"There is no role called {role}.")
            if options["apply"]:
                with connection.cursor() as cursor:
                    for statement in statements:
                        cursor.execute(statement)
            problems = role_problems(role)
            if problems:
                # Inside the atomic block: a failed --apply changes nothing.
                raise CommandError(f"Role {role} is not restricted: " + "; ".join(problems) + ".")
        self.stdout.write(
            f"Role {role} may SELECT and INSERT audit events, and cannot UPDATE, DELETE or TRUNCATE them."
        )
