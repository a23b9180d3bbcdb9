"""The world the access-matrix tests check: every kind of record in every state, in two hubs,
and a practitioner for every role of every agency in each hub, with their access live or ended.

Each record is built directly (the rules read fields, not history) and carries
the test's own bookkeeping of how each agency stands to it (asked, withdrawn,
own, present...), written down as the record is built. The expected answer comes
from that bookkeeping and the policy table, never from the rule code.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils import timezone

from conftest import make_contact
from openmash.accounts.models import Agency, AgencyKind, Membership, Role, User
from openmash.contacts.models import Contact, ContactStatus
from openmash.decisions.models import Challenge, Decision
from openmash.enquiries.models import Contribution, ContributionItem, InformationRequest, RequestStatus
from openmash.hubs.models import Hub
from openmash.hubs.services import hub_load_preset
from openmash.meetings.models import AgendaItem, Attendance, Meeting
from openmash.people.models import Person

POLICY_ROLE = {
    Role.HUB_MANAGER: "MGR",
    Role.SOCIAL_WORKER: "SW",
    Role.QUALITY_LEAD: "QL",
    Role.ADMINISTRATOR: "ADM",
    Role.EARLY_HELP: "EH",
    Role.PARTNER: "PTN",
}

# (name, role, agency key): every role, and a partner from each of four agencies.
ACTOR_SPECS = [
    ("manager", Role.HUB_MANAGER, "csc"),
    ("social_worker", Role.SOCIAL_WORKER, "csc"),
    ("quality", Role.QUALITY_LEAD, "csc"),
    ("admin", Role.ADMINISTRATOR, "csc"),
    ("early_help", Role.EARLY_HELP, "early_help"),
    ("police", Role.PARTNER, "police"),
    ("health", Role.PARTNER, "health"),
    ("education", Role.PARTNER, "education"),
    ("housing", Role.PARTNER, "housing"),
    ("youth_justice", Role.PARTNER, "youth_justice"),
    ("camhs", Role.PARTNER, "camhs"),
]
AGENCY_KINDS = {
    "csc": AgencyKind.CHILDRENS_SOCIAL_CARE,
    "early_help": AgencyKind.EARLY_HELP,
    "police": AgencyKind.POLICE,
    "health": AgencyKind.HEALTH,
    "education": AgencyKind.EDUCATION,
    "housing": AgencyKind.HOUSING,
    "youth_justice": AgencyKind.YOUTH_JUSTICE,
    "camhs": AgencyKind.CAMHS,
}


@dataclass
class Actor:
    name: str
    membership: Membership
    active: bool

    @property
    def hub_id(self) -> int:
        return self.membership.hub_id

    @property
    def agency_id(self) -> int:
        agency = self.membership.user.agency
        assert agency is not None
        return agency.pk

    @property
    def role(self) -> str:
        return POLICY_ROLE[Role(self.membership.role)]

    def __str__(self) -> str:
        hub = self.membership.hub.slug
        return f"{self.name}@{hub}{'' if self.active else ' (ended)'}"


@dataclass
class Case:
    """A record, the actions asked about it, its state, and how each practitioner stands to it."""

    kind: str
    record: models.Model
    hub_id: int
    actions: list[str]
    state: str  # the base state; the hub's configuration is appended where the policy needs it
    relation: Callable[[Actor], str]
    hub_config: bool = False  # append /shared or /unshared

    def label(self) -> str:
        return f"{self.kind} {self.record.pk} ({self.state})"


def _agencies() -> dict[str, Agency]:
    """Agencies serving both hubs, as police and health often do."""
    return {key: Agency.objects.get_or_create(name=f"Matrix {key}", kind=kind)[0] for key, kind in AGENCY_KINDS.items()}


def make_actors(hubs: list[Hub], agencies: dict[str, Agency]) -> list[Actor]:
    actors = []
    for hub in hubs:
        for name, role, agency_key in ACTOR_SPECS:
            for active in (True, False):
                user = User.objects.create_user(
                    username=f"{name}-{hub.slug}-{'live' if active else 'ended'}",
                    first_name=name.title(),
                    agency=agencies[agency_key],
                )
                m = Membership.objects.create(user=user, hub=hub, role=role, is_active=active)
                actors.append(Actor(name=name, membership=m, active=active))
    return actors


@dataclass
class World:
    hubs: list[Hub]
    agencies: dict[str, Agency]
    actors: list[Actor]
    cases: list[Case] = field(default_factory=list)

    def actor(self, name: str, hub: Hub, active: bool = True) -> Actor:
        return next(a for a in self.actors if a.name == name and a.hub_id == hub.pk and a.active is active)


def _request(
    contact: Contact, agency: Agency, status: str, by: User, people: list[Person] | None = None
) -> InformationRequest:
    now = timezone.now()
    request = InformationRequest.objects.create(
        contact=contact,
        agency=agency,
        question="What do you know about the family?",
        deadline=now + dt.timedelta(hours=4),
        legal_basis="statutory",
        legal_basis_detail="Reasonable cause to suspect significant harm.",
        status=status,
        sent_by=by,
        sent_at=now,
        closed_at=None if status in (RequestStatus.SENT, RequestStatus.ACKNOWLEDGED) else now,
    )
    request.people.set(people or [link.person for link in contact.people.all()])
    return request


def _set_status(contact: Contact, status: str) -> Contact:
    Contact.objects.filter(pk=contact.pk).update(status=status)
    contact.status = status
    return contact


def _contact_relation(author: int | None, asked: set[int], withdrawn: set[int]) -> Callable[[Actor], str]:
    def relation(actor: Actor) -> str:
        if author is not None and actor.membership.user_id == author:
            return "author"
        if actor.agency_id in asked:
            return "asked"
        if actor.agency_id in withdrawn:
            return "withdrawn"
        return "none"

    return relation


def _own_or_other(own: int) -> Callable[[Actor], str]:
    def relation(actor: Actor) -> str:
        return "own" if actor.agency_id == own else "other"

    return relation


def build_hub(world: World, hub: Hub) -> None:
    """Every kind of record in every state the policy distinguishes, in one hub."""
    a = world.agencies
    sw = world.actor("social_worker", hub).membership
    mgr = world.actor("manager", hub).membership
    by = sw.user
    cases = world.cases
    person = make_contact(sw, submit=False).people.get().person  # a draft by the social worker

    # Contacts: a draft by each of the social worker and the manager; then every submitted status,
    # with police asked (live) and health's request withdrawn, and one Early Help case Early Help was asked about.
    for author in (sw, mgr):
        draft = make_contact(author, submit=False, child=person)
        relation = _contact_relation(author.user_id, set(), set())
        cases.append(Case("contact", draft, hub.pk, ["view_contact", "challenge", "step_up"], "draft", relation))
    for status in ContactStatus.values:
        if status == ContactStatus.DRAFT:
            continue
        contact = _set_status(make_contact(sw, child=person), status)
        _request(contact, a["police"], RequestStatus.SENT, by)
        _request(contact, a["health"], RequestStatus.WITHDRAWN, by)
        relation = _contact_relation(None, {a["police"].pk}, {a["health"].pk})
        cases.append(Case("contact", contact, hub.pk, ["view_contact", "challenge", "step_up"], status, relation))
    eh_case = _set_status(make_contact(sw, child=person), ContactStatus.EARLY_HELP)
    _request(eh_case, a["early_help"], RequestStatus.SUBMITTED, by)
    _request(eh_case, a["education"], RequestStatus.UNABLE, by)
    relation = _contact_relation(None, {a["early_help"].pk, a["education"].pk}, set())
    cases.append(Case("contact", eh_case, hub.pk, ["view_contact", "challenge", "step_up"], "early_help", relation))

    # Requests to the police in every lifecycle state (each on its own contact, health asked too).
    for status in RequestStatus.values:
        contact = _set_status(make_contact(sw, child=person), ContactStatus.IN_MASH)
        request = _request(contact, a["police"], status, by)
        _request(contact, a["health"], RequestStatus.SENT, by)
        own = request.agency_id
        cases.append(
            Case(
                "request",
                request,
                hub.pk,
                ["view_request", "answer_request"],
                status,
                _own_or_other(own),
            )
        )

    # Answers: police submitted (with items of every sensitivity), health's draft, and education's
    # submitted answer to a request since withdrawn. Housing and Early Help were not asked.
    contact = _set_status(make_contact(sw, child=person), ContactStatus.IN_MASH)
    asked = {a["police"].pk, a["health"].pk}
    answers = [
        ("police", RequestStatus.SUBMITTED, True, "submitted"),
        ("health", RequestStatus.ACKNOWLEDGED, False, "draft"),
        ("education", RequestStatus.WITHDRAWN, True, "withdrawn"),
    ]
    for key, status, submitted, state in answers:
        request = _request(contact, a[key], status, by)
        writer = world.actor(key, hub).membership.user
        contribution = Contribution.objects.create(
            request=request,
            analysis=f"{key} analysis",
            created_by=writer,
            submitted_by=writer if submitted else None,
            submitted_at=timezone.now() if submitted else None,
        )

        def relation(actor: Actor, own: int = a[key].pk) -> str:
            if actor.agency_id == own:
                return "own"
            return "asked" if actor.agency_id in asked else "none"

        cases.append(
            Case("contribution", contribution, hub.pk, ["view_contribution"], state, relation, hub_config=True)
        )
        if key == "police":
            for sensitivity, name in (("", "plain"), ("nfd", "nfd"), ("therapeutic", "therapeutic")):
                item = ContributionItem.objects.create(
                    contribution=contribution,
                    person=person,
                    occurred_on=dt.date(2025, 1, 2),
                    summary=f"{name} item",
                    source_system="Niche",
                    sensitivity=sensitivity,
                )
                cases.append(Case("item", item, hub.pk, ["view_item", "break_glass"], name, relation, hub_config=True))

    # Decisions and challenges: one on a decided case (police asked, health withdrawn), one on a case
    # now with Early Help (police asked).
    level = hub.current_levels().order_by("-rank").first()
    assert level is not None
    for status in (ContactStatus.DECIDED, ContactStatus.EARLY_HELP):
        contact = _set_status(make_contact(sw, child=person), status)
        _request(contact, a["police"], RequestStatus.SUBMITTED, by)
        _request(contact, a["health"], RequestStatus.WITHDRAWN, by)
        decision = Decision.objects.create(
            contact=contact,
            person=person,
            level=level,
            level_label=level.label,
            outcome="s17",
            rationale="Needs an assessment.",
            decided_by=by,
            decided_at=timezone.now(),
        )
        relation = _contact_relation(None, {a["police"].pk}, {a["health"].pk})
        cases.append(Case("decision", decision, hub.pk, ["view_decision"], status, relation))
        challenge = Challenge.objects.create(
            decision=decision,
            agency=a["police"],
            raised_by=world.actor("police", hub).membership.user,
            raised_at=timezone.now(),
            grounds="We judge the risk higher.",
        )
        cases.append(Case("challenge", challenge, hub.pk, ["view_challenge"], status, relation))

    # Meetings: police present, health sent apologies; the agenda has a case police and health were
    # asked about, and one only education was asked about.
    asked_case = _set_status(make_contact(sw, child=person), ContactStatus.IN_MASH)
    _request(asked_case, a["police"], RequestStatus.SUBMITTED, by)
    _request(asked_case, a["health"], RequestStatus.SENT, by)
    other_case = _set_status(make_contact(sw, child=person), ContactStatus.IN_MASH)
    _request(other_case, a["education"], RequestStatus.SENT, by)
    now = timezone.now()
    for kind, held in (("daily", False), ("daily", True), ("strategy", False)):
        meeting = Meeting.objects.create(
            hub=hub,
            kind=kind,
            scheduled_for=now,
            chair=by,
            created_by=by,
            contact=asked_case if kind == "strategy" else None,
            held_at=now if held else None,
            closed_by=by if held else None,
        )
        Attendance.objects.create(
            meeting=meeting, agency=a["police"], status="present", recorded_by=by, recorded_at=now
        )
        Attendance.objects.create(
            meeting=meeting, agency=a["health"], status="apologies", recorded_by=by, recorded_at=now
        )

        def attended(actor: Actor) -> str:
            return {a["police"].pk: "present", a["health"].pk: "apologies"}.get(actor.agency_id, "none")

        state = f"{kind}{'/held' if held else ''}"
        cases.append(Case("meeting", meeting, hub.pk, ["view_meeting"], state, attended))
        if kind == "daily" and not held:
            for order, (case_contact, case_asked) in enumerate(
                ((asked_case, {a["police"].pk, a["health"].pk}), (other_case, {a["education"].pk})), start=1
            ):
                agenda_item = AgendaItem.objects.create(
                    meeting=meeting, contact=case_contact, order=order, reason="Due", added_by=by
                )

                def on_agenda(actor: Actor, case_asked: set[int] = case_asked) -> str:
                    seat = attended(actor)
                    return f"{seat}+asked" if actor.agency_id in case_asked else seat

                cases.append(Case("agenda_item", agenda_item, hub.pk, ["view_agenda_item"], "daily", on_agenda))

    cases.append(Case("person", person, hub.pk, ["see_record_history"], "known", lambda actor: "none"))


def build_world() -> World:
    hubs = [hub_load_preset(key="site1"), hub_load_preset(key="site2")]
    agencies = _agencies()
    world = World(hubs=hubs, agencies=agencies, actors=make_actors(hubs, agencies))
    for hub in hubs:
        build_hub(world, hub)
    return world


# How the matrix fetches each record: as the pages do, with what the rules read.
FETCH: dict[str, tuple[type[models.Model], tuple[str, ...]]] = {
    "contact": (Contact, ("hub",)),
    "request": (InformationRequest, ("contact__hub", "agency")),
    "contribution": (Contribution, ("request__contact__hub",)),
    "item": (ContributionItem, ("contribution__request__contact__hub",)),
    "decision": (Decision, ("contact",)),
    "challenge": (Challenge, ("decision__contact",)),
    "meeting": (Meeting, ("hub",)),
    "agenda_item": (AgendaItem, ("meeting", "contact")),
    "person": (Person, ("hub",)),
}


def refetch(case: Case) -> Any:
    model, related = FETCH[case.kind]
    return model._default_manager.select_related(*related).get(pk=case.record.pk)


def reload_actors(world: World) -> None:
    """Read every membership afresh (with its hub's configuration), as each request does."""
    fresh = {
        m.pk: m
        for m in Membership.objects.select_related("hub", "user__agency").filter(
            pk__in=[a.membership.pk for a in world.actors]
        )
    }
    for actor in world.actors:
        actor.membership = fresh[actor.membership.pk]


def find(world: World, kind: str, state: str, hub: Hub) -> Case:
    """The first record of a kind in a state in a hub."""
    return next(c for c in world.cases if c.kind == kind and c.state == state and c.hub_id == hub.pk)


def hub_state(hub: Hub) -> str:
    return "managers-decide" if hub.decisions_by_managers_only else "workers-decide"


def case_state(case: Case, hub: Hub) -> str:
    if case.hub_config:
        return f"{case.state}/{'shared' if hub.analyses_visible_to_partners else 'unshared'}"
    return case.state


def policy_says(world: World, actor: Actor, action: str, case: Case | None) -> bool:
    """The policy table's answer for this practitioner, action and record (None: the hub itself)."""
    from openmash.accounts import policy

    if case is None:
        return policy.expected(
            role=actor.role,
            action=action,
            kind="hub",
            state=hub_state(actor.membership.hub),
            relation="*",
            active=actor.active,
        )
    hub = next(h for h in world.hubs if h.pk == case.hub_id)
    return policy.expected(
        role=actor.role,
        action=action,
        kind=case.kind,
        state=case_state(case, hub),
        relation=case.relation(actor),
        same_hub=actor.hub_id == case.hub_id,
        active=actor.active,
    )
