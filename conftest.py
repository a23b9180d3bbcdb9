"""The shared cast for every test: two hubs, and a practitioner for each role in each; and the tests' clock.

Tests ask for `cast` and get named memberships, so every view test can show the
allowed user succeeding and the others being refused.

No test runs on the real date. Every test starts at one known instant (`start_instant()`),
with the clock ticking from there, so a test that would pass today and fail on a bank
holiday, at midnight or on 29 February fails every day or never. Set OPENMASH_TEST_NOW
to run the suite at another moment, e.g. `OPENMASH_TEST_NOW=2028-02-29T16:59 pytest`
(UK local time unless an offset is given).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from openmash.accounts import signin
from openmash.accounts.models import Agency, AgencyKind, Membership, Role, User
from openmash.contacts import services as contact_services
from openmash.contacts.models import Contact, ContactPerson
from openmash.contacts.services import contact_triage
from openmash.hubs.models import Hub
from openmash.hubs.services import hub_load_preset
from openmash.people import services as people_services
from openmash.people.models import Person

PASSWORD = "correct-horse-battery-staple"

TEST_NOW_VARIABLE = "OPENMASH_TEST_NOW"
# An ordinary moment: a Wednesday morning in working hours, in British Summer Time, far from midnight,
# a weekend, a bank holiday or a clock change. Awkward moments are tried by setting OPENMASH_TEST_NOW.
DEFAULT_TEST_NOW = "2027-06-16T10:30"
UK = ZoneInfo("Europe/London")


def start_instant() -> dt.datetime:
    """The instant every test starts at: OPENMASH_TEST_NOW if set, else `DEFAULT_TEST_NOW`.

    An ISO 8601 date and time, UK local time unless it has an offset. A local time the clocks
    skip (01:30 on the last Sunday of March) is read with the offset before the change, so it
    is 02:30 BST; one they repeat (01:30 on the last Sunday of October) is the first, in BST.
    """
    text = os.environ.get(TEST_NOW_VARIABLE, "").strip() or DEFAULT_TEST_NOW
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError as exc:
        raise pytest.UsageError(f"{TEST_NOW_VARIABLE}={text!r} is not an ISO 8601 date and time") from exc
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UK)
    return moment


_session_clock: time_machine.travel | None = None


def pytest_configure(config: pytest.Config) -> None:
    """Move the clock before anything runs, so collection and session fixtures never see the real date either."""
    global _session_clock
    _session_clock = time_machine.travel(start_instant(), tick=True)
    _session_clock.start()


def pytest_unconfigure(config: pytest.Config) -> None:
    if _session_clock is not None:
        _session_clock.stop()


def pytest_report_header(config: pytest.Config) -> str:
    return f"clock: every test starts at {start_instant().isoformat()} (set {TEST_NOW_VARIABLE} to change it)"


@pytest.fixture(autouse=True)
def _clock_at_test_now() -> Iterator[None]:
    """Each test starts at `start_instant()` and time passes from there (tick), whatever the real date.

    Tests that move the clock themselves (`time_machine.travel`) nest inside this. Browser tests
    are safe too: the live server runs in this process, so it shares the clock, and the cookies
    it sets do not depend on it (the session cookie has no expiry and the CSRF cookie's Max-Age
    counts from the browser's own clock).
    """
    with time_machine.travel(start_instant(), tick=True):
        yield


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    """PBKDF2's deliberate slowness is for attackers, not for creating eight users per test."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@dataclass
class Cast:
    hub: Hub
    other_hub: Hub
    manager: Membership
    social_worker: Membership
    police: Membership
    health: Membership
    early_help: Membership
    quality: Membership
    admin: Membership
    outsider: Membership  # a social worker in the other hub

    def client_for(self, membership: Membership) -> Client:
        return signed_in_client(membership.user, membership=membership)

    @property
    def everyone(self) -> dict[str, Membership]:
        return {
            "manager": self.manager,
            "social_worker": self.social_worker,
            "police": self.police,
            "health": self.health,
            "early_help": self.early_help,
            "quality": self.quality,
            "admin": self.admin,
            "outsider": self.outsider,
        }


def authenticator_for(user: User) -> TOTPDevice:
    """The user's confirmed authenticator device, made if they have none."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="Test authenticator", confirmed=True)


def signed_in_client(user: User, *, membership: Membership | None = None) -> Client:
    """A client fully signed in as `user`: password and second factor, as after the code step.

    Every page refuses a session without a verified second factor (SignInSessionMiddleware),
    so this marks the session verified with the user's device, as `django_otp.login` does,
    and starts the session's clocks now.
    """
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = authenticator_for(user).persistent_id
    moment = timezone.now().timestamp()
    for key in (signin.SIGNED_IN_AT, signin.LAST_SEEN, signin.AUTHENTICATED_AT):
        session[key] = moment
    if membership is not None:
        session["membership_id"] = membership.pk
    session.save()
    return client


def make_member(hub: Hub, username: str, role: str, agency_kind: str) -> Membership:
    agency = hub.partners.filter(agency__kind=agency_kind).first()
    agency_obj = (
        agency.agency if agency else Agency.objects.get_or_create(name=f"Test {agency_kind}", kind=agency_kind)[0]
    )
    user = User.objects.create_user(
        username=username, password=PASSWORD, first_name=username.title(), agency=agency_obj
    )
    return Membership.objects.create(user=user, hub=hub, role=role)


@pytest.fixture
def cast(db: Any) -> Cast:
    hub = hub_load_preset(key="site1")
    other = hub_load_preset(key="site2")
    return Cast(
        hub=hub,
        other_hub=other,
        manager=make_member(hub, "manager", Role.HUB_MANAGER, AgencyKind.CHILDRENS_SOCIAL_CARE),
        social_worker=make_member(hub, "socialworker", Role.SOCIAL_WORKER, AgencyKind.CHILDRENS_SOCIAL_CARE),
        police=make_member(hub, "police", Role.PARTNER, AgencyKind.POLICE),
        health=make_member(hub, "health", Role.PARTNER, AgencyKind.HEALTH),
        early_help=make_member(hub, "earlyhelp", Role.EARLY_HELP, AgencyKind.EARLY_HELP),
        quality=make_member(hub, "quality", Role.QUALITY_LEAD, AgencyKind.CHILDRENS_SOCIAL_CARE),
        admin=make_member(hub, "admin", Role.ADMINISTRATOR, AgencyKind.CHILDRENS_SOCIAL_CARE),
        outsider=make_member(other, "outsider", Role.SOCIAL_WORKER, AgencyKind.CHILDRENS_SOCIAL_CARE),
    )


def contact_fields(**overrides: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "channel": "phone",
        "received_at": timezone.now() - dt.timedelta(hours=1),
        "referral_source": "2A",
        "referrer_type": "professional",
        "referrer_name": "Pat Head",
        "referrer_agency": "Oakfield Primary School",
        "referrer_role": "Designated safeguarding lead",
        "concern": "Child arrived at school with a bruise on the cheek and said Dad was angry.",
    }
    fields.update(overrides)
    return fields


def make_contact(
    membership: Membership, *, submit: bool = True, child: Person | None = None, **overrides: Any
) -> Contact:
    """A contact about one child, recorded (and by default submitted) by `membership`."""
    user = membership.user
    contact = contact_services.contact_create(membership=membership, by=user, **contact_fields(**overrides))
    if child is None:
        child = people_services.person_create(
            membership=membership,
            by=user,
            kind="child",
            given_names="Amy",
            family_name="Testchild",
            date_of_birth=dt.date(2018, 5, 4),
        )
    contact_services.contact_add_person(
        membership=membership,
        by=user,
        contact=contact,
        person=child,
        part=ContactPerson.Part.SUBJECT,
        linked_existing=False,
    )
    if submit:
        contact = contact_services.contact_submit(membership=membership, by=user, contact=contact)
    return contact


@pytest.fixture
def contact(cast: Cast) -> Contact:
    return make_contact(cast.social_worker)


@pytest.fixture
def other_person(cast: Cast) -> Person:
    """Someone in the hub's index who is not named in the `contact` fixture."""
    return people_services.person_create(
        membership=cast.social_worker,
        by=cast.social_worker.user,
        kind="adult",
        given_names="Unrelated",
        family_name="Person",
    )


def triaged_to_mash(cast: Cast, contact: Contact) -> Contact:
    """`contact` triaged Red and routed through the MASH, ready for partner requests."""
    red = cast.hub.current_levels().get(code="red")
    contact_triage(
        membership=cast.social_worker,
        by=cast.social_worker.user,
        contact=contact,
        level=red,
        route="mash",
        rationale="Possible significant harm.",
    )
    contact.refresh_from_db()
    return contact


@pytest.fixture
def mash_contact(cast: Cast, contact: Contact) -> Contact:
    """A contact triaged Red and routed through the MASH, ready for partner requests."""
    return triaged_to_mash(cast, contact)


def count_queries(client: Client, url: str) -> int:
    """How many SQL queries one GET of `url` makes; the page must answer 200.

    Hot pages are tested by building a little data, counting, building more and
    counting again: the count must not grow with the rows shown (no N+1).
    """
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return len(ctx.captured_queries)
