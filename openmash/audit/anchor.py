"""Published heads: the chain's last seq and hash, written outside the database.

The hash chain has no secret, so it proves only that the log was not changed since a
head noted down somewhere the database's users cannot reach. `manage.py
audit_publish_head` appends the current head to a file as one JSON line;
`manage.py verify_audit` then checks the chain still holds every head in it, which is
what catches events deleted from the end or the whole tail rewritten.

The file is append-only by construction: it is opened with O_APPEND (every write goes
to the end, whatever else has the file open), each line is written with one `write`
and flushed to disk with `fsync` before the command reports success, and nothing here
ever truncates, rewrites or reorders it. One line:

    {"at":"2026-11-21T05:41:07.043210Z","hash":"fb80…","published_at":"2026-11-21T06:00:00.000000Z","seq":680,"v":1}

`seq` and `hash` are the newest event's; `at` is when that event was written;
`published_at` is when the head was published. There is one chain per database, so
keep one anchor file per database.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path

from django.utils import timezone

from openmash.audit.chain import canonical_at
from openmash.audit.models import AuditEvent

logger = logging.getLogger("openmash.audit.anchor")

FORMAT_VERSION = 1
HASH = re.compile(r"^[0-9a-f]{64}$")
TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$")


class AnchorFileError(ValueError):
    """The anchor file cannot be trusted as it is: a line is not a head, or the heads go backwards."""


@dataclass(frozen=True)
class PublishedHead:
    seq: int
    hash: str
    at: str  # when the head event was written (canonical UTC)
    published_at: str  # when the head was published (canonical UTC)
    line: int = 0  # the line of the anchor file it was read from; 0 if not read from a file

    def as_line(self) -> str:
        record = {
            "v": FORMAT_VERSION,
            "seq": self.seq,
            "hash": self.hash,
            "at": self.at,
            "published_at": self.published_at,
        }
        return json.dumps(record, sort_keys=True, separators=(",", ":")) + "\n"


def head_to_publish(seq: int, now: dt.datetime | None = None) -> PublishedHead:
    """The event with this seq (the last one a check found intact) as a head to publish."""
    hash_, at = AuditEvent.objects.values_list("hash", "at").get(seq=seq)
    return PublishedHead(seq=seq, hash=hash_, at=canonical_at(at), published_at=canonical_at(now or timezone.now()))


def _parse(number: int, text: str) -> PublishedHead:
    where = f"line {number}"
    try:
        record = json.loads(text)
    except ValueError:
        raise AnchorFileError(f"{where} is not JSON: {text[:80]!r}") from None
    if not isinstance(record, dict):
        raise AnchorFileError(f"{where} is not a JSON object")
    if record.get("v") != FORMAT_VERSION:
        raise AnchorFileError(f"{where} has format version {record.get('v')!r}; this openmash reads version 1")
    seq, hash_, at, published_at = (record.get(k) for k in ("seq", "hash", "at", "published_at"))
    if not isinstance(seq, int) or isinstance(seq, bool) or seq < 1:
        raise AnchorFileError(f"{where}: seq must be a whole number from 1, not {seq!r}")
    if not isinstance(hash_, str) or not HASH.match(hash_):
        raise AnchorFileError(f"{where}: hash must be 64 lowercase hex digits, not {hash_!r}")
    times: list[str] = []
    for name, value in (("at", at), ("published_at", published_at)):
        if not isinstance(value, str) or not TIME.match(value):
            raise AnchorFileError(f"{where}: {name} must be a UTC time like 2026-11-21T05:41:07.043210Z, not {value!r}")
        times.append(value)
    return PublishedHead(seq=seq, hash=hash_, at=times[0], published_at=times[1], line=number)


def read_published_heads(path: Path) -> list[PublishedHead]:
    """Every head in the anchor file, oldest first; [] if there is no file.

    Refuses (AnchorFileError, naming the line) a line that is not a head, and heads that
    go backwards: each seq must be at least the one before it, and a seq published again
    must have the same hash (the chain only grows).
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
    for number, line in enumerate(text.split("\n")[:-1], start=1):
        if not line.strip():
            raise AnchorFileError(f"line {number} is empty")
        head = _parse(number, line)
        if heads:
            last = heads[-1]
            if head.seq < last.seq:
                raise AnchorFileError(
                    f"line {number} has seq {head.seq}, lower than seq {last.seq} on line {last.line}: "
                    "heads must be in increasing seq order (lines were reordered, or the chain was cut "
                    "and a shorter head published)"
                )
            if head.seq == last.seq and head.hash != last.hash:
                raise AnchorFileError(
                    f"line {number} gives seq {head.seq} a different hash from line {last.line}: "
                    "the chain was rewritten between the two publications"
                )
        heads.append(head)
    return heads


def append_head(path: Path, head: PublishedHead) -> str:
    """Append one head as one line, durably: O_APPEND, one write, fsync. Returns the line written."""
    line = head.as_line()
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
