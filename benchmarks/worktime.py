"""Working-time arithmetic: does a ten-year span cost about what a one-day span does?

    .venv/bin/python benchmarks/worktime.py [--repeat 2000]

Times ``add_working_minutes`` and ``working_minutes_between`` (openmash.hubs.worktime,
pure Python, no database) with a realistic calendar: Monday to Friday 09:00-17:00
Europe/London, England's bank holidays and a few closed/open overrides. Spans of
one day, ten years, a hundred years and 0001-9999, each from a rotation of fixed
starts (no dependence on today's date). Every call is timed on its own after a
warm-up; reports the median and 95th percentile in microseconds and the ratio of
each span to the one-day span. Also reports the one-off cold costs (the first
bank-holiday lookups in a fresh process). Exits 1 if the ten-year median is more
than ten times the one-day median.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import statistics
import sys
import time
import zoneinfo
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from openmash.hubs import worktime  # noqa: E402

LONDON = zoneinfo.ZoneInfo("Europe/London")
CAL = worktime.WorkingCalendar(
    closed_dates=frozenset({dt.date(2027, 12, 24), dt.date(2029, 7, 2), dt.date(2031, 12, 31), dt.date(2033, 4, 19)}),
    open_dates=frozenset({dt.date(2028, 5, 6), dt.date(2030, 8, 26), dt.date(2032, 12, 27)}),
)
DAY = CAL.day_length_minutes()
# Fixed starts: in and out of hours, a weekend, a bank holiday, both clock changes.
STARTS = [
    dt.datetime(2027, 3, 1, 10, 15, tzinfo=LONDON),
    dt.datetime(2027, 3, 26, 16, 30, tzinfo=LONDON),
    dt.datetime(2027, 3, 28, 12, 0, tzinfo=LONDON),
    dt.datetime(2027, 5, 31, 11, 0, tzinfo=LONDON),
    dt.datetime(2027, 10, 29, 20, 45, tzinfo=LONDON),
    dt.datetime(2027, 12, 23, 8, 0, tzinfo=LONDON),
    dt.datetime(2027, 6, 9, 13, 20, 30, tzinfo=dt.UTC),
]
# Working minutes in each span (about 253 working days a year) and its calendar length.
SPANS: list[tuple[str, int, dt.timedelta]] = [
    ("1 day", DAY, dt.timedelta(days=1)),
    ("10 years", 2530 * DAY, dt.timedelta(days=3652)),
    ("100 years", 25300 * DAY, dt.timedelta(days=36524)),
]
FIRST = dt.datetime(1, 1, 1, 12, tzinfo=dt.UTC)
LAST = dt.datetime(9999, 12, 30, 12, tzinfo=dt.UTC)


def time_calls(calls: list[Callable[[], object]], repeat: int) -> list[float]:
    """Microseconds per call, each call timed on its own, cycling through ``calls``."""
    for call in calls:  # warm-up
        call()
    samples = []
    for i in range(repeat):
        call = calls[i % len(calls)]
        begin = time.perf_counter_ns()
        call()
        samples.append((time.perf_counter_ns() - begin) / 1000)
    return samples


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[-1]


def cold_costs() -> list[tuple[str, float]]:
    """First calls in this process (before any warm-up): bank holidays are fetched lazily."""
    costs = []
    for label, call in [
        ("1 day (first call in process)", lambda: worktime.add_working_minutes(CAL, STARTS[0], DAY)),
        ("10 years (first reaching those years)", lambda: worktime.add_working_minutes(CAL, STARTS[0], 2530 * DAY)),
        ("0001-9999 (first over all years)", lambda: worktime.working_minutes_between(CAL, FIRST, LAST)),
    ]:
        begin = time.perf_counter()
        call()
        costs.append((label, (time.perf_counter() - begin) * 1000))
    return costs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=2000, help="timed calls per function and span")
    args = parser.parse_args()

    cold = cold_costs()
    rows: list[tuple[str, str, float, float]] = []
    for label, minutes, length in SPANS:
        adds: list[Callable[[], object]] = [
            functools.partial(worktime.add_working_minutes, CAL, s, minutes) for s in STARTS
        ]
        betweens: list[Callable[[], object]] = [
            functools.partial(worktime.working_minutes_between, CAL, s, s + length) for s in STARTS
        ]
        for name, calls in (("add_working_minutes", adds), ("working_minutes_between", betweens)):
            samples = time_calls(calls, args.repeat)
            rows.append((name, label, statistics.median(samples), p95(samples)))
    whole = time_calls([lambda: worktime.working_minutes_between(CAL, FIRST, LAST)], args.repeat)
    rows.append(("working_minutes_between", "0001-9999", statistics.median(whole), p95(whole)))
    far = worktime.working_minutes_between(CAL, FIRST, LAST) - DAY
    whole = time_calls([lambda: worktime.add_working_minutes(CAL, FIRST, far)], args.repeat)
    rows.append(("add_working_minutes", "0001-9999", statistics.median(whole), p95(whole)))

    one_day = {name: (median, high) for name, label, median, high in rows if label == "1 day"}
    print(f"worktime benchmark: {args.repeat} timed calls per row, python {sys.version.split()[0]}")
    print(
        f"{'function':<25} {'span':<10} {'median us':>10} {'p95 us':>10} {'x 1 day (median)':>17} {'x 1 day (p95)':>14}"
    )
    for name, label, median, high in sorted(rows, key=lambda row: row[0]):
        base_median, base_high = one_day[name]
        print(
            f"{name:<25} {label:<10} {median:>10.1f} {high:>10.1f} {median / base_median:>17.1f} {high / base_high:>14.1f}"
        )
    print("one-off cold costs (ms):")
    for label, ms in cold:
        print(f"  {label:<40} {ms:>8.1f}")

    worst = max(median / one_day[name][0] for name, label, median, _ in rows if label == "10 years")
    verdict = "ok" if worst <= 10 else "TOO SLOW"
    print(f"ten years / one day, worst median ratio: {worst:.1f} (limit 10): {verdict}")
    return 0 if worst <= 10 else 1


if __name__ == "__main__":
    sys.exit(main())
