"""Train the hub's match model on its own index (DuckDB) and save it as the hub's parameters."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from openmash.hubs.models import Hub
from openmash.identity import engines, index
from openmash.identity.models import ModelParameters
from openmash.inputs import parse_id

MIN_RECORDS = 1000


class Command(BaseCommand):
    help = "Train the match model on a hub's person index and save it (Splink JSON) for that hub."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("hub", help="The hub's slug or id")
        parser.add_argument("--em", action="store_true", help="Also re-estimate m by expectation maximisation")
        parser.add_argument("--min-records", type=int, default=MIN_RECORDS)

    def handle(self, *args: Any, **options: Any) -> None:
        engines.require_batch_extra()
        hub = _hub(options["hub"])
        records = index.index_records(hub)
        if len(records) < options["min_records"]:
            raise CommandError(
                f"{hub} has {len(records)} indexed people; at least {options['min_records']} are needed to train. "
                "The hub keeps using its current parameters."
            )
        started = time.perf_counter()
        model = engines.train(records, start_from=index.parameters_for(hub), expectation_maximisation=options["em"])
        saved = ModelParameters.objects.create(
            hub=hub,
            splink_model=model,
            records=len(records),
            method="u sampling + EM" if options["em"] else "u sampling",
        )
        self.stdout.write(
            f"Trained on {len(records)} records in {time.perf_counter() - started:.1f} s; saved as parameters {saved.pk}"
        )


def _hub(value: str) -> Hub:
    # All digits: an id (one past any id names no hub); otherwise a slug.
    digits = value.isascii() and value.isdigit()
    pk = parse_id(value) if digits else None
    hub = Hub.objects.filter(pk=pk).first() if pk is not None else None
    if not digits:
        hub = Hub.objects.filter(slug=value).first()
    if hub is None:
        raise CommandError(f"No hub {value!r}")
    return hub
