"""Working-time arithmetic for hub deadlines (pure Python: stdlib + ``holidays``).

A multi-agency safeguarding hub measures deadlines in *working time*: the
hub's working hours on its working days, skipping weekends and England's bank
holidays, with per-hub overrides. This module has no Django imports so it can
be unit- and property-tested quickly; the Django side builds a
:class:`WorkingCalendar` from a hub's settings and calls the functions below.

Conventions
===========

Time zones and wall-clock time
    Every datetime passed in must be timezone-aware; a naive one raises
    ``ValueError`` (a non-datetime raises ``TypeError``). Inputs are converted to ``cal.timezone`` (a zoneinfo name,
    default ``Europe/London``) and all arithmetic is done on local wall-clock
    time there, so a working day is 09:00-17:00 *local* on both sides of a
    daylight-saving change. Working time is counted in wall-clock minutes, and
    the module assumes that no clock change falls inside working hours (true
    for the UK, where clocks change at 01:00 UTC). Returned datetimes are in the
    same time zone as the ``start`` argument (``.astimezone(start.tzinfo)``).

Working time
    Only time in the half-open interval ``[day_start, day_end)`` on working
    days counts. A start outside it (evening, weekend, bank holiday, or exactly
    at ``day_end``) starts the clock at the next working moment, i.e. the next
    working day's ``day_start``. Sub-minute precision of ``start`` is kept.
    ``day_start`` and ``day_end`` must be naive whole-minute times with
    ``day_end`` after ``day_start`` (checked in ``__post_init__``).

Working days
    :meth:`WorkingCalendar.is_working_day` decides, in this order:

    1. a date in ``closed_dates`` is closed (so a date in both override sets
       is closed: closed wins);
    2. a date in ``open_dates`` is open, even a weekend or a bank holiday
       (for example a Saturday the hub staffs);
    3. a weekday not in ``working_weekdays`` (Monday=0) is closed;
    4. if ``use_bank_holidays``, an England bank holiday is closed. These come
       from ``holidays.country_holidays("GB", subdiv="ENG")`` (the subdivision
       matters: without it Easter Monday and the August bank holiday are
       missing) and include observed/substitute days such as Monday
       28 December 2026 for Boxing Day. They are cached per year;
    5. otherwise the date is a working day.

Adding working time
    ``add_working_minutes(cal, start, 0)`` returns ``start`` if it is inside
    working time, otherwise the next working moment. When the added time ends
    exactly at the close of a working day the result is that close (17:00),
    not the next morning's 09:00. Consequently the result always lies on a
    working day with ``day_start <= local time <= day_end``, and equals
    ``day_end`` only when ``minutes > 0``. Negative amounts raise
    ``ValueError`` (deadlines only run forwards).

    ``add_working_days(cal, start, n)`` is exactly
    ``add_working_minutes(cal, start, n * cal.day_length_minutes())``: one
    working day from Monday 10:00 is Tuesday 10:00, from Friday 16:00 is
    Monday 16:00 and from Saturday 11:00 is Monday 17:00.

    ``deadline(cal, start, amount, unit)`` with ``unit == "working_hours"``
    adds ``amount * 60`` working minutes; with ``"working_days"`` it adds
    ``amount`` working days. Any other unit, or ``amount < 0``, raises
    ``ValueError``.

    Because of the close-of-day convention, additivity
    ``add(add(t, a), b) == add(t, a + b)`` holds exactly whenever ``b > 0``.
    With ``b == 0`` and ``add(t, a)`` ending at a close, ``add(x, 0)`` moves
    ``x`` on to the next working start; the two results then differ but have
    no working time between them.

Measuring working time
    ``working_minutes_between(cal, a, b)`` counts the working time in
    ``[a, b)`` and returns whole minutes (seconds are floored). If ``b < a``
    it returns ``-working_minutes_between(cal, b, a)``, so it is exactly
    antisymmetric. ``working_minutes_between(cal, t, add_working_minutes(cal,
    t, m)) == m`` for every ``m >= 0``.

Formatting
    ``format_working_duration(cal, minutes)`` splits ``abs(minutes)`` into
    working days of ``cal.day_length_minutes()`` each, hours and minutes, and
    names the non-zero parts: "2 working days 3 hours", "45 minutes",
    "1 hour 5 minutes", "1 working day"; zero is "0 minutes". It never shows a
    sign: the caller says whether a duration is overdue.

Efficiency and misconfiguration
    Arithmetic steps a day at a time, never a minute at a time. Looking for
    the next working day gives up after 366 days and raises ``ValueError``
    naming the calendar, since that means the calendar is misconfigured
    (for example no working weekdays and no open dates).
"""

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass

import holidays

__all__ = [
    "WorkingCalendar",
    "add_working_days",
    "add_working_minutes",
    "deadline",
    "format_working_duration",
    "working_minutes_between",
]

#: How far ahead to look for a working day before declaring the calendar broken.
MAX_SEARCH_DAYS = 366

DEADLINE_UNITS = frozenset({"working_hours", "working_days"})

_ONE_DAY = dt.timedelta(days=1)
_ONE_MINUTE = dt.timedelta(minutes=1)
_ZERO = dt.timedelta(0)


@functools.cache
def _england_bank_holidays(year: int) -> frozenset[dt.date]:
    """England's bank holidays (observed/substitute days included) in ``year``."""
    calendar = holidays.country_holidays("GB", subdiv="ENG", years=year)
    return frozenset(day for day in calendar if day.year == year)


@functools.cache
def _zone(name: str) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown time zone {name!r}") from exc


def _frozen_dates(values: Iterable[dt.date], field: str) -> frozenset[dt.date]:
    dates = frozenset(values)
    for value in dates:
        # datetime is a subclass of date; a datetime here is almost certainly a bug.
        if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
            raise TypeError(f"{field} must contain dates, got {value!r}")
    return dates


