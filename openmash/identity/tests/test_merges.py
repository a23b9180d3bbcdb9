"""Merging is a reviewed, reversible, audited action that keeps both histories."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from conftest import make_contact
from openmash.audit.models import AuditEvent, Verb
from openmash.contacts.queries import people_with_history
from openmash.identity import matcher, services
from openmash.identity.models import CandidatePair, Cluster, ClusterMember, IndexedPerson, Merge

from .conftest import add_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def duplicate(cast):
    return add_person(
        cast.social_worker,
        given_names="Jaden",
        family_name="Smyth",
        date_of_birth=dt.date(2016, 3, 7),
        address={"line_1": "2 New Road", "postcode": "BD1 1AA"},
    )


def recorded(cast, child, when):
    """A contact recorded when it arrived: the service refuses one received over a year ago."""
    with time_machine.travel(when + dt.timedelta(hours=1), tick=False):
        return make_contact(cast.social_worker, child=child, received_at=when)


def merge(cast, kept, merged, reason="Same child: school confirmed"):
    return services.person_merge(
        membership=cast.social_worker, by=cast.social_worker.user, kept=kept, merged=merged, reason=reason
    )


def test_merge_shows_both_histories_under_the_kept_record_and_unmerge_restores_them(cast, jayden, duplicate):
    old = recorded(cast, jayden, dt.datetime(2026, 1, 5, 10, tzinfo=dt.UTC))
    other = recorded(cast, duplicate, dt.datetime(2026, 3, 5, 10, tzinfo=dt.UTC))
    new = make_contact(cast.social_worker, child=jayden)
    [before] = people_with_history(contact=new)
    assert before.previous == [old]

    m = merge(cast, jayden, duplicate)
    [after] = people_with_history(contact=new)
    assert after.previous == [other, old]
    # Nothing moved: each contact still names the record it named.
    assert other.people.get().person == duplicate
    # The merged record leaves the index; its names and postcodes count for the record kept.
    assert not IndexedPerson.objects.filter(person=duplicate).exists()
    kept = IndexedPerson.objects.get(person=jayden).features
    assert "smyth" in kept["family_names_all"] and "BD1 1AA" in kept["postcodes_all"]
    event = AuditEvent.objects.get(verb=Verb.MERGE)
    assert event.detail == {"merged_person": duplicate.pk, "merge": m.pk}
    assert event.justification == "Same child: school confirmed"

    services.person_unmerge(
        membership=cast.social_worker, by=cast.social_worker.user, merge=m, reason="School was wrong"
    )
    [again] = people_with_history(contact=new)
    assert again.previous == [old]
    assert IndexedPerson.objects.filter(person=duplicate).exists()
    assert "smyth" not in IndexedPerson.objects.get(person=jayden).features["family_names_all"]
    assert AuditEvent.objects.get(verb=Verb.UNMERGE).justification == "School was wrong"
    m.refresh_from_db()
    assert not m.is_active and m.reversed_by == cast.social_worker.user
    with pytest.raises(ValidationError):
        services.person_unmerge(membership=cast.social_worker, by=cast.social_worker.user, merge=m, reason="Again")


@pytest.mark.parametrize(
    ("case", "message"),
    [("no_reason", "Enter why these records are the same person"), ("self", "Choose two different records")],
)
def test_a_bad_merge_gets_a_message_and_changes_nothing(cast, jayden, duplicate, case, message):
    with pytest.raises(ValidationError) as exc:
        if case == "no_reason":
            merge(cast, jayden, duplicate, reason=" ")
        else:
            merge(cast, jayden, jayden)
    assert message in str(exc.value)
    assert not Merge.objects.exists() and not AuditEvent.objects.filter(verb=Verb.MERGE).exists()


def test_records_decided_different_cannot_be_merged_and_merged_records_not_merged_twice(cast, jayden, duplicate):
    third = add_person(cast.social_worker, given_names="J", family_name="Smith")
    services.not_same_record(membership=cast.social_worker, by=cast.social_worker.user, person=jayden, other=third)
    with pytest.raises(ValidationError):
        merge(cast, jayden, third)
    merge(cast, jayden, duplicate)
    with pytest.raises(ValidationError):
        merge(cast, third, duplicate)
    with pytest.raises(ValidationError):
        merge(cast, duplicate, third)  # duplicate is itself merged: merge into jayden instead


def test_only_case_staff_merge(cast, jayden, duplicate):
    with pytest.raises(PermissionDenied):
        services.person_merge(membership=cast.police, by=cast.police.user, kept=jayden, merged=duplicate, reason="Same")


def test_a_merge_chain_is_followed(cast, jayden, duplicate):
    third = add_person(cast.social_worker, given_names="Jay", family_name="Smith", date_of_birth=dt.date(2016, 3, 7))
    merge(cast, duplicate, third)
    merge(cast, jayden, duplicate)
    c = recorded(cast, third, dt.datetime(2026, 2, 1, tzinfo=dt.UTC))
    new = make_contact(cast.social_worker, child=jayden)
    assert people_with_history(contact=new)[0].previous == [c]


def test_incremental_clustering_joins_and_bridges_clusters_but_never_across_a_not_same(cast):
    sw = cast.social_worker
    dob = dt.date(2015, 9, 1)
    a = add_person(sw, given_names="Olivia", family_name="Brown", date_of_birth=dob, upn="A123456789012")
    b = add_person(sw, given_names="Olivia", family_name="Browne", date_of_birth=dob)
    cluster = services.cluster_add_record(person=b)
    assert cluster is not None
    assert set(cluster.members.values_list("person_id", flat=True)) == {a.pk, b.pk}
    assert CandidatePair.objects.filter(left=a, right=b, status="open").exists()

    # A separate cluster of two, then a record that matches both: one cluster (connected components).
    c = add_person(
        sw, given_names="Livvy", family_name="Brown", date_of_birth=dt.date(2014, 12, 25), nhs_number="9434765919"
    )
    d = add_person(
        sw, given_names="Olivia", family_name="Brown", date_of_birth=dt.date(2014, 12, 25), nhs_number="9434765919"
    )
    services.cluster_add_record(person=d)
    assert Cluster.objects.count() == 2
    bridge = add_person(
        sw, given_names="Olivia", family_name="Brown", date_of_birth=dob, upn="A123456789012", nhs_number="9434765919"
    )
    joined = services.cluster_add_record(person=bridge)
    assert joined is not None
    assert Cluster.objects.count() == 1
    assert set(joined.members.values_list("person_id", flat=True)) == {a.pk, b.pk, c.pk, d.pk, bridge.pk}

    # A record decided to be someone else is never connected to it.
    e = add_person(sw, given_names="Olivia", family_name="Brown", date_of_birth=dob)
    services.not_same_record(membership=sw, by=sw.user, person=e, other=a)
    services.not_same_record(membership=sw, by=sw.user, person=e, other=b)
    services.not_same_record(membership=sw, by=sw.user, person=e, other=bridge)
    assert services.cluster_add_record(person=e) is None
    assert not ClusterMember.objects.filter(person=e).exists()
    assert [
        c.person
        for c in matcher.likely_matches(
            hub=cast.hub,
            record=matcher.index.IndexedPerson.objects.get(person=e).features,
            exclude=[e.pk],
            not_same_as=e.pk,
        )
    ] == []
