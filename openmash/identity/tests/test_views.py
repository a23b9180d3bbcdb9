"""Identity pages: the person's history and network, the review queue, merge and unmerge, and who is refused."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
import time_machine
from django.urls import reverse

from conftest import make_contact
from openmash.audit.models import AuditEvent, Verb
from openmash.contacts.models import ContactPerson
from openmash.identity import services
from openmash.identity.models import CandidatePair, Merge, NotSamePerson
from openmash.people import services as people_services

from .conftest import add_person

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return html.unescape(re.sub(r"\s+", " ", response.content.decode()))


@pytest.fixture
def pair(cast, jayden):
    twin = add_person(
        cast.social_worker, given_names="Jaden", family_name="Smyth", date_of_birth=dt.date(2016, 3, 7), sex="M"
    )
    services.cluster_add_record(person=twin)
    return CandidatePair.objects.get()


@pytest.fixture
def family(cast, jayden):
    sw = cast.social_worker
    mum = add_person(sw, kind="adult", given_names="Kerry", family_name="Smith")
    sister = add_person(sw, given_names="Lily", family_name="Smith")
    people_services.relationship_record(
        membership=sw, by=sw.user, person=mum, relative=jayden, kind="mother", parental_responsibility=True
    )
    received = dt.datetime(2026, 2, 1, 10, tzinfo=dt.UTC)
    with time_machine.travel(received + dt.timedelta(hours=1), tick=False):  # recorded when it arrived
        c = make_contact(sw, child=jayden, received_at=received, submit=False)
    from openmash.contacts import services as contact_services

    contact_services.contact_add_person(
        membership=sw, by=sw.user, contact=c, person=sister, part=ContactPerson.Part.SIBLING, linked_existing=False
    )
    contact_services.contact_submit(membership=sw, by=sw.user, contact=c)
    return mum, sister


def test_person_page_shows_history_and_the_family_network_as_a_picture_and_a_list(cast, jayden, family):
    mum, sister = family
    response = cast.client_for(cast.social_worker).get(reverse("identity:person", args=[jayden.pk]))
    assert response.status_code == 200
    page = text(response)
    assert "<svg" in page and 'role="img"' in page and "<script" not in page.split("<svg")[1].split("</svg>")[0]
    assert "Family network of Jayden Smith" in page
    assert "Kerry Smith</a>: Mother" in page
    assert "Lily Smith</a>: Sibling (in 1 contact together)" in page
    assert "1 in the last 12 months" in page or "0 in the last 12 months" in page
    assert AuditEvent.objects.filter(verb=Verb.VIEW, target_id=str(jayden.pk), target_type="person").exists()


def test_review_pair_not_the_same_person(cast, pair):
    client = cast.client_for(cast.social_worker)
    assert "Jaden Smyth" in text(client.get(reverse("identity:review")))
    page = text(client.get(reverse("identity:pair", args=[pair.pk])))
    assert "What the matcher compared" in page and "Date of birth is the same" in page
    response = client.post(reverse("identity:pair_decide", args=[pair.pk, "not_same"]), {"reason": " "})
    assert response.status_code == 400 and "Enter why they are not the same person" in text(response)
    assert not NotSamePerson.objects.exists()
    response = client.post(reverse("identity:pair_decide", args=[pair.pk, "not_same"]), {"reason": "Twins"})
    assert response.status_code == 302
    pair.refresh_from_db()
    assert pair.status == "not_same" and NotSamePerson.objects.count() == 1


def test_review_pair_merge_and_unmerge_through_the_pages(cast, jayden, pair):
    client = cast.client_for(cast.manager)
    url = reverse("identity:pair_decide", args=[pair.pk, "merge"])
    response = client.post(url, {"kept": str(jayden.pk), "reason": ""})
    assert response.status_code == 400 and "Enter why these records are the same person" in text(response)
    assert not Merge.objects.exists()
    response = client.post(url, {"kept": str(jayden.pk), "reason": "Same school, same birthday"})
    assert response.status_code == 302
    merge = Merge.objects.get()
    assert merge.kept == jayden
    page = text(client.get(reverse("identity:person", args=[jayden.pk])))
    assert "is shown as part of this record" in page
    unmerge = reverse("identity:unmerge", args=[merge.pk])
    response = client.post(unmerge, {"reason": ""})
    assert response.status_code == 400
    assert "Enter why these records are not the same person after all" in text(response)
    assert client.post(unmerge, {"reason": "Different children"}).status_code == 302
    merge.refresh_from_db()
    assert not merge.is_active


@pytest.mark.parametrize("who", ["police", "health", "early_help", "quality", "admin"])
def test_partners_and_others_are_refused_every_identity_page(cast, jayden, pair, who):
    m = getattr(cast, who)
    client = cast.client_for(m)
    merge = Merge.objects.create(hub=cast.hub, kept=jayden, merged=pair.right, reason="x", merged_by=cast.manager.user)
    assert client.get(reverse("identity:person", args=[jayden.pk])).status_code == 403
    assert client.get(reverse("identity:review")).status_code == 403
    assert client.get(reverse("identity:pair", args=[pair.pk])).status_code == 403
    for action in ("merge", "not_same", "confirm"):
        assert client.post(reverse("identity:pair_decide", args=[pair.pk, action]), {"reason": "x"}).status_code == 403
    assert client.post(reverse("identity:unmerge", args=[merge.pk]), {"reason": "x"}).status_code == 403
    merge.refresh_from_db()
    pair.refresh_from_db()
    assert merge.is_active and pair.status == "open"
    assert AuditEvent.objects.filter(verb=Verb.REFUSED, actor=m.user).exists()


def test_another_hubs_records_are_not_found(cast, jayden, pair):
    client = cast.client_for(cast.outsider)
    merge = Merge.objects.create(hub=cast.hub, kept=jayden, merged=pair.right, reason="x", merged_by=cast.manager.user)
    assert client.get(reverse("identity:person", args=[jayden.pk])).status_code == 404
    assert client.get(reverse("identity:pair", args=[pair.pk])).status_code == 404
    assert client.post(reverse("identity:pair_decide", args=[pair.pk, "not_same"]), {"reason": "x"}).status_code == 404
    assert client.post(reverse("identity:unmerge", args=[merge.pk]), {"reason": "x"}).status_code == 404
    assert client.get(reverse("identity:review")).status_code == 200  # their own, empty queue
    pair.refresh_from_db()
    assert pair.status == "open"


def test_get_is_not_allowed_for_decisions(cast, pair):
    client = cast.client_for(cast.manager)
    assert client.get(reverse("identity:pair_decide", args=[pair.pk, "not_same"])).status_code == 405


def test_an_unknown_action_is_refused(cast, pair):
    client = cast.client_for(cast.manager)
    assert client.post(reverse("identity:pair_decide", args=[pair.pk, "delete"]), {}).status_code == 403


def test_person_page_reads_stay_bounded(cast, jayden, family, django_assert_max_num_queries):
    client = cast.client_for(cast.social_worker)
    with django_assert_max_num_queries(40):
        client.get(reverse("identity:person", args=[jayden.pk]))
