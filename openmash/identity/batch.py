"""Batch linkage on DuckDB: deduplicate a hub's index, or link an agency's extract to it.

The pairs Splink finds are stored for review with the same explanation the intake
matcher gives (scored again in Python from the same definition and parameters).
"""

from __future__ import annotations

import csv
import io
import re
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from openmash.hubs.models import Hub
from openmash.identity import definition, engines, index
from openmash.identity.features import Record, build_record, parse_partial_date
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


# A cell longer than this is not a name, a date or an identifier: the row is refused.
EXTRACT_CELL_MAX = 200
DATE_FORMATS = "2019-03-27, 27/03/2019, 2019-03 or 2019"


class ExtractError(ValueError):
    """What is wrong with an extract, naming the row (1 is the first row after the headings) and column."""


def _valid_date(text: str) -> bool:
    """A date of birth as precise as it was written: 31/02/2019 or 2019-13 is a mistake, not a partial date."""
    full, year_month, year = parse_partial_date(text)
    parts = len(re.findall(r"\d+", text))
    return bool({3: full, 2: year_month, 1: year}.get(parts))


def read_extract(path: str | Path) -> list[dict[str, str]]:
    """An agency's CSV: one row a person; the columns above, any missing ones left blank.

    Refused with an ExtractError naming the row and column: a file that is not UTF-8, has no
    headings or neither name column, holds a NUL byte, a cell past EXTRACT_CELL_MAX or a date of
    birth that is not a date. Nothing is linked from a file with any such row.
    """
    data = Path(path).read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ExtractError(
            f"Line {line} of the file is not UTF-8 text: save the extract as 'CSV UTF-8' and try again"
        ) from None
    if not text.strip():
        raise ExtractError("The file is empty: it needs a heading row and a row for each person")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        headers = [h.strip().lower() for h in reader.fieldnames or []]
        if not set(headers) & {"given_names", "family_name"}:
            raise ExtractError(
                "The extract needs a given_names or family_name column (its headings are: "
                + (", ".join(h for h in headers if h) or "none")
                + ")"
            )
        rows = []
        for number, raw in enumerate(reader, start=1):
            row = {k.strip().lower(): (v or "").strip() for k, v in raw.items() if k}
            for column, value in row.items():
                if "\x00" in value:
                    raise ExtractError(f"Row {number}, {column}: contains a NUL byte")
                if len(value) > EXTRACT_CELL_MAX:
                    raise ExtractError(f"Row {number}, {column}: longer than {EXTRACT_CELL_MAX} characters")
            dob = row.get("date_of_birth", "")
            if dob and not _valid_date(dob):
                raise ExtractError(f"Row {number}, date_of_birth: '{dob}' is not a date (use {DATE_FORMATS})")
            rows.append(row)
    except csv.Error as exc:
        raise ExtractError(f"Row {reader.line_num}: not readable as CSV ({exc})") from None
    return rows


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
