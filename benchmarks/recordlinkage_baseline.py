"""The recordlinkage package's standard approach on the same evaluation files (run by accuracy.py).

    /path/to/python-with-recordlinkage benchmarks/recordlinkage_baseline.py DIR

DIR holds index.csv and extract.csv from benchmarks/synthetic_people.py. The
approach is the one the package's documentation teaches: block (here on date of
birth, last name or postcode, unioned), compare fields (Jaro-Winkler at 0.85 on
names, exact on date of birth, postcode and identifiers), then classify either by
the documented rule "sum of agreeing features above a number" or by the
unsupervised ECM classifier. It is not part of openmash and not in its requirements.
"""

from __future__ import annotations

import sys
import time

import pandas as pd
import recordlinkage


def main(folder: str) -> None:
    index = pd.read_csv(f"{folder}/index.csv", dtype=str, keep_default_na=False).set_index("id")
    extract = pd.read_csv(f"{folder}/extract.csv", dtype=str, keep_default_na=False).set_index("id")
    for frame in (index, extract):
        for col in ("given_names", "family_name"):
            frame[col] = frame[col].str.lower()
        frame.replace("", None, inplace=True)
    started = time.perf_counter()
    indexer = recordlinkage.Index()
    indexer.block("date_of_birth")
    indexer.block("family_name")
    indexer.block("postcode")
    candidates = indexer.index(extract, index)
    compare = recordlinkage.Compare()
    compare.string("given_names", "given_names", method="jarowinkler", threshold=0.85, label="given")
    compare.string("family_name", "family_name", method="jarowinkler", threshold=0.85, label="family")
    compare.exact("date_of_birth", "date_of_birth", label="dob")
    compare.exact("postcode", "postcode", label="postcode")
    compare.exact("nhs_number", "nhs_number", label="nhs")
    compare.exact("upn", "upn", label="upn")
    features = compare.compute(candidates, extract, index)
    truth_index = index["cluster"]
    truth_extract = extract["cluster"]
    actual = set()
    by_cluster: dict[str, list[str]] = {}
    for rid, cluster in truth_index.items():
        by_cluster.setdefault(cluster, []).append(rid)
    for xid, cluster in truth_extract.items():
        for rid in by_cluster.get(cluster, []):
            actual.add((xid, rid))
    seconds = time.perf_counter() - started

    def report(name: str, links: pd.MultiIndex) -> None:
        predicted = set(map(tuple, links.tolist()))
        tp = len(predicted & actual)
        p = tp / len(predicted) if predicted else 1.0
        r = tp / len(actual)
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        print(f"recordlinkage, {name}: precision {p:.3f}, recall {r:.3f}, F1 {f1:.3f} ({seconds:.1f} s to compare)")

    report("sum of agreeing features >= 3 (the documented rule)", features[features.sum(axis=1) >= 3].index)
    report("sum >= 4", features[features.sum(axis=1) >= 4].index)
    ecm = recordlinkage.ECMClassifier()
    report("unsupervised ECM classifier", ecm.fit_predict(features))


if __name__ == "__main__":
    main(sys.argv[1])
