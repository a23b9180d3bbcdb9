"""Reads of the audit trail."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from openmash.audit.chain import CHAIN_FIELDS, GENESIS_HASH, LEGACY_CHAIN, NO_HUB_CHAIN, event_hash
from openmash.audit.models import AuditEvent


def chain_label(chain: int, hub_name: str = "") -> str:
    """How a chain is named in reports: "chain 3 (Oakshire MASH)", "chain 0 (no hub)"."""
    if chain == LEGACY_CHAIN:
        return "chain -1 (before per-hub chains)"
    if chain == NO_HUB_CHAIN:
        return "chain 0 (no hub)"
    return f"chain {chain} ({hub_name})" if hub_name else f"chain {chain}"


@dataclass(frozen=True)
class ChainBreak:
    """The first place where one stored chain is not what `audit_record` wrote."""

    chain: int
    seq: int
    event_id: int | None  # None when the break is an event that should be there and is not
    problem: str

    def __str__(self) -> str:
        where = f"seq {self.seq} (event id {self.event_id})" if self.event_id is not None else f"seq {self.seq}"
        return f"Audit trail broken in chain {self.chain} at {where}: {self.problem}"


@dataclass(frozen=True)
class ChainReport:
    chain: int
    hub_name: str  # the hub's name on the chain's last event read ("" for chains -1 and 0)
    events: int  # events checked, up to the break if there is one
    last_seq: int  # the last intact event's seq, 0 if none
    last_hash: str  # and its hash, the chain's genesis if none
    last_at: dt.datetime | None  # and when it was written
    broken: ChainBreak | None

    @property
    def intact(self) -> bool:
        return self.broken is None

    @property
    def label(self) -> str:
        return chain_label(self.chain, self.hub_name)


@dataclass(frozen=True)
class TrailReport:
    """Every chain's report, in chain order."""

    chains: list[ChainReport]

    @property
    def intact(self) -> bool:
        return all(chain.intact for chain in self.chains)

    @property
    def events(self) -> int:
        return sum(chain.events for chain in self.chains)

    @property
    def broken(self) -> list[ChainReport]:
        return [chain for chain in self.chains if not chain.intact]

    def chain(self, key: int) -> ChainReport | None:
        return next((chain for chain in self.chains if chain.chain == key), None)


def _gap(expected: int, found: int) -> str:
    missing = f"seq {expected} is" if found == expected + 1 else f"seqs {expected} to {found - 1} are"
    return f"{missing} missing before it: events were deleted (seq must rise by exactly 1 from 1)"


