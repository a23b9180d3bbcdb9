"""The Spark path, measured: the same definition and parameters on Spark in local mode, against DuckDB.

    .venv/bin/pip install pyspark==4.3.0   # not in the requirements; needs Java 17
    .venv/bin/python benchmarks/spark_dedupe.py [--records 100000] [--master local[2]]

Runs engines.dedupe on Spark and on DuckDB over the same synthetic records and
reports each one's time and whether they found the same pairs with the same weights.
For a region or the nation, pass a cluster's master URL (or build the SparkSession
yourself and call engines.dedupe(..., engine="spark", engine_api=engines.spark_api(spark_session=s))).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

from synthetic_people import index_and_extract  # noqa: E402
from train_priors import record  # noqa: E402

from openmash.identity import definition, engines  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--master", default="local[2]")
    args = parser.parse_args()
    index, _ = index_and_extract(int(args.records / 1.03), 1, seed=21)
    records = [record(r) for r in index]
    for r in records:
        r.pop("cluster")
    started = time.perf_counter()
    api = engines.spark_api(master=args.master)
    session_ready = time.perf_counter()
    spark_pairs, _ = engines.dedupe(records, definition.priors(), engine="spark", engine_api=api)
    spark_done = time.perf_counter()
    duck_pairs, _ = engines.dedupe(records, definition.priors())
    duck_done = time.perf_counter()
    spark_w = {(p.left, p.right): round(p.match_weight, 6) for p in spark_pairs}
    duck_w = {(p.left, p.right): round(p.match_weight, 6) for p in duck_pairs}
    same = spark_w == duck_w
    print(
        f"{len(records)} records. Spark ({args.master}): session {session_ready - started:.1f} s, "
        f"predict + cluster {spark_done - session_ready:.1f} s, {len(spark_pairs)} pairs. "
        f"DuckDB: {duck_done - spark_done:.1f} s, {len(duck_pairs)} pairs. Same pairs and weights: {same}"
    )
    if not same:
        only_spark = set(spark_w) - set(duck_w)
        only_duck = set(duck_w) - set(spark_w)
        differ = [k for k in set(spark_w) & set(duck_w) if spark_w[k] != duck_w[k]]
        print(f"  only Spark {len(only_spark)}, only DuckDB {len(only_duck)}, different weights {len(differ)}")


if __name__ == "__main__":
    main()
