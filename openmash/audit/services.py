"""The one writer of audit events."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, MutableMapping, Sequence
from typing import TYPE_CHECKING, Any

from django.db import connection, models, transaction
from django.utils import timezone

from openmash.audit.chain import GENESIS_HASH, LEGACY_CHAIN, chain_for, event_hash, normalise_detail
from openmash.audit.models import AuditEvent, Verb

if TYPE_CHECKING:
    from openmash.accounts.models import Membership, User
    from openmash.hubs.models import Hub

# The first key of PostgreSQL's two-key advisory locks that serialise writers of one
# chain: "omau" in ASCII. The second key is the chain (see `_lock_key`).
CHAIN_LOCK_CLASS = 0x6F6D6175


def _lock_key(chain: int) -> int:
    """The chain as a signed 32-bit integer, the second key of the advisory lock.

    Hub ids beyond 2**31 would share a lock with a smaller one: their writers would
    take turns, which is slower, never wrong.
    """
    return (chain + 2**31) % 2**32 - 2**31


def _lock_chain(chain: int) -> None:
    """Make concurrent writers of this chain take turns from here until their transactions end.

    Two writers that both read the same last event would both claim the next seq:
    the unique constraint on (chain, seq) would then fail one of them (never fork
    the chain), but failing a page view is not acceptable either, so writers queue.
    Writers of different chains (different hubs) do not wait for each other.

    PostgreSQL: a transaction-scoped advisory lock on (CHAIN_LOCK_CLASS, chain),
    released at COMMIT or ROLLBACK. Locking the last row with SELECT ... FOR UPDATE
    would not do: a writer waiting on that row gets the same (old) row back once it
    is released, and a new chain has no row to lock.

    SQLite has one write lock for the whole database. A statement that writes
    nothing still takes it, and taking it before reading the last event stops two
    read-only transactions from reading the same head and then deadlocking over
    who writes first (SQLite would fail one with "database is locked").
    """
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [CHAIN_LOCK_CLASS, _lock_key(chain)])
        elif connection.vendor == "sqlite":
            cursor.execute("UPDATE audit_auditevent SET seq = seq WHERE 0")


def chain_genesis() -> str:
    """What the first event of a new chain links to: the last hash of the sealed chain -1."""
    sealed = AuditEvent.objects.filter(chain=LEGACY_CHAIN).order_by("-seq").values_list("hash", flat=True).first()
    return sealed or GENESIS_HASH


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
    block, so the event and the change commit or roll back together. The event
    goes in its hub's chain (chain 0 without a hub). From here until that
    transaction ends, other writers of audit events *in the same hub* wait (see
    `_lock_chain`), so call it after the slow part of the work, not before.
    Three queries: the lock, the chain's last seq and hash, the INSERT (and, for
    the first event of a chain, a fourth: the seal it links to).
    """
    if target is not None and target.pk is None:
        raise ValueError("Audit a record only once it has been saved")
    where = membership.hub if membership else hub
    chain = chain_for(where.pk if where else None)
    fields: dict[str, Any] = {
        "chain": chain,
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
        _lock_chain(chain)
        head = AuditEvent.objects.filter(chain=chain).order_by("-seq").values_list("seq", "hash").first()
        last_seq, last_hash = head if head else (0, chain_genesis())
        # Read the clock only once it is our turn, so `at` rises with `seq`.
        fields.update(seq=last_seq + 1, at=timezone.now(), previous_hash=last_hash)
        fields["hash"] = event_hash(fields)
        return AuditEvent.objects.create(**fields)


def _listing_digest(ids: Iterable[object]) -> str:
    return hashlib.sha256(",".join(sorted({str(i) for i in ids})).encode()).hexdigest()


def audit_list(
    *,
    membership: Membership,
    page: str,
    ids: Sequence[object],
    detail_key: str,
    seen: MutableMapping[str, Any] | None = None,
    only_if_changed: bool = False,
) -> AuditEvent | None:
    """Audit that the person was shown a list of records: a `list` event naming the page and the ids.

    `seen` (the person's session) remembers, per hub and page, which set of ids the
    person's last `list` event for that page named. With `only_if_changed` (a page
    refreshing itself, like the triage queue every minute) no event is written when the
    same set is shown again: the trail already says they saw exactly these records, and
    a refresh is not the person doing anything. The first showing in a session, every
    change to the set (a contact added, triaged away or closed), and every showing
    without `only_if_changed` (the person opening the page) are audited.
    """
    key = f"audit.list.{membership.hub_id}.{page}"
    digest = _listing_digest(ids)
    if only_if_changed and seen is not None and seen.get(key) == digest:
        return None
    event = audit_record(
        verb=Verb.LIST, actor=membership.user, membership=membership, detail={"page": page, detail_key: list(ids)}
    )
    if seen is not None:
        seen[key] = digest
    return event
