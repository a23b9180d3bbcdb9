"""Demo data for identity resolution: index the seeded people and plant a few near-duplicates to review."""

from __future__ import annotations

import random
from collections.abc import Iterable

from openmash.hubs.models import Hub
from openmash.identity import index, services
from openmash.people.models import Address, Person, PersonKind


def _misspell(rng: random.Random, name: str) -> str:
    if len(name) < 4:
        return name + "e"
    i = rng.randrange(1, len(name) - 1)
    return name[:i] + name[i + 1] + name[i] + name[i + 2 :]


def seed_identity_demo(hubs: Iterable[Hub], *, per_hub: int = 4, seed: int = 6) -> None:
    """Index each hub's people (the demo bulk-creates them), then add misspelt copies of a few
    children at new addresses, as another agency might record them, and queue them for review."""
    rng = random.Random(seed)  # noqa: S311 - synthetic demo data, not security
    for hub in hubs:
        index.rebuild(hub)
        children = list(
            Person.objects.filter(hub=hub, kind=PersonKind.CHILD, date_of_birth__isnull=False).order_by("pk")[:200]
        )
        for original in rng.sample(children, min(per_hub, len(children))):
            copy = Person.objects.create(
                hub=hub,
                kind=original.kind,
                given_names=_misspell(rng, original.given_names),
                family_name=original.family_name,
                date_of_birth=original.date_of_birth,
                sex=original.sex,
                ethnicity=original.ethnicity,
            )
            Address.objects.create(person=copy, line_1=f"{rng.randint(1, 90)} Station Road", postcode="LS6 2AB")
            services.cluster_add_record(person=copy)
