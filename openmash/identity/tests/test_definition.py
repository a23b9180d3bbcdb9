"""One definition, several engines: Splink's SQL and the in-app Python scorer agree."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from openmash.identity import definition, engines
from openmash.identity.definition import priors
from openmash.identity.features import build_record, candidate_keys, parse_partial_date, soundex

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "benchmarks"))
from synthetic_people import index_and_extract  # noqa: E402
from train_priors import record  # noqa: E402


def test_python_scorer_agrees_with_splink_on_duckdb():
    """Every pair Splink's predict scores on DuckDB gets the same weight from the Python scorer."""
    index, _ = index_and_extract(1500, 10, duplicate_rate=0.2, seed=3)
    records = [record(r) for r in index]
    by_id = {str(r["unique_id"]): r for r in records}
    pairs, _ = engines.dedupe(records, priors(), threshold=0.0001)
    assert len(pairs) > 100
    disagreements = [
        p
        for p in pairs
        if abs(definition.score_pair(by_id[p.left], by_id[p.right], priors()).match_weight - p.match_weight) > 1e-6
    ]
    assert disagreements == []


def test_settings_are_built_per_engine_from_the_same_definition():
    duck = definition.splink_settings("duckdb", priors())
    spark = definition.splink_settings("spark", priors())
    duck_sql = [lv["sql_condition"] for c in duck["comparisons"] for lv in c["comparison_levels"]]
    spark_sql = [lv["sql_condition"] for c in spark["comparisons"] for lv in c["comparison_levels"]]
    assert any("jaro_winkler_similarity" in s for s in duck_sql)
    assert any("jaro_winkler(" in s for s in spark_sql) and not any("jaro_winkler_similarity" in s for s in spark_sql)
    probabilities = [
        [(lv.get("m_probability"), lv.get("u_probability")) for lv in c["comparison_levels"]]
        for c in duck["comparisons"]
    ]
    assert probabilities == [
        [(lv.get("m_probability"), lv.get("u_probability")) for lv in c["comparison_levels"]]
        for c in spark["comparisons"]
    ]
    assert [c["output_column_name"] for c in duck["comparisons"]] == [c.name for c in definition.COMPARISONS]


def test_features_know_nicknames_hyphenated_names_and_partial_dates():
    rec = build_record(
        unique_id=1,
        given_names="Bobby",
        family_name="Smith-Jones",
        date_of_birth="03/2019",
        postcodes=["ls62ab"],
        address_line_1="14a Acacia Avenue",
    )
    assert "robert" in rec["given_names_all"]
    assert set(rec["family_names_all"]) == {"smithjones", "smith", "jones"}
    assert (rec["dob"], rec["dob_ym"], rec["dob_y"]) == (None, "2019-03", "2019")
    assert rec["postcode"] == "LS6 2AB" and rec["postcode_sector"] == "LS6 2" and rec["address_key"] == "14a"
    assert parse_partial_date("27/03/2019") == ("2019-03-27", "2019-03", "2019")
    assert parse_partial_date("31/02/2019") == (None, "2019-02", "2019")
    assert soundex("robert") == soundex("rupert") == "R163"


def test_day_month_swap_has_the_same_candidate_key_and_its_own_level():
    a = build_record(unique_id=1, given_names="Amy", family_name="Smith", date_of_birth="2018-05-04")
    b = build_record(unique_id=2, given_names="Amy", family_name="Smith", date_of_birth="2018-04-05")
    assert "dob:2018-04-05" in candidate_keys(a) & candidate_keys(b)
    score = definition.score_pair(a, b, priors())
    dob = next(f for f in score.fields if f.comparison == "date_of_birth")
    assert dob.text == "Date of birth agrees with day and month swapped" and dob.weight > 0


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [("martha", "marhta", 0.961), ("dwayne", "duane", 0.84), ("dixon", "dicksonx", 0.813), ("abc", "xyz", 0.0)],
)
def test_jaro_winkler_matches_the_published_values(a, b, expected):
    assert definition.jaro_winkler(a, b) == pytest.approx(expected, abs=0.001)
