"""Published heads: each chain's last seq and hash, written outside the database.

The hash chains have no secret, so they prove only that the log was not changed since
heads noted down somewhere the database's users cannot reach. `manage.py
audit_publish_head` appends the current heads to a file as one JSON line;
`manage.py verify_audit` then checks every chain still holds every head in it, which
is what catches events deleted from the end, a whole tail rewritten, or a hub's whole
chain deleted.

The file is append-only by construction: it is opened with O_APPEND (every write goes
to the end, whatever else has the file open), each line is written with one `write`
and flushed to disk with `fsync` before the command reports success, and nothing here
ever truncates, rewrites or reorders it. One line (format 2), the heads of every chain
in chain order:

    {"heads":[{"at":"…","chain":0,"hash":"fb80…","seq":680},{"at":"…","chain":2,"hash":"…","seq":41}],
     "published_at":"2026-11-21T06:00:00.000000Z","v":2}

(on one line). Lines of format 1, written while there was one chain, hold one head
with no chain: they are read as heads of chain -1, where those events still are
(migration 0006). Keep one anchor file per database.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from openmash.audit.chain import LEGACY_CHAIN, canonical_at

if TYPE_CHECKING:
    from openmash.audit.queries import TrailReport

logger = logging.getLogger("openmash.audit.anchor")

FORMAT_VERSION = 2  # 1: one head of the single chain (now chain -1); 2: a head per chain
HASH = re.compile(r"^[0-9a-f]{64}$")
TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$")


class AnchorFileError(ValueError):
    """The anchor file cannot be trusted as it is: a line is not a head, or the heads go backwards."""


@dataclass(frozen=True)
class PublishedHead:
    chain: int
    seq: int
    hash: str
    at: str  # when the head event was written (canonical UTC)
    published_at: str  # when the head was published (canonical UTC)
    line: int = 0  # the line of the anchor file it was read from; 0 if not read from a file

    def as_record(self) -> dict[str, Any]:
        return {"chain": self.chain, "seq": self.seq, "hash": self.hash, "at": self.at}


def publication_line(heads: list[PublishedHead]) -> str:
    """One line of the anchor file (format 2): the heads of every chain, published together."""
    record = {
        "v": FORMAT_VERSION,
        "published_at": heads[0].published_at,
        "heads": [head.as_record() for head in sorted(heads, key=lambda head: head.chain)],
    }
    return json.dumps(record, sort_keys=True, separators=(",", ":")) + "\n"


def heads_to_publish(report: TrailReport, now: dt.datetime | None = None) -> list[PublishedHead]:
    """The last event each check found intact, one per chain that has events, as heads to publish."""
    published_at = canonical_at(now or timezone.now())
    return [
        PublishedHead(
            chain=chain.chain,
            seq=chain.last_seq,
            hash=chain.last_hash,
            at=canonical_at(chain.last_at),
            published_at=published_at,
        )
        for chain in report.chains
        if chain.last_seq and chain.last_at is not None
    ]


def _head(where: str, record: object, published_at: object, number: int, chain: object) -> PublishedHead:
    if not isinstance(record, dict):
        raise AnchorFileError(f"{where}: a head must be a JSON object")
    if not isinstance(chain, int) or isinstance(chain, bool) or chain < LEGACY_CHAIN:
        raise AnchorFileError(f"{where}: chain must be a whole number from -1, not {chain!r}")
    seq, hash_, at = (record.get(k) for k in ("seq", "hash", "at"))
    if not isinstance(seq, int) or isinstance(seq, bool) or seq < 1:
        raise AnchorFileError(f"{where}: seq must be a whole number from 1, not {seq!r}")
    if not isinstance(hash_, str) or not HASH.match(hash_):
        raise AnchorFileError(f"{where}: hash must be 64 lowercase hex digits, not {hash_!r}")
    times: list[str] = []
    for name, value in (("at", at), ("published_at", published_at)):
        if not isinstance(value, str) or not TIME.match(value):
            raise AnchorFileError(f"{where}: {name} must be a UTC time like 2026-11-21T05:41:07.043210Z, not {value!r}")
        times.append(value)
    return PublishedHead(chain=chain, seq=seq, hash=hash_, at=times[0], published_at=times[1], line=number)


def _parse(number: int, text: str) -> list[PublishedHead]:
    where = f"line {number}"
    try:
        record = json.loads(text)
    except ValueError:
        raise AnchorFileError(f"{where} is not JSON: {text[:80]!r}") from None
    if not isinstance(record, dict):
        raise AnchorFileError(f"{where} is not a JSON object")
    version = record.get("v")
    if version == 1:
        # One head of the single chain, whose events are chain -1 since migration 0006.
        return [_head(where, record, record.get("published_at"), number, LEGACY_CHAIN)]
    if version != FORMAT_VERSION:
        raise AnchorFileError(f"{where} has format version {version!r}; this openmash reads versions 1 and 2")
    heads = record.get("heads")
    if not isinstance(heads, list) or not heads:
        raise AnchorFileError(f"{where}: heads must be a list of at least one head")
    parsed: list[PublishedHead] = []
    for head in heads:
        parsed.append(
            _head(
                where, head, record.get("published_at"), number, head.get("chain") if isinstance(head, dict) else None
            )
        )
    chains = [head.chain for head in parsed]
    if len(set(chains)) != len(chains):
        raise AnchorFileError(f"{where} gives a chain more than one head")
    return parsed


def read_published_heads(path: Path) -> list[PublishedHead]:
    """Every head in the anchor file, oldest line first; [] if there is no file.

    Refuses (AnchorFileError, naming the line) a line that is not a publication of
    heads, and heads of a chain that go backwards: within a chain each seq must be at
    least the one published before it, and a seq published again must have the same
    hash (a chain only grows).
    """
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise AnchorFileError(f"cannot read it: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise AnchorFileError(f"it is not UTF-8 text (byte {exc.start})") from None
    if text and not text.endswith("\n"):
        raise AnchorFileError("its last line does not end with a newline: a write was cut short or the file was edited")
    heads: list[PublishedHead] = []
    last: dict[int, PublishedHead] = {}
    for number, line in enumerate(text.split("\n")[:-1], start=1):
        if not line.strip():
            raise AnchorFileError(f"line {number} is empty")
        for head in _parse(number, line):
            before = last.get(head.chain)
            if before is not None and head.seq < before.seq:
                raise AnchorFileError(
                    f"line {number} has seq {head.seq} for chain {head.chain}, lower than seq {before.seq} on "
                    f"line {before.line}: heads must be in increasing seq order (lines were reordered, or the "
                    "chain was cut and a shorter head published)"
                )
            if before is not None and head.seq == before.seq and head.hash != before.hash:
                raise AnchorFileError(
                    f"line {number} gives seq {head.seq} of chain {head.chain} a different hash from line "
                    f"{before.line}: the chain was rewritten between the two publications"
                )
            last[head.chain] = head
            heads.append(head)
    return heads


def append_heads(path: Path, heads: list[PublishedHead]) -> str:
    """Append the heads as one line, durably: O_APPEND, one write, fsync. Returns the line written."""
    line = publication_line(heads)
    data = line.encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o750)
    created = not path.exists()
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
    try:
        written = os.write(fd, data)
        if written != len(data):
            raise OSError(f"only {written} of {len(data)} bytes were written")
        os.fsync(fd)
    finally:
        os.close(fd)
    if created:
        # Make the new file's directory entry durable too.
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    logger.info("audit head %s", line.strip())
    return line
