"""The triage queue is the page a hub lives on: its query count must not grow with the queue."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import make_contact
from openmash.contacts.services import contact_triage

pytestmark = pytest.mark.django_db


def queue_queries(cast) -> int:
    client = cast.client_for(cast.social_worker)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("contacts:queue")).status_code == 200
    return len(ctx.captured_queries)


def add_contacts(cast, n: int) -> None:
    red = cast.hub.current_levels().get(code="red")
    for i in range(n):
        contact = make_contact(cast.social_worker)
        if i % 2:
            contact_triage(
                membership=cast.social_worker,
                by=cast.social_worker.user,
                contact=contact,
                level=red,
                route="mash",
                rationale="r",
            )


def test_queue_query_count_does_not_grow_with_the_queue(cast):
    add_contacts(cast, 2)
    small = queue_queries(cast)
    add_contacts(cast, 12)
    assert queue_queries(cast) == small
    assert small <= 15
