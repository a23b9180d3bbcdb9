"""Batch linkage on DuckDB: dedupe the index and link an agency extract, queued for review with explanations."""

from __future__ import annotations

import datetime as dt
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from openmash.identity import batch, index
from openmash.identity.models import CandidatePair, Cluster, IndexedPerson, LinkageRun, ModelParameters

from .conftest import add_person

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "benchmarks"))
from synthetic_people import true_people  # noqa: E402

pytestmark = pytest.mark.django_db


@pytest.fixture
def hub_index(cast):
    people = []
    for row in true_people(40, seed=5):
        people.append(
            add_person(
                cast.social_worker,
                kind="child" if row["upn"] else "adult",
                given_names=row["given_names"],
                family_name=row["family_name"],
                date_of_birth=dt.date.fromisoformat(row["date_of_birth"]),
                sex=row["sex"],
                nhs_number=row["nhs_number"],
                address={"line_1": row["address_line_1"], "postcode": row["postcode"]},
            )
        )
    return people


def test_dedupe_finds_the_duplicate_queues_it_with_an_explanation_and_clusters_it(cast, hub_index):
    first = hub_index[0]
    dup = add_person(
        cast.social_worker,
        kind=first.kind,
        given_names=first.given_names,
        family_name=first.family_name + "e",
        date_of_birth=first.date_of_birth,
        sex=first.sex,
    )
    run = batch.run_dedupe(cast.hub)
    assert run.records == 41 and run.pairs >= 1
    pair = CandidatePair.objects.get(left=first, right=dup)
    assert pair.probability > 0.9
    assert {"title": "Date of birth", "text": "Date of birth is the same"}.items() <= pair.explanation[2].items()
    cluster = Cluster.objects.get(members__person=first)
    assert set(cluster.members.values_list("person_id", flat=True)) == {first.pk, dup.pk}
    # A second run does not queue the same pair again.
    assert batch.run_dedupe(cast.hub).pairs == 0


def test_link_extract_command_queues_matches_for_review(cast, hub_index, tmp_path):
    target = hub_index[3]
    extract = tmp_path / "roll.csv"
    extract.write_text(
        "given_names,family_name,date_of_birth,postcode,upn\n"
        f"{target.given_names},{target.family_name},{target.date_of_birth:%d/%m/%Y},ZZ1 1ZZ,\n"
        "Nobody,Atall,01/01/1990,,\n"
    )
    out = StringIO()
    call_command("identity_link_extract", cast.hub.slug, str(extract), "--source", "Oakfield roll", stdout=out)
    assert "2 rows, 1 likely matches to review" in out.getvalue()
    pair = CandidatePair.objects.get()
    assert pair.left == target and pair.right is None
    assert pair.extract_row is not None and pair.run is not None
    assert pair.extract_row["row"] == 1 and pair.run.source == "Oakfield roll"
    assert LinkageRun.objects.get().kind == "extract"


def test_link_extract_refuses_a_file_without_names(cast, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("colour\nred\n")
    with pytest.raises(CommandError, match="needs a given_names or family_name column"):
        call_command("identity_link_extract", cast.hub.slug, str(bad), "--source", "x")
    with pytest.raises(CommandError, match="No file"):
        call_command("identity_link_extract", cast.hub.slug, str(tmp_path / "none.csv"), "--source", "x")
    assert not LinkageRun.objects.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"colour,size\nred,4\n", r"needs a given_names or family_name column \(its headings are: colour, size\)"),
        (
            b"given_names,date_of_birth\nAmy,2019-03-27\nBen,31/02/2019\n",
            r"Row 2, date_of_birth: '31/02/2019' is not a date",
        ),
        (b"given_names,date_of_birth\nAmy,next tuesday\n", r"Row 1, date_of_birth: 'next tuesday' is not a date"),
        (b"given_names,family_name\nAmy,Smith\nZo\xeb,Smith\n", r"Line 3 of the file is not UTF-8 text"),
        (b"", r"The file is empty"),
        (b"given_names\nAmy\nB\x00b\n", r"Row \d+.*NUL"),
        (b"given_names\n" + b"A" * 201 + b"\n", r"Row 1, given_names: longer than 200 characters"),
    ],
    ids=["missing columns", "impossible date", "not a date", "not UTF-8", "empty", "NUL byte", "long cell"],
)
def test_link_extract_refuses_a_bad_file_naming_the_row_and_column(cast, tmp_path, content, message):
    bad = tmp_path / "bad.csv"
    bad.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        call_command("identity_link_extract", cast.hub.slug, str(bad), "--source", "x")
    assert not LinkageRun.objects.exists()


def test_link_extract_refuses_a_missing_file_an_unknown_hub_and_a_long_source(cast, tmp_path):
    good = tmp_path / "good.csv"
    good.write_text("given_names\nAmy\n")
    with pytest.raises(CommandError, match="No file"):
        call_command("identity_link_extract", cast.hub.slug, str(tmp_path / "none.csv"), "--source", "x")
    with pytest.raises(CommandError, match="No hub"):
        call_command("identity_link_extract", "99999999999999999999", str(good), "--source", "x")
    with pytest.raises(CommandError, match="--source must be 200 characters or less"):
        call_command("identity_link_extract", cast.hub.slug, str(good), "--source", "x" * 201)
    assert not LinkageRun.objects.exists()


def test_train_needs_enough_records_then_saves_the_hubs_parameters(cast, hub_index):
    with pytest.raises(CommandError, match="at least 1000 are needed"):
        call_command("identity_train", cast.hub.slug)
    assert index.parameters_for(cast.hub) == index.priors()
    call_command("identity_train", cast.hub.slug, "--min-records", "10", stdout=StringIO())
    saved = ModelParameters.objects.get(hub=cast.hub)
    assert saved.records == 40 and index.parameters_for(cast.hub) == saved.splink_model
    assert [c["output_column_name"] for c in saved.splink_model["comparisons"]][:2] == ["given_name", "family_name"]
    assert index.parameters_for(cast.other_hub) == index.priors()


def test_reindex_rebuilds_the_candidate_index(cast, hub_index):
    IndexedPerson.objects.all().delete()
    out = StringIO()
    call_command("identity_reindex", cast.hub.slug, stdout=out)
    assert "40 people indexed" in out.getvalue()
    assert IndexedPerson.objects.filter(hub=cast.hub).count() == 40


def test_demo_seeding_indexes_bulk_created_people_and_plants_pairs_to_review(cast):
    from openmash.identity.demo import seed_identity_demo
    from openmash.people.models import Person

    Person.objects.bulk_create(
        [
            Person(hub=cast.hub, kind="child", given_names=g, family_name="Demo", date_of_birth=dt.date(2015, 1, n + 1))
            for n, g in enumerate(["Harriet", "Oliver", "Amelia", "George", "Isabel"])
        ]
    )
    seed_identity_demo([cast.hub], per_hub=2)
    assert IndexedPerson.objects.filter(hub=cast.hub).count() == 7
    assert CandidatePair.objects.filter(hub=cast.hub, status="open").count() >= 2
