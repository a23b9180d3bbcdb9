"""Accuracy of linking an agency extract to the index, on a labelled synthetic evaluation set.

    .venv/bin/python benchmarks/accuracy.py [--index 20000] [--extract 4000] [--baseline-python PATH]

The set (benchmarks/synthetic_people.py): an index of N people (3% with a corrupted
duplicate) and an extract whose rows are heavily corrupted copies of index people
(nicknames, typos, swapped day and month, partial dates, hyphenated and changed
surnames, moved house, missing NHS numbers) plus 20% strangers; twins make hard
negatives. True links are known.

Reports, at the threshold the app uses for review (definition.REVIEW_THRESHOLD):
- Splink on DuckDB (engines.link with the shipped priors): pairwise precision, recall, F1;
- the intake path (candidate keys + Python scorer): how often a true record is in the top 5;
- with --baseline-python (a Python that has `recordlinkage` installed), the
  recordlinkage package's standard approach on the same files, in the same run
  (benchmarks/recordlinkage_baseline.py).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

from synthetic_people import index_and_extract, write_csv  # noqa: E402
from train_priors import record  # noqa: E402

from openmash.identity import definition, engines  # noqa: E402
from openmash.identity.features import candidate_keys  # noqa: E402


def prf(predicted: set, actual: set) -> tuple[float, float, float]:
    tp = len(predicted & actual)
    p = tp / len(predicted) if predicted else 1.0
    r = tp / len(actual) if actual else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--index", type=int, default=20_000)
    parser.add_argument("--extract", type=int, default=4_000)
    parser.add_argument("--baseline-python", help="A Python with recordlinkage installed, to run the baseline")
    args = parser.parse_args()
    index_rows, extract_rows = index_and_extract(args.index, args.extract, seed=7)
    index = [record(r) for r in index_rows]
    extract = [record(r) for r in extract_rows]
    for r in extract:
        r["unique_id"] = f"x{r['unique_id']}"
    by_cluster = defaultdict(set)
    for r in index:
        by_cluster[r["cluster"]].add(str(r["unique_id"]))
    actual = {(str(x["unique_id"]), i) for x in extract for i in by_cluster.get(x["cluster"], ())}
    for r in [*index, *extract]:
        r.pop("cluster")

    started = time.perf_counter()
    pairs = engines.link(index, extract, definition.priors(), threshold=definition.REVIEW_THRESHOLD)
    seconds = time.perf_counter() - started
    predicted = {(p.left, p.right) if p.left.startswith("x") else (p.right, p.left) for p in pairs}
    p, r, f1 = prf(predicted, actual)
    print(
        f"Splink (DuckDB, shipped priors) linking {len(extract)} extract rows to {len(index)} index records "
        f"at p >= {definition.REVIEW_THRESHOLD}: precision {p:.3f}, recall {r:.3f}, F1 {f1:.3f} ({seconds:.1f} s)"
    )

    # The intake path: keys, then the Python scorer, top 5.
    keys = defaultdict(set)
    by_id = {str(x["unique_id"]): x for x in index}
    for x in index:
        for k in candidate_keys(x):
            keys[k].add(str(x["unique_id"]))
    truth = defaultdict(set)
    for a, b in actual:
        truth[a].add(b)
    hits = total = 0
    for x in extract:
        xid = str(x["unique_id"])
        if xid not in truth:
            continue
        total += 1
        counts: dict[str, int] = defaultdict(int)
        for k in candidate_keys(x):
            for c in keys.get(k, ()):
                counts[c] += 1
        candidates = sorted(counts, key=lambda c: (-counts[c], c))[:200]
        scored = sorted(
            candidates, key=lambda c: -definition.score_pair(x, by_id[c], definition.priors()).match_weight
        )[:5]
        hits += bool(truth[xid] & set(scored))
    print(f"Intake path: a true record in the top 5 for {hits}/{total} extract rows ({100 * hits / total:.2f}%)")

    if args.baseline_python:
        with tempfile.TemporaryDirectory() as tmp:
            write_csv(f"{tmp}/index.csv", index_rows)
            write_csv(f"{tmp}/extract.csv", extract_rows)
            subprocess.run(  # noqa: S603 - a Python the person running the benchmark named
                [args.baseline_python, str(ROOT / "benchmarks" / "recordlinkage_baseline.py"), tmp], check=True
            )


if __name__ == "__main__":
    main()
