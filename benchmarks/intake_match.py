"""Intake matching latency against a large person index, in the app's own database.

    .venv/bin/python benchmarks/intake_match.py [--people 1000000] [--queries 500]

Loads N synthetic people into a benchmark hub (once: later runs reuse it) in the
database DATABASE_URL names (default postgres://postgres@127.0.0.1:5432/om_bench),
with the candidate index the app keeps (IndexedPerson, PersonKey), then times
the full intake call `matcher.likely_matches` (key lookup, features fetch, scoring
with the priors, fetch of the people shown) for corrupted copies of index people
and for strangers. Reports median and 95th percentile, and how often the true
record is in the top 5.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/om_bench")
os.environ.setdefault("OPENMASH_INSECURE_DEV_KEY", "true")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openmash.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from synthetic_people import corrupt, true_people  # noqa: E402
from train_priors import record  # noqa: E402

from openmash.hubs.models import Hub  # noqa: E402
from openmash.identity import matcher  # noqa: E402
from openmash.identity.features import candidate_keys  # noqa: E402
from openmash.people.models import Person  # noqa: E402

SLUG = "bench"


def _copy(table: str, columns: list[str], rows: list[tuple]) -> None:
    buf = io.StringIO()
    for row in rows:
        buf.write("\t".join("\\N" if v is None else str(v).replace("\\", "\\\\").replace("\t", " ") for v in row))
        buf.write("\n")
    with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        copy.write(buf.getvalue())


def load(n: int) -> tuple[Hub, list[dict]]:
    hub = Hub.objects.filter(slug=SLUG).first()
    people = list(true_people(n, seed=42))
    if hub is not None and Person.objects.filter(hub=hub).count() == n:
        return hub, people
    if hub is not None:
        raise SystemExit(f"Hub {SLUG!r} exists with another size: drop the database {connection.settings_dict['NAME']}")
    hub = Hub.objects.create(name="Benchmark hub", slug=SLUG, local_authority="Benchmark", la_code="999", model="mash")
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM people_person")
        base = cursor.fetchone()[0]
    now = dt.datetime.now(dt.UTC).isoformat()
    batch = 100_000
    for start in range(0, n, batch):
        chunk = people[start : start + batch]
        person_rows, feature_rows, key_rows = [], [], []
        for offset, p in enumerate(chunk):
            pid = base + start + offset + 1
            p["pk"] = pid
            person_rows.append(
                (
                    pid,
                    hub.pk,
                    "child" if p["upn"] else "adult",
                    p["given_names"],
                    p["family_name"],
                    p["date_of_birth"],
                    p["sex"],
                    "NOBT",
                    p["nhs_number"],
                    p["upn"],
                    p["police_reference"],
                    "f",
                    "f",
                    "f",
                    "f",
                    "",
                    "",
                    "",
                    now,
                )
            )
            rec = record({**p, "id": pid})
            rec.pop("cluster")
            feature_rows.append((pid, hub.pk, json.dumps(rec), now))
            key_rows += [(hub.pk, pid, k[:60]) for k in candidate_keys(rec)]
        _copy(
            "people_person",
            [
                "id",
                "hub_id",
                "kind",
                "given_names",
                "family_name",
                "date_of_birth",
                "sex",
                "ethnicity",
                "nhs_number",
                "upn",
                "police_reference",
                "no_recourse_to_public_funds",
                "care_leaver",
                "newly_arrived",
                "interpreter_needed",
                "language",
                "allocated_worker",
                "allocated_team",
                "created_at",
            ],
            person_rows,
        )
        _copy("identity_indexedperson", ["person_id", "hub_id", "features", "updated_at"], feature_rows)
        _copy("identity_personkey", ["hub_id", "person_id", "key"], key_rows)
        print(f"  loaded {start + len(chunk)} people ({time.perf_counter() - started:.0f} s)", flush=True)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('people_person', 'id'), (SELECT MAX(id) FROM people_person))"
        )
        cursor.execute("ANALYZE people_person; ANALYZE identity_personkey; ANALYZE identity_indexedperson")
    print(f"Loaded {n} people in {time.perf_counter() - started:.0f} s")
    return hub, people


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=500)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    hub, people = load(args.people)
    if "pk" not in people[0]:
        first = Person.objects.filter(hub=hub).order_by("pk").values_list("pk", flat=True).first()
        for offset, p in enumerate(people):
            p["pk"] = first + offset
    rng = random.Random(9)
    strangers = list(true_people(args.queries, seed=4242))
    queries = []
    for i in range(args.queries):
        if i % 5 == 4:
            queries.append((strangers[i], None))
        else:
            p = rng.choice(people)
            queries.append((corrupt(rng, p, heavy=True), p))
    # Warm the caches once (the server would be warm).
    for q, _ in queries[:20]:
        matcher.likely_matches(hub=hub, record=matcher.record_for_entry(**_entry(q)))
    times, found, known = [], 0, 0
    for q, truth in queries:
        started = time.perf_counter()
        result = matcher.likely_matches(hub=hub, record=matcher.record_for_entry(**_entry(q)))
        times.append((time.perf_counter() - started) * 1000)
        if truth is not None:
            known += 1
            found += any(c.person.pk == truth["pk"] for c in result[:5])
    times.sort()
    p95 = times[int(len(times) * 0.95) - 1]
    print(
        f"index {args.people} people, {len(times)} intake look-ups: median {statistics.median(times):.1f} ms, "
        f"p95 {p95:.1f} ms, max {times[-1]:.1f} ms; true record in the top 5 for {found}/{known} "
        f"({100 * found / known:.1f}%)"
    )


def _entry(q: dict) -> dict:
    return {
        "given_names": q["given_names"],
        "family_name": q["family_name"],
        "other_names": [("", q["other_family_name"])] if q.get("other_family_name") else [],
        "date_of_birth": q["date_of_birth"],
        "sex": q["sex"],
        "postcode": q["postcode"],
        "address_line_1": q["address_line_1"],
        "nhs_number": q["nhs_number"],
        "upn": q["upn"],
        "police_reference": q.get("police_reference", ""),
    }


if __name__ == "__main__":
    main()
