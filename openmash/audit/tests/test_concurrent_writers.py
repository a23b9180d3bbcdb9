"""Many requests writing events at once take turns: the chain never forks and has no gaps."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, connections, transaction

from openmash.audit.models import AuditEvent, Verb
from openmash.audit.queries import audit_chain_verify
from openmash.audit.services import audit_record

WRITERS, EACH = 8, 10


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason=(
        "the SQLite test database is in memory with a shared cache, where SQLite reports lock conflicts "
        "at once instead of waiting; on a file database the write lock audit_record takes first makes "
        "writers queue (docs/audit.md)"
    ),
)
def test_concurrent_writers_never_fork_the_chain():
    start = threading.Barrier(WRITERS)
    failures: list[BaseException] = []

    def write(writer: int) -> None:
        try:
            start.wait()
            for n in range(EACH):
                with transaction.atomic():
                    audit_record(verb=Verb.SEARCH, actor=None, detail={"writer": writer, "n": n})
                    time.sleep(0.002)  # the rest of the caller's transaction, holding the lock
        except BaseException as error:  # noqa: BLE001 - reported by the main thread
            failures.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(writer,)) for writer in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    assert list(AuditEvent.objects.order_by("seq").values_list("seq", flat=True)) == list(range(1, WRITERS * EACH + 1))
    report = audit_chain_verify()
    assert report.intact and report.events == WRITERS * EACH