@dataclass(frozen=True)
class WorkingCalendar:
    """A hub's working hours, working weekdays and day overrides."""

    day_start: dt.time = dt.time(9, 0)
    day_end: dt.time = dt.time(17, 0)
    working_weekdays: frozenset[int] = frozenset({0, 1, 2, 3, 4})  # Monday=0
    timezone: str = "Europe/London"
    closed_dates: frozenset[dt.date] = frozenset()  # closed although normally working
    open_dates: frozenset[dt.date] = frozenset()  # open although weekend/bank holiday
    use_bank_holidays: bool = True  # England bank holidays (GB, subdiv ENG)

    def __post_init__(self) -> None:
        for name in ("day_start", "day_end"):
            value = getattr(self, name)
            if not isinstance(value, dt.time):
                raise TypeError(f"{name} must be a datetime.time, got {value!r}")
            if value.tzinfo is not None:
                raise ValueError(f"{name} must be a naive local time, got {value!r}")
            if value.second or value.microsecond:
                raise ValueError(f"{name} must be a whole minute, got {value!r}")
        if self.day_end <= self.day_start:
            raise ValueError(f"day_end ({self.day_end}) must be after day_start ({self.day_start})")
        weekdays = frozenset(self.working_weekdays)
        if not weekdays <= frozenset(range(7)):
            raise ValueError(f"working_weekdays must be in 0..6 (Monday=0), got {sorted(weekdays)}")
        _zone(self.timezone)  # validates the name
        # Accept any iterable (e.g. a set or list from a query) but store frozensets
        # so the calendar stays hashable.
        object.__setattr__(self, "working_weekdays", weekdays)
        object.__setattr__(self, "closed_dates", _frozen_dates(self.closed_dates, "closed_dates"))
        object.__setattr__(self, "open_dates", _frozen_dates(self.open_dates, "open_dates"))

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        """The calendar's time zone as a ``ZoneInfo``."""
        return _zone(self.timezone)

    def is_working_day(self, day: dt.date) -> bool:
        """Whether ``day`` is a working day (see the module docstring for the order)."""
        if isinstance(day, dt.datetime):
            day = day.date()
        if day in self.closed_dates:
            return False
        if day in self.open_dates:
            return True
        if day.weekday() not in self.working_weekdays:
            return False
        return not (self.use_bank_holidays and day in _england_bank_holidays(day.year))

    def day_length_minutes(self) -> int:
        """Minutes between ``day_start`` and ``day_end`` on one working day."""
        return self._day_length() // _ONE_MINUTE

    def _day_length(self) -> dt.timedelta:
        anchor = dt.date(2000, 1, 1)
        return dt.datetime.combine(anchor, self.day_end) - dt.datetime.combine(anchor, self.day_start)


# --------------------------------------------------------------------------
# Internal helpers. "Local" datetimes are naive wall-clock times in cal.tz.
# --------------------------------------------------------------------------


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


# --------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------


def add_working_minutes(cal: WorkingCalendar, start: dt.datetime, minutes: int) -> dt.datetime:
    """``start`` plus ``minutes`` of working time (see the module docstring)."""
    _require_aware(start, "start")
    if minutes < 0:
        raise ValueError(f"minutes must not be negative, got {minutes}")
    local = _add_local(cal, _to_local(cal, start), dt.timedelta(minutes=minutes))
    return _from_local(cal, local, start)


def add_working_days(cal: WorkingCalendar, start: dt.datetime, days: int) -> dt.datetime:
    """``start`` plus ``days`` full working days of ``cal.day_length_minutes()``."""
    if days < 0:
        raise ValueError(f"days must not be negative, got {days}")
    return add_working_minutes(cal, start, days * cal.day_length_minutes())


def working_minutes_between(cal: WorkingCalendar, start: dt.datetime, end: dt.datetime) -> int:
    """Whole working minutes in ``[start, end)``; negative if ``end < start``."""
    _require_aware(start, "start")
    _require_aware(end, "end")
    if end < start:
        return -working_minutes_between(cal, end, start)
    local_start = _to_local(cal, start)
    local_end = _to_local(cal, end)
    if local_end <= local_start:  # only possible inside a repeated (fall-back) hour
        return 0
    return _working_time_local(cal, local_start, local_end) // _ONE_MINUTE


def deadline(cal: WorkingCalendar, start: dt.datetime, amount: int, unit: str) -> dt.datetime:
    """The deadline ``amount`` working hours or working days after ``start``."""
    if unit not in DEADLINE_UNITS:
        raise ValueError(f"unit must be one of {sorted(DEADLINE_UNITS)}, got {unit!r}")
    if amount < 0:
        raise ValueError(f"amount must not be negative, got {amount}")
    if unit == "working_hours":
        return add_working_minutes(cal, start, amount * 60)
    return add_working_days(cal, start, amount)


def _plural(count: int, singular: str, plural: str) -> str:
    return f"{count} {singular if count == 1 else plural}"


def format_working_duration(cal: WorkingCalendar, minutes: int) -> str:
    """Describe ``abs(minutes)`` as working days, hours and minutes."""
    days, rest = divmod(abs(minutes), cal.day_length_minutes())
    hours, mins = divmod(rest, 60)
    parts: list[str] = []
    if days:
        parts.append(_plural(days, "working day", "working days"))
    if hours:
        parts.append(_plural(hours, "hour", "hours"))
    if mins or not parts:
        parts.append(_plural(mins, "minute", "minutes"))
    return " ".join(parts)


def add_years(day: dt.date, years: int) -> dt.date:
    """The same date `years` later (or earlier, if negative); 29 February goes to 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)
