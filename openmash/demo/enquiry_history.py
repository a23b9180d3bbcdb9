"""A year of multi-agency enquiries for the demo: requests, answers, meetings and decisions.

Every historical contact that went through the MASH (or to a strategy discussion)
gets what a real one would have left behind, so every page has realistic content:

- information requests to the police, health and education (and Early Help for a
  case below the statutory threshold), with a legal basis and a deadline from the
  triage level and the hub's calendar; most answered on time, some late, a few
  "unable to respond" or withdrawn;
- each agency's submitted answer: dated items per person from its own systems (some
  police intelligence marked not for disclosure, some items older than the hub's
  limit with the reason they are shared), an analysis and a recommended level;
- meetings in the hub's own way of working (docs/domain.md, Table 2): Site 1's daily
  MASH meeting for amber and red cases, Site 3's weekly service-planning meeting for
  cases below the threshold, and a strategy discussion wherever triage routed one;
- the social worker's decision for each child, with the agencies' recommendations
  side by side as they stood, and an answer wherever an agency recommended higher;
- now and then a partner's formal challenge and its outcome.

It is bulk-created, like the rest of the history (see seed_demo's docstring), keeping
the invariants the services keep; today's live cases go through the services instead
(`write_live_enquiries`). Everything here is synthetic.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils import timezone

from openmash import dates
from openmash.accounts.models import Agency, AgencyKind, Membership, Role, User
from openmash.consent.demo import demo_share_basis
from openmash.contacts.models import Contact, ContactPerson, ContactStatus
from openmash.decisions.models import Challenge, Decision, Outcome
from openmash.enquiries import services as enquiry_services
from openmash.enquiries.models import (
    Contribution,
    ContributionItem,
    InformationRequest,
    LegalBasis,
    RequestStatus,
    Sensitivity,
)
from openmash.hubs import worktime
from openmash.hubs.models import Hub, Route, ThresholdIndicator, TriageLevel
from openmash.meetings import services as meeting_services
from openmash.meetings.models import (
    STATUTORY_STRATEGY_AGENCIES,
    Action,
    AgendaItem,
    Attendance,
    Meeting,
    MeetingContribution,
    MeetingKind,
)
from openmash.people.models import Person, PersonKind

BATCH = 500
ASKED_KINDS = (AgencyKind.POLICE, AgencyKind.HEALTH, AgencyKind.EDUCATION)
SUBJECT_PARTS = (ContactPerson.Part.SUBJECT, ContactPerson.Part.ADULT_AT_RISK)
ASKED_ABOUT_PARTS = (*SUBJECT_PARTS, ContactPerson.Part.PARENT_CARER, ContactPerson.Part.HOUSEHOLD_ADULT)

# What each agency's records say, in its own words. {who} is the person's first name.
ITEMS: dict[str, tuple[tuple[str, str], ...]] = {
    AgencyKind.POLICE: (
        ("Attended a report of a verbal argument at the home address; {who} was present. No offences.", "Niche RMS"),
        ("Domestic abuse incident: risk assessed as standard. {who} was upstairs at the time.", "Niche RMS"),
        ("Intelligence that an adult with convictions for violence visits the address.", "Police intelligence"),
        ("{who} reported missing for six hours; found safe at a friend's house.", "Missing persons log"),
        (
            "Neighbour reported shouting and a child crying late at night; no further action on attendance.",
            "Command and control",
        ),
    ),
    AgencyKind.HEALTH: (
        ("{who} seen by the health visitor; growth and development on track.", "SystmOne"),
        ("Two missed hospital appointments for {who} in the last six months.", "Hospital patient record"),
        ("Attended the emergency department with a minor burn; explanation consistent with injury.", "ED record"),
        ("Mother disclosed low mood at a GP appointment; referred to talking therapies.", "GP record"),
        ("{who} on the school nurse caseload for bedwetting and anxiety.", "School nursing record"),
    ),
    AgencyKind.EDUCATION: (
        ("{who}'s attendance is 84% this term, with lateness on Mondays.", "School information system"),
        ("{who} said at school that there had been shouting at home at the weekend.", "Safeguarding log"),
        ("{who} often arrives hungry; the school provides breakfast club.", "Safeguarding log"),
        ("No concerns recorded this year; {who} is settled and has friends.", "School information system"),
        ("{who} has an education, health and care plan; the annual review was attended by Mum.", "SEND record"),
    ),
    AgencyKind.EARLY_HELP: (
        ("The family had a Family Help plan last year, closed with needs met.", "Early Help record"),
        ("Parenting course offered to both parents; Mum attended four of six sessions.", "Early Help record"),
        ("Not known to Early Help.", "Early Help record"),
    ),
}
ANALYSES: dict[str, tuple[str, ...]] = {
    AgencyKind.POLICE: (
        "Police hold incidents at the address over the last year, increasing in frequency. The child was present "
        "at the most recent. In our view the risk is current.",
        "One historical incident, no offences since. We see no current police concern for the child.",
    ),
    AgencyKind.HEALTH: (
        "Health records show missed appointments and a parent struggling with their own health. Needs are not "
        "being fully met, but we have no evidence of harm.",
        "Health contact is routine and development is on track. No health concerns for this child.",
    ),
    AgencyKind.EDUCATION: (
        "School has seen a change in the child's presentation this term: tired, hungry, and more withdrawn. "
        "School would support an assessment.",
        "School has no concerns: attendance is good and the child is doing well.",
    ),
    AgencyKind.EARLY_HELP: (
        "Early Help knows the family and they engaged well before. A Family Help plan would fit their needs.",
    ),
}
QUESTIONS = (
    "Please share what you hold about the family in the last two years, and your view of the risk to the child.",
    "Is the family known to you? Anything about the adults in the household that bears on this concern?",
    "What do you know about the child's health, development and attendance, and about the parents' capacity?",
)
UNABLE_REASONS = (
    "Not known to our service under any of the names or dates of birth given.",
    "Our records system was unavailable until after the deadline; we have told the hub by phone.",
)
WITHDRAW_REASONS = (
    "Not needed: the case went to a strategy discussion before this was due.",
    "Asked in error: the child attends a school outside the local authority.",
)
RATIONALES: dict[str, tuple[str, ...]] = {
    "statutory": (
        "Agencies' information shows a pattern of incidents with the child present. The threshold for a "
        "statutory assessment is met; allocate for assessment.",
        "Cumulative concerns from school and health, with police incidents at the home. Needs cannot be met "
        "without a statutory assessment.",
    ),
    "below": (
        "The family's needs are real but there is no evidence of significant harm. Parents agree to help; "
        "a Family Help plan with the school as lead is proportionate.",
        "A single incident with good protective factors. Advice to the family and to the referrer is enough.",
    ),
}
HIGHER_ANSWERS = (
    "The police incidents are the same ones the school reported; nothing new points to significant harm. "
    "We will review if there is a further incident.",
    "Health's view rests on missed appointments, which the family has explained and rebooked. The plan "
    "includes health follow-up.",
)
SAID = (
    "Summarised our written analysis; nothing new since it was submitted.",
    "Added that the school has spoken to Mum today and she is willing to work with Early Help.",
    "Agreed with the other agencies' view; no further information.",
    "Raised that the incidents are becoming more frequent and asked for a strategy discussion.",
)
ACTIONS = (
    "Check with school whether the child attended today and how they presented.",
    "Health visitor to arrange a home visit and report back to the social worker.",
    "Police to check for any further call-outs to the address over the weekend.",
    "Social worker to speak to both parents about the concern and their view.",
)


@dataclass
class Staff:
    """Who did the hub's work in the demo: its social worker and manager, and one practitioner per agency."""

    social_worker: User
    manager: User
    by_agency: dict[int, User]
    agencies: dict[str, Agency]


