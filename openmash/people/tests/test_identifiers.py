"""Tests for openmash.people.identifiers (no database needed)."""

from __future__ import annotations

import os
import string

import django
import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from hypothesis import assume, given
from hypothesis import strategies as st

from openmash.people.identifiers import (
    UPN_CHECK_LETTERS,
    format_nhs_number,
    nhs_check_digit,
    nhs_number_is_valid,
    normalise_nhs_number,
    normalise_postcode,
    normalise_upn,
    postcode_is_valid,
    upn_check_letter,
    upn_is_valid,
    validate_nhs_number,
    validate_police_reference,
    validate_postcode,
    validate_upn,
)

# Messages are lazy translations; turning one into text needs settings. Under
# pytest-django they are already configured. Run bare (-p no:django, no
# settings module), configure the minimum so the module stays testable alone.
if not settings.configured:
    if os.environ.get("DJANGO_SETTINGS_MODULE"):
        django.setup()
    else:
        settings.configure(USE_I18N=False)


def _error(validator: object, value: str) -> ValidationError:
    assert callable(validator)
    with pytest.raises(ValidationError) as caught:
        validator(value)
    return caught.value


# --------------------------------------------------------------------------
# NHS number
# --------------------------------------------------------------------------

digits = st.sampled_from(string.digits)
nine_digits = st.text(alphabet=digits, min_size=9, max_size=9)


@pytest.mark.parametrize(
    "value",
    [
        "9434765919",  # NHS Digital's widely published test number
        "943 476 5919",
        "943-476-5919",
        " 943 476 5919 ",
        "943\u00a0476\u00a05919",  # non-breaking spaces pasted from a letter
        "9434765870",
        "4010232137",
        "4857773457",
    ],
)
def test_valid_nhs_numbers(value: str) -> None:
    assert nhs_number_is_valid(value)
    validate_nhs_number(value)  # does not raise


def test_gov_uk_example_nhs_number_fails_its_check_digit() -> None:
    # "485 777 3456" is the example in the NHS/GOV.UK design system hint text.
    # Weighted sum 312, 312 % 11 = 4, so its check digit would be 7: the
    # example is deliberately not a real number. Only the message quotes it.
    assert nhs_check_digit("485777345") == 7
    assert not nhs_number_is_valid("4857773456")
    assert _error(validate_nhs_number, "485 777 3456").code == "nhs_check"


def test_nhs_check_digit_worked_example() -> None:
    # 9*10 + 4*9 + 3*8 + 4*7 + 7*6 + 6*5 + 5*4 + 9*3 + 1*2 = 299; 299 % 11 = 2
    assert nhs_check_digit("943476591") == 9


def test_wrong_check_digit_is_rejected() -> None:
    assert not nhs_number_is_valid("9434765918")
    error = _error(validate_nhs_number, "9434765918")
    assert error.code == "nhs_check"
    assert error.messages == ["Enter a valid NHS number – the check digit does not match"]


def test_check_digit_eleven_becomes_zero() -> None:
    # 2*10 + 1*2 = 22; 22 % 11 = 0; 11 - 0 = 11, which is written as 0.
    assert nhs_check_digit("200000001") == 0
    assert nhs_number_is_valid("2000000010")


def test_remainder_ten_means_no_valid_number() -> None:
    assert nhs_check_digit("100000001") is None  # 12 % 11 = 1 -> 11 - 1 = 10
    for last in string.digits:
        assert not nhs_number_is_valid("100000001" + last)
        assert _error(validate_nhs_number, "100000001" + last).code == "nhs_check"


@pytest.mark.parametrize("digit", list(string.digits))
def test_repeated_digit_nhs_numbers_are_rejected(digit: str) -> None:
    number = digit * 10
    # They all pass the bare modulus 11 check ...
    assert nhs_check_digit(number[:9]) == int(digit)
    # ... but are never issued.
    assert not nhs_number_is_valid(number)
    error = _error(validate_nhs_number, number)
    assert error.code == "nhs_check"
    assert error.messages == ["Enter a valid NHS number – this number is never issued"]


@pytest.mark.parametrize(
    "value",
    [
        "",
        "   ",
        "943476591",  # 9 digits
        "94347659190",  # 11 digits
        "943476591O",  # letter O for zero
        "943.476.5919",
        "abcdefghij",
        "\u0669\u0664\u0663\u0664\u0667\u0666\u0665\u0669\u0661\u0669",  # Arabic-Indic digits
        "９４３４７６５９１９",  # full-width digits
    ],
)
def test_badly_formatted_nhs_numbers(value: str) -> None:
    assert not nhs_number_is_valid(value)
    error = _error(validate_nhs_number, value)
    assert error.code == "nhs_format"
    assert error.messages == ["Enter an NHS number in the correct format, like 485 777 3456"]


