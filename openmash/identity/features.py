"""What the matcher compares: one record's features, built the same way for every engine.

A person in the index, a person being entered at intake and a row of an agency's
extract all become the same flat record (a dict of strings and lists of strings).
The DuckDB and Spark linkers get these records as their input table, and the
in-app matcher scores pairs of them in Python, so that every engine compares the
same thing. Empty values are None (never "" or []), because Splink's null levels
test for NULL.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from typing import Any

Record = dict[str, Any]

# Common British given-name variants: each maps to one canonical form, so that
# "Bob", "Rob" and "Robert" share a key. Deliberately short; hubs can extend it.
NICKNAMES: dict[str, tuple[str, ...]] = {
    "alexander": ("alex", "alec", "sandy", "xander", "alexandra", "alexa", "lexi", "lexie"),
    "amelia": ("amy", "aimee", "amie", "millie", "mia", "milly"),
    "andrew": ("andy", "drew"),
    "anthony": ("tony", "ant"),
    "benjamin": ("ben", "benji", "benny"),
    "catherine": ("cath", "cathy", "kate", "katie", "kathryn", "katherine", "kath", "kat", "kitty"),
    "charles": ("charlie", "chas", "chuck"),
    "charlotte": ("lottie", "charly", "lotte"),
    "christopher": ("chris", "kit", "topher"),
    "daniel": ("dan", "danny"),
    "david": ("dave", "davey", "davie"),
    "edward": ("ed", "eddie", "ted", "teddy", "ned"),
    "elizabeth": ("liz", "lizzie", "beth", "betty", "eliza", "libby", "lisa", "bess", "elsie", "elise"),
    "eleanor": ("ellie", "nell", "nellie", "elle", "ella"),
    "frederick": ("fred", "freddie", "freddy"),
    "gabriel": ("gabe", "gabby"),
    "harold": ("harry", "hal"),
    "henry": ("harry", "hank", "hal"),
    "isabella": ("izzy", "bella", "isabelle", "isobel", "isabel", "issy"),
    "jacob": ("jake", "jakey"),
    "james": ("jim", "jimmy", "jamie", "jem"),
    "jennifer": ("jen", "jenny", "jenna"),
    "jessica": ("jess", "jessie"),
    "john": ("jack", "johnny", "jon", "jonny"),
    "jonathan": ("jon", "jonny", "jonty"),
    "joseph": ("joe", "joey", "jo"),
    "joshua": ("josh",),
    "jayden": ("jaden", "jaiden", "jaydon", "jaydan"),
    "kayden": ("kaden", "caden", "cayden", "kaiden"),
    "leonard": ("leo", "len", "lenny"),
    "louise": ("lou", "lulu", "louisa"),
    "margaret": ("maggie", "meg", "peggy", "marge", "madge", "daisy", "greta"),
    "matthew": ("matt", "matty"),
    "michael": ("mike", "mick", "micky", "mikey"),
    "nathaniel": ("nat", "nate", "nathan"),
    "nicholas": ("nick", "nicky", "nico"),
    "oliver": ("ollie", "olly", "ol"),
    "patrick": ("pat", "paddy"),
    "rebecca": ("becky", "becca", "bex"),
    "richard": ("rich", "rick", "ricky", "dick", "richie"),
    "robert": ("rob", "robbie", "bob", "bobby", "bert"),
    "samantha": ("sam", "sammy"),
    "samuel": ("sam", "sammy"),
    "sarah": ("sara", "sally", "sadie"),
    "stephen": ("steve", "steven", "stevie"),
    "susan": ("sue", "susie", "suzy", "suzanne"),
    "theodore": ("theo", "ted", "teddy"),
    "thomas": ("tom", "tommy"),
    "victoria": ("vicky", "vicki", "tori", "vic"),
    "william": ("will", "bill", "billy", "liam", "willie", "wills"),
    "zachary": ("zach", "zack", "zak"),
}
_CANONICAL: dict[str, set[str]] = {}
for _canon, _variants in NICKNAMES.items():
    for _name in (_canon, *_variants):
        _CANONICAL.setdefault(_name, set()).add(_canon)


def norm_name(text: str | None) -> str:
    """Lower-case ASCII letters and single spaces: 'Zoë  O'Brien-Smith' -> 'zoe obrien smith'."""
    if not text:
        return ""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    folded = re.sub(r"['’`]", "", folded)
    return " ".join(re.sub(r"[^a-z]+", " ", folded).split())


def canonical_forms(token: str) -> set[str]:
    """A given name and the canonical forms of the names it is a nickname of."""
    return {token} | _CANONICAL.get(token, set())


def soundex(token: str) -> str:
    """American Soundex (as DuckDB and Spark define it), for blocking and candidate keys."""
    if not token:
        return ""
    codes = {**dict.fromkeys("bfpv", "1"), **dict.fromkeys("cgjkqsxz", "2"), **dict.fromkeys("dt", "3")}
    codes.update({"l": "4", "m": "5", "n": "5", "r": "6"})
    first, out, last = token[0], [], codes.get(token[0], "")
    for ch in token[1:]:
        code = codes.get(ch, "")
        if code and code != last:
            out.append(code)
        if ch not in "hw":
            last = code
    return (first + "".join(out) + "000")[:4].upper()


def norm_postcode(text: str | None) -> str:
    if not text:
        return ""
    raw = re.sub(r"[^A-Z0-9]", "", text.upper())
    if len(raw) < 5:
        return raw
    return f"{raw[:-3]} {raw[-3:]}"


def postcode_sector(postcode: str) -> str:
    """'LS6 2AB' -> 'LS6 2'."""
    return postcode[:-2] if len(postcode) >= 6 and " " in postcode else ""


