"""Validators and normalisers for identifiers recorded about a person.

Covers NHS numbers, DfE unique pupil numbers (UPNs), UK postcodes and police
force references. Every ``validate_*`` function follows Django's validator
protocol: it returns ``None`` for a good value and raises
:class:`django.core.exceptions.ValidationError` (with a stable ``code``) for a
bad one, so each can be used directly in a model or form field's
``validators=[...]``.

Validators normalise their input first (spaces, hyphens, letter case), so
"485 777 3457", "485-777-3457" and "4857773457" are treated alike. Store the
``normalise_*`` form.

Error messages follow GOV.UK Design System wording and are lazy translation
strings; nothing here touches Django settings at import time.
"""

from __future__ import annotations

import re
from typing import Final

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

__all__ = [
    "UPN_CHECK_LETTERS",
    "format_nhs_number",
    "nhs_check_digit",
    "nhs_number_is_valid",
    "normalise_nhs_number",
    "normalise_postcode",
    "normalise_upn",
    "postcode_is_valid",
    "upn_check_letter",
    "upn_is_valid",
    "validate_nhs_number",
    "validate_police_reference",
    "validate_postcode",
    "validate_upn",
]


# --------------------------------------------------------------------------
# NHS number
# --------------------------------------------------------------------------

# Whitespace (including non-breaking spaces) and the hyphen/dash family people
# paste from letters and other systems.
_NHS_SEPARATORS: Final = re.compile(r"[\s\-\u2010-\u2015\u2212]")
_NHS_NUMBER: Final = re.compile(r"[0-9]{10}")  # ASCII digits only, not \d
# Weights 10, 9, ..., 2 for the first nine digits.
_NHS_WEIGHTS: Final = tuple(range(10, 1, -1))

NHS_FORMAT_MESSAGE: Final = _("Enter an NHS number in the correct format, like 485 777 3456")
NHS_CHECK_MESSAGE: Final = _("Enter a valid NHS number – the check digit does not match")
NHS_NOT_ISSUED_MESSAGE: Final = _("Enter a valid NHS number – this number is never issued")


def normalise_nhs_number(value: str) -> str:
    """Strip spaces and hyphens: ``"485 777-3457"`` -> ``"4857773457"``.

    Does not validate; the result may not be ten digits.
    """
    return _NHS_SEPARATORS.sub("", value)


def nhs_check_digit(first_nine: str) -> int | None:
    """Modulus 11 check digit for the first nine digits of an NHS number.

    Returns ``None`` when the remainder gives 10: no NHS number is issued with
    those nine digits. Raises ``ValueError`` unless given exactly nine ASCII
    digits.
    """
    if not re.fullmatch(r"[0-9]{9}", first_nine):
        raise ValueError("expected exactly nine digits")
    total = sum(int(digit) * weight for digit, weight in zip(first_nine, _NHS_WEIGHTS, strict=True))
    check = 11 - (total % 11)
    if check == 11:
        return 0
    if check == 10:
        return None
    return check


def _is_repeated_digit(number: str) -> bool:
    return len(set(number)) == 1


def nhs_number_is_valid(value: str) -> bool:
    """True for a ten-digit NHS number with a correct modulus 11 check digit.

    Spaces and hyphens are ignored.
    """
    number = normalise_nhs_number(value)
    if not _NHS_NUMBER.fullmatch(number):
        return False
    # Every repeated-digit number (0000000000, 1111111111, ... 9999999999)
    # passes the modulus 11 check: the weights sum to 54 and 54*d mod 11 leaves
    # d as the check digit. NHS England never issues them and treats them as
    # invalid (they are typical placeholder/dummy values), so reject them.
    if _is_repeated_digit(number):
        return False
    return nhs_check_digit(number[:9]) == int(number[9])


def validate_nhs_number(value: str) -> None:
    """Django validator for NHS numbers.

    Codes: ``nhs_format`` (not ten digits after removing spaces and hyphens)
    and ``nhs_check`` (ten digits, but the check digit is wrong or the number is
    a repeated-digit number that is never issued).
    """
    number = normalise_nhs_number(value)
    if not _NHS_NUMBER.fullmatch(number):
        raise ValidationError(NHS_FORMAT_MESSAGE, code="nhs_format")
    if _is_repeated_digit(number):
        raise ValidationError(NHS_NOT_ISSUED_MESSAGE, code="nhs_check")
    if nhs_check_digit(number[:9]) != int(number[9]):
        raise ValidationError(NHS_CHECK_MESSAGE, code="nhs_check")


