"""Check the audit trail's hash chain and name the first broken link."""

from __future__ import annotations

import re
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from openmash.audit.queries import audit_chain_verify

ANCHOR = re.compile(r"^(?P<seq>[1-9][0-9]*):(?P<hash>[0-9a-f]{64})$")


def _anchor(value: str) -> tuple[int, str]:
    match = ANCHOR.match(value.strip().lower())
    if not match:
        raise CommandError(f"An anchor is SEQ:HASH, e.g. 1234:{'0' * 64}; got {value!r}")
    return int(match["seq"]), match["hash"]


class Command(BaseCommand):
    help = (
        "Recompute the audit trail's hash chain in seq order. Exits 0 and prints the last seq and hash "
        "when it is intact (note them down: they are the anchor for the next check); exits 1 naming "
        "the first broken link otherwise."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--anchor",
            action="append",
            default=[],
            metavar="SEQ:HASH",
            help="A seq and hash printed by an earlier run; the chain must still hold it. Repeatable.",
        )
        parser.add_argument("--chunk-size", type=int, default=2000, help="Events read per round trip.")

    def handle(self, *args: Any, **options: Any) -> None:
        anchors = dict(_anchor(value) for value in options["anchor"])
        report = audit_chain_verify(anchors=anchors, chunk_size=options["chunk_size"])
        if report.broken is not None:
            raise CommandError(
                f"{report.broken}. The {report.events} events before it are intact "
                f"(last good seq {report.last_seq}, hash {report.last_hash}).",
                returncode=1,
            )
        self.stdout.write(
            f"Audit trail intact: {report.events} events, last seq {report.last_seq}, last hash {report.last_hash}"
        )