def postcode_district(postcode: str) -> str:
    return postcode.split(" ")[0] if " " in postcode else ""


def address_key(line_1: str | None) -> str:
    """The house number or name from the first line: '14a Acacia Avenue' -> '14a'."""
    text = norm_name((line_1 or "").replace("-", " ")) if not re.search(r"\d", line_1 or "") else (line_1 or "")
    match = re.search(r"\d+[a-zA-Z]?", text)
    if match:
        return match.group(0).lower()
    return text.split(" ")[0] if text else ""


def parse_partial_date(text: str | None) -> tuple[str | None, str | None, str | None]:
    """A date of birth as (full ISO date, year-month, year); a partial date fills what it knows.

    Accepts 2019-03-27, 27/03/2019, 2019-03, 03/2019 and 2019.
    """
    if not text:
        return None, None, None
    text = text.strip()
    for pattern, order in (
        (r"^(\d{4})-(\d{1,2})-(\d{1,2})$", "ymd"),
        (r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$", "dmy"),
        (r"^(\d{4})-(\d{1,2})$", "ym"),
        (r"^(\d{1,2})/(\d{4})$", "my"),
        (r"^(\d{4})$", "y"),
    ):
        match = re.match(pattern, text)
        if not match:
            continue
        parts = dict(zip(order, (int(g) for g in match.groups()), strict=True))
        year = parts["y"]
        if "m" not in parts or not 1 <= parts["m"] <= 12:
            return None, None, f"{year:04d}"
        ym = f"{year:04d}-{parts['m']:02d}"
        if "d" not in parts:
            return None, ym, f"{year:04d}"
        try:
            full = dt.date(year, parts["m"], parts["d"]).isoformat()
        except ValueError:
            return None, ym, f"{year:04d}"
        return full, ym, f"{year:04d}"
    return None, None, None


def _none_if_empty(values: Iterable[str]) -> list[str] | None:
    out = sorted({v for v in values if v})
    return out or None


def build_record(
    *,
    unique_id: int | str,
    given_names: str = "",
    family_name: str = "",
    other_names: Iterable[tuple[str, str]] = (),
    date_of_birth: dt.date | str | None = None,
    sex: str = "",
    postcodes: Iterable[str] = (),
    address_line_1: str = "",
    nhs_number: str = "",
    upn: str = "",
    police_reference: str = "",
) -> Record:
    """The matcher's record for one person. `postcodes` lists the current postcode first."""
    given_tokens = norm_name(given_names).split()
    family = norm_name(family_name)
    all_given: set[str] = set()
    all_family: set[str] = set()
    for given, fam in [(given_names, family_name), *other_names]:
        for token in norm_name(given).split():
            all_given |= canonical_forms(token)
        fam_norm = norm_name(fam)
        if fam_norm:
            all_family.add(fam_norm.replace(" ", ""))
            all_family.update(t for t in fam_norm.split() if len(t) > 1)
    dob: str | None
    dob_ym: str | None
    dob_y: str | None
    if isinstance(date_of_birth, dt.date):
        dob, dob_ym, dob_y = date_of_birth.isoformat(), date_of_birth.isoformat()[:7], str(date_of_birth.year)
    else:
        dob, dob_ym, dob_y = parse_partial_date(date_of_birth)
    codes = [norm_postcode(p) for p in postcodes]
    codes = [c for c in codes if c]
    current = codes[0] if codes else ""
    sex = (sex or "").upper()[:1]
    return {
        "unique_id": unique_id,
        "given_name": given_tokens[0] if given_tokens else None,
        "family_name": family.replace(" ", "") or None,
        "given_names_all": _none_if_empty(all_given),
        "family_names_all": _none_if_empty(all_family),
        "dob": dob,
        "dob_ym": dob_ym,
        "dob_y": dob_y,
        "dob_sorted": _dob_sorted(dob),
        "sex": sex if sex in {"M", "F"} else None,
        "postcode": current or None,
        "postcodes_all": _none_if_empty(codes),
        "postcode_sector": postcode_sector(current) or None,
        "postcode_district": postcode_district(current) or None,
        "address_key": (address_key(address_line_1) or None) if current else None,
        "nhs_number": re.sub(r"\D", "", nhs_number or "") or None,
        "upn": (upn or "").strip().upper() or None,
        "police_reference": re.sub(r"\s+", "", police_reference or "").upper() or None,
        "given_code": soundex(given_tokens[0]) if given_tokens else None,
        "family_code": soundex(family.replace(" ", "")) if family else None,
    }


def _dob_sorted(dob: str | None) -> str | None:
    """Year plus day and month in either order: the same key for 2019-03-07 and 2019-07-03."""
    if not dob:
        return None
    year, month, day = dob.split("-")
    low, high = sorted([month, day])
    return f"{year}-{low}-{high}"


def candidate_keys(record: Record) -> set[str]:
    """The indexed keys one record is found by (the blocking rules, as database keys)."""
    keys: set[str] = set()
    for field, prefix in (("nhs_number", "nhs"), ("upn", "upn"), ("police_reference", "pol"), ("dob_sorted", "dob")):
        if record.get(field):
            keys.add(f"{prefix}:{record[field]}")
    family_codes = {soundex(f) for f in record.get("family_names_all") or []}
    given_codes = {soundex(g) for g in record.get("given_names_all") or []}
    if record.get("dob_y"):
        keys.update(f"fy:{f}:{record['dob_y']}" for f in family_codes)
    keys.update(f"gf:{g}:{f}" for g in given_codes for f in family_codes)
    keys.update(f"pc:{p}" for p in record.get("postcodes_all") or [])
    return keys
