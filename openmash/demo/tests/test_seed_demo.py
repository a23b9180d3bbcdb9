"""The demo seed: three hubs, a cast for every role, and a year of synthetic contacts that keep every invariant."""

from __future__ import annotations

import datetime as dt
import io
import random
from collections import Counter
from collections.abc import Iterator

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from conftest import start_instant
from openmash.accounts.models import AgencyKind, Membership, Role, User
from openmash.contacts.models import (
    ROUTE_STATUS,
    Contact,
    ContactPerson,
    ContactStatus,
    ReferenceCounter,
    ReferralSource,
)
from openmash.demo import synthetic
from openmash.demo.management.commands.seed_demo import historical_status
from openmash.hubs import worktime
from openmash.hubs.models import Hub, Route
from openmash.hubs.presets import INDICATORS, LEVEL_BANDS, PRESETS
from openmash.people import identifiers
from openmash.people.models import Person

pytestmark = pytest.mark.django_db

SCALE = 0.02  # about 200 contacts across the three hubs: enough to check shares, fast enough to run often


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker) -> Iterator[str]:
    """Seed once for the whole module, inside a transaction rolled back when the module ends.

    Each test's own transaction nests inside this one (as a savepoint), so the tests read the
    same seeded data and leave nothing behind. Do not add `transactional_db` tests here.
    """
    fast_hasher = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with django_db_blocker.unblock(), fast_hasher, transaction.atomic():
        out = io.StringIO()
        # Loaded at the instant the tests start from, with the clock held still: each test then
        # starts there (see the root conftest), just after the demo was loaded, never before it.
        with time_machine.travel(start_instant(), tick=False):
            call_command("seed_demo", "--scale", str(SCALE), stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


def test_it_builds_the_three_case_study_hubs(seeded):
    assert sorted(Hub.objects.values_list("slug", flat=True)) == ["site1", "site2", "site3"]
    assert "scaled to 2% of the published volumes for speed" in seeded
    assert "DfE Children in need statistics" in seeded


def test_every_hub_has_a_demo_user_for_every_role_with_the_right_agency(seeded):
    expected_kind = {
        "manager": (Role.HUB_MANAGER, AgencyKind.CHILDRENS_SOCIAL_CARE),
        "social-worker": (Role.SOCIAL_WORKER, AgencyKind.CHILDRENS_SOCIAL_CARE),
        "police": (Role.PARTNER, AgencyKind.POLICE),
        "health": (Role.PARTNER, AgencyKind.HEALTH),
        "education": (Role.PARTNER, AgencyKind.EDUCATION),
        "early-help": (Role.EARLY_HELP, AgencyKind.EARLY_HELP),
        "quality": (Role.QUALITY_LEAD, AgencyKind.CHILDRENS_SOCIAL_CARE),
        "admin": (Role.ADMINISTRATOR, AgencyKind.CHILDRENS_SOCIAL_CARE),
    }
    for prefix, slug in (("s1", "site1"), ("s2", "site2"), ("s3", "site3")):
        hub = Hub.objects.get(slug=slug)
        roles = set(Membership.objects.filter(hub=hub).values_list("role", flat=True))
        assert roles == set(Role.values)
        for suffix, (role, kind) in expected_kind.items():
            user = User.objects.get(username=f"{prefix}-{suffix}")
            membership = user.memberships.get()
            assert (membership.hub, membership.role) == (hub, role)
            assert user.agency is not None and user.agency.kind == kind
            assert hub.partners.filter(agency=user.agency).exists(), f"{user} works for an agency outside {hub}"
    for username, agency_kind, slugs in (
        ("police-multi", AgencyKind.POLICE, {"site1", "site2"}),
        ("health-multi", AgencyKind.HEALTH, {"site2", "site3"}),
    ):
        user = User.objects.get(username=username)
        assert user.agency is not None and user.agency.kind == agency_kind
        assert {m.hub.slug for m in user.memberships.all()} == slugs
        assert {m.role for m in user.memberships.all()} == {Role.PARTNER}
    assert User.objects.get(username="s2-police").check_password("openmash-demo")
    assert "openmash-demo" in seeded and seeded.count("openmash-demo") == 1


def test_contact_volumes_follow_the_published_figures(seeded):
    counts = {hub.slug: hub.contacts.count() for hub in Hub.objects.all()}
    for slug, published in synthetic.PUBLISHED_VOLUMES.items():
        assert counts[slug] == pytest.approx(published * SCALE, abs=1)
    assert counts["site1"] > counts["site2"] > counts["site3"]


def test_referral_sources_are_cin_codes_in_roughly_national_shares(seeded):
    sources = Counter(Contact.objects.values_list("referral_source", flat=True))
    assert set(sources) <= set(ReferralSource.values)
    total = sum(sources.values())
    assert sources["6"] / total == pytest.approx(0.29, abs=0.08)
    assert sources["2A"] / total == pytest.approx(0.19, abs=0.07)
    anonymous = Contact.objects.filter(referral_source=ReferralSource.ANONYMOUS)
    assert all(c.referrer_type == "anonymous" for c in anonymous)
    police = Contact.objects.filter(referral_source=ReferralSource.POLICE)
    assert police.filter(channel="police").count() > police.count() / 2


def test_re_referral_shares_match_each_sites_published_rate(seeded):
    for slug, rate in synthetic.RE_REFERRAL_RATES.items():
        subjects = ContactPerson.objects.filter(contact__hub__slug=slug, part__in=["subject", "adult_at_risk"])
        assert subjects.count() == Contact.objects.filter(hub__slug=slug).count()  # one subject per contact
        repeats = subjects.filter(linked_existing_record=True).select_related("contact")
        assert repeats.count() / subjects.count() == pytest.approx(rate, abs=0.06)
        for link in repeats:  # a re-referral: the same child had a contact in the 12 months before
            earlier = ContactPerson.objects.filter(
                person=link.person,
                contact__received_at__lt=link.contact.received_at,
                contact__received_at__gte=link.contact.received_at - dt.timedelta(days=365),
            )
            assert earlier.exists()


def test_every_triaged_contact_keeps_the_triage_invariants(seeded):
    now = timezone.now()
    triaged = Contact.objects.exclude(status__in=[ContactStatus.DRAFT, ContactStatus.AWAITING_TRIAGE])
    assert triaged.exists()
    for contact in triaged.select_related("current_triage__level", "current_triage__threshold_document", "hub"):
        decision = contact.current_triage
        assert decision is not None
        assert decision == contact.triage_decisions.latest()
        assert decision.level.hub_id == contact.hub_id
        assert decision.route in decision.level.allowed_routes
        assert contact.status in (ROUTE_STATUS[Route(decision.route)], historical_status(Route(decision.route)))
        assert decision.threshold_document == contact.hub.current_threshold_document()
        assert 1 <= decision.indicators.count() <= 3
        assert {i.level_code for i in decision.indicators.all()} == {decision.level.code}
        assert contact.submitted_at is not None and contact.referral_decision_due is not None
        assert contact.received_at <= contact.submitted_at <= decision.decided_at <= now
        assert contact.referral_decision_due > contact.received_at
        if decision.level.timeline_amount is not None:
            assert decision.decision_due is not None
        if decision.route == Route.ALLOCATED_WORKER:
            assert any(link.person.allocated_worker for link in contact.people.all() if link.is_subject)


def test_contacts_span_a_year_and_references_continue_from_the_counter(seeded):
    now = timezone.now()
    first = Contact.objects.order_by("received_at").first()
    assert first is not None and first.received_at >= now - dt.timedelta(days=366)
    assert not Contact.objects.filter(received_at__gt=now).exists()
    for counter in ReferenceCounter.objects.all():
        issued = Contact.objects.filter(hub_id=counter.hub_id, reference__contains=f"-{counter.year % 100:02d}-")
        assert counter.last == issued.count()


def test_each_hub_has_a_live_queue(seeded):
    for hub in Hub.objects.all():
        awaiting = hub.contacts.filter(status=ContactStatus.AWAITING_TRIAGE)
        assert awaiting.exists()
        assert all(c.submitted_at is not None and c.referral_decision_due is not None for c in awaiting)
        assert hub.contacts.filter(status=ContactStatus.IN_MASH).exists()


def test_people_are_synthetic_and_valid(seeded):
    people = Person.objects.all()
    assert people.filter(kind="child").exists() and people.filter(kind="adult").exists()
    for person in people.exclude(nhs_number=""):
        assert person.nhs_number.startswith("999")  # NHS England's range for test numbers
        assert identifiers.nhs_number_is_valid(person.nhs_number)
    for person in people.exclude(upn=""):
        assert identifiers.upn_is_valid(person.upn)
    for person in people.filter(expected_date_of_birth__isnull=False):
        assert person.sex == "U" and person.date_of_birth is None
    for address in Person.objects.first().addresses.all():  # type: ignore[union-attr]
        assert identifiers.postcode_is_valid(address.postcode)
    assert Person.objects.filter(hub__slug="site3", kind="adult", contact_links__part="adult_at_risk").exists()


def test_if_empty_skips_a_second_run_and_prints_the_sign_ins(seeded):
    contacts = Contact.objects.count()
    out = io.StringIO()
    call_command("seed_demo", "--if-empty", stdout=out)
    assert "Not seeding again" in out.getvalue()
    assert "police-multi" in out.getvalue()
    assert Contact.objects.count() == contacts
    assert Hub.objects.count() == 3


def test_a_second_run_without_if_empty_is_refused_and_changes_nothing(seeded):
    contacts = Contact.objects.count()
    with pytest.raises(CommandError, match="already exist"):
        call_command("seed_demo", "--scale", str(SCALE), stdout=io.StringIO())
    assert Contact.objects.count() == contacts


def _hub_info(key: str) -> synthetic.HubInfo:
    levels = {
        spec["code"]: synthetic.LevelInfo(
            spec["code"], tuple(spec["allowed_routes"]), spec["timeline_amount"], spec["timeline_unit"]
        )
        for spec in PRESETS[key]["levels"]
    }
    codes = {code: tuple(f"{code}-{n}" for n in range(len(INDICATORS[LEVEL_BANDS[code]]))) for code in levels}
    return synthetic.HubInfo(
        key, "902", worktime.WorkingCalendar(), levels, codes, PRESETS[key]["takes_adult_referrals"]
    )


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_plan_only_links_people_recorded_before(seed):
    """History is written before today's queue, so history may only link people history created."""
    plan = synthetic.plan_hub(
        rng=random.Random(seed),
        hub=_hub_info("site2"),
        now=timezone.now(),
        total=900,
        ids=synthetic.Identifiers(random.Random(seed)),
        key_start=0,
    )
    history = [c for c in plan.contacts if c.phase == synthetic.Phase.HISTORY]
    live = [c for c in plan.contacts if c.phase != synthetic.Phase.HISTORY]
    recorded: set[int] = set()
    for contact in [*history, *live]:  # the order the command writes them
        recorded |= {p.key for p in contact.new_people}
        assert {link.person.key for link in contact.links} <= recorded
        assert {r.person.key for r in contact.relationships} | {
            r.relative.key for r in contact.relationships
        } <= recorded


def test_history_never_re_refers_a_family_only_todays_queue_has_recorded():
    now = timezone.now()
    generator = synthetic.HubGenerator(
        rng=random.Random(1), hub=_hub_info("site2"), now=now, total=10, ids=synthetic.Identifiers(random.Random(1))
    )

    def contact(phase: str, hours_ago: int) -> synthetic.ContactSpec:
        received = now - dt.timedelta(hours=hours_ago)
        return synthetic.ContactSpec(phase=phase, received_at=received, source="6", level_code="tier-3", is_adult=False)

    queued = contact(synthetic.Phase.AWAITING, 3)
    generator._fill_new(queued)
    child = queued.links[0].person
    assert generator._pick_repeat(contact(synthetic.Phase.HISTORY, 2)) == (None, None)
    assert generator._pick_repeat(contact(synthetic.Phase.IN_MASH, 1))[1] is child
