"""The demo loads, and keeps its invariants, whatever day and time it is loaded on, and with any seed.

Which synthetic child is 16, which day is a bank holiday, where a year of history starts
and whether the clocks change tonight all depend on the moment `seed_demo` runs. Each test
here runs the real command at a tiny scale with the clock moved (and ticking) to an
awkward moment: 29 February, either side of midnight on New Year's Eve, a bank holiday and
the day before one, the edges of the working week, both clock changes, and dozens of days
drawn at random from the next five years (with a fixed seed, so a failure reproduces).
"""

from __future__ import annotations

import datetime as dt
import io
import random
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db.models import F
from django.utils import timezone

from conftest import start_instant
from openmash.audit.queries import audit_chain_verify
from openmash.consent import sharing
from openmash.consent.models import ConsentRecord, ConsentScope
from openmash.contacts.models import Contact, ContactStatus, ReferenceCounter, TriageDecision
from openmash.decisions.models import Decision
from openmash.enquiries.models import InformationRequest, LegalBasis
from openmash.hubs import worktime
from openmash.letters.models import Letter
from openmash.meetings.models import Meeting
from openmash.people.models import PersonKind

pytestmark = pytest.mark.django_db

UK = ZoneInfo("Europe/London")
UTC = dt.UTC
# The smallest scale that still gives every hub some history, a live queue and a case in the MASH.
SCALE = "0.002"

AWKWARD: dict[str, dt.datetime] = {
    "29 February": dt.datetime(2028, 2, 29, 12, 0, tzinfo=UK),
    "New Year's Eve 23:59": dt.datetime(2027, 12, 31, 23, 59, tzinfo=UK),
    "New Year's Day 00:01": dt.datetime(2028, 1, 1, 0, 1, tzinfo=UK),
    "a bank holiday": dt.datetime(2027, 8, 30, 10, 0, tzinfo=UK),
    "a substitute bank holiday after New Year": dt.datetime(2028, 1, 3, 9, 30, tzinfo=UK),
    "the day before a bank holiday": dt.datetime(2028, 4, 13, 15, 30, tzinfo=UK),
    "Christmas Eve": dt.datetime(2027, 12, 24, 16, 0, tzinfo=UK),
    "a Friday at 16:59": dt.datetime(2027, 7, 16, 16, 59, tzinfo=UK),
    "a Monday at 08:59": dt.datetime(2027, 7, 19, 8, 59, tzinfo=UK),
    # The clocks go forward at 01:00 GMT on the last Sunday of March (01:00 becomes 02:00 BST) ...
    "clocks go forward, 00:59 GMT": dt.datetime(2027, 3, 28, 0, 59, 30, tzinfo=UTC),
    "clocks go forward, 02:00 BST": dt.datetime(2027, 3, 28, 1, 0, tzinfo=UTC),
    # ... and back at 01:00 GMT on the last Sunday of October (02:00 BST becomes 01:00 GMT): 01:30 happens twice.
    "clocks go back, first 01:30 (BST)": dt.datetime(2027, 10, 31, 0, 30, tzinfo=UTC),
    "clocks go back, second 01:30 (GMT)": dt.datetime(2027, 10, 31, 1, 30, tzinfo=UTC),
}

RANDOM_DAYS = 24
SITES = ("site1", "site2", "site3")
_draw = random.Random(20261201)  # noqa: S311 - test data; fixed so a failing day reproduces
_FROM = dt.datetime(2026, 12, 1, tzinfo=UTC)
_SPAN = int(dt.timedelta(days=5 * 365 + 1).total_seconds())
# (moment, seed, site): a moment anywhere in the five years from December 2026, a seed of its own, and
# one hub (in turn), which keeps dozens of loads quick while each site's way of working meets many days.
RANDOM_MOMENTS = [
    (_FROM + dt.timedelta(seconds=_draw.randrange(_SPAN)), _draw.randrange(1, 1_000_000), SITES[n % len(SITES)])
    for n in range(RANDOM_DAYS)
]


def test_the_awkward_days_are_what_they_say() -> None:
    cal = worktime.WorkingCalendar()
    assert not cal.is_working_day(AWKWARD["a bank holiday"].date())
    assert not cal.is_working_day(AWKWARD["a substitute bank holiday after New Year"].date())
    day_before = AWKWARD["the day before a bank holiday"].date()
    assert cal.is_working_day(day_before) and not cal.is_working_day(day_before + dt.timedelta(days=1))
    assert AWKWARD["a Friday at 16:59"].weekday() == 4 and AWKWARD["a Monday at 08:59"].weekday() == 0
    forward, back = AWKWARD["clocks go forward, 02:00 BST"], AWKWARD["clocks go back, second 01:30 (GMT)"]
    assert forward.astimezone(UK).utcoffset() == dt.timedelta(hours=1)
    assert (forward - dt.timedelta(minutes=1)).astimezone(UK).utcoffset() == dt.timedelta(0)
    assert back.astimezone(UK).utcoffset() == dt.timedelta(0)
    assert (back - dt.timedelta(hours=1)).astimezone(UK).utcoffset() == dt.timedelta(hours=1)