def format_nhs_number(value: str) -> str:
    """Display form in 3-3-4 groups: ``"4857773457"`` -> ``"485 777 3457"``.

    Values that are not ten digits after normalising are returned normalised
    but otherwise unchanged, so bad legacy data still displays.
    """
    number = normalise_nhs_number(value)
    if not _NHS_NUMBER.fullmatch(number):
        return number
    return f"{number[:3]} {number[3:6]} {number[6:]}"


# --------------------------------------------------------------------------
# Unique pupil number (UPN)
# --------------------------------------------------------------------------
#
# Sources checked:
# * UK Government Data Standards Catalogue, "Unique Pupil Number" v2.0
#   (agreed 18 November 2004, owner DfE),
#   http://www.govtalk.gov.uk/gdsc/html/noframes/UniquePupilNumber-2-0-Release.htm
#   - business format "Annnnnnnnnnnn", or "AnnnnnnnnnnnA" for a temporary UPN;
#   - the 12 characters after the check letter are a 3-digit LA number, a
#     4-digit establishment number, the last 2 digits of the academic year and
#     3 random digits (permanent) or 2 random digits and a letter (temporary);
#   - check letter = modulo 23 of the weighted sum, the first character after
#     the check letter (position 2) having weight 2, and so on to weight 13;
#   - 0 -> A, 1 -> B, ... 22 -> Z with I, O and S not used, either as the
#     check letter or as the final character of a temporary UPN;
#   - a temporary UPN's final letter counts as its value in that same table
#     (A = 0, B = 1, ...).
# * DfE, "Unique pupil numbers (UPNs): a guide for schools and local
#   authorities" (June 2019): the same formula in its Annex A; its examples
#   H801200001001 and G80120000101A (temporary) are quoted in DfE's own
#   multiplication tables check service tests (github.com/DFEAGILEDEVOPS/MTC,
#   admin/spec/back-end/lib/validator/pupil-validator.spec.js).
# * DfE CIN census validation rule 1510 and python-stdnum's stdnum.gb.upn
#   implement the same weights and letter table.
# The facts in the brief matched these sources; nothing had to change.
#
# Not checked here: whether characters 2-4 are a recognised LA code. The list
# changes (and includes pseudo-LA codes), and a safeguarding hub must be able
# to record a UPN issued under an old code.

UPN_CHECK_LETTERS: Final = "ABCDEFGHJKLMNPQRTUVWXYZ"  # 23 letters: no I, O or S
_UPN_LETTER_VALUE: Final = {letter: index for index, letter in enumerate(UPN_CHECK_LETTERS)}
_UPN_BODY: Final = re.compile(r"[0-9]{11}[0-9ABCDEFGHJKLMNPQRTUVWXYZ]")
# The CIN census format rule: a letter, 11 digits, then a digit or a letter.
_UPN_SHAPE: Final = re.compile(r"[A-Z][0-9]{11}[0-9A-Z]")
_UPN_SPACES: Final = re.compile(r"\s")

UPN_FORMAT_MESSAGE: Final = _("Enter a unique pupil number in the correct format, like A123456789012 (13 characters)")
UPN_CHECK_MESSAGE: Final = _("Enter a valid unique pupil number – the check letter does not match")


def normalise_upn(value: str) -> str:
    """Strip spaces and upper-case: ``" h8012 00001001"`` -> ``"H801200001001"``."""
    return _UPN_SPACES.sub("", value).upper()


def upn_check_letter(body: str) -> str:
    """Check letter for the 12 characters that follow it in a UPN.

    ``body`` is 11 digits then a digit (permanent UPN) or a letter from
    :data:`UPN_CHECK_LETTERS` (temporary UPN); lower case is accepted. Raises
    ``ValueError`` for anything else.
    """
    body = body.upper()
    if not _UPN_BODY.fullmatch(body):
        raise ValueError("expected 11 digits then a digit or a letter other than I, O or S")
    total = 0
    for weight, char in enumerate(body, start=2):
        value = int(char) if char.isdigit() else _UPN_LETTER_VALUE[char]
        total += weight * value
    return UPN_CHECK_LETTERS[total % 23]


def _upn_problem(value: str) -> str | None:
    """``None`` if valid, else the error code."""
    upn = normalise_upn(value)
    if not _UPN_SHAPE.fullmatch(upn) or not _UPN_BODY.fullmatch(upn[1:]):
        # I, O and S are never the final letter of a temporary UPN.
        return "upn_format"
    if upn_check_letter(upn[1:]) != upn[0]:
        return "upn_check"
    return None


def upn_is_valid(value: str) -> bool:
    """True for a permanent or temporary UPN with a correct check letter."""
    return _upn_problem(value) is None