@dataclass
class Counts:
    requests: int = 0
    contributions: int = 0
    items: int = 0
    decisions: int = 0
    meetings: int = 0
    challenges: int = 0
    by_status: dict[str, int] = field(default_factory=dict)


def _not_before_their_time(person: Person, day: dt.date) -> dt.date:
    """An agency item's date no earlier than the person's own story starts (their pregnancy, as the services rule)."""
    earliest = dates.earliest_about(
        date_of_birth=person.date_of_birth, expected_date_of_birth=person.expected_date_of_birth
    )
    return max(day, earliest) if earliest else day


def hub_staff(hub: Hub, *, social_worker: User, manager: User) -> Staff:
    """The demo's practitioners in a hub, by agency: the agencies the hub asks are those with someone to answer."""
    by_agency: dict[int, User] = {}
    for m in Membership.objects.filter(hub=hub, role__in=(Role.PARTNER, Role.EARLY_HELP)).select_related(
        "user__agency"
    ):
        if m.user.agency is not None:
            by_agency.setdefault(m.user.agency.pk, m.user)
    agencies = {p.agency.kind: p.agency for p in hub.partners.select_related("agency") if p.agency.pk in by_agency}
    return Staff(social_worker=social_worker, manager=manager, by_agency=by_agency, agencies=agencies)


