"""How far from today each kind of date a person types may be: every bound in one place.

A typo in a year box (0025 for 2025, 9999 for 2026) gives a real date that breaks
things later: a contact "received" in year 25 heads the queue forever, a deadline
in 9999 never falls due. So each date a person enters is checked against a window
that makes sense for what it is, by the form (to show the message beside the field)
and again by the service that stores it (so nothing bypasses the form).

The windows count calendar months from today, in the hub's local time. See
docs/dates.md for why each bound is what it is.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone

# Something that has already happened and is being recorded now (a contact arriving,
# consent given, a family told): recorded the same day as a rule, days or weeks late at
# worst. A year back allows for one found late, and refuses a typo in the year.
RECENT_PAST_MONTHS = 12
# Something planned (a deadline, a review, an action, a meeting): a MASH works in hours
# and days, so anything beyond a year ahead is a typo.
PLANNING_MONTHS = 12
# A closed or open day set ahead: bank holidays are announced about two years ahead.
CALENDAR_AHEAD_MONTHS = 24
# The oldest a living person may plausibly be.
LIFETIME_YEARS = 120
# A pregnancy, with room to spare: how far ahead an expected date of birth may be, and
# how long before birth something can have happened that is about the child.
PREGNANCY_MONTHS = 10
# A baby can be late, and a record that it is still unborn can lag behind the birth.
OVERDUE_MONTHS = 1


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` calendar months later (or earlier, if negative), or that month's last day.

    This is also the ICO's reading of "one calendar month" for a subject access request.
    """
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    year = min(max(year, dt.MINYEAR), dt.MAXYEAR)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def long_date(day: dt.date) -> str:
    """A date as GOV.UK writes it: 1 December 2026."""
    return f"{day.day} {day:%B %Y}"


@dataclass(frozen=True)
class Window:
    """Dates from `back` months before today to `ahead` months after it, both ends included.

    0 on a side means today is the limit on that side.
    """

    back: int
    ahead: int

    def earliest(self, today: dt.date) -> dt.date:
        return add_months(today, -self.back)

    def latest(self, today: dt.date) -> dt.date:
        return add_months(today, self.ahead)

    def refusal(self, value: dt.date | dt.datetime, *, noun: str, today: dt.date | None = None) -> str | None:
        """Why `value` (or a datetime's local date) is out of range, in GOV.UK words naming it as `noun`.

        None if it is in range.
        """
        if isinstance(value, dt.datetime):
            value = timezone.localtime(value).date()
        today = today or timezone.localdate()
        earliest, latest = self.earliest(today), self.latest(today)
        if earliest <= value <= latest:
            return None
        if value > today and self.ahead == 0:
            return f"{noun} must be today or in the past"
        if value < today and self.back == 0:
            return f"{noun} must be today or in the future"
        start = "today" if self.back == 0 else long_date(earliest)
        end = "today" if self.ahead == 0 else long_date(latest)
        return f"{noun} must be between {start} and {end}"

    def check(self, value: dt.date | dt.datetime, *, field: str, noun: str) -> None:
        """For a service: refuse an out-of-range date (or the local date of a datetime) for `field`."""
        message = self.refusal(value, noun=noun)
        if message:
            raise ValidationError({field: message})


# The windows, by what the date is.
CONTACT_RECEIVED = Window(back=RECENT_PAST_MONTHS, ahead=0)
# Consent given, a family told, an adult contacted, a subject access request received.
RECORDED_EVENT = Window(back=RECENT_PAST_MONTHS, ahead=0)
# A partner agency's deadline, a date to review not telling the family, an action's due date.
DEADLINE = Window(back=0, ahead=PLANNING_MONTHS)
# A meeting can be planned ahead, or recorded after it was held.
MEETING = Window(back=RECENT_PAST_MONTHS, ahead=PLANNING_MONTHS)
# A day the hub is closed or open: set ahead, or recorded after the event (a snow day).
CALENDAR_OVERRIDE = Window(back=RECENT_PAST_MONTHS, ahead=CALENDAR_AHEAD_MONTHS)
# A date of birth, a date someone moved in, the date of something an agency recorded.
LIFETIME = Window(back=LIFETIME_YEARS * 12, ahead=0)
EXPECTED_DATE_OF_BIRTH = Window(back=OVERDUE_MONTHS, ahead=PREGNANCY_MONTHS)
# Filters on lists: from any date a record could hold, to a year ahead for an open "to" date.
FILTER_FROM = Window(back=LIFETIME_YEARS * 12, ahead=0)
FILTER_TO = Window(back=LIFETIME_YEARS * 12, ahead=PLANNING_MONTHS)


def earliest_about(*, date_of_birth: dt.date | None, expected_date_of_birth: dt.date | None) -> dt.date | None:
    """The earliest date something can have happened that is about a person: from the pregnancy on."""
    birth = date_of_birth or expected_date_of_birth
    return add_months(birth, -PREGNANCY_MONTHS) if birth else None
