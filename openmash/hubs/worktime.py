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

Limits
    Dates run from 0001-01-01 to 9999-12-31 (``datetime``'s range) in the
    calendar's time zone, and there is no working time outside them. Measuring
    clamps: a moment whose local time would fall before the first date or after
    the last counts from or to that edge, so ``working_minutes_between`` never
    fails on extreme inputs (0001-01-01 00:00 UTC is still 31 December of year 0
    in London, on local mean time). Adding raises
    :class:`WorkingTimeOutOfRange`, a ``ValueError``, when the result would lie
    after 9999-12-31 or cannot be expressed in the ``start`` argument's time
    zone; callers can show that as "no deadline we can show".

Efficiency and misconfiguration
    Cost does not grow with the span, day by day: a span of ten years costs
    a few times what a single day does, and 0001-9999 some ten times
    (``benchmarks/worktime.py``, which fails if ten years costs over ten
    times a day). Working days in a range are counted, not
    walked: whole weeks arithmetically (the number of working weekdays per
    week), then the bank holidays on working weekdays and the effect of the
    closed/open overrides, each looked up with ``bisect`` in sorted lists.
    Adding jumps whole weeks at a time by that count and walks only the last
    few days. Bank holidays are fetched from ``holidays`` lazily, per year, and
    only for the years it has data for (1872-2100 in the installed version;
    outside them it has none), all at once when a span covers more than ten
    years; the first such span in a process pays about a tenth of a second once.
    The per-calendar lookup tables are cached for equal calendars.

    Looking for the next working day gives up after 366 days and raises
    ``ValueError`` naming the calendar, since that means the calendar is
    misconfigured (for example no working weekdays and no open dates). This is
    exactly where the day-by-day walk would have given up: when adding
    crosses a run of more than 366 days without a working day (found up
    front from the overrides), the error names the run's first day, even if it
    lies years after ``start``.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass

import holidays

__all__ = [
    "WorkingCalendar",
    "WorkingTimeOutOfRange",
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
#: A span over more years than this loads every year's bank holidays at once.
_YEARS_BEFORE_BULK_LOAD = 10
#: The earliest and latest naive local datetimes.
_FIRST_MOMENT = dt.datetime.combine(dt.date.min, dt.time.min)
_LAST_MOMENT = dt.datetime.combine(dt.date.max, dt.time.max)
#: More minutes than there are between 0001-01-01 and 9999-12-31.
_MAX_MINUTES = (dt.date.max - dt.date.min).days * 24 * 60 + 24 * 60


class WorkingTimeOutOfRange(ValueError):
    """The answer would lie after 31 December 9999, the last date Python can represent.

    Raised by :func:`add_working_minutes` (and so :func:`add_working_days` and
    :func:`deadline`); :func:`working_minutes_between` never raises it (see
    "Limits" in the module docstring). A caller showing a deadline can catch it
    and say something like "no deadline in any date we can show".
    """


@functools.cache
def _bank_holiday_years() -> range:
    """The years ``holidays`` has England bank holidays for (1872 to 2100 in holidays 0.x).

    Outside them the library returns no holidays at all (``HolidayBase._populate``
    returns early), so those years are not asked about: a span of thousands of
    years costs a lookup only for the couple of hundred years with data.
    """
    calendar = holidays.country_holidays("GB", subdiv="ENG")
    return range(calendar.start_year, calendar.end_year + 1)


_BANK_HOLIDAYS: dict[int, frozenset[dt.date]] = {}


def _england_bank_holidays(year: int) -> frozenset[dt.date]:
    """England's bank holidays (observed/substitute days included) in ``year``, cached."""
    if year not in _bank_holiday_years():
        return frozenset()
    found = _BANK_HOLIDAYS.get(year)
    if found is None:
        calendar = holidays.country_holidays("GB", subdiv="ENG", years=year)
        found = _BANK_HOLIDAYS[year] = frozenset(day for day in calendar if day.year == year)
    return found


@functools.cache
def _load_all_bank_holidays() -> None:
    """Fill the cache for every year with data in one call to ``holidays``.

    One call for all the years is about four times quicker than one per year
    (about 0.06 s against 0.23 s for 1872-2100), so a span reaching over
    decades pays it once instead. Each year keeps only its own dates, exactly as
    a call for that year alone would give (``test_bulk_bank_holidays_match_per_year``).
    """
    years = _bank_holiday_years()
    by_year: dict[int, set[dt.date]] = {year: set() for year in years}
    for day in holidays.country_holidays("GB", subdiv="ENG", years=years):
        if day.year in by_year:
            by_year[day.year].add(day)
    for year, days in by_year.items():
        _BANK_HOLIDAYS.setdefault(year, frozenset(days))


@functools.cache
def _bank_holiday_ordinals(year: int) -> frozenset[int]:
    return frozenset(day.toordinal() for day in _england_bank_holidays(year))


@functools.cache
def _bank_holidays_on(year: int, weekdays: frozenset[int]) -> tuple[int, ...]:
    """Sorted ordinals of ``year``'s bank holidays that fall on one of ``weekdays``."""
    return tuple(sorted(day for day in _bank_holiday_ordinals(year) if (day - 1) % 7 in weekdays))


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
    """``moment`` as naive wall-clock time in ``cal.tz``, clamped to ``datetime.min``/``max``.

    Clamping loses no working time: there are no days outside the range.
    """
    try:
        return moment.astimezone(cal.tz).replace(tzinfo=None)
    except OverflowError:
        pass
    # Within a couple of days of 0001-01-01 or 9999-12-31: convert a moment two
    # days nearer the middle (no clock changes there) and shift back if possible.
    shift = dt.timedelta(days=2) if moment.year < 5000 else -dt.timedelta(days=2)
    local = (moment + shift).astimezone(cal.tz).replace(tzinfo=None)
    try:
        return local - shift
    except OverflowError:
        return _FIRST_MOMENT if shift > _ZERO else _LAST_MOMENT


def _from_local(cal: WorkingCalendar, local: dt.datetime, like: dt.datetime) -> dt.datetime:
    try:
        return local.replace(tzinfo=cal.tz).astimezone(like.tzinfo)
    except OverflowError:
        raise WorkingTimeOutOfRange(f"{local} in {cal.timezone} cannot be shown in {like.tzinfo}") from None


class _Index:
    """What a calendar needs to count working days over a span without walking it.

    Days are proleptic Gregorian ordinals (``date.toordinal()``; 1 is Monday
    0001-01-01). The number of working days in ``[a, b)`` is

    * the number of days in ``[a, b)`` on a working weekday, worked out
      arithmetically (whole weeks, then at most six days);
    * less the bank holidays in ``[a, b)`` on a working weekday, counted with
      ``bisect`` in each year's sorted list (only years the ``holidays`` library
      has data for are looked at; see :func:`_bank_holiday_years`);
    * plus the effect of the ``closed_dates``/``open_dates`` overrides: each
      override date whose status differs from what weekday and bank holiday
      alone say contributes +1 or -1, summed from a sorted list with prefix sums.

    Built once per distinct calendar (:func:`_index` caches it).
    """

    def __init__(self, cal: WorkingCalendar) -> None:
        self.weekdays = cal.working_weekdays
        self.per_week = len(self.weekdays)
        self.use_bank_holidays = cal.use_bank_holidays and self.per_week > 0
        # _in_first[w][k]: how many of the k days starting on weekday w are working weekdays.
        self._in_first = [[sum((w + i) % 7 in self.weekdays for i in range(k)) for k in range(8)] for w in range(7)]
        self.closed = frozenset(day.toordinal() for day in cal.closed_dates)
        self.open = frozenset(day.toordinal() for day in cal.open_dates) - self.closed
        self._open_working = sorted(self.open)  # all the working days when no weekday works
        deltas = []
        for day in sorted(self.closed | self.open):
            delta = self.is_working(day) - self._is_working_by_rule(day)
            if delta:
                deltas.append((day, delta))
        self._override_days = [day for day, _ in deltas]
        self._override_sums = [0]
        for _, delta in deltas:
            self._override_sums.append(self._override_sums[-1] + delta)
        self._long_gaps: tuple[list[int], list[int]] | None = None

    # -- single days ---------------------------------------------------------

    def _is_working_by_rule(self, day: int) -> bool:
        """Working by weekday and bank holiday alone, ignoring the overrides."""
        if (day - 1) % 7 not in self.weekdays:
            return False
        return not (self.use_bank_holidays and day in _bank_holiday_ordinals(dt.date.fromordinal(day).year))

    def is_working(self, day: int) -> bool:
        """``WorkingCalendar.is_working_day`` on an ordinal (same order of rules)."""
        if day in self.closed:
            return False
        if day in self.open:
            return True
        return self._is_working_by_rule(day)

    # -- counting ------------------------------------------------------------

    def count(self, a: int, b: int) -> int:
        """Working days in ``[a, b)``."""
        if b <= a:
            return 0
        weeks, rest = divmod(b - a, 7)
        total = weeks * self.per_week + self._in_first[(a - 1) % 7][rest]
        if self.use_bank_holidays:
            total -= self._bank_holidays_on_working_weekdays(a, b)
        lo = bisect.bisect_left(self._override_days, a)
        hi = bisect.bisect_left(self._override_days, b, lo)
        return total + self._override_sums[hi] - self._override_sums[lo]

    def _bank_holidays_on_working_weekdays(self, a: int, b: int) -> int:
        years = _bank_holiday_years()
        first = max(dt.date.fromordinal(a).year, years.start)
        last = min(dt.date.fromordinal(b - 1).year, years.stop - 1)
        if last - first > _YEARS_BEFORE_BULK_LOAD:
            _load_all_bank_holidays()
        total = 0
        for year in range(first, last + 1):
            days = _bank_holidays_on(year, self.weekdays)
            if days and (days[0] < a or days[-1] >= b):
                total += bisect.bisect_left(days, b) - bisect.bisect_left(days, a)
            else:
                total += len(days)
        return total

    # -- searching -----------------------------------------------------------

    def nth_after(self, day: int, n: int) -> int:
        """The ``n``-th working day (``n >= 1``) after ``day``, as the day-by-day walk finds it.

        The walk searches at most ``MAX_SEARCH_DAYS`` days past each working day;
        when the ``n``-th working day lies beyond a longer gap the walk would
        have given up there, so this raises the same error.
        """
        starts, _ = self.long_gaps()
        i = bisect.bisect_right(starts, day)
        limit = starts[i] if i < len(starts) else _LAST_DAY + 1
        if self.per_week == 0:  # only open dates work: they are the whole list
            working = self._open_working
            at = bisect.bisect_right(working, day) + n - 1
            if at < len(working) and working[at] < limit:
                return working[at]
            raise self._ran_out(day, limit)
        pos, need = day + 1, n
        while need > 7:
            # Jump whole weeks at the rate of working weekdays; if overrides make
            # that overshoot, jump at the safe rate of seven days a week.
            jump = min(pos + ((need - 1) // self.per_week) * 7, limit)
            found = self.count(pos, jump)
            if found >= need:
                jump = pos + ((need - 1) // 7) * 7
                found = self.count(pos, jump)
            elif jump == limit:
                raise self._ran_out(day, limit)
            pos, need = jump, need - found
        while pos < limit:
            if self.is_working(pos):
                need -= 1
                if need == 0:
                    return pos
            pos += 1
        raise self._ran_out(day, limit)

    @staticmethod
    def _ran_out(day: int, limit: int) -> Exception:
        """The walk from ``day`` reached ``limit``: a long gap, or the end of the calendar."""
        if limit <= _LAST_DAY:
            return _NoWorkingDayNear(limit)
        return WorkingTimeOutOfRange(f"working time after {dt.date.fromordinal(day)} runs past {dt.date.max}")

    def first_from(self, day: int) -> int:
        """The first working day on or after ``day`` (``_next_working_day`` of the walk)."""
        if day > _LAST_DAY:
            raise WorkingTimeOutOfRange(f"no working day on or after {dt.date.max}: the calendar ends there")
        if self.is_working(day):
            return day
        starts, ends = self.long_gaps()
        i = bisect.bisect_right(starts, day) - 1
        if i >= 0 and ends[i] >= day and ends[i] - day + 1 > MAX_SEARCH_DAYS:
            raise _NoWorkingDayNear(day)
        return self.nth_after(day, 1)

    def long_gaps(self) -> tuple[list[int], list[int]]:
        """Runs of more than ``MAX_SEARCH_DAYS`` consecutive non-working days, as sorted starts and ends.

        With no working weekdays the working days are the open dates, so the
        gaps lie between them. Otherwise a gap that long holds at least 52 of
        each working weekday, all closed or bank holidays; England has nowhere
        near 52 bank holidays in a year, so every such gap contains a closed
        date that would otherwise be working, and the gaps are found by
        walking out from those dates.
        """
        if self._long_gaps is not None:
            return self._long_gaps
        gaps: list[tuple[int, int]] = []
        if self.per_week == 0:
            previous = 0
            for day in [*self._open_working, _LAST_DAY + 1]:
                if day - previous - 1 > MAX_SEARCH_DAYS:
                    gaps.append((previous + 1, day - 1))
                previous = day
        else:
            covered = 0
            for day in sorted(self.closed):
                if day <= covered or not self._is_working_by_rule(day):
                    continue
                first = day
                while first > 1 and not self.is_working(first - 1):
                    first -= 1
                last = day
                while last < _LAST_DAY and not self.is_working(last + 1):
                    last += 1
                covered = last
                if last - first + 1 > MAX_SEARCH_DAYS:
                    gaps.append((first, last))
        self._long_gaps = ([first for first, _ in gaps], [last for _, last in gaps])
        return self._long_gaps


_LAST_DAY = dt.date.max.toordinal()


@functools.lru_cache(maxsize=256)
def _index(cal: WorkingCalendar) -> _Index:
    return _Index(cal)


class _NoWorkingDayNear(Exception):  # noqa: N818 - internal, turned into a ValueError naming the calendar
    """No working day within ``MAX_SEARCH_DAYS`` days of ``day`` (an ordinal)."""

    def __init__(self, day: int) -> None:
        super().__init__(day)
        self.day = day


def _misconfigured(cal: WorkingCalendar, day: int) -> ValueError:
    # Named from the caller's calendar: the cached _Index may hold an equal one
    # whose sets print in another order.
    return ValueError(
        f"no working day within {MAX_SEARCH_DAYS} days of {dt.date.fromordinal(day)}: "
        f"the working calendar looks misconfigured ({cal!r})"
    )


def _next_working_moment(cal: WorkingCalendar, local: dt.datetime) -> dt.datetime:
    """``local`` if it is inside working time, else the next working start."""
    index = _index(cal)
    day = local.toordinal()
    if index.is_working(day):
        now = local.time()
        if now < cal.day_start:
            return dt.datetime.combine(local.date(), cal.day_start)
        if now < cal.day_end:
            return local
    following = index.first_from(day + 1)
    return dt.datetime.combine(dt.date.fromordinal(following), cal.day_start)


def _add_local(cal: WorkingCalendar, local: dt.datetime, amount: dt.timedelta) -> dt.datetime:
    current = _next_working_moment(cal, local)
    available = dt.datetime.combine(current.date(), cal.day_end) - current
    if amount <= available:
        return current + amount
    # Whole working days after today, then what is left of the amount: ending
    # exactly at a close stays at that close (the close-of-day convention).
    days, rest = divmod(amount - available, cal._day_length())
    if rest:
        target = _index(cal).nth_after(current.toordinal(), days + 1)
        return dt.datetime.combine(dt.date.fromordinal(target), cal.day_start) + rest
    target = _index(cal).nth_after(current.toordinal(), days)
    return dt.datetime.combine(dt.date.fromordinal(target), cal.day_end)


def _working_time_local(cal: WorkingCalendar, start: dt.datetime, end: dt.datetime) -> dt.timedelta:
    """Working time in ``[start, end)`` for local datetimes with start <= end."""
    index = _index(cal)

    def within(day: dt.date) -> dt.timedelta:
        if not index.is_working(day.toordinal()):
            return _ZERO
        opens = max(start, dt.datetime.combine(day, cal.day_start))
        closes = min(end, dt.datetime.combine(day, cal.day_end))
        return max(closes - opens, _ZERO)

    first, last = start.date(), end.date()
    if first == last:
        return within(first)
    whole_days = index.count(first.toordinal() + 1, last.toordinal())
    return within(first) + whole_days * cal._day_length() + within(last)


# --------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------


def add_working_minutes(cal: WorkingCalendar, start: dt.datetime, minutes: int) -> dt.datetime:
    """``start`` plus ``minutes`` of working time (see the module docstring)."""
    _require_aware(start, "start")
    if minutes < 0:
        raise ValueError(f"minutes must not be negative, got {minutes}")
    if minutes > _MAX_MINUTES:
        raise WorkingTimeOutOfRange(f"{minutes} working minutes after {start} runs past {dt.date.max}")
    try:
        local = _add_local(cal, _to_local(cal, start), dt.timedelta(minutes=minutes))
    except _NoWorkingDayNear as exc:
        raise _misconfigured(cal, exc.day) from None
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
