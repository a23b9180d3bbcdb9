"""The original day-by-day working-time arithmetic, kept as a test oracle.

This is ``openmash.hubs.worktime`` as it was before counting and adding moved to
whole weeks and sorted override/bank-holiday lists: it steps one calendar day
at a time and asks ``WorkingCalendar.is_working_day`` about each. It is slow
over long spans (years), which is why the module no longer works this way, but
it is simple enough to trust, so the fast implementation is checked against it
(``test_worktime_oracle.py``). Only the arithmetic lives here; the calendar
itself (``WorkingCalendar.is_working_day``) is the module's.
"""

from __future__ import annotations

import datetime as dt

from openmash.hubs.worktime import MAX_SEARCH_DAYS, WorkingCalendar

_ONE_DAY = dt.timedelta(days=1)
_ONE_MINUTE = dt.timedelta(minutes=1)
_ZERO = dt.timedelta(0)


def _require_aware(value: dt.datetime, name: str) -> None:
    if not isinstance(value, dt.datetime):
        raise TypeError(f"{name} must be a datetime, got {value!r}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware, got naive {value!r}")


def _to_local(cal: WorkingCalendar, moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(cal.tz).replace(tzinfo=None)


def _from_local(cal: WorkingCalendar, local: dt.datetime, like: dt.datetime) -> dt.datetime:
    return local.replace(tzinfo=cal.tz).astimezone(like.tzinfo)


def _next_working_day(cal: WorkingCalendar, day: dt.date) -> dt.date:
    """The first working day on or after ``day``."""
    candidate = day
    for _ in range(MAX_SEARCH_DAYS + 1):
        if cal.is_working_day(candidate):
            return candidate
        try:
            candidate += _ONE_DAY
        except OverflowError as exc:
            raise ValueError(f"no working day on or after {day}") from exc
    raise ValueError(
        f"no working day within {MAX_SEARCH_DAYS} days of {day}: the working calendar looks misconfigured ({cal!r})"
    )


def _next_working_moment(cal: WorkingCalendar, local: dt.datetime) -> dt.datetime:
    """``local`` if it is inside working time, else the next working start."""
    day = local.date()
    if cal.is_working_day(day):
        now = local.time()
        if now < cal.day_start:
            return dt.datetime.combine(day, cal.day_start)
        if now < cal.day_end:
            return local
    following = _next_working_day(cal, day + _ONE_DAY)
    return dt.datetime.combine(following, cal.day_start)


def _add_local(cal: WorkingCalendar, local: dt.datetime, amount: dt.timedelta) -> dt.datetime:
    current = _next_working_moment(cal, local)
    remaining = amount
    while True:
        close = dt.datetime.combine(current.date(), cal.day_end)
        available = close - current
        if remaining <= available:
            return current + remaining
        remaining -= available
        following = _next_working_day(cal, current.date() + _ONE_DAY)
        current = dt.datetime.combine(following, cal.day_start)


def _working_time_local(cal: WorkingCalendar, start: dt.datetime, end: dt.datetime) -> dt.timedelta:
    """Working time in ``[start, end)`` for local datetimes with start <= end."""
    total = _ZERO
    day = start.date()
    last = end.date()
    while True:
        if cal.is_working_day(day):
            opens = max(start, dt.datetime.combine(day, cal.day_start))
            closes = min(end, dt.datetime.combine(day, cal.day_end))
            if closes > opens:
                total += closes - opens
        if day == last:
            break
        day += _ONE_DAY
    return total


def add_working_minutes(cal: WorkingCalendar, start: dt.datetime, minutes: int) -> dt.datetime:
    """``start`` plus ``minutes`` of working time, a day at a time."""
    _require_aware(start, "start")
    if minutes < 0:
        raise ValueError(f"minutes must not be negative, got {minutes}")
    local = _add_local(cal, _to_local(cal, start), dt.timedelta(minutes=minutes))
    return _from_local(cal, local, start)


def working_minutes_between(cal: WorkingCalendar, start: dt.datetime, end: dt.datetime) -> int:
    """Whole working minutes in ``[start, end)``, a day at a time; negative if ``end < start``."""
    _require_aware(start, "start")
    _require_aware(end, "end")
    if end < start:
        return -working_minutes_between(cal, end, start)
    local_start = _to_local(cal, start)
    local_end = _to_local(cal, end)
    if local_end <= local_start:  # only possible inside a repeated (fall-back) hour
        return 0
    return _working_time_local(cal, local_start, local_end) // _ONE_MINUTE
