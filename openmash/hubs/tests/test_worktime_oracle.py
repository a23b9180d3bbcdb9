"""The fast working-time arithmetic against the day-by-day original (``worktime_reference``).

Random calendars (hours, any set of working weekdays including weekend working
and none at all, closed/open overrides including long closures, bank holidays
on or off), random spans of up to a few years and random starts, biased
towards clock-change days and the edges of the working day. Outcomes must be
identical: the same datetime in the same time zone, or the same ``ValueError``
message (for example the misconfigured-calendar one).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Callable

from hypothesis import given, settings
from hypothesis import strategies as st

from openmash.hubs import worktime
from openmash.hubs.tests import worktime_reference as reference
from openmash.hubs.worktime import WorkingCalendar

LONDON = zoneinfo.ZoneInfo("Europe/London")
UTC = dt.UTC
FIRST = dt.date(2024, 1, 1)
LAST = dt.date(2029, 12, 31)
# British Summer Time starts and ends in the span.
DST_DAYS = [
    dt.date(2024, 3, 31),
    dt.date(2024, 10, 27),
    dt.date(2025, 3, 30),
    dt.date(2025, 10, 26),
    dt.date(2026, 3, 29),
    dt.date(2026, 10, 25),
    dt.date(2027, 3, 28),
    dt.date(2027, 10, 31),
]

days = st.dates(min_value=FIRST, max_value=LAST)


@st.composite
def hours(draw: st.DrawFn) -> tuple[dt.time, dt.time]:
    edges = [0, 8 * 60, 9 * 60, 17 * 60, 23 * 60 + 59]
    start = draw(st.one_of(st.sampled_from(edges[:-1]), st.integers(0, 24 * 60 - 2)))
    end = draw(
        st.one_of(st.sampled_from([e for e in edges if e > start] or [start + 1]), st.integers(start + 1, 24 * 60 - 1))
    )
    return dt.time(start // 60, start % 60), dt.time(end // 60, end % 60)


@st.composite
def override_dates(draw: st.DrawFn) -> frozenset[dt.date]:
    dates = set(draw(st.lists(days, max_size=25)))
    # Sometimes a run of consecutive dates (a closure), long enough at times to
    # leave more than MAX_SEARCH_DAYS without a working day.
    for _ in range(draw(st.integers(0, 2))):
        first = draw(days)
        length = draw(st.sampled_from([3, 14, 200, 366, 367, 400, 500]))
        dates.update(first + dt.timedelta(days=i) for i in range(length))
    return frozenset(dates)


@st.composite
def calendars(draw: st.DrawFn) -> WorkingCalendar:
    day_start, day_end = draw(hours())
    weekdays = draw(
        st.one_of(
            st.sampled_from([frozenset(range(5)), frozenset(range(7)), frozenset({5, 6}), frozenset()]),
            st.frozensets(st.integers(0, 6)),
        )
    )
    open_dates = draw(override_dates())
    if not weekdays:
        # With no working weekdays only open dates work; make them dense enough
        # sometimes to get answers rather than only the misconfiguration error.
        open_dates |= frozenset(draw(st.lists(days, min_size=0, max_size=60)))
    return WorkingCalendar(
        day_start=day_start,
        day_end=day_end,
        working_weekdays=weekdays,
        closed_dates=draw(override_dates()),
        open_dates=open_dates,
        use_bank_holidays=draw(st.booleans()),
    )


def _at(day: dt.date, minute: int, tz: dt.tzinfo, fold: int) -> dt.datetime:
    local = dt.datetime.combine(day, dt.time(minute // 60, minute % 60), tzinfo=LONDON).replace(fold=fold)
    return local.astimezone(tz)


# Any moment in the span, or a whole minute on a clock-change day or near the
# ends of a working day; in London or UTC.
moments = st.one_of(
    st.datetimes(
        min_value=dt.datetime.combine(FIRST, dt.time()),
        max_value=dt.datetime.combine(LAST, dt.time(23, 59, 59)),
        timezones=st.sampled_from([LONDON, UTC]),
    ),
    st.builds(
        _at,
        st.one_of(st.sampled_from(DST_DAYS), days),
        st.one_of(st.sampled_from([0, 60, 90, 120, 8 * 60 + 59, 9 * 60, 17 * 60, 23 * 60 + 59]), st.integers(0, 1439)),
        st.sampled_from([LONDON, UTC]),
        st.integers(0, 1),
    ),
)


def outcome(function: Callable[..., object], *args: object) -> tuple[str, object]:
    try:
        result = function(*args)
    except ValueError as exc:
        return ("error", str(exc))
    if isinstance(result, dt.datetime):
        # Same instant, same tzinfo object, same wall clock and fold.
        return ("ok", (result, result.tzinfo, result.replace(tzinfo=None), result.fold))
    return ("ok", result)


ORACLE_SETTINGS = settings(max_examples=200, deadline=None)


@ORACLE_SETTINGS
@given(
    cal=calendars(),
    start=moments,
    amount=st.one_of(
        st.integers(0, 3 * 24 * 60),
        st.integers(0, 3 * 366 * 24 * 60),  # up to about three years of round-the-clock working
    ),
    whole_days=st.booleans(),
)
def test_add_matches_day_by_day(cal: WorkingCalendar, start: dt.datetime, amount: int, whole_days: bool) -> None:
    if whole_days:  # land on the close-of-day convention often
        amount -= amount % cal.day_length_minutes()
    assert outcome(worktime.add_working_minutes, cal, start, amount) == outcome(
        reference.add_working_minutes, cal, start, amount
    )


@ORACLE_SETTINGS
@given(cal=calendars(), a=moments, b=moments)
def test_between_matches_day_by_day(cal: WorkingCalendar, a: dt.datetime, b: dt.datetime) -> None:
    assert outcome(worktime.working_minutes_between, cal, a, b) == outcome(reference.working_minutes_between, cal, a, b)


@ORACLE_SETTINGS
@given(cal=calendars(), start=moments, amount=st.integers(0, 10 * 24 * 60))
def test_between_of_add_matches_day_by_day(cal: WorkingCalendar, start: dt.datetime, amount: int) -> None:
    # Short amounts from a start: the two ends of one working period.
    end = outcome(reference.add_working_minutes, cal, start, amount)
    assert outcome(worktime.add_working_minutes, cal, start, amount) == end
    if end[0] == "ok":
        moment = end[1][0]  # type: ignore[index]
        assert worktime.working_minutes_between(cal, start, moment) == reference.working_minutes_between(
            cal, start, moment
        )


@settings(max_examples=200, deadline=None)
@given(cal=calendars(), day=st.one_of(days, st.dates(min_value=dt.date(1860, 1, 1), max_value=dt.date(2110, 12, 31))))
def test_fast_day_rule_matches_is_working_day(cal: WorkingCalendar, day: dt.date) -> None:
    assert worktime._index(cal).is_working(day.toordinal()) is cal.is_working_day(day)
