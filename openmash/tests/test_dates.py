"""The date windows at their edges: today, exactly the limit, and one day past it; and the date boxes' parsing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django import forms
from django.core.exceptions import ValidationError

from openmash import dates
from openmash.forms import GovukDateField

LONDON = ZoneInfo("Europe/London")
NOW = dt.datetime(2026, 6, 15, 11, 0, tzinfo=LONDON)
TODAY = NOW.date()
DAY = dt.timedelta(days=1)


@pytest.fixture(autouse=True)
def frozen_clock() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


# (window, earliest allowed, latest allowed) with the clock at 15 June 2026.
EDGES = {
    "contact received": (dates.CONTACT_RECEIVED, dt.date(2025, 6, 15), TODAY),
    "recorded event": (dates.RECORDED_EVENT, dt.date(2025, 6, 15), TODAY),
    "deadline": (dates.DEADLINE, TODAY, dt.date(2027, 6, 15)),
    "meeting": (dates.MEETING, dt.date(2025, 6, 15), dt.date(2027, 6, 15)),
    "calendar override": (dates.CALENDAR_OVERRIDE, dt.date(2025, 6, 15), dt.date(2028, 6, 15)),
    "lifetime": (dates.LIFETIME, dt.date(1906, 6, 15), TODAY),
    "expected date of birth": (dates.EXPECTED_DATE_OF_BIRTH, dt.date(2026, 5, 15), dt.date(2027, 4, 15)),
    "filter from": (dates.FILTER_FROM, dt.date(1906, 6, 15), TODAY),
    "filter to": (dates.FILTER_TO, dt.date(1906, 6, 15), dt.date(2027, 6, 15)),
}


@pytest.mark.parametrize("name", sorted(EDGES))
def test_each_window_takes_today_and_both_limits_and_refuses_a_day_beyond(name: str) -> None:
    window, earliest, latest = EDGES[name]
    for day in (TODAY, earliest, latest):
        assert window.refusal(day, noun="It") is None, day
    for day in (earliest - DAY, latest + DAY):
        assert window.refusal(day, noun="It") is not None, day


def test_a_past_date_window_says_today_or_in_the_past_and_between_its_limits() -> None:
    window = dates.CONTACT_RECEIVED
    assert window.refusal(TODAY + DAY, noun="Date received") == "Date received must be today or in the past"
    assert window.refusal(dt.date(2025, 6, 14), noun="Date received") == (
        "Date received must be between 15 June 2025 and today"
    )
    assert window.refusal(dt.date(25, 3, 1), noun="Date received") == (
        "Date received must be between 15 June 2025 and today"
    )


def test_a_deadline_window_says_today_or_in_the_future_and_between_its_limits() -> None:
    window = dates.DEADLINE
    assert window.refusal(TODAY - DAY, noun="Deadline") == "Deadline must be today or in the future"
    assert window.refusal(dt.date(2027, 6, 16), noun="Deadline") == "Deadline must be between today and 15 June 2027"
    assert window.refusal(dt.date(9999, 12, 31), noun="Deadline") == "Deadline must be between today and 15 June 2027"


def test_a_two_sided_window_names_both_dates() -> None:
    assert dates.EXPECTED_DATE_OF_BIRTH.refusal(dt.date(2027, 4, 16), noun="Expected date of birth") == (
        "Expected date of birth must be between 15 May 2026 and 15 April 2027"
    )


def test_a_datetime_is_judged_by_its_local_date() -> None:
    # 23:30 UTC on 15 June is 00:30 on 16 June in London: tomorrow, so not yet received.
    late = dt.datetime(2026, 6, 15, 23, 30, tzinfo=dt.UTC)
    assert dates.CONTACT_RECEIVED.refusal(late, noun="It") == "It must be today or in the past"
    with pytest.raises(ValidationError) as refused:
        dates.CONTACT_RECEIVED.check(late, field="received_at", noun="It")
    assert refused.value.message_dict == {"received_at": ["It must be today or in the past"]}


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (dt.date(2026, 1, 31), 1, dt.date(2026, 2, 28)),
        (dt.date(2024, 2, 29), -12, dt.date(2023, 2, 28)),
        (dt.date(2026, 3, 15), -3, dt.date(2025, 12, 15)),
        (dt.date(2026, 11, 30), 2, dt.date(2027, 1, 30)),
        (dt.date(2026, 6, 15), -120 * 12, dt.date(1906, 6, 15)),
    ],
)
def test_add_months_keeps_the_day_or_takes_the_months_last(day: dt.date, months: int, expected: dt.date) -> None:
    assert dates.add_months(day, months) == expected


def test_the_earliest_date_about_a_person_is_the_start_of_the_pregnancy() -> None:
    assert dates.earliest_about(date_of_birth=dt.date(2026, 3, 1), expected_date_of_birth=None) == dt.date(2025, 5, 1)
    assert dates.earliest_about(date_of_birth=None, expected_date_of_birth=dt.date(2026, 9, 1)) == dt.date(2025, 11, 1)
    assert dates.earliest_about(date_of_birth=None, expected_date_of_birth=None) is None


def clean(field: GovukDateField, day: str, month: str, year: str) -> dt.date | None:
    return field.clean([day, month, year])


def refusal(field: GovukDateField, day: str, month: str, year: str) -> str:
    with pytest.raises(forms.ValidationError) as refused:
        clean(field, day, month, year)
    return " ".join(refused.value.messages)


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("1", "6", "9" * 20, "Year must include 4 numbers"),
        ("9" * 20, "6", "2026", "Date of birth must be a real date"),
        ("1", "9" * 20, "2026", "Date of birth must be a real date"),
        ("1", "6", "26", "Year must include 4 numbers"),
        ("1", "6", "+202", "Date of birth must be a real date"),
        ("1", "6", "２０２６", "Date of birth must be a real date"),  # noqa: RUF001 - full-width digits, on purpose
        ("-1", "6", "2026", "Date of birth must be a real date"),
        ("31", "6", "2026", "Date of birth must be a real date"),
        ("1", "6", "", "Date of birth must include a year"),
        ("1", "6", "0001", "Date of birth must be between 15 June 1906 and today"),
        ("16", "6", "2026", "Date of birth must be today or in the past"),
        ("14", "6", "1906", "Date of birth must be between 15 June 1906 and today"),
    ],
)
def test_the_date_box_refuses_what_is_not_a_plausible_date(day: str, month: str, year: str, message: str) -> None:
    field = GovukDateField(noun="Date of birth", window=dates.LIFETIME)
    assert refusal(field, day, month, year) == message


def test_the_date_box_takes_its_limits_and_leading_zeros() -> None:
    field = GovukDateField(noun="Date of birth", window=dates.LIFETIME)
    assert clean(field, "15", "06", "1906") == dt.date(1906, 6, 15)
    assert clean(field, " 15 ", "6", "2026") == TODAY
    assert clean(GovukDateField(noun="Date", window=dates.LIFETIME, required=False), "", "", "") is None
