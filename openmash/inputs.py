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


def return_address(url: object) -> str | None:
    """`url` if it is written as an address ("/contacts/4/", "https://host/contacts/4/"), else None.

    For the "back" and "next" addresses forms carry. Anything else `redirect()` would try as a
    view's name ("a\x00b" was a 500), and control characters have no place in a Location
    header. Whether the address is on this site is the caller's check
    (`url_has_allowed_host_and_scheme`).
    """
    text = str(url or "")
    if any(ord(c) < 32 or ord(c) == 127 for c in text):
        return None
    if text.startswith("/") or text.lower().startswith(("http://", "https://")):
        return text
    return None