@dataclass
class _Walk:
    """Where the check of one chain has got to."""

    chain: int
    genesis: str
    anchors: dict[int, str]
    hub_name: str = ""
    expected_seq: int = 1
    previous_hash: str = ""
    last_at: dt.datetime | None = None
    checked: int = 0
    broken: ChainBreak | None = field(default=None)

    def __post_init__(self) -> None:
        self.previous_hash = self.genesis

    def check(self, event_id: int, stored_hash: str, event: dict[str, Any]) -> None:
        seq = int(event["seq"])
        if seq > self.expected_seq:
            self.fail(seq, event_id, _gap(self.expected_seq, seq))
            return
        if seq < self.expected_seq:
            self.fail(seq, event_id, f"seq {seq} appears twice: an event was inserted")
            return
        recomputed = event_hash(event)
        if recomputed != stored_hash:
            self.fail(
                seq,
                event_id,
                "its content does not match its hash: the event was modified after it was written "
                f"(stored {stored_hash}, content hashes to {recomputed})",
            )
            return
        if event["previous_hash"] != self.previous_hash:
            if seq == 1 and self.chain != LEGACY_CHAIN:
                problem = (
                    f"its previous_hash is not the seal of chain -1 (its last hash, {self.genesis}): events were "
                    "cut from or added to the end of chain -1, or the event was replaced or rewritten"
                )
            else:
                problem = (
                    f"its previous_hash does not match the hash of seq {seq - 1}: an event was inserted "
                    f"before it, or seq {seq - 1} was deleted and replaced or rewritten"
                )
            self.fail(seq, event_id, problem)
            return
        if seq in self.anchors and self.anchors[seq] != stored_hash:
            self.fail(
                seq,
                event_id,
                f"its hash is not the anchor {self.anchors[seq]} noted earlier: the chain was rewritten at or before it",
            )
            return
        self.expected_seq, self.previous_hash, self.checked = seq + 1, stored_hash, self.checked + 1
        self.last_at = event["at"]

    def fail(self, seq: int, event_id: int | None, problem: str) -> None:
        self.broken = ChainBreak(self.chain, seq, event_id, problem)

    def finish(self) -> ChainReport:
        if self.broken is None:
            beyond = sorted(seq for seq in self.anchors if seq >= self.expected_seq)
            if beyond:
                ends = (
                    f"the chain ends at seq {self.expected_seq - 1}"
                    if self.expected_seq > 1
                    else "the chain has no events"
                )
                self.fail(
                    beyond[0],
                    None,
                    f"{ends} but an anchor was noted for seq {beyond[0]}: events were deleted from the end",
                )
        return ChainReport(
            chain=self.chain,
            hub_name=self.hub_name,
            events=self.checked,
            last_seq=self.expected_seq - 1,
            last_hash=self.previous_hash,
            last_at=self.last_at,
            broken=self.broken,
        )


def audit_chain_verify(
    *, anchors: Mapping[int, Mapping[int, str]] | None = None, chunk_size: int = 2000
) -> TrailReport:
    """Walk every chain in (chain, seq) order, a chunk at a time, and report each chain's first break.

    For each event: its seq must be one more than the last in its chain (a gap means
    events were deleted; a repeat means one was inserted); its hash must be the
    SHA-256 of its content (otherwise the event was modified); its previous_hash must
    be the last event's hash (otherwise an event before it was inserted, deleted or
    rewritten). The first event of chain -1 links to GENESIS_HASH; the first event of
    every other chain to the last hash of chain -1 (its seal), so cutting chain -1
    breaks every chain.

    The chains have no secret, so someone who can write to the table could rewrite
    every event of a chain from the one they changed onwards and leave it consistent.
    `anchors` (chain -> seq -> hash) are heads noted down earlier, outside the
    database: each chain must still hold each of its anchors, which also catches
    events deleted from the end, and whole chains deleted.
    """
    wanted = {chain: dict(heads) for chain, heads in (anchors or {}).items()}
    reports: list[ChainReport] = []
    sealed = GENESIS_HASH  # the last stored hash of chain -1, read first (it sorts first)
    walk: _Walk | None = None

    def start(chain: int) -> _Walk:
        return _Walk(chain, GENESIS_HASH if chain == LEGACY_CHAIN else sealed, wanted.pop(chain, {}))

    rows = AuditEvent.objects.order_by("chain", "seq", "id").values_list("id", "hash", *CHAIN_FIELDS)
    for event_id, stored_hash, *content in rows.iterator(chunk_size=chunk_size):
        event = dict(zip(CHAIN_FIELDS, content, strict=True))
        chain = int(event["chain"])
        if walk is None or walk.chain != chain:
            if walk is not None:
                reports.append(walk.finish())
            walk = start(chain)
        if chain == LEGACY_CHAIN:
            sealed = stored_hash
        walk.hub_name = str(event["hub_name"]) if chain > NO_HUB_CHAIN else ""
        if walk.broken is None:
            walk.check(event_id, stored_hash, event)
    if walk is not None:
        reports.append(walk.finish())
    # Anchored chains with no events left at all.
    for chain in sorted(wanted):
        reports.append(start(chain).finish())
    return TrailReport(chains=sorted(reports, key=lambda report: report.chain))
