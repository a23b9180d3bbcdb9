"""Check the audit trail's hash chain and name the first broken link."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from openmash.audit.anchor import AnchorFileError, PublishedHead, read_published_heads
from openmash.audit.queries import audit_chain_verify

ANCHOR = re.compile(r"^(?P<seq>[1-9][0-9]*):(?P<hash>[0-9a-f]{64})$")


def _anchor(value: str) -> tuple[int, str]:
    match = ANCHOR.match(value.strip().lower())
    if not match:
        raise CommandError(f"An anchor is SEQ:HASH, e.g. 1234:{'0' * 64}; got {value!r}")
    return int(match["seq"]), match["hash"]


class Command(BaseCommand):
    help = (
        "Recompute the audit trail's hash chain in seq order and check it still holds every head "
        "published to the anchor file (AUDIT_ANCHOR_FILE, see audit_publish_head) and every --anchor. "
        "Exits 0 and prints the last seq and hash when it is intact; exits 1 naming the first broken "
        "link, or what is wrong with the anchor file, otherwise."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--anchor",
            action="append",
            default=[],
            metavar="SEQ:HASH",
            help="A seq and hash printed by an earlier run; the chain must still hold it. Repeatable.",
        )
        parser.add_argument(
            "--anchor-file",
            type=Path,
            default=None,
            metavar="PATH",
            help="The file of published heads (default: the AUDIT_ANCHOR_FILE setting).",
        )
        parser.add_argument(
            "--no-published-anchor",
            action="store_true",
            help="Do not read the anchor file: check the chain (and any --anchor) only.",
        )
        parser.add_argument("--chunk-size", type=int, default=2000, help="Events read per round trip.")

    def handle(self, *args: Any, **options: Any) -> None:
        anchors = dict(_anchor(value) for value in options["anchor"])
        path: Path = options["anchor_file"] or Path(settings.AUDIT_ANCHOR_FILE)
        published: list[PublishedHead] = []
        if not options["no_published_anchor"]:
            try:
                published = read_published_heads(path)
            except AnchorFileError as exc:
                raise CommandError(
                    f"The anchor file {path} cannot be trusted: {exc}. The chain was not checked against it; "
                    "keep the file as it is and investigate (--no-published-anchor checks the chain alone).",
                    returncode=1,
                ) from None
        by_seq = {head.seq: head for head in published}
        for seq, hash_ in anchors.items():
            if seq in by_seq and by_seq[seq].hash != hash_:
                raise CommandError(
                    f"--anchor {seq}:{hash_} disagrees with the head published for seq {seq} on line "
                    f"{by_seq[seq].line} of {path} ({by_seq[seq].hash}): one of them was not taken from "
                    "this chain, or the chain was rewritten between them",
                    returncode=1,
                )
        report = audit_chain_verify(
            anchors={seq: head.hash for seq, head in by_seq.items()} | anchors, chunk_size=options["chunk_size"]
        )
        if report.broken is not None:
            source = ""
            if report.broken.seq in by_seq and report.broken.seq not in anchors:
                head = by_seq[report.broken.seq]
                source = f" (the anchor is the head published at {head.published_at}, line {head.line} of {path})"
            raise CommandError(
                f"{report.broken}{source}. The {report.events} events before it are intact "
                f"(last good seq {report.last_seq}, hash {report.last_hash}).",
                returncode=1,
            )
        self.stdout.write(
            f"Audit trail intact: {report.events} events, last seq {report.last_seq}, last hash {report.last_hash}"
        )
        if options["no_published_anchor"]:
            self.stdout.write("Not checked against published heads (--no-published-anchor).")
        elif published:
            latest = published[-1]
            self.stdout.write(
                f"Holds all {len(published)} heads published in {path}; "
                f"the latest, seq {latest.seq}, was published at {latest.published_at}."
            )
        else:
            self.stdout.write(
                f"No published heads in {path}: events deleted from the end would not show "
                "(run audit_publish_head on a schedule)."
            )
