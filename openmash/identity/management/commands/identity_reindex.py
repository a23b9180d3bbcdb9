"""Rebuild a hub's candidate index (after loading people in bulk, or an upgrade of the features)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from openmash.hubs.models import Hub
from openmash.identity import index
from openmash.identity.management.commands.identity_train import _hub


class Command(BaseCommand):
    help = "Rebuild the identity candidate index for one hub, or every hub."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("hub", nargs="?", help="The hub's slug or id (default: every hub)")

    def handle(self, *args: Any, **options: Any) -> None:
        hubs = [_hub(options["hub"])] if options["hub"] else list(Hub.objects.all())
        for hub in hubs:
            self.stdout.write(f"{hub}: {index.rebuild(hub)} people indexed")
