"""Make the priors a new hub starts from: `openmash/identity/priors.json`.

    .venv/bin/python benchmarks/train_priors.py

m probabilities come from the synthetic people's known true links (Splink's
estimate_m_from_label_column), u probabilities from random sampling, on DuckDB.
Levels the synthetic data never reaches get a cautious hand-set value, listed below.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

from synthetic_people import index_and_extract  # noqa: E402

from openmash.identity import engines  # noqa: E402
from openmash.identity.features import Record, build_record  # noqa: E402


def record(row: dict[str, Any]) -> Record:
    other = [("", row["other_family_name"])] if row.get("other_family_name") else []
    rec = build_record(
        unique_id=row["id"],
        given_names=row["given_names"],
        family_name=row["family_name"],
        other_names=other,
        date_of_birth=row["date_of_birth"],
        sex=row["sex"],
        postcodes=[row["postcode"]],
        address_line_1=row["address_line_1"],
        nhs_number=row["nhs_number"],
        upn=row["upn"],
        police_reference=row.get("police_reference", ""),
    )
    rec["cluster"] = str(row["cluster"])
    return rec


def main() -> None:
    index, _ = index_and_extract(40000, 10, duplicate_rate=0.3, seed=11)
    started = time.perf_counter()
    model = engines.train([record(r) for r in index], label_column="cluster")
    # A hub's real duplicate rate is far lower than this training set's; the prior is re-estimated per hub.
    model["probability_two_random_records_match"] = 1 / 200000
    # Real agencies disagree more than the synthetic corruption does (aliases, changed names,
    # a "Baby" first name, a wrong date): floor how often one person's records disagree outright.
    floors = {"given_name": 0.03, "family_name": 0.03, "date_of_birth": 0.01}
    for comparison in model["comparisons"]:
        else_level = comparison["comparison_levels"][-1]
        floor = floors.get(comparison["output_column_name"], 0)
        if (else_level.get("m_probability") or 0) < floor:
            else_level["m_probability"] = floor
        for level in comparison["comparison_levels"]:
            if level.get("is_null_level"):
                continue
            if level.get("u_probability") is None:
                level["u_probability"] = 1e-5
            if level.get("m_probability") is None:
                level["m_probability"] = 0.01
    out = ROOT / "openmash" / "identity" / "priors.json"
    out.write_text(json.dumps(model, indent=2) + "\n")
    print(f"trained on {len(index)} records in {time.perf_counter() - started:.1f} s -> {out}")
    for comparison in model["comparisons"]:
        print(
            comparison["output_column_name"],
            [
                (round(lv.get("m_probability") or 0, 4), round(lv.get("u_probability") or 0, 6))
                for lv in comparison["comparison_levels"]
            ],
        )


if __name__ == "__main__":
    main()
