"""Running the one definition on an engine: DuckDB in-process, or Spark for a region or the nation.

Splink, DuckDB and pyarrow are the batch extra (requirements/batch.txt), not the web
app's requirements: they are imported only inside the functions here and in
`definition.splink_settings`, and only when a batch command runs. Web requests never
import them (the in-app matcher scores in Python); `openmash/tests/test_slim_install.py`
checks it. `require_batch_extra` turns their absence into a clear CommandError.
"""

from __future__ import annotations

import importlib
import logging
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.management.base import CommandError

from openmash.identity import definition
from openmash.identity.definition import Engine
from openmash.identity.features import Record

if TYPE_CHECKING:
    import pyarrow as pa

BATCH_EXTRA = ("splink", "duckdb", "pyarrow")
INSTALL_BATCH_EXTRA = (
    "Install the batch extra: .venv/bin/pip install -r requirements/batch.txt -c requirements/constraints.txt"
)

# The Arrow type of each column: a list of strings, or a string.
LIST_COLUMNS = {"given_names_all", "family_names_all", "postcodes_all"}
COLUMNS = (
    "unique_id",
    "given_name",
    "family_name",
    "given_names_all",
    "family_names_all",
    "dob",
    "dob_ym",
    "dob_y",
    "dob_sorted",
    "sex",
    "postcode",
    "postcodes_all",
    "postcode_sector",
    "postcode_district",
    "address_key",
    "nhs_number",
    "upn",
    "police_reference",
    "given_code",
    "family_code",
)


def require_batch_extra() -> None:
    """Refuse, with what to install, when Splink, DuckDB or pyarrow is missing (a slim web install)."""
    missing = []
    for name in BATCH_EXTRA:
        try:
            importlib.import_module(name)
        except ImportError:
            missing.append(name)
    if missing:
        raise CommandError(
            f"This command needs {', '.join(missing)}, which the web app does not. {INSTALL_BATCH_EXTRA}"
        )


def to_arrow(records: Sequence[Record], extra: Sequence[str] = ()) -> pa.Table:
    import pyarrow as pa

    types = {name: pa.list_(pa.string()) if name in LIST_COLUMNS else pa.string() for name in COLUMNS}
    schema = pa.schema(list(types.items()) + [(name, pa.string()) for name in extra])
    columns = {name: [r.get(name) for r in records] for name in [*COLUMNS, *extra]}
    columns["unique_id"] = [str(v) for v in columns["unique_id"]]
    return pa.table(columns, schema=schema)


def _quiet() -> None:
    logging.getLogger("splink").setLevel(logging.WARNING)


def duckdb_api() -> Any:
    from splink import DuckDBAPI

    _quiet()
    return DuckDBAPI()


def spark_api(*, master: str = "local[2]", driver_memory: str = "4g", spark_session: Any = None) -> Any:
    """Splink's Spark backend. Locally by default; for a cluster, pass its session.

    Needs `pyspark` (not in the app's requirements: install it where Spark runs)
    and Java 17. Splink's jar supplies the string-similarity functions.
    """
    from pyspark.sql import SparkSession
    from splink import SparkAPI
    from splink.backends.spark import similarity_jar_location

    _quiet()
    if spark_session is None:
        spark_session = (
            SparkSession.builder.master(master)
            .appName("openmash-identity")
            .config("spark.jars", similarity_jar_location())
            .config("spark.driver.memory", driver_memory)
            .config("spark.sql.shuffle.partitions", "8")
            .config("spark.ui.enabled", "false")
            .getOrCreate()
        )
        spark_session.sparkContext.setLogLevel("ERROR")
        spark_session.sparkContext.setCheckpointDir(tempfile.mkdtemp(prefix="openmash-spark-"))
    return SparkAPI(spark_session=spark_session)


def api_for(engine: Engine) -> Any:
    return spark_api() if engine == "spark" else duckdb_api()


def train(
    records: Sequence[Record],
    *,
    start_from: dict | None = None,
    expectation_maximisation: bool = False,
    label_column: str | None = None,
    seed: int = 1,
    engine_api: Any = None,
    engine: Engine = "duckdb",
) -> dict:
    """Estimate a model on one hub's index and return it as Splink's JSON.

    By default only what describes the hub's own population is re-estimated: the
    u probabilities (by random sampling: how often two different people agree by
    chance, which depends on the local names and postcodes) and the prior, keeping
    the m probabilities (how often agencies' records of one person disagree) from
    `start_from`. `expectation_maximisation=True` also re-estimates m with Splink's
    EM, for an index large and varied enough; `label_column` estimates m from known
    true links instead (how the shipped priors are made).
    """
    from splink import Linker, block_on

    api = engine_api or api_for(engine)
    table = api.register(to_arrow(records, [label_column] if label_column else []))
    linker = Linker(table, definition.splink_settings(engine, start_from))
    linker.training.estimate_probability_two_random_records_match(
        [block_on(*cols) for cols in definition.DETERMINISTIC_RULES], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=seed)
    if label_column:
        linker.training.estimate_m_from_label_column(label_column)
    elif expectation_maximisation:
        for cols in definition.EM_BLOCKS:
            linker.training.estimate_parameters_using_expectation_maximisation(block_on(*cols))
    return linker.misc.save_model_to_json()


@dataclass(frozen=True)
class Pair:
    left: str
    right: str
    probability: float
    match_weight: float


def _linker(tables: list[Any], parameters: dict, *, engine: Engine) -> Any:
    from splink import Linker

    settings = definition.splink_settings(engine, parameters, link_only=len(tables) > 1)
    return Linker(tables if len(tables) > 1 else tables[0], settings)


def _pairs(frame: Any) -> list[Pair]:
    cols = frame.as_pyarrow_table().to_pydict()
    rows = zip(cols["unique_id_l"], cols["unique_id_r"], cols["match_probability"], cols["match_weight"], strict=True)
    return [Pair(str(a), str(b), float(p), float(w)) for a, b, p, w in rows]


def dedupe(
    records: Sequence[Record],
    parameters: dict,
    *,
    threshold: float = definition.REVIEW_THRESHOLD,
    engine: Engine = "duckdb",
    engine_api: Any = None,
) -> tuple[list[Pair], dict[str, str]]:
    """Candidate duplicate pairs within one index, and clusters (record id -> cluster id) at the cluster threshold."""
    api = engine_api or api_for(engine)
    linker = _linker([api.register(to_arrow(records))], parameters, engine=engine)
    predictions = linker.inference.predict(threshold_match_probability=threshold)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=definition.CLUSTER_THRESHOLD
    )
    ctab = clusters.as_pyarrow_table().to_pydict()
    return _pairs(predictions), {str(u): str(c) for u, c in zip(ctab["unique_id"], ctab["cluster_id"], strict=True)}


def link(
    index: Sequence[Record],
    extract: Sequence[Record],
    parameters: dict,
    *,
    threshold: float = definition.REVIEW_THRESHOLD,
    engine: Engine = "duckdb",
    engine_api: Any = None,
) -> list[Pair]:
    """Pairs linking an agency extract (left) to the index (right), at or above the threshold."""
    api = engine_api or api_for(engine)
    left = api.register(to_arrow(extract), table_name="extract")
    right = api.register(to_arrow(index), table_name="person_index")
    linker = _linker([left, right], parameters, engine=engine)
    return _pairs(linker.inference.predict(threshold_match_probability=threshold))
