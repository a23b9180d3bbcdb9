"""The one writer of audit events."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import connection, models, transaction
from django.utils import timezone

from openmash.audit.chain import GENESIS_HASH, event_hash, normalise_detail
from openmash.audit.models import AuditEvent, Verb

if TYPE_CHECKING:
    from openmash.accounts.models import Membership, User
    from openmash.hubs.models import Hub

# The PostgreSQL advisory lock that serialises writers of the chain: "omaudit1" in ASCII.
CHAIN_LOCK_ID = 0x6F6D617564697431


def _lock_chain() -> None:
    """Make concurrent writers take turns from here until their transactions end.

    Two writers that both read the same last event would both claim the next seq:
    the unique constraint on `seq` would then fail one of them (never fork the
    chain), but failing a page view is not acceptable either, so writers queue.

    PostgreSQL: a transaction-scoped advisory lock, released at COMMIT or ROLLBACK.
    Locking the last row with SELECT ... FOR UPDATE would not do: a writer waiting
    on that row gets the same (old) row back once it is released.

    SQLite has one write lock for the whole database. A statement that writes
    nothing still takes it, and taking it before reading the last event stops two
    read-only transactions from reading the same head and then deadlocking over
    who writes first (SQLite would fail one with "database is locked").
    """
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK_ID])
        elif connection.vendor == "sqlite":
            cursor.execute("UPDATE audit_auditevent SET seq = seq WHERE 0")


def audit_record(
    *,
    verb: Verb,
    actor: User | None,
    membership: Membership | None = None,
    hub: Hub | None = None,
    target: models.Model | None = None,
    detail: dict[str, Any] | None = None,
    justification: str = "",
) -> AuditEvent:
    """Write one audit event inside the caller's transaction, as the next link in the chain.

    Callers that change data call this inside their own `transaction.atomic`
    block, so the event and the change commit or roll back together. From here
    until that transaction ends, other writers of audit events wait (see
    `_lock_chain`), so call it after the slow part of the work, not before.
    Three queries: the lock, the last event's seq and hash, the INSERT.
    """
    if target is not None and target.pk is None:
        raise ValueError("Audit a record only once it has been saved")
    where = membership.hub if membership else hub
    fields: dict[str, Any] = {
        "actor_id": actor.pk if actor else None,
        "actor_name": str(actor)[:160] if actor else "",
        "hub_id": where.pk if where else None,
        "hub_name": where.name[:160] if where else "",
        "agency_name": str(actor.agency)[:160] if actor and actor.agency_id else "",
        "role": membership.role if membership else "",
        "verb": Verb(verb).value,
        "target_type": (target._meta.model_name or "") if target is not None else "",
        "target_id": str(target.pk) if target is not None else "",
        "target_label": str(target)[:160] if target is not None else "",
        "detail": normalise_detail(detail),
        "justification": justification,
    }
    # No savepoint: if writing the event fails, the caller's change must fail too.
    with transaction.atomic(savepoint=False):
        _lock_chain()
        head = AuditEvent.objects.order_by("-seq").values_list("seq", "hash").first()
        last_seq, last_hash = head if head else (0, GENESIS_HASH)
        # Read the clock only once it is our turn, so `at` rises with `seq`.
        fields.update(seq=last_seq + 1, at=timezone.now(), previous_hash=last_hash)
        fields["hash"] = event_hash(fields)
        return AuditEvent.objects.create(**fields)
