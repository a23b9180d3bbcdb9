"""Publish the audit chain's head (last seq and hash) to the append-only anchor file, after checking the chain."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from openmash.audit.anchor import AnchorFileError, append_head, head_to_publish, logger, read_published_heads
from openmash.audit.queries import audit_chain_verify


class Command(BaseCommand):
    help = (
        "Check the audit trail against the heads already published, then append its current head "
        "(seq, hash, time) as one JSON line to the anchor file (AUDIT_ANCHOR_FILE), and log it to the "
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
        # Never publish the head of a chain that is already broken: that would anchor the damage.
        report = audit_chain_verify(
            anchors={head.seq: head.hash for head in published}, chunk_size=options["chunk_size"]
        )
        if report.broken is not None:
            logger.error("audit head not published: %s", report.broken)
            raise CommandError(
                f"Not published: {report.broken}. Run verify_audit for details.",
                returncode=1,
            )
        if report.last_seq == 0:
            self.stdout.write("Nothing published: the audit trail is empty.")
            return
        # The head the check just walked to, not whatever was written since: only checked events are anchored.
        head = head_to_publish(report.last_seq)
        try:
            line = append_head(path, head)
        except OSError as exc:
            raise CommandError(f"Could not write to the anchor file {path}: {exc}", returncode=1) from None
        self.stdout.write(f"Published audit head seq {head.seq}, hash {head.hash} to {path}")
        self.stdout.write(line.rstrip("\n"))
