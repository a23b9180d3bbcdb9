"""The one model definition: comparisons and blocking rules, written once.

Every engine is built from this module:

- `splink_settings(engine)` turns it into Splink settings for DuckDB or Spark
  (Splink's comparison-level library writes each engine's SQL dialect), with the
  hub's trained m and u probabilities put back into the levels;
- `score_pair()` evaluates the same levels in Python for the in-app matcher, on a
  handful of candidates fetched from indexed columns, so no request scans the index.

A level is one of a few kinds whose meaning is the same in SQL and in Python
(null, exact, Jaro-Winkler at a threshold, Levenshtein at a threshold, array
intersection, and two fixed custom conditions). The test
`test_python_scorer_agrees_with_splink` checks the two give the same weights.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

from openmash.identity.features import Record

Kind = Literal["null", "exact", "jw", "lev", "intersect", "dob_swap", "same_address", "else"]
Engine = Literal["duckdb", "spark"]


@dataclass(frozen=True)
class Level:
    kind: Kind
    column: str
    text: str  # what the practitioner reads: "First name is similar"
    threshold: float = 0.0


@dataclass(frozen=True)
class Comparison:
    name: str  # Splink's output_column_name; stable, the saved parameters are keyed by it
    title: str
    levels: tuple[Level, ...]


def _null(column: str, title: str) -> Level:
    return Level("null", column, f"{title}: not known on one side")


COMPARISONS: tuple[Comparison, ...] = (
    Comparison(
        "given_name",
        "First name",
        (
            _null("given_name", "First name"),
            Level("exact", "given_name", "First name is the same"),
            Level("jw", "given_name", "First name is spelt almost the same", 0.92),
            Level("intersect", "given_names_all", "A first name used agrees (including other names and nicknames)"),
            Level("jw", "given_name", "First name is similar", 0.8),
            Level("else", "given_name", "First name is different"),
        ),
    ),
    Comparison(
        "family_name",
        "Last name",
        (
            _null("family_name", "Last name"),
            Level("exact", "family_name", "Last name is the same"),
            Level("intersect", "family_names_all", "A last name used agrees (previous, other or double-barrelled)"),
            Level("jw", "family_name", "Last name is spelt almost the same", 0.92),
            Level("jw", "family_name", "Last name is similar", 0.8),
            Level("else", "family_name", "Last name is different"),
        ),
    ),
    Comparison(
        "date_of_birth",
        "Date of birth",
        (
            _null("dob_y", "Date of birth"),
            Level("exact", "dob", "Date of birth is the same"),
            Level("dob_swap", "dob", "Date of birth agrees with day and month swapped"),
            Level("lev", "dob", "Date of birth differs by one digit", 1),
            Level("exact", "dob_ym", "Year and month of birth agree (one date is partial or the day differs)"),
            Level("exact", "dob_y", "Year of birth agrees"),
            Level("else", "dob_y", "Date of birth is different"),
        ),
    ),
    Comparison(
        "sex",
        "Sex",
        (
            _null("sex", "Sex"),
            Level("exact", "sex", "Sex is the same"),
            Level("else", "sex", "Sex is different"),
        ),
    ),
    Comparison(
        "address",
        "Address",
        (
            _null("postcodes_all", "Address"),
            Level("same_address", "postcode", "Same address (postcode and house number)"),
            Level("exact", "postcode", "Same current postcode"),
            Level("intersect", "postcodes_all", "Has lived at the same postcode"),
            Level("exact", "postcode_sector", "Lives in the same postcode sector"),
            Level("exact", "postcode_district", "Lives in the same postcode district"),
            Level("else", "postcode", "Lives elsewhere"),
        ),
    ),
    Comparison(
        "nhs_number",
        "NHS number",
        (
            _null("nhs_number", "NHS number"),
            Level("exact", "nhs_number", "NHS number is the same"),
            Level("else", "nhs_number", "NHS number is different"),
        ),
    ),
    Comparison(
        "upn",
        "Unique pupil number",
        (
            _null("upn", "Unique pupil number"),
            Level("exact", "upn", "Unique pupil number is the same"),
            Level("else", "upn", "Unique pupil number is different"),
        ),
    ),
    Comparison(
        "police_reference",
        "Police reference",
        (
            _null("police_reference", "Police reference"),
            Level("exact", "police_reference", "Police reference is the same"),
            Level("else", "police_reference", "Police reference is different"),
        ),
    ),
)

# Blocking rules for batch prediction: pairs are compared if they share any of these.
# The in-app candidate keys (features.candidate_keys) are the same ideas as indexed keys, a little
# broader (name codes with the year, name codes without a date), because an indexed lookup capped
# at MAX_CANDIDATES costs little where a batch comparison of every pair in a block does not.
# At a million records a block must stay small: name codes alone, or with a year, make
# blocks of thousands, so they are combined with the year and month or the year.
BLOCKING_RULES: tuple[tuple[str, ...], ...] = (
    ("nhs_number",),
    ("upn",),
    ("police_reference",),
    ("dob_sorted",),
    ("family_code", "dob_ym"),
    ("given_code", "family_code", "dob_y"),
    ("postcode", "given_code"),
)

# Rules for estimating the prior and for expectation maximisation in training.
DETERMINISTIC_RULES: tuple[tuple[str, ...], ...] = (("nhs_number",), ("upn",), ("given_name", "family_name", "dob"))
EM_BLOCKS: tuple[tuple[str, ...], ...] = (("dob",), ("family_code", "given_code"))

# Identifiers that, when they agree, put a record in front of the practitioner whatever else disagrees.
IDENTIFIERS = frozenset({"nhs_number", "upn"})

# Shown at intake from here (a name alone can be worth a look; the practitioner decides).
INTAKE_THRESHOLD = 0.02
# The batch review queue starts here.
REVIEW_THRESHOLD = 0.5
# Incremental clustering joins a record to a cluster at or above this.
CLUSTER_THRESHOLD = 0.9


PRIORS_PATH = Path(__file__).with_name("priors.json")


@cache
def priors() -> dict[str, Any]:
    """The model a new hub starts from (made by benchmarks/train_priors.py)."""
    return json.loads(PRIORS_PATH.read_text())


# ----------------------------------------------------------------------------- Splink


def _level_creator(level: Level) -> Any:
    import splink.comparison_level_library as cll

    col = level.column
    creator: Any
    if level.kind == "null":
        creator = cll.NullLevel(col)
    elif level.kind == "exact":
        creator = cll.ExactMatchLevel(col)
    elif level.kind == "jw":
        creator = cll.JaroWinklerLevel(col, level.threshold)
    elif level.kind == "lev":
        creator = cll.LevenshteinLevel(col, int(level.threshold))
    elif level.kind == "intersect":
        creator = cll.ArrayIntersectLevel(col, 1)
    elif level.kind == "dob_swap":
        creator = cll.CustomLevel(
            "substr(dob_l, 1, 4) = substr(dob_r, 1, 4) AND substr(dob_l, 6, 2) = substr(dob_r, 9, 2)"
            " AND substr(dob_l, 9, 2) = substr(dob_r, 6, 2)"
        )
    elif level.kind == "same_address":
        creator = cll.CustomLevel("postcode_l = postcode_r AND address_key_l = address_key_r")
    else:
        creator = cll.ElseLevel()
    return creator.configure(label_for_charts=level.text)


def splink_settings(engine: Engine, parameters: dict[str, Any] | None = None, *, link_only: bool = False) -> dict:
    """Splink settings for one engine, built from the definition, with trained parameters if given.

    `parameters` is a saved Splink model (any engine's): only its probabilities are
    taken, matched to the definition by comparison name and level position, so a
    model trained on DuckDB runs on Spark and the other way round.
    """
    import splink.comparison_library as cl
    from splink import SettingsCreator, block_on

    comparisons: list[Any] = [
        cl.CustomComparison(
            [_level_creator(level) for level in comp.levels],
            output_column_name=comp.name,
            comparison_description=comp.title,
        )
        for comp in COMPARISONS
    ]
    creator = SettingsCreator(
        link_type="link_only" if link_only else "dedupe_only",
        unique_id_column_name="unique_id",
        comparisons=comparisons,
        blocking_rules_to_generate_predictions=[block_on(*cols) for cols in BLOCKING_RULES],
        retain_intermediate_calculation_columns=False,
        retain_matching_columns=False,
        additional_columns_to_retain=[],
    )
    settings = creator.create_settings_dict(engine)
    if parameters:
        settings = apply_parameters(settings, parameters)
    return settings


def apply_parameters(settings: dict[str, Any], parameters: dict[str, Any]) -> dict[str, Any]:
    probs = level_probabilities(parameters)
    settings = dict(settings)
    settings["probability_two_random_records_match"] = parameters["probability_two_random_records_match"]
    for comparison in settings["comparisons"]:
        trained = probs.get(comparison["output_column_name"])
        if not trained:
            continue
        for level, (m, u) in zip(comparison["comparison_levels"], trained, strict=True):
            if not level.get("is_null_level"):
                level["m_probability"], level["u_probability"] = m, u
    return settings


def level_probabilities(parameters: dict[str, Any]) -> dict[str, list[tuple[float | None, float | None]]]:
    """(m, u) for each level of each comparison in a saved Splink model, by comparison name."""
    out = {}
    for comparison in parameters["comparisons"]:
        out[comparison["output_column_name"]] = [
            (level.get("m_probability"), level.get("u_probability")) for level in comparison["comparison_levels"]
        ]
    return out


# ----------------------------------------------------------------------------- Python scorer


def jaro_winkler(a: str, b: str) -> float:
    """Jaro-Winkler similarity (prefix scale 0.1, up to 4 characters, boost above 0.7), as DuckDB computes it."""
    if a == b:
        return 1.0
    la, lb = len(a), len(b)
    if not la or not lb:
        return 0.0
    window = max(max(la, lb) // 2 - 1, 0)
    a_flags, b_flags = [False] * la, [False] * lb
    matches = 0
    for i, ch in enumerate(a):
        for j in range(max(0, i - window), min(lb, i + window + 1)):
            if not b_flags[j] and b[j] == ch:
                a_flags[i] = b_flags[j] = True
                matches += 1
                break
    if not matches:
        return 0.0
    transpositions, k = 0, 0
    for i in range(la):
        if a_flags[i]:
            while not b_flags[k]:
                k += 1
            if a[i] != b[k]:
                transpositions += 1
            k += 1
    m = float(matches)
    jaro = (m / la + m / lb + (m - transpositions // 2) / m) / 3  # whole transpositions, as DuckDB and Spark count
    if jaro <= 0.7:
        return jaro
    prefix = 0
    for x, y in zip(a[:4], b[:4], strict=False):
        if x != y:
            break
        prefix += 1
    return jaro + prefix * 0.1 * (1 - jaro)


def levenshtein(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def level_applies(level: Level, left: Record, right: Record) -> bool:
    a, b = left.get(level.column), right.get(level.column)
    if level.kind == "else":
        return True
    if level.kind == "null":
        return a is None or b is None
    if a is None or b is None:
        return False  # SQL: a comparison with NULL is not true
    if level.kind == "exact":
        return bool(a == b)
    if level.kind == "jw":
        return jaro_winkler(a, b) >= level.threshold
    if level.kind == "lev":
        return levenshtein(a, b) <= level.threshold
    if level.kind == "intersect":
        return bool(set(a) & set(b))
    if level.kind == "dob_swap":
        return bool(a[:4] == b[:4] and a[5:7] == b[8:10] and a[8:10] == b[5:7])
    if level.kind == "same_address":
        return a == b and left.get("address_key") is not None and left.get("address_key") == right.get("address_key")
    raise ValueError(level.kind)


@dataclass(frozen=True)
class FieldResult:
    """How one comparison came out for a pair: the level reached and what it counted."""

    comparison: str
    title: str
    level: int
    text: str
    weight: float  # log2(m/u): positive is evidence for, negative against, 0 no information
    agreement: Literal["agrees", "partly", "disagrees", "unknown"]


@dataclass(frozen=True)
class Score:
    match_weight: float
    probability: float
    fields: tuple[FieldResult, ...]

    @property
    def agreed(self) -> list[FieldResult]:
        return [f for f in self.fields if f.weight > 0]

    @property
    def disagreed(self) -> list[FieldResult]:
        return [f for f in self.fields if f.weight < 0]


def prior_weight(parameters: dict[str, Any]) -> float:
    p = parameters["probability_two_random_records_match"]
    return math.log2(p / (1 - p))


def score_pair(left: Record, right: Record, parameters: dict[str, Any]) -> Score:
    """Score one pair with a saved Splink model: the same sum of weights Splink's predict computes."""
    probs = level_probabilities(parameters)
    total = prior_weight(parameters)
    fields = []
    for comp in COMPARISONS:
        index, level = next((i, lv) for i, lv in enumerate(comp.levels) if level_applies(lv, left, right))
        m, u = probs[comp.name][index]
        weight = 0.0 if level.kind == "null" or not m or not u else math.log2(m / u)
        total += weight
        if level.kind == "null":
            agreement = "unknown"
        elif level.kind == "else":
            agreement = "disagrees"
        elif index == 1:
            agreement = "agrees"
        else:
            agreement = "partly" if weight > 0 else "disagrees"
        fields.append(FieldResult(comp.name, comp.title, index, level.text, weight, agreement))  # type: ignore[arg-type]
    probability = 2**total / (1 + 2**total) if total < 1000 else 1.0
    return Score(match_weight=total, probability=probability, fields=tuple(fields))
