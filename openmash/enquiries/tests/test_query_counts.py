"""The enquiry's hot pages make the same number of queries however much they show.

The contact page (requests, contributions, people), a partner's request page (items
per person) and a partner's home queue (requests due) are read many times a day.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from conftest import count_queries, make_contact
from openmash.contacts.models import ContactPerson
from openmash.contacts.services import contact_add_person, contact_submit, contact_triage
from openmash.enquiries import services
from openmash.enquiries.models import InformationRequest
from openmash.enquiries.tests.conftest import agency_of, send
from openmash.people.services import person_create

PAGE_MAX = 45


def _answer(cast: Any, request: InformationRequest, membership: Any, items: int) -> None:
    draft = services.contribution_start(membership=membership, by=membership.user, request=request)
    person = request.people.first()
    assert person is not None
    for n in range(items):
        services.contribution_item_add(
            membership=membership,
            by=membership.user,
            contribution=draft,
            person=person,
            occurred_on=timezone.localdate() - dt.timedelta(days=30 + n),
            summary=f"Incident {n}.",
            source_system="Records system",
            sensitivity="nfd" if n % 2 else "",
        )
    services.contribution_analysis_save(
        membership=membership,
        by=membership.user,
        contribution=draft,
        analysis="Known to us.",
        recommended_level=cast.hub.current_levels().get(code="red"),
        indicators=list(cast.hub.current_threshold_document().indicators.all()[:2]),
    )
    services.contribution_submit(membership=membership, by=membership.user, contribution=draft)


def _sibling(cast: Any, contact: Any, n: int) -> None:
    sw = cast.social_worker
    person = person_create(membership=sw, by=sw.user, kind="child", given_names=f"Sib{n}", family_name="Testchild")
    contact_add_person(
        membership=sw,
        by=sw.user,
        contact=contact,
        person=person,
        part=ContactPerson.Part.SUBJECT,
        linked_existing=False,
    )


def test_the_contact_page_does_not_grow_with_requests_answers_and_people(cast: Any, mash_contact: Any) -> None:
    [police] = send(cast, mash_contact, [agency_of(cast.police)])
    _answer(cast, police, cast.police, 1)
    client = cast.client_for(cast.social_worker)
    url = f"/contacts/{mash_contact.pk}/"
    small = count_queries(client, url)

    more = make_contact(cast.social_worker, submit=False)
    for n in range(3):
        _sibling(cast, more, n)
    more = contact_submit(membership=cast.social_worker, by=cast.social_worker.user, contact=more)
    contact_triage(
        membership=cast.social_worker,
        by=cast.social_worker.user,
        contact=more,
        level=cast.hub.current_levels().get(code="red"),
        route="mash",
        rationale="Possible harm.",
    )
    requests = send(cast, more, [agency_of(cast.police), agency_of(cast.health)])
    for request, membership in zip(requests, (cast.police, cast.health), strict=True):
        _answer(cast, request, membership, 4)
    big = count_queries(client, f"/contacts/{more.pk}/")
    assert big == small <= PAGE_MAX


def test_a_partners_request_page_does_not_grow_with_its_items(cast: Any, mash_contact: Any) -> None:
    [request] = send(cast, mash_contact, [agency_of(cast.police)])
    _answer(cast, request, cast.police, 1)
    client = cast.client_for(cast.police)
    small = count_queries(client, f"/requests/{request.pk}/")

    more = make_contact(cast.social_worker)
    contact_triage(
        membership=cast.social_worker,
        by=cast.social_worker.user,
        contact=more,
        level=cast.hub.current_levels().get(code="red"),
        route="mash",
        rationale="Possible harm.",
    )
    [other] = send(cast, more, [agency_of(cast.police)])
    _answer(cast, other, cast.police, 6)
    assert count_queries(client, f"/requests/{other.pk}/") == small <= PAGE_MAX


def test_a_partners_queue_does_not_grow_with_requests(cast: Any, mash_contact: Any) -> None:
    send(cast, mash_contact, [agency_of(cast.police)])
    client = cast.client_for(cast.police)
    small = count_queries(client, "/")
    for _ in range(4):
        contact = make_contact(cast.social_worker)
        contact_triage(
            membership=cast.social_worker,
            by=cast.social_worker.user,
            contact=contact,
            level=cast.hub.current_levels().get(code="red"),
            route="mash",
            rationale="Possible harm.",
        )
        send(cast, contact, [agency_of(cast.police)])
    assert count_queries(client, "/") == small <= PAGE_MAX
