"""The Spark path in local mode, on a small set: same definition, same parameters, same answers as DuckDB.

Skipped where pyspark or Java is not installed (pyspark is not in the requirements:
see docs/identity.md). Run it with `pytest -m spark`.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from openmash.identity import definition, engines

pytestmark = [
    pytest.mark.spark,
    pytest.mark.skipif(shutil.which("java") is None, reason="Spark needs Java"),
]
pyspark = pytest.importorskip("pyspark", reason="pyspark is not installed")

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "benchmarks"))
from synthetic_people import index_and_extract  # noqa: E402
from train_priors import record  # noqa: E402


def test_spark_and_duckdb_find_the_same_pairs_with_the_same_weights():
    index, _ = index_and_extract(800, 1, duplicate_rate=0.2, seed=3)
    records = [record(r) for r in index]
    for r in records:
        r.pop("cluster")
    spark_pairs, spark_clusters = engines.dedupe(records, definition.priors(), engine="spark")
    duck_pairs, duck_clusters = engines.dedupe(records, definition.priors())
    assert len(duck_pairs) > 20
    assert {(p.left, p.right): round(p.match_weight, 6) for p in spark_pairs} == {
        (p.left, p.right): round(p.match_weight, 6) for p in duck_pairs
    }
