"""Batch deduplication throughput on DuckDB: the same command path the app uses (engines.dedupe).

    .venv/bin/python benchmarks/batch_dedupe.py [--records 1000000]

Generates N synthetic index records (3% with a corrupted duplicate), builds the
matcher's records, then runs Splink's predict (blocking rules from the definition,
the shipped priors) and connected-components clustering on DuckDB in-process.
Reports the time of each step, records per second, and pairwise precision and
recall of the clusters against the true people.
"""

from __future__ import annotations

import argparse
import sys
import time
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

from synthetic_people import index_and_extract  # noqa: E402
from train_priors import record  # noqa: E402

from openmash.identity import definition, engines  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=200_000)
    args = parser.parse_args()
    started = time.perf_counter()
    index, _ = index_and_extract(int(args.records / 1.03), 1, seed=21)
    records = [record(r) for r in index]
    truth = {str(r["unique_id"]): r.pop("cluster") for r in records}
    prepared = time.perf_counter()
    pairs, clusters = engines.dedupe(records, definition.priors())
    done = time.perf_counter()
    # Pairwise quality of the clusters (pairs in one cluster vs pairs of one true person).
    groups: dict[str, list[str]] = {}
    for rid, cid in clusters.items():
        groups.setdefault(cid, []).append(rid)
    predicted = {tuple(sorted(p)) for g in groups.values() for p in combinations(g, 2)}
    people: dict[str, list[str]] = {}
    for rid, cid in truth.items():
        people.setdefault(cid, []).append(rid)
    actual = {tuple(sorted(p)) for g in people.values() for p in combinations(g, 2)}
    tp = len(predicted & actual)
    precision = tp / len(predicted) if predicted else 1.0
    recall = tp / len(actual) if actual else 1.0
    seconds = done - prepared
    print(
        f"{len(records)} records: features {prepared - started:.1f} s; Splink predict + cluster on DuckDB "
        f"{seconds:.1f} s ({len(records) / seconds:,.0f} records/s); {len(pairs)} pairs >= "
        f"{definition.REVIEW_THRESHOLD}; cluster pairs precision {precision:.3f} recall {recall:.3f}"
    )


if __name__ == "__main__":
    main()