def test_normalise_and_format_nhs_number() -> None:
    assert normalise_nhs_number("943 476-5919") == "9434765919"
    assert normalise_nhs_number("abc") == "abc"  # no validation
    assert format_nhs_number("4857773456") == "485 777 3456"
    assert format_nhs_number("943-476-5919") == "943 476 5919"
    assert format_nhs_number("12 34") == "1234"  # not ten digits: left alone


def test_nhs_check_digit_rejects_bad_input() -> None:
    for bad in ["", "12345678", "1234567890", "12345678a"]:
        with pytest.raises(ValueError):
            nhs_check_digit(bad)


@given(nine_digits)
def test_computed_check_digit_makes_a_valid_number(first_nine: str) -> None:
    check = nhs_check_digit(first_nine)
    assume(check is not None)
    number = f"{first_nine}{check}"
    assume(len(set(number)) > 1)  # repeated-digit numbers are rejected anyway
    assert nhs_number_is_valid(number)
    validate_nhs_number(format_nhs_number(number))


@given(
    nine_digits,
    st.integers(min_value=0, max_value=9),
    st.integers(min_value=1, max_value=9),
)
def test_changing_any_single_digit_invalidates(first_nine: str, position: int, shift: int) -> None:
    check = nhs_check_digit(first_nine)
    assume(check is not None)
    number = f"{first_nine}{check}"
    changed_digit = str((int(number[position]) + shift) % 10)
    changed = number[:position] + changed_digit + number[position + 1 :]
    assert changed != number
    assert not nhs_number_is_valid(changed)


# --------------------------------------------------------------------------
# Unique pupil number
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        # Examples from DfE's UPN guidance, as quoted in DfE's multiplication
        # tables check tests (DFEAGILEDEVOPS/MTC pupil-validator.spec.js).
        "H801200001001",
        "G80120000101A",  # temporary
        # Temporary UPN example in school MIS guidance citing the DfE guide.
        "X00180001701A",
        # python-stdnum's stdnum.gb.upn doctest.
        "B801200005001",
        # DfE CIN census rule 1510 "should pass" examples.
        "A950000178301",
        "H243278544154",
    ],
)
def test_published_valid_upns(value: str) -> None:
    assert upn_is_valid(value)
    validate_upn(value)


@pytest.mark.parametrize(
    "value",
    [
        "Z801200001001",  # DfE MTC: wrong check letter
        "A801200005001",  # stdnum: wrong check letter
        "R247962919251",  # CIN rule 1510 "should fail"
        "X428558133462",  # CIN rule 1510 "should fail"
        "I801200001001",  # I is never a check letter
    ],
)
def test_published_wrong_check_letters(value: str) -> None:
    assert not upn_is_valid(value)
    error = _error(validate_upn, value)
    assert error.code == "upn_check"
    assert error.messages == ["Enter a valid unique pupil number – the check letter does not match"]


def test_upn_check_letter_by_hand() -> None:
    # Weights 2..13 over 8,0,1,2,0,0,0,0,1,0,0,1:
    # 16 + 4 + 10 + 10 + 13 = 53; 53 % 23 = 7 -> H (the 8th table letter).
    assert upn_check_letter("801200001001") == "H"
    # Temporary, final A counts as 0. Over 8,0,1,2,0,0,0,0,1,0,1,A:
    # 16 + 4 + 10 + 10 + 12 + 0 = 52; 52 % 23 = 6 -> G.
    assert upn_check_letter("80120000101A") == "G"
    assert upn_check_letter("80120000101a") == "G"


def test_temporary_upn_letter_uses_table_position() -> None:
    # The final letter contributes its position in ABCDEFGHJKLMNPQRTUVWXYZ
    # (J = 8, not 9 as in the plain alphabet; Z = 22).
    base = sum(weight * int(char) for weight, char in enumerate("12345678901", start=2))
    assert upn_check_letter("12345678901J") == UPN_CHECK_LETTERS[(base + 13 * 8) % 23]
    assert upn_check_letter("12345678901Z") == UPN_CHECK_LETTERS[(base + 13 * 22) % 23]


def test_constructed_upns() -> None:
    for body in ["935200010012", "80120001201B", "00000000000Z", "999999999999"]:
        upn = upn_check_letter(body) + body
        assert upn_is_valid(upn)
        validate_upn(upn)
        validate_upn(upn.lower())


def test_normalise_upn() -> None:
    assert normalise_upn(" h801 2000 01001 ") == "H801200001001"
    assert upn_is_valid(" h801 2000 01001 ")


