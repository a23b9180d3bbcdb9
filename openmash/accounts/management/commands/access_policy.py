"""Print the access policy table as docs/access.md shows it."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from openmash.accounts.policy import as_markdown


class Command(BaseCommand):
    help = "Print the access policy table (openmash/accounts/policy.py) as Markdown, for docs/access.md."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(as_markdown())
