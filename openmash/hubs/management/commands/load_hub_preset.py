"""Load one (or all) of the evaluation's three case-study hubs: `manage.py load_hub_preset site1`."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from openmash.hubs.models import Hub
from openmash.hubs.presets import PRESETS
from openmash.hubs.services import hub_load_preset


class Command(BaseCommand):
    help = "Create hubs from the case-study presets (site1, site2, site3, or all)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("preset", choices=[*sorted(PRESETS), "all"])

    def handle(self, *args: Any, preset: str, **options: Any) -> None:
        keys = sorted(PRESETS) if preset == "all" else [preset]
        for key in keys:
            if Hub.objects.filter(slug=key).exists():
                raise CommandError(f"A hub with slug {key!r} already exists; nothing was changed.")
        for key in keys:
            hub = hub_load_preset(key=key)
            levels = ", ".join(f"{lv.label} ({lv.timeline_text()})" for lv in hub.current_levels())
            self.stdout.write(f"Loaded {hub.name}: {levels}")
