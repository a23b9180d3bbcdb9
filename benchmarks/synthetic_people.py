"""Synthetic British people with realistic corruption, and the true links, for training and evaluation.

    .venv/bin/python benchmarks/synthetic_people.py --people 10000 --out /tmp/people.csv

Each true person gets a `cluster` id. `index_and_extract()` makes the two sides of a
linkage test: an index (one record per person, some people with a second,
corrupted duplicate) and an agency extract whose rows are corrupted copies of
some index people plus strangers. Corruptions: typos, nicknames, swapped day and
month, partial dates, hyphenated and changed surnames, moved postcodes, missing
identifiers; twins (same surname, date of birth and address, different first
name) make hard negatives. Seeded, so every run is the same.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import string
from collections.abc import Iterator
from typing import Any

GIVEN_M = (
    "oliver george harry noah jack leo arthur muhammad oscar charlie jacob thomas henry william james alfie joshua "
    "freddie theo archie isaac teddy finley daniel samuel joseph edward max logan lucas harrison jayden adam ethan "
    "mohammed dylan riley benjamin alexander reuben jude tommy toby sebastian elijah louie ronnie albert david "
    "michael robert christopher matthew andrew anthony stephen richard paul mark kevin lee ryan liam connor kyle"
).split()
GIVEN_F = (
    "olivia amelia isla ava ivy freya lily florence mia willow rosie sophia isabella grace daisy sienna poppy elsie "
    "emily ella evelyn phoebe sofia evie charlotte harper millie matilda maya sophie alice emilia isabelle ruby "
    "luna maisie aria penelope mila bonnie eva hallie aurora sarah emma jessica rebecca laura hannah chloe amy "
    "lauren natalie samantha victoria elizabeth catherine margaret susan jennifer kayleigh leanne stacey"
).split()
FAMILY = (
    "smith jones williams taylor brown davies evans wilson thomas johnson roberts robinson thompson wright walker "
    "white edwards hughes green hall lewis harris clarke patel jackson wood turner martin cooper hill ward morris "
    "moore clark lee king baker harrison morgan allen james scott phillips watson davis parker price bennett young "
    "griffiths mitchell kelly cook carter richardson bailey collins bell shaw murphy miller cox richards khan "
    "marshall anderson simpson ellis adams singh begum wilkinson foster chapman powell webb rogers gray mason ali "
    "hussain campbell matthews owen palmer holmes mills barnes knight lloyd butler russell barker fisher stevens "
    "jenkins murray dixon harvey graham pearson ahmed fletcher walsh kaur gibson howard andrews stewart elliott "
    "reynolds saunders payne fox ford pearce day brooks west lawrence cole atkinson bradley spencer gill dawson "
    "ball burton obrien watts rose booth perry ryan grant wells armstrong francis rees hayes hunt hart kowalski "
    "nowak okafor adeyemi mensah osei nguyen chen wang silva santos costa ferreira popescu ionescu"
).split()
NICK = {
    "william": "liam",
    "thomas": "tom",
    "james": "jamie",
    "alexander": "alex",
    "samuel": "sam",
    "joseph": "joe",
    "daniel": "danny",
    "robert": "bob",
    "michael": "mike",
    "christopher": "chris",
    "matthew": "matt",
    "benjamin": "ben",
    "elizabeth": "beth",
    "rebecca": "becky",
    "jessica": "jess",
    "catherine": "kate",
    "margaret": "maggie",
    "isabella": "bella",
    "victoria": "vicky",
    "samantha": "sam",
    "charlotte": "lottie",
    "edward": "ted",
    "anthony": "tony",
    "richard": "rick",
    "stephen": "steve",
    "andrew": "andy",
    "jennifer": "jenny",
    "susan": "sue",
    "oliver": "ollie",
    "frederick": "freddie",
}
AREAS = ["LS", "BD", "HX", "WF", "HD", "YO", "S", "M", "OL", "BL", "WN", "NE", "SR", "DH", "TS", "DN", "HU", "LN"]
STREETS = "high church station mill park victoria green manor kings queens school north south new".split()
KINDS = "street road lane avenue close way drive grove".split()


def _postcode(rng: random.Random) -> str:
    return (
        f"{rng.choice(AREAS)}{rng.randint(1, 30)} {rng.randint(1, 9)}"
        f"{rng.choice('ABDEFGHJLNPQRSTUWXY')}{rng.choice('ABDEFGHJLNPQRSTUWXY')}"
    )


def _nhs(rng: random.Random) -> str:
    while True:
        digits = [rng.randint(0, 9) for _ in range(9)]
        check = 11 - sum(d * w for d, w in zip(digits, range(10, 1, -1), strict=True)) % 11
        if check == 11:
            check = 0
        if check != 10:
            return "".join(map(str, digits)) + str(check)


def _typo(rng: random.Random, word: str) -> str:
    if len(word) < 3:
        return word
    i = rng.randrange(1, len(word))
    op = rng.random()
    if op < 0.35:
        return word[:i] + rng.choice(string.ascii_lowercase) + word[i + 1 :]
    if op < 0.6:
        return word[:i] + word[i + 1 :]
    if op < 0.8 and i < len(word) - 1:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    return word[:i] + rng.choice("aeiouy") + word[i:]


def true_people(n: int, seed: int = 1) -> Iterator[dict[str, Any]]:
    """n distinct true people, a few of them twins (same surname, birthday, address)."""
    rng = random.Random(seed)
    today = dt.date(2026, 11, 1)
    i = 0
    while i < n:
        sex = rng.choice("MF")
        given = rng.choice(GIVEN_M if sex == "M" else GIVEN_F)
        child = rng.random() < 0.7
        age_days = rng.randint(0, 17 * 365) if child else rng.randint(18 * 365, 70 * 365)
        dob = today - dt.timedelta(days=age_days)
        base = {
            "given_names": given.title(),
            "family_name": rng.choice(FAMILY).title(),
            "date_of_birth": dob.isoformat(),
            "sex": sex,
            "address_line_1": f"{rng.randint(1, 200)} {rng.choice(STREETS).title()} {rng.choice(KINDS).title()}",
            "postcode": _postcode(rng),
            "nhs_number": _nhs(rng),
            "upn": f"{rng.choice('ABCDEFGHJKLMNPQRTUVWXYZ')}{rng.randint(10**11, 10**12 - 1)}" if child else "",
            "police_reference": f"{rng.choice(['WY', 'NY', 'SY', 'GM'])}{rng.randint(10**6, 10**7 - 1)}"
            if not child and rng.random() < 0.3
            else "",
        }
        yield {"cluster": i, **base}
        i += 1
        if i < n and rng.random() < 0.01:  # a twin: a different person who looks very alike
            other_sex = rng.choice("MF")
            yield {
                **base,
                "cluster": i,
                "sex": other_sex,
                "given_names": rng.choice(GIVEN_M if other_sex == "M" else GIVEN_F).title(),
                "nhs_number": _nhs(rng),
                "upn": f"{rng.choice('ABCDEFGHJKLMNPQRTUVWXYZ')}{rng.randint(10**11, 10**12 - 1)}"
                if base["upn"]
                else "",
            }
            i += 1


def corrupt(rng: random.Random, rec: dict[str, Any], heavy: bool = False) -> dict[str, Any]:
    """Another agency's record of the same person, with that agency's mistakes and gaps."""
    out = dict(rec)
    given = out["given_names"].lower()
    if given in NICK and rng.random() < 0.25:
        given = NICK[given]
    elif rng.random() < 0.2:
        given = _typo(rng, given)
    out["given_names"] = given.title()
    family = out["family_name"].lower()
    r = rng.random()
    if r < 0.15:
        family = _typo(rng, family)
    elif r < 0.2:
        out["other_family_name"] = family.title()
        family = f"{family}-{rng.choice(FAMILY)}"
    elif r < 0.24:
        out["other_family_name"] = family.title()  # a changed surname, the old one known as a previous name
        family = rng.choice(FAMILY)
    out["family_name"] = family.title()
    dob = dt.date.fromisoformat(out["date_of_birth"])
    r = rng.random()
    if r < 0.06 and dob.day <= 12 and dob.day != dob.month:
        out["date_of_birth"] = dob.replace(day=dob.month, month=dob.day).isoformat()
    elif r < 0.1:
        out["date_of_birth"] = (dob + dt.timedelta(days=rng.choice([-1, 1, 10, -10]))).isoformat()
    elif r < 0.13:
        out["date_of_birth"] = dob.isoformat()[:7]  # partial: month and year only
    if rng.random() < (0.35 if heavy else 0.2):  # moved house
        out["postcode"] = _postcode(rng)
        out["address_line_1"] = f"{rng.randint(1, 200)} {rng.choice(STREETS).title()} Road"
    elif rng.random() < 0.05:
        out["postcode"] = ""
    if rng.random() < (0.6 if heavy else 0.4):
        out["nhs_number"] = ""
    if rng.random() < 0.5:
        out["upn"] = ""
    if rng.random() < 0.5:
        out["police_reference"] = ""
    if rng.random() < 0.1:
        out["sex"] = ""
    return out


def index_and_extract(
    n_index: int, n_extract: int, seed: int = 7, duplicate_rate: float = 0.03, stranger_rate: float = 0.2
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """An index (with some internal duplicates) and an extract; both carry the true `cluster`."""
    rng = random.Random(seed)
    people = list(true_people(n_index, seed))
    index = []
    for p in people:
        index.append({**p, "id": len(index) + 1})
        if rng.random() < duplicate_rate:
            index.append({**corrupt(rng, p), "id": len(index) + 1})
    strangers = list(true_people(n_extract, seed + 1000))
    extract = []
    for k in range(n_extract):
        if rng.random() < stranger_rate:
            s = strangers.pop()
            extract.append({**s, "cluster": -(k + 1), "id": k + 1})
        else:
            extract.append({**corrupt(rng, rng.choice(people), heavy=True), "id": k + 1})
    return index, extract


FIELDS = [
    "id",
    "cluster",
    "given_names",
    "family_name",
    "other_family_name",
    "date_of_birth",
    "sex",
    "address_line_1",
    "postcode",
    "nhs_number",
    "upn",
    "police_reference",
]


def write_csv(path: str, rows: list[dict[str, Any]], with_truth: bool = True) -> None:
    fields = FIELDS if with_truth else [f for f in FIELDS if f != "cluster"]
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=fields, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--people", type=int, default=10000)
    parser.add_argument("--extract", type=int, default=2000)
    parser.add_argument("--out", default="openmash-index.csv")
    parser.add_argument("--extract-out", default="openmash-extract.csv")
    args = parser.parse_args()
    index, extract = index_and_extract(args.people, args.extract)
    write_csv(args.out, index)
    write_csv(args.extract_out, extract)
    print(f"{len(index)} index records -> {args.out}; {len(extract)} extract rows -> {args.extract_out}")


if __name__ == "__main__":
    main()