def _between(rng: random.Random, start: dt.datetime, end: dt.datetime) -> dt.datetime:
    if end <= start:
        return start
    return start + (end - start) * rng.random()


def _first_name(person: Person) -> str:
    names = person.given_names.split()
    return names[0] if names else "The unborn baby"


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _next_working_day_at(cal: worktime.WorkingCalendar, moment: dt.datetime, hour: int) -> dt.datetime:
    """The first working day's `hour` o'clock after `moment` (the day's meeting slot)."""
    day = timezone.localtime(moment).date()
    candidate = _at(day, hour)
    while candidate <= moment or not cal.is_working_day(day):
        day += dt.timedelta(days=1)
        candidate = _at(day, hour)
    return candidate


def _outcome(rng: random.Random, level: TriageLevel, route: str, part: str) -> str:
    if part == ContactPerson.Part.ADULT_AT_RISK:
        return Outcome.ADULT_SAFEGUARDING
    if route == Route.STRATEGY_DISCUSSION:
        return Outcome.SECTION_47
    if level.is_statutory:
        return rng.choices(
            [Outcome.SECTION_17, Outcome.SECTION_47, Outcome.ALLOCATION, Outcome.JOINT_POLICE], [60, 20, 10, 10]
        )[0]
    return rng.choices([Outcome.EARLY_HELP, Outcome.ADVICE, Outcome.UNIVERSAL, Outcome.NFA], [60, 20, 10, 10])[0]


