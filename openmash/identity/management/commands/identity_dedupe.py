"""Find likely duplicates in a hub's person index (DuckDB) and queue them for review."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from openmash.identity import batch, engines
from openmash.identity.management.commands.identity_train import _hub


class Command(BaseCommand):
    help = "Deduplicate a hub's person index: candidate pairs and clusters for review in the app."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("hub", help="The hub's slug or id")

    def handle(self, *args: Any, **options: Any) -> None:
        engines.require_batch_extra()
        run = batch.run_dedupe(_hub(options["hub"]))
        self.stdout.write(f"{run.records} records, {run.pairs} new pairs to review, {run.seconds:.1f} s")
