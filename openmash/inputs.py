"""Reading ids and numbers people (or probes) send, without a 500 when they are nonsense.

PostgreSQL's ids are bigints: a 20-digit number, a word, a NUL byte or 5,000 nines in an id
must be "not found" or "select a valid choice", never a database error. Forms and views read
ids through `parse_id`, not `int()`.
"""

from __future__ import annotations

import re

BIGINT_MAX = 2**63 - 1
_DIGITS = re.compile(r"[0-9]{1,19}")  # ASCII digits only: str.isdigit() also accepts '²'


def parse_id(value: object) -> int | None:
    """The id `value` spells, or None if it is not a whole number from 1 to PostgreSQL's bigint maximum."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    else:
        text = str(value if value is not None else "").strip()
        if not _DIGITS.fullmatch(text):
            return None
        number = int(text)
    return number if 0 < number <= BIGINT_MAX else None
