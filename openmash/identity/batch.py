"""Batch linkage on DuckDB: deduplicate a hub's index, or link an agency's extract to it.

The pairs Splink finds are stored for review with the same explanation the intake
matcher gives (scored again in Python from the same definition and parameters).
"""

from __future__ import annotations

import csv
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from openmash.hubs.models import Hub
from openmash.identity import definition, engines, index
from openmash.identity.features import Record, build_record
from openmash.identity.models import CandidatePair, Cluster, ClusterMember, LinkageRun, NotSamePerson
from openmash.identity.services import explanation

EXTRACT_COLUMNS = (
    "given_names",
    "family_name",
    "other_given_names",
    "other_family_name",
    "date_of_birth",
    "sex",
    "address_line_1",
    "postcode",
    "nhs_number",
    "upn",
    "police_reference",
)


def read_extract(path: str | Path) -> list[dict[str, str]]:
    """An agency's CSV: one row a person; the columns above, any missing ones left blank."""
    with open(path, newline="", encoding="utf-8-sig") as f:
        reader = csv.DictReader(f)
        headers = {h.strip().lower() for h in reader.fieldnames or []}
        if not headers & {"given_names", "family_name"}:
            raise ValueError("The extract needs a given_names or family_name column")
        return [{k.strip().lower(): (v or "").strip() for k, v in row.items() if k} for row in reader]


def extract_record(number: int, row: dict[str, str]) -> Record:
    other = [(row.get("other_given_names", ""), row.get("other_family_name", ""))]
    return build_record(
        unique_id=f"x{number}",
        given_names=row.get("given_names", ""),
        family_name=row.get("family_name", ""),
        other_names=[o for o in other if any(o)],
        date_of_birth=row.get("date_of_birth") or None,
        sex=row.get("sex", ""),
        postcodes=[row.get("postcode", "")],
        address_line_1=row.get("address_line_1", ""),
        nhs_number=row.get("nhs_number", ""),
        upn=row.get("upn", ""),
        police_reference=row.get("police_reference", ""),
    )


@transaction.atomic
def run_dedupe(hub: Hub) -> LinkageRun:
    """Find likely duplicates within the hub's index, cluster them, and queue the pairs for review."""
    started = time.perf_counter()
    run = LinkageRun.objects.create(
        hub=hub, kind=LinkageRun.Kind.DEDUPE, source="Person index", started_at=timezone.now()
    )
    records = index.index_records(hub)
    parameters = index.parameters_for(hub)
    by_id = {str(r["unique_id"]): r for r in records}
    pairs, clusters = engines.dedupe(records, parameters) if len(records) > 1 else ([], {})
    decided = set(NotSamePerson.objects.filter(hub=hub).values_list("person_a_id", "person_b_id"))
    existing = set(CandidatePair.objects.filter(hub=hub, right__isnull=False).values_list("left_id", "right_id"))
    rows = []
    for pair in pairs:
        a, b = sorted([int(pair.left), int(pair.right)])
        if (a, b) in decided or (a, b) in existing:
            continue
        score = definition.score_pair(by_id[pair.left], by_id[pair.right], parameters)
        rows.append(
            CandidatePair(
                hub=hub,
                run=run,
                left_id=a,
                right_id=b,
                probability=score.probability,
                match_weight=score.match_weight,
                explanation=explanation(score),
            )
        )
    CandidatePair.objects.bulk_create(rows)
    _store_clusters(hub, run, clusters, decided)
    run.records, run.pairs, run.seconds = len(records), len(rows), time.perf_counter() - started
    run.save(update_fields=["records", "pairs", "seconds"])
    return run


def _store_clusters(hub: Hub, run: LinkageRun, clusters: dict[str, str], decided: set[tuple[int, int]]) -> None:
    """Replace the hub's clusters with the batch's (records alone in a cluster are not stored)."""
    groups: dict[str, list[int]] = {}
    for record_id, cluster_id in clusters.items():
        groups.setdefault(cluster_id, []).append(int(record_id))
    Cluster.objects.filter(hub=hub).delete()
    for members in groups.values():
        if len(members) < 2:
            continue
        cluster = Cluster.objects.create(hub=hub, run=run)
        ClusterMember.objects.bulk_create([ClusterMember(cluster=cluster, person_id=pid) for pid in members])


@transaction.atomic
def run_link_extract(hub: Hub, rows: Iterable[dict[str, str]], source: str) -> LinkageRun:
    """Link an agency's extract to the hub's index; queue each likely match for review."""
    started = time.perf_counter()
    rows = list(rows)
    run = LinkageRun.objects.create(hub=hub, kind=LinkageRun.Kind.EXTRACT, source=source, started_at=timezone.now())
    records = index.index_records(hub)
    parameters = index.parameters_for(hub)
    extract = [extract_record(n, row) for n, row in enumerate(rows, start=1)]
    by_id: dict[str, Record] = {str(r["unique_id"]): r for r in [*records, *extract]}
    pairs = engines.link(records, extract, parameters) if records and extract else []
    out = []
    for pair in pairs:
        left, right = (pair.left, pair.right) if pair.left.startswith("x") else (pair.right, pair.left)
        score = definition.score_pair(by_id[left], by_id[right], parameters)
        row: dict[str, Any] = {"row": int(left[1:]), **rows[int(left[1:]) - 1]}
        out.append(
            CandidatePair(
                hub=hub,
                run=run,
                left_id=int(right),
                extract_row=row,
                probability=score.probability,
                match_weight=score.match_weight,
                explanation=explanation(score),
            )
        )
    CandidatePair.objects.bulk_create(out)
    run.records, run.pairs, run.seconds = len(extract), len(out), time.perf_counter() - started
    run.save(update_fields=["records", "pairs", "seconds"])
    return run