@pytest.mark.parametrize(
    "value",
    [
        "",
        "H80120000100",  # 12 characters
        "H8012000010011",  # 14 characters
        "8801200001001",  # no check letter
        "H80120A001001",  # letter in the middle
        "H8012000010-1",
        "G80120000101I",  # I, O and S are never the final letter
        "G80120000101O",
        "G80120000101S",
        "H80120000100Ⅰ",  # Roman numeral one
    ],
)
def test_badly_formatted_upns(value: str) -> None:
    assert not upn_is_valid(value)
    error = _error(validate_upn, value)
    assert error.code == "upn_format"
    assert error.messages == ["Enter a unique pupil number in the correct format, like A123456789012 (13 characters)"]


def test_upn_check_letter_rejects_bad_bodies() -> None:
    for bad in ["", "80120000100", "8012000010011", "8012000A1001", "80120000101S"]:
        with pytest.raises(ValueError):
            upn_check_letter(bad)


upn_bodies = st.builds(
    lambda head, tail: head + tail,
    st.text(alphabet=digits, min_size=11, max_size=11),
    st.sampled_from(string.digits + UPN_CHECK_LETTERS),
)


@given(upn_bodies)
def test_computed_check_letter_validates(body: str) -> None:
    letter = upn_check_letter(body)
    assert letter in UPN_CHECK_LETTERS
    assert upn_is_valid(letter + body)
    validate_upn(letter + body)


@given(upn_bodies, st.sampled_from(string.ascii_uppercase))
def test_any_other_check_letter_fails(body: str, letter: str) -> None:
    assume(letter != upn_check_letter(body))
    assert not upn_is_valid(letter + body)
    assert _error(validate_upn, letter + body).code == "upn_check"


# --------------------------------------------------------------------------
# Postcode
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("sw1a1aa", "SW1A 1AA"),
        ("SW1A 1AA", "SW1A 1AA"),
        ("  sw1a   1aa ", "SW1A 1AA"),
        ("m11ae", "M1 1AE"),
        ("gir0aa", "GIR 0AA"),
        ("ab", "AB"),  # too short to split; no validation
    ],
)
def test_normalise_postcode(value: str, expected: str) -> None:
    assert normalise_postcode(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        "SW1A 1AA",  # AA9A
        "sw1a1aa",
        "EC1A 1BB",  # AA9A
        "W1A 0AX",  # A9A
        "M1 1AE",  # A9
        "B33 8TH",  # A99
        "CR2 6XH",  # AA9
        "DN55 1PT",  # AA99
        "LS1 4AP",
        "GIR 0AA",
        "gir 0aa",
    ],
)
def test_real_postcodes(value: str) -> None:
    assert postcode_is_valid(value)
    validate_postcode(value)


@pytest.mark.parametrize(
    "value",
    [
        "",
        "SW1A",
        "SW1A 1A",
        "SW1A 1AAA",
        "12345",
        "QW1A 1AA",  # Q never first
        "SJ1A 1AA",  # J never second
        "SW1A 1CA",  # C never in the inward code
        "SW1A 1AO",  # O never in the inward code
        "W1I 0AX",  # I never third in A9A
        "EC1C 1BB",  # C never fourth in AA9A
        "SW1A-1AA",
        "ASCN 1ZZ",  # overseas territory code, not a UK postcode
    ],
)
def test_not_real_postcodes(value: str) -> None:
    assert not postcode_is_valid(value)
    error = _error(validate_postcode, value)
    assert error.code == "postcode_invalid"
    assert error.messages == ["Enter a real postcode"]


@given(st.text(alphabet=string.ascii_letters + string.digits + " ", max_size=10))
def test_normalise_postcode_is_idempotent(value: str) -> None:
    once = normalise_postcode(value)
    assert normalise_postcode(once) == once
    assert postcode_is_valid(value) == postcode_is_valid(once)


# --------------------------------------------------------------------------
# Police reference
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    ["01/123456/25", "AB-12345-2025", "CAD 1234", "abc", "123", "  XYZ  ", "A" * 30],
)
def test_valid_police_references(value: str) -> None:
    validate_police_reference(value)


@pytest.mark.parametrize(
    "value",
    ["AB_1234", "AB#1234", "ref.123", "12/34\\56", "CAD:1234", "ÅB-123", "---", "/ /"],
)
def test_police_reference_characters(value: str) -> None:
    error = _error(validate_police_reference, value)
    assert error.code == "police_reference_characters"
    assert error.messages == ["Police reference must only include letters, numbers, slashes and hyphens"]


@pytest.mark.parametrize("value", ["", "   ", "AB", " 1 ", "A" * 31])
def test_police_reference_length(value: str) -> None:
    error = _error(validate_police_reference, value)
    assert error.code == "police_reference_length"
    assert error.messages == ["Police reference must be between 3 and 30 characters"]