class _Writer:
    """Builds the rows in memory, in the order the services would have written them, then bulk-creates."""

    def __init__(
        self,
        *,
        hub: Hub,
        staff: Staff,
        rng: random.Random,
        levels: dict[str, TriageLevel],
        indicators: dict[str, ThresholdIndicator],
        now: dt.datetime,
    ) -> None:
        self.hub, self.staff, self.rng, self.now = hub, staff, rng, now
        self.cal = hub.calendar()
        self.by_rank = sorted(levels.values(), key=lambda lvl: lvl.rank)
        self.indicators_by_level: dict[str, list[ThresholdIndicator]] = defaultdict(list)
        for indicator in indicators.values():
            self.indicators_by_level[indicator.level_code].append(indicator)
        top_ranks = sorted({lvl.rank for lvl in self.by_rank if lvl.goes_through_mash}, reverse=True)[:2]
        # Site 1's daily meeting hears every partner on amber and red (its two highest MASH levels).
        self.meeting_ranks = set(top_ranks)

    def _neighbour(self, level: TriageLevel, step: int) -> TriageLevel:
        ranks = [lvl.rank for lvl in self.by_rank]
        i = ranks.index(level.rank) + step
        return self.by_rank[min(max(i, 0), len(self.by_rank) - 1)]

    def write(self, contacts: list[Contact], meeting_style: str) -> Counts:
        rng, staff = self.rng, self.staff
        counts = Counts()
        decided = [c for c in contacts if c.status == ContactStatus.DECIDED and c.current_triage is not None]
        links: dict[int, list[ContactPerson]] = defaultdict(list)
        for link in ContactPerson.objects.filter(contact__in=decided).select_related("person").order_by("pk"):
            links[link.contact_id].append(link)

        requests: list[InformationRequest] = []
        request_people: list[tuple[InformationRequest, list[int]]] = []
        contributions: list[tuple[Contribution, list[ThresholdIndicator], list[ContributionItem]]] = []
        per_contact: dict[int, list[tuple[InformationRequest, Contribution | None]]] = defaultdict(list)
        started: dict[int, dt.datetime] = {}
        for contact in decided:
            triage = contact.current_triage
            assert triage is not None  # noqa: S101 - filtered above
            level = triage.level
            start = min(triage.decided_at + dt.timedelta(minutes=rng.randint(5, 40)), self.now)
            started[contact.pk] = start
            deadline = triage.decision_due or worktime.add_working_days(self.cal, start, 1)
            if deadline <= start:
                deadline = start + dt.timedelta(hours=4)
            asked_people = [link.person.pk for link in links[contact.pk] if link.part in ASKED_ABOUT_PARTS]
            kinds = [k for k in ASKED_KINDS if k in staff.agencies]
            if not level.is_statutory and AgencyKind.EARLY_HELP in staff.agencies and rng.random() < 0.5:
                kinds.append(AgencyKind.EARLY_HELP)
            statutory = level.is_statutory or triage.route == Route.STRATEGY_DISCUSSION
            if not statutory and not any(
                link.part == ContactPerson.Part.PARENT_CARER and link.person.kind == PersonKind.ADULT
                for link in links[contact.pk]
            ):
                # Below the threshold, requests go out on a parent's consent; with no parent to ask (an
                # adult at risk, say), the rules would stop them, and the demo sends none (as `demo_share_basis`).
                kinds = []
            for kind in kinds:
                agency = staff.agencies[kind]
                answerer = staff.by_agency[agency.pk]
                roll = rng.random()
                status = (
                    RequestStatus.SUBMITTED
                    if roll < 0.9
                    else RequestStatus.UNABLE
                    if roll < 0.96
                    else RequestStatus.WITHDRAWN
                )
                acknowledged = _between(rng, start, start + (deadline - start) * 0.3)
                late = rng.random() < 0.12
                answered = (
                    _between(rng, deadline, deadline + dt.timedelta(hours=20))
                    if late
                    else _between(rng, acknowledged, deadline)
                )
                answered = min(answered, self.now - dt.timedelta(minutes=1))
                request = InformationRequest(
                    contact=contact,
                    agency=agency,
                    question=rng.choice(QUESTIONS),
                    deadline=deadline,
                    legal_basis=LegalBasis.STATUTORY if statutory else LegalBasis.CONSENT,
                    legal_basis_detail=(
                        "Reasonable cause to suspect significant harm; asking for consent could put the child at "
                        "greater risk or prejudice enquiries (Children Act 1989 s47; DPA 2018 Sch 1 para 18)."
                        if statutory
                        else "Both parents agreed by phone to the hub asking the school, health and police about "
                        "the family, for this concern."
                    ),
                    status=status,
                    status_reason=(
                        rng.choice(UNABLE_REASONS)
                        if status == RequestStatus.UNABLE
                        else rng.choice(WITHDRAW_REASONS)
                        if status == RequestStatus.WITHDRAWN
                        else ""
                    ),
                    sent_by=staff.social_worker,
                    sent_at=start,
                    acknowledged_by=answerer if status != RequestStatus.WITHDRAWN else None,
                    acknowledged_at=acknowledged if status != RequestStatus.WITHDRAWN else None,
                    closed_at=answered,
                )
                requests.append(request)
                request_people.append((request, asked_people))
                contribution = None
                if status == RequestStatus.SUBMITTED:
                    contribution, cited, items = self._answer(contact, request, kind, answerer, links, answered)
                    contributions.append((contribution, cited, items))
                per_contact[contact.pk].append((request, contribution))

        InformationRequest.objects.bulk_create(requests, batch_size=BATCH)
        through = InformationRequest.people.through
        through.objects.bulk_create(
            [
                through(informationrequest_id=request.pk, person_id=pk)
                for request, people in request_people
                for pk in people
            ],
            batch_size=BATCH,
        )
        for contribution, _, _ in contributions:
            contribution.request_id = contribution.request.pk
        Contribution.objects.bulk_create([c for c, _, _ in contributions], batch_size=BATCH)
        for contribution, _, _ in contributions:
            contribution.created_at = contribution.request.acknowledged_at or contribution.request.sent_at
        Contribution.objects.bulk_update([c for c, _, _ in contributions], ["created_at"], batch_size=BATCH)
        cited_through = Contribution.indicators.through
        cited_through.objects.bulk_create(
            [
                cited_through(contribution_id=c.pk, thresholdindicator_id=i.pk)
                for c, cited, _ in contributions
                for i in cited
            ],
            batch_size=BATCH,
        )
        items = []
        for contribution, _, its in contributions:
            for item in its:
                item.contribution_id = contribution.pk
                items.append(item)
        ContributionItem.objects.bulk_create(items, batch_size=BATCH)

        meetings_by_contact = self._meetings(decided, per_contact, started, meeting_style, counts)
        self._decisions(decided, links, per_contact, meetings_by_contact, counts)

        counts.requests = len(requests)
        counts.contributions = len(contributions)
        counts.items = len(items)
        for request in requests:
            counts.by_status[request.status] = counts.by_status.get(request.status, 0) + 1
        return counts

    def _answer(
        self,
        contact: Contact,
        request: InformationRequest,
        kind: str,
        answerer: User,
        links: dict[int, list[ContactPerson]],
        answered: dt.datetime,
    ) -> tuple[Contribution, list[ThresholdIndicator], list[ContributionItem]]:
        rng = self.rng
        triage = contact.current_triage
        assert triage is not None  # noqa: S101 - only triaged contacts are asked about
        step = rng.choices([0, 1, -1], [70, 18, 12])[0]
        recommended = self._neighbour(triage.level, step)
        concerned = recommended.rank >= triage.level.rank
        analyses = ANALYSES[kind]
        contribution = Contribution(
            request=request,
            kind=Contribution.Kind.ORIGINAL,
            analysis=analyses[0] if concerned or len(analyses) == 1 else analyses[1],
            recommended_level=recommended,
            created_by=answerer,
            submitted_by=answerer,
            submitted_at=answered,
        )
        pool = self.indicators_by_level.get(recommended.code, [])
        cited = rng.sample(pool, k=min(len(pool), rng.randint(1, 2))) if pool else []
        people = [link.person for link in links[contact.pk] if link.part in ASKED_ABOUT_PARTS]
        received = timezone.localtime(contact.received_at).date()
        its = []
        for _ in range(rng.randint(1, 3) if people else 0):
            person = rng.choice(people)
            summary, system = rng.choice(ITEMS[kind])
            historic = rng.random() < 0.08
            days = rng.randint(366 * 5 + 30, 366 * 8) if historic else rng.randint(7, 700)
            its.append(
                ContributionItem(
                    person=person,
                    occurred_on=_not_before_their_time(person, received - dt.timedelta(days=days)),
                    summary=summary.format(who=_first_name(person)),
                    source_system=system,
                    sensitivity=(
                        Sensitivity.NOT_FOR_DISCLOSURE
                        if kind == AgencyKind.POLICE and "ntelligence" in system
                        else Sensitivity.THERAPEUTIC
                        if "therapies" in summary
                        else Sensitivity.NONE
                    ),
                    historic_reason=(
                        "An earlier incident of the same kind, which shows a pattern relevant to this concern."
                        if historic
                        else ""
                    ),
                )
            )
        return contribution, cited, its

    def _meetings(
        self,
        decided: list[Contact],
        per_contact: dict[int, list[tuple[InformationRequest, Contribution | None]]],
        started: dict[int, dt.datetime],
        style: str,
        counts: Counts,
    ) -> dict[int, dt.datetime]:
        """Meetings in the hub's way of working; returns, per contact, when its last meeting ended."""
        rng, staff = self.rng, self.staff
        by_slot: dict[tuple[str, dt.datetime], list[Contact]] = defaultdict(list)
        for contact in decided:
            triage = contact.current_triage
            assert triage is not None  # noqa: S101
            if triage.route == Route.STRATEGY_DISCUSSION:
                slot = _next_working_day_at(self.cal, started[contact.pk] + dt.timedelta(hours=1), 14)
                by_slot[(MeetingKind.STRATEGY, slot)].append(contact)
            elif style == "daily" and triage.level.rank in self.meeting_ranks:
                by_slot[(MeetingKind.DAILY, _next_working_day_at(self.cal, started[contact.pk], 10))].append(contact)
            elif style == "service_planning" and not triage.level.is_statutory:
                slot = _next_working_day_at(self.cal, started[contact.pk], 11)
                while timezone.localtime(slot).weekday() != 2:  # Wednesdays
                    slot = _next_working_day_at(self.cal, slot, 11)
                by_slot[(MeetingKind.SERVICE_PLANNING, slot)].append(contact)

        meetings: list[Meeting] = []
        plans: list[tuple[Meeting, list[Contact]]] = []
        for (kind, slot), cases in sorted(by_slot.items(), key=lambda kv: kv[0][1]):
            if slot + dt.timedelta(hours=1) > self.now:
                continue  # not yet held: today's meeting is planned through the services
            groups = [[c] for c in cases] if kind == MeetingKind.STRATEGY else [cases]
            for group in groups:
                meeting = Meeting(
                    hub=self.hub,
                    kind=kind,
                    scheduled_for=slot,
                    chair=staff.manager,
                    contact=group[0] if kind == MeetingKind.STRATEGY else None,
                    created_by=staff.social_worker,
                    held_at=slot + dt.timedelta(minutes=rng.randint(40, 90)),
                    closed_by=staff.manager,
                )
                meetings.append(meeting)
                plans.append((meeting, group))
        Meeting.objects.bulk_create(meetings, batch_size=BATCH)
        for meeting in meetings:
            meeting.created_at = meeting.scheduled_for - dt.timedelta(hours=2)
        Meeting.objects.bulk_update(meetings, ["created_at"], batch_size=BATCH)

        csc = Agency.objects.filter(kind=AgencyKind.CHILDRENS_SOCIAL_CARE, hub_partnerships__hub=self.hub).first()
        items: list[AgendaItem] = []
        attendances: list[Attendance] = []
        said: list[tuple[AgendaItem, MeetingContribution]] = []
        actions: list[tuple[AgendaItem, Action]] = []
        ended: dict[int, dt.datetime] = {}
        for meeting, group in plans:
            assert meeting.held_at is not None  # noqa: S101
            present: set[int] = set()
            present_kinds: set[str] = set()
            invited = [a for a in staff.agencies.values() if a.kind in ASKED_KINDS]
            if meeting.kind == MeetingKind.SERVICE_PLANNING:
                invited = [a for a in staff.agencies.values() if a.kind in (AgencyKind.EDUCATION, AgencyKind.HEALTH)]
                invited += [a for a in staff.agencies.values() if a.kind == AgencyKind.EARLY_HELP]
            if csc is not None:
                attendances.append(self._attend(meeting, csc, Attendance.Status.PRESENT))
                present.add(csc.pk)
                present_kinds.add(csc.kind)
            for agency in invited:
                away = rng.random() < (0.05 if meeting.kind == MeetingKind.STRATEGY else 0.12)
                status = Attendance.Status.APOLOGIES if away else Attendance.Status.PRESENT
                attendances.append(self._attend(meeting, agency, status))
                if not away:
                    present.add(agency.pk)
                    present_kinds.add(agency.kind)
            missing = [AgencyKind(k).label for k in STATUTORY_STRATEGY_AGENCIES if k not in present_kinds]
            if meeting.kind == MeetingKind.STRATEGY and missing:
                meeting.missing_attendance_reason = (
                    f"{' and '.join(missing)} could not attend at short notice; their written information was "
                    "read out and they will be updated today."
                )
            for order, contact in enumerate(group, start=1):
                item = AgendaItem(
                    meeting=meeting,
                    contact=contact,
                    order=order,
                    reason=(
                        "Strategy discussion"
                        if meeting.kind == MeetingKind.STRATEGY
                        else f"{contact.current_triage.level_label if contact.current_triage else 'Case'}: due"
                    ),
                    added_by=staff.social_worker,
                )
                items.append(item)
                for request, contribution in per_contact[contact.pk]:
                    if request.agency_id in present and contribution is not None:
                        said.append(
                            (
                                item,
                                MeetingContribution(
                                    agency=request.agency,
                                    said=rng.choice(SAID),
                                    recommended_level=contribution.recommended_level,
                                    recorded_by=staff.social_worker,
                                    recorded_at=meeting.scheduled_for + dt.timedelta(minutes=5 * order),
                                ),
                            )
                        )
                if rng.random() < 0.35:
                    due = timezone.localtime(meeting.held_at).date() + dt.timedelta(days=rng.randint(1, 7))
                    done = due < timezone.localdate(self.now) and rng.random() < 0.85
                    owner = rng.choice([a for a in staff.agencies.values()] or [request.agency])
                    actions.append(
                        (
                            item,
                            Action(
                                description=rng.choice(ACTIONS),
                                owner_agency=owner,
                                due_on=due,
                                status=Action.Status.DONE if done else Action.Status.OPEN,
                                created_by=staff.social_worker,
                                done_at=_at(due, 15) if done else None,
                                done_by=staff.social_worker if done else None,
                            ),
                        )
                    )
                ended[contact.pk] = max(ended.get(contact.pk, meeting.held_at), meeting.held_at)
        Meeting.objects.bulk_update([m for m, _ in plans], ["missing_attendance_reason"], batch_size=BATCH)
        AgendaItem.objects.bulk_create(items, batch_size=BATCH)
        for item in items:
            item.added_at = item.meeting.created_at
        AgendaItem.objects.bulk_update(items, ["added_at"], batch_size=BATCH)
        Attendance.objects.bulk_create(attendances, batch_size=BATCH)
        for item, spoken in said:
            spoken.agenda_item_id = item.pk
        MeetingContribution.objects.bulk_create([c for _, c in said], batch_size=BATCH)
        for item, action in actions:
            action.agenda_item_id = item.pk
        Action.objects.bulk_create([a for _, a in actions], batch_size=BATCH)
        for item, action in actions:
            action.created_at = item.meeting.held_at or item.meeting.scheduled_for
        Action.objects.bulk_update([a for _, a in actions], ["created_at"], batch_size=BATCH)
        counts.meetings = len(meetings)
        return ended

    def _attend(self, meeting: Meeting, agency: Agency, status: str) -> Attendance:
        return Attendance(
            meeting=meeting,
            agency=agency,
            attendee_name="",
            status=status,
            recorded_by=self.staff.social_worker,
            recorded_at=meeting.scheduled_for,
        )

    def _decisions(
        self,
        decided: list[Contact],
        links: dict[int, list[ContactPerson]],
        per_contact: dict[int, list[tuple[InformationRequest, Contribution | None]]],
        meetings_ended: dict[int, dt.datetime],
        counts: Counts,
    ) -> None:
        rng, staff = self.rng, self.staff
        decisions: list[Decision] = []
        challenges: list[tuple[Decision, Challenge]] = []
        for contact in decided:
            triage = contact.current_triage
            assert triage is not None  # noqa: S101
            answered = [c for _, c in per_contact[contact.pk] if c is not None]
            last = max([c.submitted_at for c in answered if c.submitted_at] + [triage.decided_at])
            last = max(last, meetings_ended.get(contact.pk, last))
            when = min(last + dt.timedelta(minutes=rng.randint(20, 180)), self.now - dt.timedelta(minutes=1))
            recommendations = [
                {
                    "agency": c.request.agency.name,
                    "level": c.recommended_level.label,
                    "level_code": c.recommended_level.code,
                    "rank": c.recommended_level.rank,
                    "contribution": c.pk,
                    "submitted_at": c.submitted_at.astimezone(dt.UTC).isoformat() if c.submitted_at else "",
                }
                for c in sorted(answered, key=lambda c: c.request.agency.name)
                if c.recommended_level is not None
            ]
            level = triage.level
            higher = [r for r in recommendations if int(str(r["rank"])) > level.rank]
            for link in links[contact.pk]:
                if link.part not in SUBJECT_PARTS:
                    continue
                decision = Decision(
                    contact=contact,
                    person=link.person,
                    level=level,
                    level_label=level.label,
                    outcome=_outcome(rng, level, triage.route, link.part),
                    rationale=rng.choice(RATIONALES["statutory" if level.is_statutory else "below"]),
                    higher_recommendation_response=rng.choice(HIGHER_ANSWERS) if higher else "",
                    threshold_document=triage.threshold_document,
                    recommendations=recommendations,
                    decided_by=staff.manager if self.hub.decisions_by_managers_only else staff.social_worker,
                    decided_at=when,
                )
                if decision.outcome == Outcome.ALLOCATION:
                    decision.allocated_team = "Assessment team"
                decisions.append(decision)
                if higher and rng.random() < 0.08:
                    agency_name = str(higher[0]["agency"])
                    agency = next(a for a in staff.agencies.values() if a.name == agency_name)
                    raised = when + dt.timedelta(hours=rng.randint(2, 30))
                    if raised >= self.now:
                        continue
                    upheld = rng.random() < 0.3
                    challenges.append(
                        (
                            decision,
                            Challenge(
                                agency=agency,
                                raised_by=staff.by_agency[agency.pk],
                                raised_at=raised,
                                grounds="Our information shows repeated incidents; we think the level is too low.",
                                status=Challenge.Status.UPHELD if upheld else Challenge.Status.NOT_UPHELD,
                                outcome=(
                                    "Reconsidered with the agency; the case is stepped up for assessment."
                                    if upheld
                                    else "Discussed with the agency's lead; the decision stands, with a review in "
                                    "four weeks."
                                ),
                                resolved_by=staff.manager,
                                resolved_at=min(raised + dt.timedelta(days=1), self.now),
                            ),
                        )
                    )
        Decision.objects.bulk_create(decisions, batch_size=BATCH)
        for decision, challenge in challenges:
            challenge.decision_id = decision.pk
        Challenge.objects.bulk_create([c for _, c in challenges], batch_size=BATCH)
        counts.decisions = len(decisions)
        counts.challenges = len(challenges)


