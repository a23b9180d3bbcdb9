"""Check the audit trail's hash chain and name the first broken link."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from openmash.audit.anchor import AnchorFileError, PublishedHead, read_published_heads
from openmash.audit.chain import LEGACY_CHAIN
from openmash.audit.queries import audit_chain_verify

ANCHOR = re.compile(r"^(?:(?P<chain>-1|0|[1-9][0-9]*):)?(?P<seq>[1-9][0-9]*):(?P<hash>[0-9a-f]{64})$")


def _anchor(value: str) -> tuple[int, int, str]:
    """CHAIN:SEQ:HASH, or SEQ:HASH (a head of the single chain noted before migration 0006: chain -1)."""
    match = ANCHOR.match(value.strip().lower())
    if not match:
        raise CommandError(f"An anchor is CHAIN:SEQ:HASH, e.g. 3:1234:{'0' * 64}; got {value!r}")
    chain = int(match["chain"]) if match["chain"] is not None else LEGACY_CHAIN
    return chain, int(match["seq"]), match["hash"]


class Command(BaseCommand):
    help = (
        "Recompute every audit chain (one per hub, 0 for events outside any hub, -1 for events from "
        "before per-hub chains) in seq order and check each still holds every head published to the "
        "anchor file (AUDIT_ANCHOR_FILE, see audit_publish_head) and every --anchor. Exits 0 and prints "
        "each chain's last seq and hash when all are intact; exits 1 naming each chain's first broken "
        "link, or what is wrong with the anchor file, otherwise."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--anchor",
            action="append",
            default=[],
            metavar="CHAIN:SEQ:HASH",
            help="A chain, seq and hash printed by an earlier run; the chain must still hold it. SEQ:HASH "
            "means chain -1 (a head noted while there was one chain). Repeatable.",
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
        anchors: dict[int, dict[int, str]] = {}
        for chain, seq, hash_ in (_anchor(value) for value in options["anchor"]):
            anchors.setdefault(chain, {})[seq] = hash_
        path: Path = options["anchor_file"] or Path(settings.AUDIT_ANCHOR_FILE)
        published: list[PublishedHead] = []
        if not options["no_published_anchor"]:
            try:
                published = read_published_heads(path)
            except AnchorFileError as exc:
                raise CommandError(
                    f"The anchor file {path} cannot be trusted: {exc}. The chains were not checked against it; "
                    "keep the file as it is and investigate (--no-published-anchor checks the chains alone).",
                    returncode=1,
                ) from None
        by_head = {(head.chain, head.seq): head for head in published}
        for chain, heads in anchors.items():
            for seq, hash_ in heads.items():
                head = by_head.get((chain, seq))
                if head is not None and head.hash != hash_:
                    raise CommandError(
                        f"--anchor {chain}:{seq}:{hash_} disagrees with the head published for seq {seq} of chain "
                        f"{chain} on line {head.line} of {path} ({head.hash}): one of them was not taken from "
                        "this chain, or the chain was rewritten between them",
                        returncode=1,
                    )
        combined: dict[int, dict[int, str]] = {}
        for (chain, seq), head in by_head.items():
            combined.setdefault(chain, {})[seq] = head.hash
        for chain, heads in anchors.items():
            combined.setdefault(chain, {}).update(heads)
        report = audit_chain_verify(anchors=combined, chunk_size=options["chunk_size"])
        if not report.intact:
            problems = []
            for chain_report in report.broken:
                broken = chain_report.broken
                if broken is None:  # pragma: no cover - report.broken holds broken chains only
                    continue
                source = ""
                head = by_head.get((broken.chain, broken.seq))
                if head is not None and broken.seq not in anchors.get(broken.chain, {}):
                    source = f" (the anchor is the head published at {head.published_at}, line {head.line} of {path})"
                problems.append(
                    f"{broken}{source}. The {chain_report.events} events before it in {chain_report.label} are "
                    f"intact (last good seq {chain_report.last_seq}, hash {chain_report.last_hash})."
                )
            intact = [chain.label for chain in report.chains if chain.intact]
            if intact:
                problems.append(f"Intact: {', '.join(intact)}.")
            raise CommandError("\n".join(problems), returncode=1)
        chains = f"{len(report.chains)} chain{'' if len(report.chains) == 1 else 's'}"
        self.stdout.write(f"Audit trail intact: {report.events} events in {chains}")
        for chain_report in report.chains:
            self.stdout.write(
                f"  {chain_report.label}: {chain_report.events} events, last seq {chain_report.last_seq}, "
                f"last hash {chain_report.last_hash}"
            )
        if options["no_published_anchor"]:
            self.stdout.write("Not checked against published heads (--no-published-anchor).")
        elif published:
            lines = sorted({head.line for head in published})
            latest = published[-1]
            self.stdout.write(
                f"Holds all {len(published)} heads published on {len(lines)} lines of {path}; "
                f"the latest were published at {latest.published_at}."
            )
        else:
            self.stdout.write(
                f"No published heads in {path}: events deleted from the end would not show "
                "(run audit_publish_head on a schedule)."
            )
