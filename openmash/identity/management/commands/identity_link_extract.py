"""Link an agency's CSV extract (a school roll, a health caseload) to a hub's person index."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from openmash.identity import batch, engines
from openmash.identity.management.commands.identity_train import _hub


class Command(BaseCommand):
    help = (
        "Link a CSV extract to a hub's index. Columns: "
        + ", ".join(batch.EXTRACT_COLUMNS)
        + " (dates as 2019-03-27, 27/03/2019, 2019-03 or 2019)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("hub", help="The hub's slug or id")
        parser.add_argument("csv", help="Path to the extract")
        parser.add_argument("--source", required=True, help="Whose list it is, e.g. 'Oakfield Primary roll'")

    def handle(self, *args: Any, **options: Any) -> None:
        engines.require_batch_extra()
        hub = _hub(options["hub"])
        path = Path(options["csv"])
        if not path.is_file():
            raise CommandError(f"No file {path}")
        try:
            rows = batch.read_extract(path)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        run = batch.run_link_extract(hub, rows, options["source"])
        self.stdout.write(f"{run.records} rows, {run.pairs} likely matches to review, {run.seconds:.1f} s")
