"""Publish every audit chain's head (last seq and hash) to the append-only anchor file, after checking the chains."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from openmash.audit.anchor import AnchorFileError, append_heads, heads_to_publish, logger, read_published_heads
from openmash.audit.queries import audit_chain_verify


class Command(BaseCommand):
    help = (
        "Check every audit chain against the heads already published, then append their current heads "
        "(chain, seq, hash, time) as one JSON line to the anchor file (AUDIT_ANCHOR_FILE), and log it to the "
        "'openmash.audit.anchor' logger. Run it on a schedule; copy the file off this server."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--to",
            type=Path,
            default=None,
            metavar="PATH",
            help="The anchor file (default: the AUDIT_ANCHOR_FILE setting).",
        )
        parser.add_argument("--chunk-size", type=int, default=2000, help="Events read per round trip.")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["to"] or Path(settings.AUDIT_ANCHOR_FILE)
        try:
            published = read_published_heads(path)
        except AnchorFileError as exc:
            raise CommandError(
                f"Not published: the anchor file {path} is damaged: {exc}. Nothing was written; "
                "keep the file as it is and investigate.",
                returncode=1,
            ) from None
        # Never publish the heads of a trail that is already broken: that would anchor the damage.
        anchors: dict[int, dict[int, str]] = {}
        for published_head in published:
            anchors.setdefault(published_head.chain, {})[published_head.seq] = published_head.hash
        report = audit_chain_verify(anchors=anchors, chunk_size=options["chunk_size"])
        if not report.intact:
            for chain in report.broken:
                logger.error("audit head not published: %s", chain.broken)
            problems = "; ".join(str(chain.broken) for chain in report.broken)
            raise CommandError(f"Not published: {problems}. Run verify_audit for details.", returncode=1)
        # The heads the check just walked to, not whatever was written since: only checked events are anchored.
        heads = heads_to_publish(report)
        if not heads:
            self.stdout.write("Nothing published: the audit trail is empty.")
            return
        try:
            line = append_heads(path, heads)
        except OSError as exc:
            raise CommandError(f"Could not write to the anchor file {path}: {exc}", returncode=1) from None
        self.stdout.write(f"Published the heads of {len(heads)} audit chains to {path}:")
        labels = {chain.chain: chain.label for chain in report.chains}
        for head in heads:
            self.stdout.write(f"  {labels[head.chain]}: seq {head.seq}, hash {head.hash}")
        self.stdout.write(line.rstrip("\n"))