def validate_upn(value: str) -> None:
    """Django validator for UPNs. Codes: ``upn_format`` and ``upn_check``."""
    problem = _upn_problem(value)
    if problem == "upn_format":
        raise ValidationError(UPN_FORMAT_MESSAGE, code="upn_format")
    if problem == "upn_check":
        raise ValidationError(UPN_CHECK_MESSAGE, code="upn_check")


# --------------------------------------------------------------------------
# Postcode
# --------------------------------------------------------------------------

# UK postcode format, after the Cabinet Office BS7666 v2.0 schema's
# PostCodeType pattern: outward code A9, A99, AA9, AA99, A9A or AA9A, then a
# space, then 9AA, leaving out letters no position uses (Q, V, X first; I, J, Z
# second; C, I, K, M, O, V in the inward code). The schema's third-position
# set for A9A is widened by P, which Royal Mail has used (W1P), so no real
# postcode is turned away. GIR 0AA (Girobank) is the one historical exception. British overseas territory codes (e.g. ASCN 1ZZ)
# and BFPO numbers are not postcodes in this sense and are rejected.
_POSTCODE: Final = re.compile(
    r"GIR 0AA"
    r"|[A-PR-UWYZ]"  # 1st: not Q, V, X
    r"(?:[0-9]{1,2}"  # A9, A99
    r"|[A-HK-Y][0-9]{1,2}"  # AA9, AA99 (2nd: not I, J, Z)
    r"|[0-9][ABCDEFGHJKPSTUW]"  # A9A
    r"|[A-HK-Y][0-9][ABEHMNPRVWXY])"  # AA9A
    r" [0-9][ABD-HJLNP-UW-Z]{2}"  # inward: letters not C, I, K, M, O, V
)
_POSTCODE_SPACES: Final = re.compile(r"\s")

POSTCODE_MESSAGE: Final = _("Enter a real postcode")


def normalise_postcode(value: str) -> str:
    """Upper-case with one space before the inward code: ``"sw1a1aa"`` -> ``"SW1A 1AA"``.

    Does not validate; too-short input is returned compacted and upper-cased.
    """
    compact = _POSTCODE_SPACES.sub("", value).upper()
    if len(compact) < 5:
        return compact
    return f"{compact[:-3]} {compact[-3:]}"


def postcode_is_valid(value: str) -> bool:
    """True for a UK postcode, in any case and spacing."""
    return _POSTCODE.fullmatch(normalise_postcode(value)) is not None


def validate_postcode(value: str) -> None:
    """Django validator for UK postcodes. Code: ``postcode_invalid``."""
    if not postcode_is_valid(value):
        raise ValidationError(POSTCODE_MESSAGE, code="postcode_invalid")


# --------------------------------------------------------------------------
# Police reference
# --------------------------------------------------------------------------

# Forces use their own formats (crime numbers, occurrence and incident refs,
# e.g. "CAD 1234/15MAR25", "01/123456/25", "AB-12345-2025"), so only the
# character set and length are checked.
POLICE_REFERENCE_MIN_LENGTH: Final = 3
POLICE_REFERENCE_MAX_LENGTH: Final = 30
_POLICE_REFERENCE: Final = re.compile(r"[A-Za-z0-9/\- ]+")
_ALPHANUMERIC: Final = re.compile(r"[A-Za-z0-9]")

POLICE_REFERENCE_CHARACTERS_MESSAGE: Final = _(
    "Police reference must only include letters, numbers, slashes and hyphens"
)
POLICE_REFERENCE_LENGTH_MESSAGE: Final = _("Police reference must be between 3 and 30 characters")


def validate_police_reference(value: str) -> None:
    """Django validator for a police force reference.

    3 to 30 characters (surrounding spaces ignored) of letters, digits, ``/``,
    ``-`` and spaces, including at least one letter or digit. Codes:
    ``police_reference_characters`` and ``police_reference_length``.
    """
    reference = value.strip()
    if reference and not _POLICE_REFERENCE.fullmatch(reference):
        raise ValidationError(POLICE_REFERENCE_CHARACTERS_MESSAGE, code="police_reference_characters")
    if not POLICE_REFERENCE_MIN_LENGTH <= len(reference) <= POLICE_REFERENCE_MAX_LENGTH:
        raise ValidationError(POLICE_REFERENCE_LENGTH_MESSAGE, code="police_reference_length")
    if not _ALPHANUMERIC.search(reference):
        raise ValidationError(POLICE_REFERENCE_CHARACTERS_MESSAGE, code="police_reference_characters")