def seed_and_check(moment: dt.datetime, *, seed: int | None = None, site: str | None = None) -> None:
    """Run seed_demo with the clock at `moment` (ticking), then check what must hold on any day."""
    args = ["seed_demo", "--scale", SCALE]
    args += ["--seed", str(seed)] if seed is not None else []
    args += ["--sites", site] if site is not None else []
    out = io.StringIO()
    with time_machine.travel(moment, tick=True):
        call_command(*args, stdout=out)
        check_invariants(started=moment)
    assert "Seeded the demo" in out.getvalue()


def check_invariants(*, started: dt.datetime) -> None:
    now = timezone.now()
    report = audit_chain_verify()
    assert report.intact, report.broken

    # Nothing is dated after the moment it was loaded, and the year of history ends there.
    contacts = Contact.objects.all()
    assert contacts.exists()
    assert not contacts.filter(received_at__gt=now).exists()
    assert not contacts.filter(received_at__lt=started - dt.timedelta(days=366 + 7)).exists()
    assert not TriageDecision.objects.filter(decided_at__gt=now).exists()
    assert not InformationRequest.objects.filter(sent_at__gt=now).exists()
    assert not InformationRequest.objects.filter(deadline__lte=F("sent_at")).exists()
    assert not ConsentRecord.objects.filter(given_at__gt=now).exists()
    assert not Decision.objects.filter(decided_at__gt=now).exists()
    assert not Letter.objects.filter(sent_at__gt=now).exists()
    assert not Meeting.objects.filter(held_at__gt=now).exists()
    assert contacts.filter(status=ContactStatus.AWAITING_TRIAGE).exists()
    for contact in contacts.exclude(status__in=[ContactStatus.DRAFT, ContactStatus.AWAITING_TRIAGE]).select_related(
        "current_triage"
    ):
        decision = contact.current_triage
        assert decision is not None and contact.submitted_at is not None
        assert contact.received_at <= contact.submitted_at <= decision.decided_at <= now

    # References are numbered per calendar year, as the counter says, across New Year.
    for counter in ReferenceCounter.objects.all():
        issued = Contact.objects.filter(hub_id=counter.hub_id, reference__contains=f"-{counter.year % 100:02d}-")
        assert counter.last == issued.count()

    # Every request sent on the family's consent was covered, when it was sent, by consent given
    # before it: a young person of 16 or 17 on that day by their own, the others by a parent's.
    consented = InformationRequest.objects.filter(legal_basis=LegalBasis.CONSENT).prefetch_related("people")
    for request in consented:
        assert not uncovered_when_sent(request), request


def uncovered_when_sent(request: InformationRequest) -> list[sharing.PersonFacts]:
    day = timezone.localdate(request.sent_at)
    people = tuple(
        sharing.PersonFacts(id=p.pk, is_adult=p.kind == PersonKind.ADULT, age=p.age(day), name=p.display_name)
        for p in request.people.all()
    )
    latest: dict[int, ConsentRecord] = {}
    for record in ConsentRecord.objects.filter(contact_id=request.contact_id, given_at__lte=request.sent_at).order_by(
        "given_at", "pk"
    ):
        latest[record.giver_id] = record
    consents = tuple(
        sharing.ConsentFacts(
            giver_id=r.giver_id,
            giver_role=r.giver_role,
            answer=r.answer,
            covers_adults=r.scope == ConsentScope.CHILDREN_AND_ADULTS,
            agencies=frozenset(a.pk for a in r.agencies.all()) or None,
        )
        for r in latest.values()
    )
    situation = sharing.Situation(
        statutory_level=False,
        level_label="",
        article6="6_1_e",
        schedule1="para_18",
        consent_position="given",
        consent_reason="",
        significant_harm=False,
        significant_harm_reason="",
        categories=frozenset({"identity"}),
        people=people,
        agencies=frozenset({request.agency_id}),
        consents=consents,
    )
    return sharing.uncovered(situation)


@pytest.mark.parametrize("moment", list(AWKWARD.values()), ids=list(AWKWARD))
def test_the_demo_loads_on_an_awkward_day(moment: dt.datetime, settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    seed_and_check(moment)


@pytest.mark.parametrize(
    ("moment", "seed", "site"),
    RANDOM_MOMENTS,
    ids=[f"{m.astimezone(UK):%Y-%m-%dT%H:%M}-seed{s}-{h}" for m, s, h in RANDOM_MOMENTS],
)
def test_the_demo_loads_on_any_day(moment: dt.datetime, seed: int, site: str, settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    seed_and_check(moment, seed=seed, site=site)


@pytest.mark.parametrize("seed", [1, 42, 31337])
def test_the_demo_loads_with_any_seed(seed: int, settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    seed_and_check(start_instant(), seed=seed)


@pytest.mark.parametrize("sites", ["", "site1,site9", " , "])
def test_sites_must_name_case_study_hubs(sites: str) -> None:
    with pytest.raises(CommandError, match="--sites must name one or more of site1, site2, site3"):
        call_command("seed_demo", "--sites", sites, stdout=io.StringIO())
