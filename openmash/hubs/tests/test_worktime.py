"""Tests for openmash.hubs.worktime (pure Python; no Django needed).

Dates are real English ones: Easter 2026 (Good Friday 3 April, Easter Monday
6 April), Christmas 2026 (Friday 25 December, Boxing Day substitute Monday
28 December), New Year 2027 (Friday 1 January), British Summer Time starting
Sunday 29 March 2026 and ending Sunday 25 October 2026.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Callable

import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from openmash.hubs import worktime
from openmash.hubs.tests import worktime_reference as reference
from openmash.hubs.worktime import (
    WorkingCalendar,
    WorkingTimeOutOfRange,
    add_working_days,
    add_working_minutes,
    deadline,
    format_working_duration,
    working_minutes_between,
)

LONDON = zoneinfo.ZoneInfo("Europe/London")
UTC = dt.UTC
CAL = WorkingCalendar()
DAY = CAL.day_length_minutes()  # 480


def london(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=LONDON)


# ---------------------------------------------------------------------------
# WorkingCalendar
# ---------------------------------------------------------------------------


def test_defaults() -> None:
    assert CAL.day_start == dt.time(9, 0)
    assert CAL.day_end == dt.time(17, 0)
    assert CAL.working_weekdays == frozenset({0, 1, 2, 3, 4})
    assert CAL.timezone == "Europe/London"
    assert CAL.day_length_minutes() == 480


def test_calendar_is_hashable_and_coerces_sets() -> None:
    cal = WorkingCalendar(
        closed_dates={dt.date(2026, 2, 2)},  # type: ignore[arg-type]
        working_weekdays=[0, 1, 2],  # type: ignore[arg-type]
    )
    assert isinstance(cal.closed_dates, frozenset)
    assert cal.working_weekdays == frozenset({0, 1, 2})
    assert hash(cal) == hash(
        WorkingCalendar(
            closed_dates=frozenset({dt.date(2026, 2, 2)}),
            working_weekdays=frozenset({0, 1, 2}),
        )
    )


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (dt.time(17, 0), dt.time(9, 0)),
        (dt.time(9, 0), dt.time(9, 0)),
    ],
)
def test_day_end_must_follow_day_start(start: dt.time, end: dt.time) -> None:
    with pytest.raises(ValueError, match="day_end"):
        WorkingCalendar(day_start=start, day_end=end)


def test_invalid_calendar_fields() -> None:
    with pytest.raises(ValueError, match="working_weekdays"):
        WorkingCalendar(working_weekdays=frozenset({7}))
    with pytest.raises(ValueError, match="time zone"):
        WorkingCalendar(timezone="Mars/Olympus_Mons")
    with pytest.raises(ValueError, match="whole minute"):
        WorkingCalendar(day_start=dt.time(9, 0, 30))


def test_custom_hours_day_length() -> None:
    assert WorkingCalendar(dt.time(8, 30), dt.time(18, 0)).day_length_minutes() == 570


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2026, 2, 2), True),  # Monday
        (dt.date(2026, 2, 6), True),  # Friday
        (dt.date(2026, 2, 7), False),  # Saturday
        (dt.date(2026, 2, 8), False),  # Sunday
        (dt.date(2026, 1, 1), False),  # New Year's Day
        (dt.date(2026, 4, 3), False),  # Good Friday
        (dt.date(2026, 4, 6), False),  # Easter Monday (needs subdiv="ENG")
        (dt.date(2026, 5, 4), False),  # Early May bank holiday
        (dt.date(2026, 5, 25), False),  # Spring bank holiday
        (dt.date(2026, 8, 31), False),  # Summer bank holiday (needs subdiv="ENG")
        (dt.date(2026, 12, 25), False),  # Christmas Day, Friday
        (dt.date(2026, 12, 28), False),  # Boxing Day substitute, Monday
        (dt.date(2026, 12, 29), True),
        (dt.date(2027, 1, 1), False),
        (dt.date(2026, 3, 17), True),  # St Patrick's Day: not an England holiday
    ],
)
def test_is_working_day_england(day: dt.date, expected: bool) -> None:
    assert CAL.is_working_day(day) is expected


def test_bank_holidays_can_be_switched_off() -> None:
    cal = WorkingCalendar(use_bank_holidays=False)
    assert cal.is_working_day(dt.date(2026, 4, 6))
    assert not cal.is_working_day(dt.date(2026, 4, 4))  # still a Saturday


def test_override_precedence() -> None:
    both = dt.date(2026, 2, 3)
    cal = WorkingCalendar(
        closed_dates=frozenset({dt.date(2026, 2, 2), both}),
        open_dates=frozenset({dt.date(2026, 2, 7), dt.date(2026, 4, 6), both}),
    )
    assert not cal.is_working_day(dt.date(2026, 2, 2))  # closed Monday
    assert cal.is_working_day(dt.date(2026, 2, 7))  # open Saturday
    assert cal.is_working_day(dt.date(2026, 4, 6))  # open bank holiday
    assert not cal.is_working_day(both)  # closed wins


# ---------------------------------------------------------------------------
# add_working_minutes / add_working_days / deadline: examples
# ---------------------------------------------------------------------------


def test_weekend_skip() -> None:
    # Friday 16:00 + 2 working hours = Monday 10:00
    assert deadline(CAL, london(2026, 2, 6, 16), 2, "working_hours") == london(2026, 2, 9, 10)


def test_out_of_hours_receipt() -> None:
    # Tuesday 20:00 + 4 working hours = Wednesday 13:00
    assert deadline(CAL, london(2026, 2, 3, 20), 4, "working_hours") == london(2026, 2, 4, 13)


def test_early_morning_receipt() -> None:
    assert add_working_minutes(CAL, london(2026, 2, 3, 6, 15), 30) == london(2026, 2, 3, 9, 30)


def test_receipt_exactly_at_close_is_out_of_hours() -> None:
    tuesday_close = london(2026, 2, 3, 17)
    assert add_working_minutes(CAL, tuesday_close, 0) == london(2026, 2, 4, 9)
    assert add_working_minutes(CAL, tuesday_close, 60) == london(2026, 2, 4, 10)
    assert working_minutes_between(CAL, tuesday_close, london(2026, 2, 4, 9)) == 0


def test_receipt_exactly_at_opening_is_in_hours() -> None:
    opening = london(2026, 2, 3, 9)
    assert add_working_minutes(CAL, opening, 0) == opening
    assert add_working_minutes(CAL, opening, 1) == london(2026, 2, 3, 9, 1)


def test_zero_minutes_inside_hours_returns_start_itself() -> None:
    start = dt.datetime(2026, 2, 3, 11, 22, 33, 444, tzinfo=LONDON)
    assert add_working_minutes(CAL, start, 0) == start


def test_zero_minutes_outside_hours_returns_next_start() -> None:
    assert add_working_minutes(CAL, london(2026, 2, 7, 11), 0) == london(2026, 2, 9, 9)


def test_ends_at_close_of_day_returns_close() -> None:
    assert add_working_minutes(CAL, london(2026, 2, 3, 15), 120) == london(2026, 2, 3, 17)
    assert add_working_minutes(CAL, london(2026, 2, 3, 9), DAY) == london(2026, 2, 3, 17)
    # Friday 15:00 + 2h ends at Friday's close, not Monday 09:00.
    assert deadline(CAL, london(2026, 2, 6, 15), 2, "working_hours") == london(2026, 2, 6, 17)


def test_sub_minute_precision_is_kept() -> None:
    start = dt.datetime(2026, 2, 3, 16, 59, 30, tzinfo=LONDON)
    assert add_working_minutes(CAL, start, 1) == dt.datetime(2026, 2, 4, 9, 0, 30, tzinfo=LONDON)


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        (london(2026, 2, 2, 10), london(2026, 2, 3, 10)),  # Monday -> Tuesday
        (london(2026, 2, 6, 16), london(2026, 2, 9, 16)),  # Friday -> Monday
        (london(2026, 2, 7, 11), london(2026, 2, 9, 17)),  # Saturday -> Monday close
        (london(2026, 2, 3, 20), london(2026, 2, 4, 17)),  # evening -> next close
    ],
)
def test_one_working_day(start: dt.datetime, expected: dt.datetime) -> None:
    assert add_working_days(CAL, start, 1) == expected
    assert deadline(CAL, start, 1, "working_days") == expected


def test_range_ends_two_hours_and_ten_days() -> None:
    start = london(2026, 2, 2, 10)  # Monday
    assert deadline(CAL, start, 2, "working_hours") == london(2026, 2, 2, 12)
    assert deadline(CAL, start, 10, "working_days") == london(2026, 2, 16, 10)
    assert working_minutes_between(CAL, start, london(2026, 2, 16, 10)) == 10 * DAY


def test_easter_2026() -> None:
    # Maundy Thursday 16:00 + 2h skips Good Friday, the weekend and Easter Monday.
    assert deadline(CAL, london(2026, 4, 2, 16), 2, "working_hours") == london(2026, 4, 7, 10)
    assert deadline(CAL, london(2026, 4, 2, 10), 1, "working_days") == london(2026, 4, 7, 10)


def test_christmas_2026() -> None:
    # Christmas Eve (Thursday) 15:00 + 1 working day: Fri 25 Dec bank holiday,
    # weekend, Mon 28 Dec Boxing Day substitute -> Tuesday 29 December 15:00.
    assert deadline(CAL, london(2026, 12, 24, 15), 1, "working_days") == london(2026, 12, 29, 15)
    # Wed 23 Dec 10:00 + 10 working days: 24, 29, 30, 31 Dec, (1 Jan closed),
    # 4, 5, 6, 7, 8, 11 Jan -> Monday 11 January 2027 10:00.
    end = deadline(CAL, london(2026, 12, 23, 10), 10, "working_days")
    assert end == london(2027, 1, 11, 10)
    assert working_minutes_between(CAL, london(2026, 12, 23, 10), end) == 10 * DAY
    # Across the whole break only Christmas Eve and 29-31 December count.
    assert working_minutes_between(CAL, london(2026, 12, 24, 0), london(2027, 1, 4, 0)) == 4 * DAY


def test_dst_spring_forward_keeps_local_hours() -> None:
    # Clocks go forward on Sunday 29 March 2026.
    friday = london(2026, 3, 27, 16)  # GMT, 16:00 UTC
    monday = deadline(CAL, friday, 2, "working_hours")
    assert monday == london(2026, 3, 30, 10)  # BST
    assert monday.utcoffset() == dt.timedelta(hours=1)
    assert monday.astimezone(UTC).hour == 9
    # Eight working days straddling the change are still 8 x 480 minutes.
    assert working_minutes_between(CAL, london(2026, 3, 23), london(2026, 4, 2)) == (8 * DAY)
    assert deadline(CAL, london(2026, 3, 27, 10), 1, "working_days") == london(2026, 3, 30, 10)
    # From the opening, one working day ends at that day's close.
    assert deadline(CAL, london(2026, 3, 27, 9), 1, "working_days") == london(2026, 3, 27, 17)


def test_dst_fall_back_keeps_local_hours() -> None:
    # Clocks go back on Sunday 25 October 2026.
    friday = london(2026, 10, 23, 12)
    assert deadline(CAL, friday, 1, "working_days") == london(2026, 10, 26, 12)
    assert deadline(CAL, friday, 6, "working_hours") == london(2026, 10, 26, 10)


def test_utc_input_returns_utc_and_uses_london_hours() -> None:
    # 08:30 UTC on 1 June 2026 is 09:30 BST: inside working hours.
    start = dt.datetime(2026, 6, 1, 8, 30, tzinfo=UTC)
    result = add_working_minutes(CAL, start, 30)
    assert result == dt.datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
    assert result.tzinfo is UTC
    # 16:30 UTC is 17:30 BST: out of hours, clock starts Tuesday 09:00 BST.
    late = dt.datetime(2026, 6, 1, 16, 30, tzinfo=UTC)
    assert add_working_minutes(CAL, late, 0) == dt.datetime(2026, 6, 2, 8, 0, tzinfo=UTC)


def test_closed_date_override() -> None:
    cal = WorkingCalendar(closed_dates=frozenset({dt.date(2026, 2, 9)}))
    assert deadline(cal, london(2026, 2, 6, 16), 2, "working_hours") == london(2026, 2, 10, 10)


def test_open_date_override_saturday_and_bank_holiday() -> None:
    saturday = WorkingCalendar(open_dates=frozenset({dt.date(2026, 2, 7)}))
    assert deadline(saturday, london(2026, 2, 6, 16), 2, "working_hours") == london(2026, 2, 7, 10)
    easter_monday = WorkingCalendar(open_dates=frozenset({dt.date(2026, 4, 6)}))
    assert deadline(easter_monday, london(2026, 4, 2, 16), 2, "working_hours") == london(2026, 4, 6, 10)


def test_custom_hours() -> None:
    cal = WorkingCalendar(day_start=dt.time(8, 0), day_end=dt.time(20, 0))
    assert add_working_days(cal, london(2026, 2, 6, 19), 1) == london(2026, 2, 9, 19)
    assert add_working_minutes(cal, london(2026, 2, 6, 19), 90) == london(2026, 2, 9, 8, 30)


def test_misconfigured_calendar_raises() -> None:
    cal = WorkingCalendar(working_weekdays=frozenset())
    with pytest.raises(ValueError, match="misconfigured"):
        add_working_minutes(cal, london(2026, 2, 2, 10), 60)
    # ...but an open date still gives it somewhere to work.
    cal = WorkingCalendar(working_weekdays=frozenset(), open_dates=frozenset({dt.date(2026, 6, 1)}))
    assert add_working_minutes(cal, london(2026, 2, 2, 10), 60) == london(2026, 6, 1, 10)


def test_naive_datetimes_raise() -> None:
    naive = dt.datetime(2026, 2, 2, 10)
    aware = london(2026, 2, 2, 10)
    with pytest.raises(ValueError, match="timezone-aware"):
        add_working_minutes(CAL, naive, 10)
    with pytest.raises(ValueError, match="timezone-aware"):
        add_working_days(CAL, naive, 1)
    with pytest.raises(ValueError, match="timezone-aware"):
        deadline(CAL, naive, 1, "working_hours")
    with pytest.raises(ValueError, match="timezone-aware"):
        working_minutes_between(CAL, naive, aware)
    with pytest.raises(ValueError, match="timezone-aware"):
        working_minutes_between(CAL, aware, naive)


def test_deadline_rejects_bad_unit_and_negative_amount() -> None:
    start = london(2026, 2, 2, 10)
    with pytest.raises(ValueError, match="unit"):
        deadline(CAL, start, 1, "hours")
    with pytest.raises(ValueError, match="negative"):
        deadline(CAL, start, -1, "working_days")
    with pytest.raises(ValueError, match="negative"):
        add_working_minutes(CAL, start, -1)
    with pytest.raises(ValueError, match="negative"):
        add_working_days(CAL, start, -1)


def test_large_amount_is_fast_and_correct() -> None:
    # Five years of working days, counted by whole weeks rather than day by day.
    start = london(2026, 2, 2, 10)
    end = add_working_days(CAL, start, 1250)
    assert working_minutes_between(CAL, start, end) == 1250 * DAY


# ---------------------------------------------------------------------------
# working_minutes_between: examples
# ---------------------------------------------------------------------------


def test_between_basic() -> None:
    assert working_minutes_between(CAL, london(2026, 2, 2, 10), london(2026, 2, 2, 10)) == 0
    assert working_minutes_between(CAL, london(2026, 2, 2, 8), london(2026, 2, 2, 18)) == DAY
    assert working_minutes_between(CAL, london(2026, 2, 6, 16), london(2026, 2, 9, 10)) == 120
    assert working_minutes_between(CAL, london(2026, 2, 9, 10), london(2026, 2, 6, 16)) == -120
    # Weekend only.
    assert working_minutes_between(CAL, london(2026, 2, 7, 9), london(2026, 2, 8, 17)) == 0


def test_between_floors_seconds() -> None:
    start = london(2026, 2, 2, 10)
    end = dt.datetime(2026, 2, 2, 10, 5, 59, 999999, tzinfo=LONDON)
    assert working_minutes_between(CAL, start, end) == 5
    assert working_minutes_between(CAL, end, start) == -5


def test_between_mixed_timezones() -> None:
    start = dt.datetime(2026, 6, 1, 8, 0, tzinfo=UTC)  # 09:00 BST
    end = london(2026, 6, 1, 12)
    assert working_minutes_between(CAL, start, end) == 180


# ---------------------------------------------------------------------------
# format_working_duration
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("minutes", "expected"),
    [
        (0, "0 minutes"),
        (1, "1 minute"),
        (45, "45 minutes"),
        (60, "1 hour"),
        (65, "1 hour 5 minutes"),
        (120, "2 hours"),
        (479, "7 hours 59 minutes"),
        (480, "1 working day"),
        (481, "1 working day 1 minute"),
        (2 * 480 + 180, "2 working days 3 hours"),
        (10 * 480, "10 working days"),
        (3 * 480 + 61, "3 working days 1 hour 1 minute"),
        (-45, "45 minutes"),
        (-(2 * 480 + 180), "2 working days 3 hours"),
    ],
)
def test_format_working_duration(minutes: int, expected: str) -> None:
    assert format_working_duration(CAL, minutes) == expected


def test_format_uses_calendar_day_length() -> None:
    cal = WorkingCalendar(day_start=dt.time(8, 0), day_end=dt.time(18, 0))
    assert format_working_duration(cal, 600) == "1 working day"
    assert format_working_duration(cal, 540) == "9 hours"


# ---------------------------------------------------------------------------
# Property-based tests
# ---------------------------------------------------------------------------

# Aware datetimes across 2025-2028, in Europe/London (no imaginary spring-forward
# times) and UTC, with microseconds.
moments = st.datetimes(
    min_value=dt.datetime(2025, 1, 1),
    max_value=dt.datetime(2028, 12, 31, 23, 59, 59),
    timezones=st.sampled_from([LONDON, UTC]),
    allow_imaginary=False,
)
amounts = st.integers(min_value=0, max_value=10 * DAY)
# Minute-aligned starts bias towards the interesting boundaries (09:00, 17:00).
aligned_moments = st.builds(
    lambda day, minute, tz: dt.datetime.combine(day, dt.time(minute // 60, minute % 60), tzinfo=LONDON).astimezone(tz),
    st.dates(min_value=dt.date(2025, 1, 1), max_value=dt.date(2028, 12, 31)),
    st.sampled_from([0, 8 * 60 + 59, 9 * 60, 9 * 60 + 1, 12 * 60, 16 * 60 + 59, 17 * 60, 23 * 60]),
    st.sampled_from([LONDON, UTC]),
)
any_moment = st.one_of(moments, aligned_moments)
# A calendar with overrides, to exercise the override paths under the properties.
OVERRIDE_CAL = WorkingCalendar(
    closed_dates=frozenset({dt.date(2026, 2, 2), dt.date(2027, 6, 15)}),
    open_dates=frozenset({dt.date(2026, 2, 7), dt.date(2026, 4, 6), dt.date(2027, 12, 27)}),
)
calendars = st.sampled_from([CAL, OVERRIDE_CAL])

PROPERTY_SETTINGS = settings(max_examples=200, deadline=None)


def _in_working_time(cal: WorkingCalendar, moment: dt.datetime, *, allow_close: bool) -> bool:
    local = moment.astimezone(zoneinfo.ZoneInfo(cal.timezone))
    if not cal.is_working_day(local.date()):
        return False
    wall = local.time().replace(tzinfo=None)
    if allow_close:
        return cal.day_start <= wall <= cal.day_end
    return cal.day_start <= wall < cal.day_end


@PROPERTY_SETTINGS
@given(cal=calendars, start=any_moment, minutes=amounts)
def test_prop_result_not_before_start_and_same_tz(cal: WorkingCalendar, start: dt.datetime, minutes: int) -> None:
    result = add_working_minutes(cal, start, minutes)
    assert result >= start
    assert result.tzinfo is start.tzinfo


@PROPERTY_SETTINGS
@given(cal=calendars, start=any_moment, minutes=amounts)
def test_prop_result_lies_in_working_time(cal: WorkingCalendar, start: dt.datetime, minutes: int) -> None:
    result = add_working_minutes(cal, start, minutes)
    # The close (17:00) is allowed, but only as the end of a positive amount.
    assert _in_working_time(cal, result, allow_close=minutes > 0)
    if _in_working_time(cal, start, allow_close=False):
        assert add_working_minutes(cal, start, 0) == start


@PROPERTY_SETTINGS
@given(cal=calendars, start=any_moment, a=amounts, b=amounts)
def test_prop_additivity(cal: WorkingCalendar, start: dt.datetime, a: int, b: int) -> None:
    # add(add(t, a), b) == add(t, a + b) holds exactly whenever b > 0. With
    # b == 0 it can fail at a boundary: if add(t, a) ends exactly at a close
    # (17:00, by the close-of-day convention) then add(17:00, 0) moves on to
    # the next working start (17:00 itself is out of hours), while add(t, a)
    # stays at the close. The two are then equivalent: no working time lies
    # between them.
    stepwise = add_working_minutes(cal, add_working_minutes(cal, start, a), b)
    direct = add_working_minutes(cal, start, a + b)
    if b > 0:
        assert stepwise == direct
    else:
        assert stepwise >= direct
        assert working_minutes_between(cal, direct, stepwise) == 0


@PROPERTY_SETTINGS
@given(cal=calendars, start=any_moment, minutes=amounts)
def test_prop_between_inverts_add(cal: WorkingCalendar, start: dt.datetime, minutes: int) -> None:
    end = add_working_minutes(cal, start, minutes)
    assert working_minutes_between(cal, start, end) == minutes
    assert working_minutes_between(cal, end, start) == -minutes


@PROPERTY_SETTINGS
@given(cal=calendars, start=any_moment, a=amounts, b=amounts)
def test_prop_monotone_in_minutes(cal: WorkingCalendar, start: dt.datetime, a: int, b: int) -> None:
    low, high = sorted((a, b))
    result_low = add_working_minutes(cal, start, low)
    result_high = add_working_minutes(cal, start, high)
    if low < high:
        assert result_low < result_high
    else:
        assert result_low == result_high


@PROPERTY_SETTINGS
@given(cal=calendars, a=any_moment, b=any_moment)
def test_prop_between_antisymmetric(cal: WorkingCalendar, a: dt.datetime, b: dt.datetime) -> None:
    assert working_minutes_between(cal, a, b) == -working_minutes_between(cal, b, a)
    if a <= b:
        assert working_minutes_between(cal, a, b) >= 0


@PROPERTY_SETTINGS
@given(cal=calendars, a=any_moment, b=any_moment, c=any_moment)
def test_prop_between_is_additive_over_whole_minutes(
    cal: WorkingCalendar, a: dt.datetime, b: dt.datetime, c: dt.datetime
) -> None:
    # Work in whole minutes so that flooring cannot lose a minute at b.
    a, b, c = sorted(x.replace(second=0, microsecond=0) for x in (a, b, c))
    assert working_minutes_between(cal, a, c) == working_minutes_between(cal, a, b) + working_minutes_between(cal, b, c)


@PROPERTY_SETTINGS
@given(cal=calendars, start=any_moment, days=st.integers(min_value=0, max_value=10))
def test_prop_working_days_match_minutes(cal: WorkingCalendar, start: dt.datetime, days: int) -> None:
    expected = add_working_minutes(cal, start, days * cal.day_length_minutes())
    assert add_working_days(cal, start, days) == expected
    assert deadline(cal, start, days, "working_days") == expected
    assert deadline(cal, start, days * 8, "working_hours") == expected


def _brute_force_add(cal: WorkingCalendar, start: dt.datetime, minutes: int) -> dt.datetime:
    """Independent oracle: step one wall-clock minute at a time (minute-aligned start)."""
    tz = zoneinfo.ZoneInfo(cal.timezone)
    wall = start.astimezone(tz).replace(tzinfo=None)

    def working(moment: dt.datetime) -> bool:
        return cal.is_working_day(moment.date()) and (cal.day_start <= moment.time() < cal.day_end)

    while not working(wall):
        wall += dt.timedelta(minutes=1)
    for step in range(minutes):
        # Consume the working minute [wall, wall + 1).
        wall += dt.timedelta(minutes=1)
        if step < minutes - 1:
            while not working(wall):
                wall += dt.timedelta(minutes=1)
    return wall.replace(tzinfo=tz).astimezone(start.tzinfo)


@settings(max_examples=60, deadline=None)
@given(
    cal=calendars,
    start=aligned_moments,
    minutes=st.integers(min_value=0, max_value=2 * DAY),
)
def test_prop_matches_minute_by_minute_oracle(cal: WorkingCalendar, start: dt.datetime, minutes: int) -> None:
    assert add_working_minutes(cal, start, minutes) == _brute_force_add(cal, start, minutes)


# ---------------------------------------------------------------------------
# Long spans and the ends of the calendar (0001-01-01 to 9999-12-31)
# ---------------------------------------------------------------------------


def _count_day_checks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count single-day checks made by the arithmetic (the work a day-by-day walk would do)."""
    calls = [0]
    original = worktime._Index.is_working

    def counting(self: worktime._Index, day: int) -> bool:
        calls[0] += 1
        return original(self, day)

    monkeypatch.setattr(worktime._Index, "is_working", counting)
    return calls


