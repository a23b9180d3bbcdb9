"""Link an agency's CSV extract (a school roll, a health caseload) to a hub's person index."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from openmash.identity import batch, engines
from openmash.identity.management.commands.identity_train import _hub
from openmash.identity.models import LinkageRun


class Command(BaseCommand):
    help = (
        "Link a CSV extract to a hub's index. Columns: "
        + ", ".join(batch.EXTRACT_COLUMNS)
        + f" (dates as {batch.DATE_FORMATS}). A file with any bad row is refused, naming the row"
        " (1 is the first row after the headings) and column."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("hub", help="The hub's slug or id")
        parser.add_argument("csv", help="Path to the extract")
        parser.add_argument("--source", required=True, help="Whose list it is, e.g. 'Oakfield Primary roll'")

    def handle(self, *args: Any, **options: Any) -> None:
        engines.require_batch_extra()
        hub = _hub(options["hub"])
        longest = LinkageRun._meta.get_field("source").max_length or 0
        if len(options["source"]) > longest:
            raise CommandError(f"--source must be {longest} characters or less")
        path = Path(options["csv"])
        if not path.is_file():
            raise CommandError(f"No file {path}")
        try:
            rows = batch.read_extract(path)
        except (batch.ExtractError, OSError) as exc:
            raise CommandError(f"{path}: {exc}") from None
        run = batch.run_link_extract(hub, rows, options["source"])
        self.stdout.write(f"{run.records} rows, {run.pairs} likely matches to review, {run.seconds:.1f} s")
