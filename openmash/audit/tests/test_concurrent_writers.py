"""Many requests writing events at once take turns within a chain: no chain ever forks or has gaps.

Writers in different hubs write to different chains and do not wait for each other."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, connections, transaction

from openmash.audit.models import AuditEvent, Verb
from openmash.audit.queries import audit_chain_verify
from openmash.audit.services import audit_record
from openmash.hubs.models import Hub

WRITERS, EACH = 8, 10


POSTGRES_ONLY = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason=(
        "the SQLite test database is in memory with a shared cache, where SQLite reports lock conflicts "
        "at once instead of waiting; on a file database the write lock audit_record takes first makes "
        "writers queue (docs/audit.md)"
    ),
)


def run_writers(hubs: list[Hub | None]) -> None:
    """One thread per entry, each with its own connection, writing EACH events in that hub (None: no hub)."""
    start = threading.Barrier(len(hubs))
    failures: list[BaseException] = []

    def write(writer: int, hub: Hub | None) -> None:
        try:
            start.wait()
            for n in range(EACH):
                with transaction.atomic():
                    audit_record(verb=Verb.SEARCH, actor=None, hub=hub, detail={"writer": writer, "n": n})
                    time.sleep(0.002)  # the rest of the caller's transaction, holding the chain's lock
        except BaseException as error:  # noqa: BLE001 - reported by the main thread
            failures.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(writer, hub)) for writer, hub in enumerate(hubs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []


def assert_gapless_and_unforked(chain: int, events: int) -> None:
    rows = list(AuditEvent.objects.filter(chain=chain).order_by("seq").values_list("seq", "previous_hash", "hash"))
    assert [seq for seq, _, _ in rows] == list(range(1, events + 1))
    # No fork: each event links to the one before it, and no two events claim the same predecessor.
    assert [previous for _, previous, _ in rows[1:]] == [hash_ for _, _, hash_ in rows[:-1]]
    assert len({previous for _, previous, _ in rows}) == events


@pytest.mark.django_db(transaction=True)
@POSTGRES_ONLY
def test_concurrent_writers_never_fork_the_chain():
    run_writers([None] * WRITERS)
    assert_gapless_and_unforked(0, WRITERS * EACH)
    report = audit_chain_verify()
    assert report.intact and report.events == WRITERS * EACH


@pytest.mark.django_db(transaction=True)
@POSTGRES_ONLY
def test_concurrent_writers_in_two_hubs_keep_each_hubs_chain_gapless():
    hubs = [
        Hub.objects.create(name=f"Concurrent hub {i}", slug=f"concurrent-{i}", local_authority=f"LA {i}", model="risk")
        for i in range(2)
    ]
    run_writers([hubs[writer % 2] for writer in range(WRITERS)])
    for hub in hubs:
        assert_gapless_and_unforked(hub.pk, WRITERS // 2 * EACH)
        assert set(AuditEvent.objects.filter(chain=hub.pk).values_list("hub_id", flat=True)) == {hub.pk}
    report = audit_chain_verify()
    assert report.intact and [c.chain for c in report.chains] == [hub.pk for hub in hubs]
    assert report.events == WRITERS * EACH
