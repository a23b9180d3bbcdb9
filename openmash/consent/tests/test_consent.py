"""Consent as a fact with a scope, sharing below and above the threshold, and telling the family."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from openmash.audit.models import AuditEvent, Verb
from openmash.consent import services
from openmash.consent.models import ConsentRecord, FamilyInformed, ShareDecision
from openmash.consent.tests.conftest import add_adult, consent_kwargs, partner
from openmash.decisions.services import decision_record
from openmash.enquiries.models import InformationRequest
from openmash.enquiries.services import request_default_deadline, requests_send
from openmash.enquiries.tests.conftest import statutory_share
from openmash.people import services as people_services

pytestmark = pytest.mark.django_db


def early_help_share(**overrides: Any) -> services.ShareBasis:
    fields: dict[str, Any] = dict(
        article6="6_1_e",
        consent_position="given",
        purpose="To plan Early Help with the family.",
        categories=("identity", "education"),
    )
    fields.update(overrides)
    return services.ShareBasis(**fields)


def ask(cast, contact, agencies, share, people=None):
    m = cast.outsider
    return requests_send(
        membership=m,
        by=m.user,
        contact=contact,
        agencies=agencies,
        people=people if people is not None else [link.person for link in contact.people.all()],
        question="What support does the family have?",
        deadline=request_default_deadline(contact) or timezone.now() + dt.timedelta(days=3),
        share=share,
    )


def test_early_help_family_refuses_consent_and_requests_stop_with_an_explanation(cast, eh_contact, mother):
    m = cast.outsider
    services.consent_record(
        membership=m, by=m.user, contact=eh_contact, giver=mother, **consent_kwargs(answer="refused")
    )
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as exc:
        ask(cast, eh_contact, [partner(cast.other_hub, "education")], early_help_share(consent_position="refused"))
    text = " ".join(exc.value.messages)
    assert "below the statutory threshold" in text and "Mary Testchild" in text and "stopped" in text
    assert "What you can still do" in text
    assert not InformationRequest.objects.exists() and not ShareDecision.objects.exists()
    assert AuditEvent.objects.count() == before
    status = services.sharing_status(eh_contact)
    assert not status.allowed and status.can_still_do


def test_the_referral_forms_consent_answer_is_not_consent(cast, eh_contact, mother):
    eh_contact.family_agreed = "yes"
    eh_contact.save(update_fields=["family_agreed"])
    with pytest.raises(ValidationError) as exc:
        ask(cast, eh_contact, [partner(cast.other_hub, "education")], early_help_share())
    assert "referral form" in " ".join(exc.value.messages)


def test_with_recorded_consent_an_early_help_request_goes_out_under_a_share_decision(cast, eh_contact, mother):
    m = cast.outsider
    record = services.consent_record(
        membership=m, by=m.user, contact=eh_contact, giver=mother, **consent_kwargs(scope="all")
    )
    [request] = ask(cast, eh_contact, [partner(cast.other_hub, "education")], early_help_share())
    decision = request.share_decision
    assert decision is not None and decision.outcome == "share" and decision.consent_position == "given"
    assert list(decision.consents_relied_on.all()) == [record]
    assert request.legal_basis == "consent" and "Article 6(1)(e)" in request.legal_basis_detail
    assert AuditEvent.objects.filter(verb=Verb.SHARE, target_id=str(decision.pk)).exists()
    assert AuditEvent.objects.filter(verb=Verb.CONSENT, target_id=str(record.pk)).exists()


def test_consent_for_the_children_only_does_not_cover_the_mothers_information(cast, eh_contact, mother):
    m = cast.outsider
    services.consent_record(membership=m, by=m.user, contact=eh_contact, giver=mother, **consent_kwargs())
    with pytest.raises(ValidationError) as exc:
        ask(cast, eh_contact, [partner(cast.other_hub, "education")], early_help_share())
    assert "Mary Testchild" in " ".join(exc.value.messages)
    child = eh_contact.people.get(part="subject").person
    ask(cast, eh_contact, [partner(cast.other_hub, "education")], early_help_share(), people=[child])


def test_withdrawal_is_a_new_entry_and_stops_sharing(cast, eh_contact, mother):
    m = cast.outsider
    first = services.consent_record(
        membership=m, by=m.user, contact=eh_contact, giver=mother, **consent_kwargs(scope="all")
    )
    second = services.consent_record(
        membership=m, by=m.user, contact=eh_contact, giver=mother, **consent_kwargs(answer="withdrawn")
    )
    first.refresh_from_db()
    assert second.replaces == first and not first.is_current and first.answer == "given"
    with pytest.raises(ValidationError):
        ask(cast, eh_contact, [partner(cast.other_hub, "education")], early_help_share())


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"giver_role": "young_person"}, "giver_role"),
        ({"purposes": "  "}, "purposes"),
        ({"method": "telepathy"}, "method"),
        ({"answer": "withdrawn"}, "answer"),
        ({"parent_may_be_told": False}, "parent_may_be_told"),
        ({"given_at": timezone.now() + dt.timedelta(days=1)}, "given_at"),
    ],
)
def test_bad_consent_is_refused_and_changes_nothing(cast, eh_contact, mother, overrides, field):
    m = cast.outsider
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.consent_record(
            membership=m, by=m.user, contact=eh_contact, giver=mother, **consent_kwargs(**overrides)
        )
    assert field in exc.value.message_dict
    assert not ConsentRecord.objects.exists() and AuditEvent.objects.count() == before


def test_a_young_person_of_16_gives_their_own_consent_and_can_keep_a_parent_out(cast, eh_contact):
    m = cast.outsider
    teen = people_services.person_create(
        membership=m,
        by=m.user,
        kind="child",
        given_names="Sam",
        family_name="Testchild",
        date_of_birth=timezone.localdate().replace(year=timezone.localdate().year - 16) - dt.timedelta(days=1),
    )
    from openmash.contacts.models import ContactPerson

    ContactPerson.objects.create(contact=eh_contact, person=teen, part=ContactPerson.Part.SUBJECT)
    record = services.consent_record(
        membership=m,
        by=m.user,
        contact=eh_contact,
        giver=teen,
        **consent_kwargs(giver_role="young_person", parent_may_be_told=False),
    )
    assert record.giver_role == "young_person" and not record.parent_may_be_told


def test_a_red_case_proceeds_without_consent_and_records_why(cast, mash_contact):
    from openmash.enquiries.tests.conftest import agency_of, send

    [request] = send(cast, mash_contact, [agency_of(cast.police)])
    decision = request.share_decision
    assert decision is not None
    assert decision.significant_harm and decision.consent_position == "not_sought"
    assert "Consent is not needed" in decision.rules_said and "significant harm" in decision.rules_said
    assert decision.schedule1 == "para_18"


def test_a_decision_not_to_share_is_recorded_with_reasons(cast, mash_contact):
    m = cast.social_worker
    child = mash_contact.people.get().person
    decision = services.share_decision_record(
        membership=m,
        by=m.user,
        contact=mash_contact,
        kind="disclosure",
        outcome="not_share",
        basis=services.ShareBasis(
            article6="", consent_position="not_sought", purpose="Housing asked", categories=(), rationale="Not needed."
        ),
        people=[child],
        recipients=[],
        recipient_other="Housing association",
    )
    assert decision.outcome == "not_share"
    assert AuditEvent.objects.filter(verb=Verb.DECLINE_SHARE, target_id=str(decision.pk)).exists()


def test_only_the_hubs_case_roles_record_consent(cast, mash_contact):
    child = mash_contact.people.get().person
    for m in (cast.police, cast.quality, cast.admin, cast.outsider):
        with pytest.raises(PermissionDenied):
            services.consent_record(membership=m, by=m.user, contact=mash_contact, giver=child, **consent_kwargs())


def test_informing_is_separate_and_a_case_cannot_close_nfa_without_it(cast, mash_contact):
    m = cast.social_worker
    child = mash_contact.people.get().person
    level = mash_contact.current_triage.level
    with pytest.raises(ValidationError) as exc:
        decision_record(
            membership=m,
            by=m.user,
            contact=mash_contact,
            person=child,
            level=level,
            outcome="nfa",
            rationale="No risk.",
        )
    assert "record that the family was told, or why they were not" in " ".join(exc.value.message_dict["outcome"])
    with pytest.raises(ValidationError) as exc:
        services.family_informed_record(membership=m, by=m.user, contact=mash_contact, told=False)
    assert set(exc.value.message_dict) == {"not_told_reason", "detail", "review_by"}
    assert not FamilyInformed.objects.exists()
    record = services.family_informed_record(
        membership=m,
        by=m.user,
        contact=mash_contact,
        told=False,
        not_told_reason="prejudice",
        detail="Police are investigating; telling the father now could put the child at risk.",
        review_by=timezone.localdate() + dt.timedelta(days=7),
    )
    assert AuditEvent.objects.filter(verb=Verb.INFORM, target_id=str(record.pk)).exists()
    decision = decision_record(
        membership=m, by=m.user, contact=mash_contact, person=child, level=level, outcome="nfa", rationale="No risk."
    )
    assert decision.outcome == "nfa"


def test_families_not_informed_lists_those_without_a_told_entry(cast, mash_contact, contact):
    from openmash.consent.queries import families_not_informed

    rows, total = families_not_informed(cast.hub)
    assert total == 1 and rows[0]["contact"] == mash_contact
    m = cast.social_worker
    services.family_informed_record(
        membership=m,
        by=m.user,
        contact=mash_contact,
        told=True,
        who_was_told="Mother",
        told_at=timezone.now(),
        method="phone",
    )
    assert families_not_informed(cast.hub)[1] == 0


def test_the_case_shows_who_is_not_identified_contacted_or_asked(cast, eh_contact, mother):
    from openmash.consent.queries import family_adults

    rows = {r.label: r for r in family_adults(eh_contact)}
    assert "Father: not identified" in rows
    mary = next(r for r in rows.values() if r.person == mother)
    assert mary.gaps == ["Not contacted", "Not asked for their view"]
    m = cast.outsider
    services.adult_view_record(
        membership=m,
        by=m.user,
        contact=eh_contact,
        person=mother,
        contacted_at=timezone.now(),
        account="I took him to the GP myself. I want help with his sleep.",
    )
    dad = add_adult(cast, eh_contact, "David", sex="M", relation="father")
    rows = {r.label: r for r in family_adults(eh_contact)}
    assert "Father: not identified" not in rows
    assert next(r for r in rows.values() if r.person == mother).gaps == []
    assert next(r for r in rows.values() if r.person == dad).gaps == ["Not contacted", "Not asked for their view"]


def test_statutory_share_helper_is_the_red_path():
    assert statutory_share().significant_harm
