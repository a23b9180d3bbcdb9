"""Matching at intake: the likely records, best first, with what agreed and what did not."""

from __future__ import annotations

import datetime as dt

import pytest

from openmash.audit.models import AuditEvent, Verb
from openmash.identity import matcher, services
from openmash.identity.models import IndexedPerson, NotSamePerson, PersonKey

from .conftest import add_person

pytestmark = pytest.mark.django_db


def entry(**fields):
    return matcher.record_for_entry(**fields)


def test_a_misspelt_name_at_a_new_address_finds_the_known_child_first_with_its_reasons(cast, jayden):
    add_person(cast.social_worker, given_names="Jade", family_name="Smart", date_of_birth=dt.date(2016, 7, 3))
    found = matcher.likely_matches(
        hub=cast.hub,
        record=entry(
            given_names="Jaden",
            family_name="Smyth",
            date_of_birth=dt.date(2016, 3, 7),
            sex="M",
            postcode="BD1 1AA",
            address_line_1="2 New Road",
        ),
    )
    assert found[0].person == jayden
    assert found[0].probability > 0.9
    fields = {f.comparison: f for f in found[0].score.fields}
    assert fields["date_of_birth"].agreement == "agrees" and fields["date_of_birth"].weight > 10
    assert fields["given_name"].text == "First name is spelt almost the same"
    assert fields["family_name"].agreement == "partly" and fields["family_name"].weight > 0
    assert fields["address"].text == "Lives elsewhere" and fields["address"].weight < 0
    assert fields["nhs_number"].agreement == "unknown" and fields["nhs_number"].weight == 0
    # The probability is the prior plus the weights shown, so the explanation adds up.
    assert found[0].score.match_weight == pytest.approx(
        sum(f.weight for f in found[0].score.fields) + matcher.definition.prior_weight(matcher.index.priors())
    )


def test_an_identifier_is_always_shown_however_much_else_disagrees(cast, jayden):
    jayden.nhs_number = "9434765919"
    jayden.save(update_fields=["nhs_number"])
    [found] = matcher.likely_matches(
        hub=cast.hub, record=entry(given_names="Completely", family_name="Different", nhs_number="9434765919")
    )
    assert found.person == jayden and found.strength == "exact"


def test_a_different_person_and_another_hubs_child_are_not_offered(cast, jayden):
    assert matcher.likely_matches(hub=cast.hub, record=entry(given_names="Zed", family_name="Quinn")) == []
    assert (
        matcher.likely_matches(
            hub=cast.other_hub,
            record=entry(given_names="Jayden", family_name="Smith", date_of_birth=dt.date(2016, 3, 7)),
        )
        == []
    )


def test_the_index_follows_changes_to_names_and_addresses(cast, jayden):
    assert "pc:LS6 2AB" in set(PersonKey.objects.filter(person=jayden).values_list("key", flat=True))
    jayden.other_names.create(given_names="", family_name="Okafor")
    features = IndexedPerson.objects.get(person=jayden).features
    assert "okafor" in features["family_names_all"]
    [found] = matcher.likely_matches(
        hub=cast.hub, record=entry(given_names="Jayden", family_name="Okafor", date_of_birth=dt.date(2016, 3, 7))
    )
    assert found.person == jayden


def test_not_the_same_person_is_recorded_audited_and_the_pair_is_not_offered_again(cast, jayden):
    twin = add_person(cast.social_worker, given_names="Jaiden", family_name="Smith", date_of_birth=dt.date(2016, 3, 7))
    decision = services.not_same_record(
        membership=cast.social_worker, by=cast.social_worker.user, person=twin, other=jayden, reason="Twins"
    )
    assert (decision.person_a_id, decision.person_b_id) == tuple(sorted([twin.pk, jayden.pk]))
    event = AuditEvent.objects.filter(verb=Verb.NOT_SAME).get()
    assert event.justification == "Twins" and event.detail == {"other_person": jayden.pk}
    record = matcher.record_for_entry(given_names="Jaiden", family_name="Smith", date_of_birth=dt.date(2016, 3, 7))
    assert jayden in [c.person for c in matcher.likely_matches(hub=cast.hub, record=record)]
    assert jayden not in [c.person for c in matcher.likely_matches(hub=cast.hub, record=record, not_same_as=twin.pk)]
    # Recording it twice changes nothing.
    services.not_same_record(membership=cast.social_worker, by=cast.social_worker.user, person=jayden, other=twin)
    assert NotSamePerson.objects.count() == 1 and AuditEvent.objects.filter(verb=Verb.NOT_SAME).count() == 1


def test_not_the_same_as_itself_is_refused(cast, jayden):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.not_same_record(membership=cast.social_worker, by=cast.social_worker.user, person=jayden, other=jayden)
    assert not NotSamePerson.objects.exists()


def test_another_hubs_person_cannot_be_decided_on(cast, jayden):
    from django.core.exceptions import PermissionDenied

    stranger = add_person(cast.outsider, given_names="Jayden", family_name="Smith")
    with pytest.raises(PermissionDenied):
        services.not_same_record(
            membership=cast.social_worker, by=cast.social_worker.user, person=jayden, other=stranger
        )
