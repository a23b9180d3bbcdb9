"""Mark records whose retention period has ended. Run daily by a scheduler; deletes nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from openmash.retention.services import retention_plan, retention_review


class Command(BaseCommand):
    help = (
        "Mark records whose retention period has ended as due for deletion or review. Nothing is deleted: "
        "a hub manager confirms each deletion on the retention page. --dry-run prints what it would mark."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Print what would be marked; change nothing.")
        parser.add_argument("--today", type=dt.date.fromisoformat, help="Review as of this date (YYYY-MM-DD).")

    def handle(self, *args: Any, **options: Any) -> None:
        dry = options["dry_run"]
        plan = retention_plan(today=options["today"]) if dry else retention_review(today=options["today"])
        prefix = "would mark " if dry else "marked "
        for planned in plan:
            self.stdout.write(prefix + planned.line())
        self.stdout.write(f"{len(plan)} record{'s' if len(plan) != 1 else ''} {'would be ' if dry else ''}marked")
