"""The demo's year of enquiries: every decided MASH contact carries requests, answers and decisions
that keep the invariants the services keep, and today's cases are in the partners' queues."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from conftest import start_instant
from openmash.audit.queries import audit_chain_verify
from openmash.contacts.models import ContactStatus
from openmash.decisions.models import Challenge, Decision
from openmash.decisions.services import recommendations_now
from openmash.enquiries.models import Contribution, ContributionItem, InformationRequest, RequestStatus
from openmash.hubs.models import Hub
from openmash.meetings.models import STATUTORY_STRATEGY_AGENCIES, Attendance, Meeting, MeetingKind

pytestmark = pytest.mark.django_db

SCALE = 0.02


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker) -> Iterator[None]:
    """Seed once for the module inside a transaction that is rolled back at the end (see test_seed_demo)."""
    fast_hasher = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with django_db_blocker.unblock(), fast_hasher, transaction.atomic():
        with time_machine.travel(start_instant(), tick=False):  # each test starts just after (see test_seed_demo)
            call_command("seed_demo", "--scale", str(SCALE), stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


def test_every_decided_mash_contact_has_a_decision_for_each_child(seeded):
    for hub in Hub.objects.all():
        decided = hub.contacts.filter(status=ContactStatus.DECIDED).prefetch_related("people", "decisions")
        assert decided.exists()
        for contact in decided:
            subjects = {link.person_id for link in contact.people.all() if link.part in ("subject", "adult_at_risk")}
            assert {d.person_id for d in contact.decisions.all()} == subjects


def test_requests_keep_their_lifecycle_and_legal_basis(seeded):
    now = timezone.now()
    assert set(InformationRequest.objects.values_list("status", flat=True)) >= {
        RequestStatus.SUBMITTED,
        RequestStatus.UNABLE,
        RequestStatus.WITHDRAWN,
        RequestStatus.SENT,
        RequestStatus.ACKNOWLEDGED,
    }
    for request in InformationRequest.objects.select_related("contact__current_triage").prefetch_related("people"):
        assert request.legal_basis and request.legal_basis_detail
        assert request.people.exists()
        triage = request.contact.current_triage
        assert triage is not None and triage.decided_at <= request.sent_at <= now
        assert request.deadline > request.sent_at
        if request.status in (RequestStatus.UNABLE, RequestStatus.WITHDRAWN):
            assert request.status_reason
        if request.status == RequestStatus.SUBMITTED:
            assert request.contributions.filter(submitted_at__isnull=False).count() == 1


def test_answers_are_about_the_people_asked_and_dated_before_the_contact(seeded):
    for item in ContributionItem.objects.select_related("contribution__request__contact")[:500]:
        request = item.contribution.request
        assert request.people.filter(pk=item.person_id).exists()
        assert item.occurred_on < timezone.localtime(request.contact.received_at).date()
        if item.age_years(timezone.localtime(request.contact.received_at).date()) >= 5:
            assert item.historic_reason
    assert ContributionItem.objects.filter(sensitivity="nfd").exists()


def test_decisions_show_the_recommendations_as_they_stood_and_answer_higher_ones(seeded):
    decisions = Decision.objects.select_related("contact", "level")
    assert decisions.filter(higher_recommendation_response__gt="").exists()
    for decision in decisions:
        assert decision.recommendations == recommendations_now(decision.contact)
        if decision.higher_recommendations():
            assert decision.higher_recommendation_response
        submitted = Contribution.objects.filter(request__contact=decision.contact, submitted_at__isnull=False)
        assert all(c.submitted_at is not None and c.submitted_at <= decision.decided_at for c in submitted)
        assert decision.decided_at <= timezone.now()


def test_meetings_follow_each_sites_way_of_working(seeded):
    site1, site2, site3 = (Hub.objects.get(name__startswith=f"Site {n}") for n in (1, 2, 3))
    assert site1.meetings.filter(kind=MeetingKind.DAILY, held_at__isnull=False).exists()
    assert site1.meetings.filter(kind=MeetingKind.DAILY, held_at__isnull=True).exists()  # today's, to run
    assert not site2.meetings.exclude(kind=MeetingKind.STRATEGY).exists()
    assert not site3.meetings.filter(kind=MeetingKind.DAILY).exists()
    for meeting in Meeting.objects.filter(held_at__isnull=False).prefetch_related("agenda_items", "attendances"):
        assert meeting.agenda_items.exists()
        assert meeting.held_at is not None and meeting.held_at > meeting.scheduled_for
        if meeting.kind == MeetingKind.STRATEGY:
            present = {a.agency.kind for a in meeting.attendances.all() if a.status == Attendance.Status.PRESENT}
            if not set(STATUTORY_STRATEGY_AGENCIES) <= present:
                assert meeting.missing_attendance_reason
    for decision in Decision.objects.filter(contact__agenda_items__isnull=False).distinct():
        held = Meeting.objects.filter(agenda_items__contact=decision.contact, held_at__isnull=False)
        assert all(m.held_at is not None and m.held_at <= decision.decided_at for m in held)


def test_challenges_come_from_an_agency_that_recommended_higher(seeded):
    for challenge in Challenge.objects.select_related("decision", "agency"):
        agencies = {r["agency"] for r in challenge.decision.higher_recommendations()}
        assert challenge.agency.name in agencies
        assert challenge.resolved_at is not None and challenge.outcome


def test_todays_mash_cases_are_in_the_partners_queues(seeded):
    for hub in Hub.objects.all():
        live = InformationRequest.objects.filter(contact__hub=hub, contact__status=ContactStatus.IN_MASH)
        assert live.filter(status=RequestStatus.SENT).exists() or live.filter(status=RequestStatus.ACKNOWLEDGED)
        assert Contribution.objects.filter(request__in=live, submitted_at__isnull=True).exists() or not live.exists()


def test_the_audit_chain_still_verifies(seeded):
    assert audit_chain_verify().intact
