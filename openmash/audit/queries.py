"""Reads of the audit trail."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from openmash.audit.chain import CHAIN_FIELDS, GENESIS_HASH, event_hash
from openmash.audit.models import AuditEvent


@dataclass(frozen=True)
class ChainBreak:
    """The first place where the stored chain is not what `audit_record` wrote."""

    seq: int
    event_id: int | None  # None when the break is an event that should be there and is not
    problem: str

    def __str__(self) -> str:
        where = f"seq {self.seq} (event id {self.event_id})" if self.event_id is not None else f"seq {self.seq}"
        return f"Audit trail broken at {where}: {self.problem}"


@dataclass(frozen=True)
class ChainReport:
    events: int  # events checked, up to the break if there is one
    last_seq: int  # the last intact event's seq, 0 if none
    last_hash: str  # and its hash, GENESIS_HASH if none
    broken: ChainBreak | None

    @property
    def intact(self) -> bool:
        return self.broken is None


def _gap(expected: int, found: int) -> str:
    missing = f"seq {expected} is" if found == expected + 1 else f"seqs {expected} to {found - 1} are"
    return f"{missing} missing before it: events were deleted (seq must rise by exactly 1 from 1)"


def audit_chain_verify(*, anchors: Mapping[int, str] | None = None, chunk_size: int = 2000) -> ChainReport:
    """Walk the whole chain in seq order, a chunk at a time, and report the first break.

    For each event: its seq must be one more than the last (a gap means events were
    deleted; a repeat means one was inserted); its hash must be the SHA-256 of its
    content (otherwise the event was modified); its previous_hash must be the last
    event's hash (otherwise an event before it was inserted, deleted or rewritten).

    The chain has no secret, so someone who can write to the table could rewrite
    every event from the one they changed onwards and leave a consistent chain.
    `anchors` (seq -> hash) are (seq, hash) pairs noted down earlier, outside the
    database: the chain must still hold each of them, which also catches events
    deleted from the end.
    """
    anchors = dict(anchors or {})
    expected_seq, previous_hash, checked = 1, GENESIS_HASH, 0

    def report(broken: ChainBreak | None) -> ChainReport:
        return ChainReport(events=checked, last_seq=expected_seq - 1, last_hash=previous_hash, broken=broken)

    rows = AuditEvent.objects.order_by("seq").values_list("id", "hash", *CHAIN_FIELDS)
    for event_id, stored_hash, *content in rows.iterator(chunk_size=chunk_size):
        event = dict(zip(CHAIN_FIELDS, content, strict=True))
        seq = event["seq"]
        if seq > expected_seq:
            return report(ChainBreak(seq, event_id, _gap(expected_seq, seq)))
        if seq < expected_seq:
            return report(ChainBreak(seq, event_id, f"seq {seq} appears twice: an event was inserted"))
        recomputed = event_hash(event)
        if recomputed != stored_hash:
            return report(
                ChainBreak(
                    seq,
                    event_id,
                    "its content does not match its hash: the event was modified after it was written "
                    f"(stored {stored_hash}, content hashes to {recomputed})",
                )
            )
        if event["previous_hash"] != previous_hash:
            return report(
                ChainBreak(
                    seq,
                    event_id,
                    f"its previous_hash does not match the hash of seq {seq - 1}: an event was inserted "
                    f"before it, or seq {seq - 1} was deleted and replaced or rewritten",
                )
            )
        if seq in anchors and anchors[seq] != stored_hash:
            return report(
                ChainBreak(
                    seq,
                    event_id,
                    f"its hash is not the anchor {anchors[seq]} noted earlier: the chain was rewritten at or before it",
                )
            )
        expected_seq, previous_hash, checked = seq + 1, stored_hash, checked + 1
    beyond = sorted(seq for seq in anchors if seq >= expected_seq)
    if beyond:
        return report(
            ChainBreak(
                beyond[0],
                None,
                f"the chain ends at seq {expected_seq - 1} but an anchor was noted for seq {beyond[0]}: "
                "events were deleted from the end",
            )
        )
    return report(None)