def write_enquiry_history(
    *,
    hub: Hub,
    contacts: list[Contact],
    staff: Staff,
    rng: random.Random,
    levels: dict[str, TriageLevel],
    indicators: dict[str, ThresholdIndicator],
    meeting_style: str,
    now: dt.datetime,
) -> Counts:
    """Requests, answers, meetings and decisions for the year's decided contacts (bulk-created)."""
    writer = _Writer(hub=hub, staff=staff, rng=rng, levels=levels, indicators=indicators, now=now)
    return writer.write(contacts, meeting_style)


def write_live_enquiries(
    *, hub: Hub, staff: Staff, social_worker: Membership, manager: Membership, rng: random.Random, meeting_style: str
) -> None:
    """Today's cases in the MASH, through the services: requests out, some answered, today's meeting planned.

    So that each partner's queue has work due, drafts in progress and answers given,
    and the hub has a meeting to run.
    """
    sw = social_worker
    live = list(
        Contact.objects.filter(hub=hub, status__in=(ContactStatus.IN_MASH, ContactStatus.STRATEGY))
        .select_related("current_triage__level")
        .prefetch_related("people__person")
        .order_by("received_at")
    )
    for n, contact in enumerate(live):
        triage = contact.current_triage
        if triage is None:
            continue
        agencies = [a for kind, a in staff.agencies.items() if kind in ASKED_KINDS]
        people = [link.person for link in contact.people.all() if link.part in ASKED_ABOUT_PARTS]
        deadline = enquiry_services.request_default_deadline(contact)
        if deadline is None or deadline <= timezone.now():
            deadline = worktime.add_working_minutes(hub.calendar(), timezone.now(), 240)
        share = demo_share_basis(membership=sw, contact=contact, people=people, rng=rng)
        if share is None:
            continue  # below the threshold with no parent to ask: the sharing rules stop the request
        requests = enquiry_services.requests_send(
            membership=sw,
            by=sw.user,
            contact=contact,
            agencies=agencies,
            people=people,
            question=rng.choice(QUESTIONS),
            deadline=deadline,
            share=share,
        )
        for i, request in enumerate(requests):
            stage = (n + i) % 4  # 0 sent, 1 acknowledged, 2 draft started, 3 submitted
            if stage == 0:
                continue
            answerer = _answerer(hub, request.agency)
            enquiry_services.request_acknowledge(membership=answerer, by=answerer.user, request=request)
            if stage == 1:
                continue
            draft = enquiry_services.contribution_start(membership=answerer, by=answerer.user, request=request)
            if people:
                summary, system = rng.choice(ITEMS[request.agency.kind])
                person = people[0]
                enquiry_services.contribution_item_add(
                    membership=answerer,
                    by=answerer.user,
                    contribution=draft,
                    person=person,
                    occurred_on=_not_before_their_time(
                        person, timezone.localdate() - dt.timedelta(days=rng.randint(10, 400))
                    ),
                    summary=summary.format(who=_first_name(person)),
                    source_system=system,
                )
            if stage == 3:
                analyses = ANALYSES[request.agency.kind]
                enquiry_services.contribution_analysis_save(
                    membership=answerer,
                    by=answerer.user,
                    contribution=draft,
                    analysis=analyses[0],
                    recommended_level=triage.level,
                    indicators=[],
                )
                enquiry_services.contribution_submit(membership=answerer, by=answerer.user, contribution=draft)
    if meeting_style == "daily":
        cal = hub.calendar()
        slot = _next_working_day_at(cal, timezone.now(), 10)
        meeting = meeting_services.meeting_create(
            membership=sw, by=sw.user, kind=MeetingKind.DAILY, scheduled_for=slot, chair=manager.user
        )
        meeting_services.meeting_build_agenda(membership=sw, by=sw.user, meeting=meeting)


def _answerer(hub: Hub, agency: Agency) -> Membership:
    membership = (
        Membership.objects.filter(hub=hub, user__agency=agency, role__in=(Role.PARTNER, Role.EARLY_HELP))
        .select_related("user", "hub")
        .order_by("pk")
        .first()
    )
    if membership is None:
        raise ValueError(f"No demo practitioner for {agency} in {hub}")
    return membership
