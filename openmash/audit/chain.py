"""The hash chain's format: how one audit event becomes the bytes that are hashed.

Pure Python, no Django, so that the writer (`services.audit_record`), the verifier
(`queries.audit_chain_verify`) and the migration that backfilled old events all use
exactly the same rules. The format is frozen: changing anything here would make
every event written before the change fail verification. docs/audit.md describes it
for anyone writing an independent verifier.

Two versions of the format exist. Format 1 (no `chain` key) is how every event was
hashed while the trail was one chain; those events stay, unchanged, in chain -1.
Format 2 adds the event's `chain` (its hub's id, or 0), so moving an event to another
hub's chain changes its hash. An event's chain says which format hashes it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from typing import Any

# The previous_hash of the first event of chain -1 (and of every chain while chain -1 is empty).
GENESIS_HASH = "0" * 64

# Chain keys. A hub's events are in the chain numbered with the hub's id (ids start at 1).
NO_HUB_CHAIN = 0  # events outside any hub: signing in, failed sign-ins, ...
LEGACY_CHAIN = -1  # events written while there was one chain for everything, sealed (docs/audit.md)

# The format every new event is hashed in; chain -1 holds format 1 only.
FORMAT_VERSION = 2


def chain_for(hub_id: int | None) -> int:
    """The chain an event belongs in: its hub's id, or 0 for events outside any hub."""
    return NO_HUB_CHAIN if hub_id is None else int(hub_id)


def format_version(chain: int) -> int:
    """The canonical form an event in this chain is hashed in."""
    return 1 if chain == LEGACY_CHAIN else FORMAT_VERSION


# The event fields the hash covers (format 2), in the order the docs list them. `id`
# is not among them: the database assigns it during the INSERT, and an event's
# identity in the trail is (`chain`, `seq`). Format 1 is the same without `chain`.
CHAIN_FIELDS: tuple[str, ...] = (
    "chain",
    "seq",
    "at",
    "actor_id",
    "actor_name",
    "hub_id",
    "hub_name",
    "agency_name",
    "role",
    "verb",
    "target_type",
    "target_id",
    "target_label",
    "detail",
    "justification",
    "previous_hash",
)


def canonical_at(at: dt.datetime) -> str:
    """UTC, ISO 8601, always six digits of microseconds and a `Z`: 2026-11-21T05:41:07.043210Z."""
    if at.tzinfo is None:
        raise ValueError("Audit times must be timezone-aware")
    return at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _id_or_none(value: Any) -> str | None:
    return None if value is None else str(value)


def canonical_bytes(event: Mapping[str, Any]) -> bytes:
    """The exact bytes whose SHA-256 is the event's hash.

    A JSON object holding every field in CHAIN_FIELDS and nothing else (format 2; in
    chain -1, format 1, every field but `chain`), keys sorted, no whitespace
    (separators "," and ":"), non-ASCII characters left as they are (not
    \\u-escaped), encoded as UTF-8. `chain` and `seq` are JSON integers; `at` is
    `canonical_at`; `actor_id` and `hub_id` are decimal strings or null; `detail` is
    the stored JSON object with its keys sorted at every level; every other field is
    a string.
    """
    chain = int(event["chain"])
    content: dict[str, Any] = {} if format_version(chain) == 1 else {"chain": chain}
    content |= {
        "seq": int(event["seq"]),
        "at": canonical_at(event["at"]),
        "actor_id": _id_or_none(event["actor_id"]),
        "actor_name": event["actor_name"],
        "hub_id": _id_or_none(event["hub_id"]),
        "hub_name": event["hub_name"],
        "agency_name": event["agency_name"],
        "role": event["role"],
        "verb": str(event["verb"]),
        "target_type": event["target_type"],
        "target_id": event["target_id"],
        "target_label": event["target_label"],
        "detail": event["detail"],
        "justification": event["justification"],
        "previous_hash": event["previous_hash"],
    }
    text = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    return text.encode("utf-8")


def event_hash(event: Mapping[str, Any]) -> str:
    """Hex SHA-256 of the event's canonical bytes (which include its previous_hash)."""
    return hashlib.sha256(canonical_bytes(event)).hexdigest()


def _number(text: str) -> int | float:
    value = float(text)
    return int(value) if value.is_integer() else value


def normalise_detail(detail: Mapping[Any, Any] | None) -> dict[str, Any]:
    """`detail` as the database will give it back, so the hash written is the hash verified.

    A JSON round trip turns tuples into lists and non-string keys into strings, and
    refuses what JSON cannot hold (NaN, infinities, arbitrary objects). Whole-number
    floats become integers, because PostgreSQL's jsonb stores numbers as `numeric`
    and gives 1e16 back as 10000000000000000 (an int), and -0.0 back as 0.
    """
    if not detail:
        return {}
    loaded = json.loads(json.dumps(dict(detail), allow_nan=False), parse_float=_number)
    if not isinstance(loaded, dict):  # pragma: no cover - dict(detail) is always an object
        raise TypeError("Audit detail must be a JSON object")
    return loaded
