"""Audit writes per second from concurrent writers, all in one hub or each in its own.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/om_bench \\
        .venv/bin/python benchmarks/audit_writes.py [--writers 8] [--each 200] [--hold-ms 0]

Needs PostgreSQL (SQLite has one write lock for the whole database whatever the
audit trail does). Creates a throwaway test database next to DATABASE_URL's
(``test_<name>``, migrated from scratch, dropped at the end), makes as many hubs as
writers, then runs two rounds: every writer in the same hub, and each writer in
a different hub. Each writer is a thread with its own database connection; it
writes ``--each`` events through ``audit_record``, one transaction per event, and
``--hold-ms`` simulates the rest of the caller's transaction (work done after the
audit event, while any chain lock is still held). Each write is timed from the
start of its transaction to its commit.

Reports, per round: writes per second (all writers together, wall clock), and the
median and 95th percentile milliseconds per write. Works with any version of
``audit_record``, so the same script measures before and after a change.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openmash.settings")
os.environ.setdefault("OPENMASH_INSECURE_DEV_KEY", "true")

import django  # noqa: E402

django.setup()

from django.db import connection, connections, transaction  # noqa: E402

from openmash.audit.models import Verb  # noqa: E402
from openmash.audit.services import audit_record  # noqa: E402
from openmash.hubs.models import Hub  # noqa: E402


def run_round(hubs: list[Hub], each: int, hold: float) -> tuple[float, list[float]]:
    """All writers at once; returns (wall seconds, per-write seconds)."""
    start = threading.Barrier(len(hubs) + 1)
    timings: list[list[float]] = [[] for _ in hubs]
    failures: list[BaseException] = []

    def write(writer: int, hub: Hub) -> None:
        try:
            start.wait()
            for n in range(each):
                began = time.perf_counter()
                with transaction.atomic():
                    audit_record(verb=Verb.SEARCH, actor=None, hub=hub, detail={"writer": writer, "n": n})
                    if hold:
                        time.sleep(hold)
                timings[writer].append(time.perf_counter() - began)
        except BaseException as error:  # noqa: BLE001 - reported below
            failures.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(i, hub)) for i, hub in enumerate(hubs)]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - began
    if failures:
        raise RuntimeError(f"{len(failures)} writers failed, first: {failures[0]!r}")
    return wall, [t for ts in timings for t in ts]


def report(name: str, wall: float, per_write: list[float]) -> str:
    ms = sorted(t * 1000 for t in per_write)
    p95 = ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))]
    return (
        f"{name:<22} {len(ms) / wall:8.0f} writes/s   median {statistics.median(ms):6.2f} ms   "
        f"p95 {p95:6.2f} ms   ({len(ms)} writes in {wall:.2f} s)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--each", type=int, default=200, help="events per writer per round")
    parser.add_argument("--hold-ms", type=float, default=0.0, help="simulated work after the event, in the transaction")
    parser.add_argument("--warmup", type=int, default=20, help="events per writer before timing")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        print("This benchmark needs PostgreSQL: set DATABASE_URL=postgres://...", file=sys.stderr)
        return 2
    old_name = connection.settings_dict["NAME"]
    test_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        hubs = [
            Hub.objects.create(name=f"Bench hub {i}", slug=f"bench-{i}", local_authority=f"Bench {i}", model="risk")
            for i in range(args.writers)
        ]
        connections.close_all()
        hold = args.hold_ms / 1000
        print(f"{args.writers} writers x {args.each} events, hold {args.hold_ms} ms, database {test_name}")
        run_round(hubs, args.warmup, 0)
        for name, round_hubs in (("same hub", [hubs[0]] * args.writers), (f"{args.writers} different hubs", hubs)):
            wall, per_write = run_round(round_hubs, args.each, hold)
            print(report(name, wall, per_write), flush=True)
    finally:
        connections.close_all()
        connection.creation.destroy_test_db(old_name, verbosity=0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