def test_long_spans_look_at_a_handful_of_single_days(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _count_day_checks(monkeypatch)
    cal = WorkingCalendar(closed_dates=frozenset({dt.date(2030, 1, 2)}), open_dates=frozenset({dt.date(2031, 6, 7)}))
    start = london(2026, 12, 1, 10)
    end = add_working_days(cal, start, 2600)  # about ten years
    assert working_minutes_between(cal, start, end) == 2600 * DAY
    assert working_minutes_between(cal, dt.datetime(1, 1, 1, tzinfo=UTC), dt.datetime.max.replace(tzinfo=UTC)) > 0
    assert calls[0] < 100  # a day-by-day walk would make millions


def test_long_span_matches_reference_across_the_bank_holiday_data_edges() -> None:
    # holidays has England bank holidays for 1872-2100 only; spans across both
    # edges agree with the day-by-day original.
    for first, last in [(london(1865, 3, 1, 12), london(1880, 5, 1, 12)), (london(2096, 1, 5), london(2106, 2, 1))]:
        assert working_minutes_between(CAL, first, last) == reference.working_minutes_between(CAL, first, last)
        minutes = reference.working_minutes_between(CAL, first, last) + 7
        assert add_working_minutes(CAL, first, minutes) == reference.add_working_minutes(CAL, first, minutes)


def test_bank_holidays_outside_the_librarys_years_are_none() -> None:
    years = worktime._bank_holiday_years()
    for year in (1, years.start - 1, years.stop, 5000, 9999):
        assert not holidays.country_holidays("GB", subdiv="ENG", years=year)
        assert worktime._england_bank_holidays(year) == frozenset()


def test_bulk_bank_holidays_match_per_year() -> None:
    worktime._load_all_bank_holidays()
    for year in (*worktime._bank_holiday_years()[::7], 1872, 1970, 2020, 2022, 2100):
        alone = frozenset(day for day in holidays.country_holidays("GB", subdiv="ENG", years=year) if day.year == year)
        assert worktime._england_bank_holidays(year) == alone


def test_measuring_from_year_one_and_to_year_9999_clamps() -> None:
    # 0001-01-01 00:00 UTC is still 31 December of year 0 in London (local
    # mean time, -0:01:15): no day there, so no working time, and no error.
    dawn = dt.datetime(1, 1, 1, tzinfo=UTC)
    now = london(2026, 12, 1, 12)
    first_morning = london(1, 1, 1, 9)  # Monday
    assert working_minutes_between(CAL, dawn, now) == working_minutes_between(CAL, first_morning, now)
    assert working_minutes_between(CAL, now, dawn) == -working_minutes_between(CAL, dawn, now)
    # The other end: 23:00 on 31 December 9999 at UTC-5 is after the last moment in London.
    dusk = dt.datetime(9999, 12, 31, 23, tzinfo=dt.timezone(dt.timedelta(hours=-5)))
    last_close = london(9999, 12, 31, 17)  # Friday
    assert working_minutes_between(CAL, now, dusk) == working_minutes_between(CAL, now, last_close)
    assert working_minutes_between(CAL, now, dt.datetime.max.replace(tzinfo=UTC)) == working_minutes_between(
        CAL, now, last_close
    )


def test_adding_from_year_one() -> None:
    assert add_working_minutes(CAL, dt.datetime(1, 1, 1, tzinfo=UTC), 60) == london(1, 1, 1, 10)


def test_adding_past_9999_raises_out_of_range() -> None:
    last_afternoon = london(9999, 12, 31, 16)
    assert add_working_minutes(CAL, last_afternoon, 60) == london(9999, 12, 31, 17)
    with pytest.raises(WorkingTimeOutOfRange, match="9999-12-31"):
        add_working_minutes(CAL, last_afternoon, 61)
    with pytest.raises(WorkingTimeOutOfRange):
        add_working_minutes(CAL, london(9999, 12, 31, 18), 0)
    with pytest.raises(WorkingTimeOutOfRange):
        add_working_days(CAL, london(2026, 12, 1, 10), 10**7)
    with pytest.raises(WorkingTimeOutOfRange):
        add_working_minutes(CAL, london(2026, 12, 1, 10), 10**15)  # more than a timedelta holds
    # In range in London but not in the start's time zone.
    with pytest.raises(WorkingTimeOutOfRange, match="cannot be shown"):
        add_working_minutes(CAL, dt.datetime(9999, 12, 31, 20, tzinfo=dt.timezone(dt.timedelta(hours=14))), 60)
    # It is a ValueError, like the other refusals.
    assert issubclass(WorkingTimeOutOfRange, ValueError)


def test_long_closure_is_the_misconfiguration_error_even_far_into_a_span() -> None:
    # A year and a half closed, ten years ahead: adding across it stops there,
    # exactly as the day-by-day walk did.
    closure = frozenset(dt.date(2036, 1, 1) + dt.timedelta(days=i) for i in range(550))
    cal = WorkingCalendar(closed_dates=closure)
    start = london(2026, 12, 1, 10)

    def outcome(add: Callable[[WorkingCalendar, dt.datetime, int], dt.datetime], amount: int) -> object:
        try:
            return add(cal, start, amount)
        except ValueError as exc:
            return str(exc)

    for amount in (2000 * DAY, 2700 * DAY):  # before the closure, and across it
        assert outcome(add_working_minutes, amount) == outcome(reference.add_working_minutes, amount)
    with pytest.raises(ValueError, match="no working day within 366 days of 2036-01-01"):
        add_working_minutes(cal, start, 2700 * DAY)
