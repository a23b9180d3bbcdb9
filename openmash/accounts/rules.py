"""Who may do what: the hub's access policy as named rules.

Views and queries ask these rules and nothing else. Each rule takes the
membership the practitioner is acting under (one hub, one role) and, where it
matters, the record. Hub scoping is checked by the record rules too, but queries
filter by the membership's hub first, so another hub's records are simply not
found (404).

**The rules are pure.** A rule reads only the membership, the record's own
fields (and the rows select_related with it) and `Facts`: what the rule needs
to know about the case that is not a field of the record (which agencies were
asked about it, which attended a meeting). `allowed()` is the one place that
gathers facts it was not given (`openmash.accounts.facts.facts_for`, one query),
so callers stay simple; a page that asks the same rule about many records
(the meeting agenda) computes the facts once and passes them in.

The policy these rules must implement is written out, independently of this
code, as a table in `openmash/accounts/policy.py` (and docs/access.md); the
access-matrix test (`openmash/accounts/tests/test_access_matrix.py`) checks one
against the other for every role, record and action.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from openmash.accounts.models import Membership, Role

if TYPE_CHECKING:
    from openmash.contacts.models import Contact
    from openmash.decisions.models import Challenge, Decision
    from openmash.enquiries.models import Contribution, ContributionItem, InformationRequest
    from openmash.meetings.models import AgendaItem, Meeting
    from openmash.people.models import Person


@dataclass(frozen=True)
class Facts:
    """What a rule needs to know about a case beyond the record's own fields.

    `asked`: the agencies with an information request about the case's contact
    that is not withdrawn (sent, acknowledged, submitted or unable).
    `present`: the agencies recorded present at the meeting.
    """

    asked: frozenset[int] = frozenset()
    present: frozenset[int] = frozenset()


NO_FACTS = Facts()

# Roles that read and work on case files in their hub.
CASE_ROLES = frozenset({Role.HUB_MANAGER, Role.SOCIAL_WORKER})
# The hub's readers: case roles, and quality leads who read but do not change.
READERS = CASE_ROLES | {Role.QUALITY_LEAD}
# Practitioners who answer requests for their agency: partners, and Early Help when asked.
ANSWERING_ROLES = frozenset({Role.PARTNER, Role.EARLY_HELP})
WITHDRAWN = "withdrawn"


def _agency_id(m: Membership) -> int | None:
    agency = m.agency
    return agency.pk if agency is not None else None


def _asked(m: Membership, facts: Facts) -> bool:
    """The practitioner answers for an agency that has a live request about the case."""
    agency = _agency_id(m)
    return m.role in ANSWERING_ROLES and agency is not None and agency in facts.asked


# Hub-wide rules: they depend only on the membership. ------------------------------------


def can_take_contact(m: Membership) -> bool:
    """Record a new contact at the front door."""
    return m.role in CASE_ROLES


def can_triage(m: Membership) -> bool:
    """Initial triage is for an experienced social worker or a manager (domain.md, step 2)."""
    return m.role in CASE_ROLES


def can_see_queue(m: Membership) -> bool:
    return m.role in READERS


def can_request_information(m: Membership) -> bool:
    """Ask partner agencies, and withdraw a request: the hub's social workers and managers."""
    return m.role in CASE_ROLES


def can_decide(m: Membership) -> bool:
    """Record the MASH decision: managers, and social workers unless the hub reserves it to managers."""
    return m.role == Role.HUB_MANAGER or (m.role == Role.SOCIAL_WORKER and not m.hub.decisions_by_managers_only)


def can_resolve_challenge(m: Membership) -> bool:
    return m.role == Role.HUB_MANAGER


def can_see_referrer_identity(m: Membership) -> bool:
    """An anonymous referrer's identity is for the hub's social workers and managers only."""
    return m.role in CASE_ROLES


def can_configure_hub(m: Membership) -> bool:
    return m.role in {Role.HUB_MANAGER, Role.ADMINISTRATOR}


def can_search_people(m: Membership) -> bool:
    return m.role in CASE_ROLES


def can_review_identity(m: Membership) -> bool:
    """Review likely duplicates and extract matches, merge and unmerge records: the hub's case staff."""
    return m.role in CASE_ROLES


def can_see_agency_queue(m: Membership) -> bool:
    """The queue of requests to one's own agency in this hub."""
    return m.role in ANSWERING_ROLES and m.agency is not None


def can_review_break_glass(m: Membership) -> bool:
    """Review every opening of restricted information in the hub (the DPA 2018 s.62 log)."""
    return m.role == Role.HUB_MANAGER


def can_review_retention(m: Membership) -> bool:
    """See what is due for review or deletion, and confirm a deletion: the hub manager alone."""
    return m.role == Role.HUB_MANAGER


def can_set_retention(m: Membership) -> bool:
    """Set the hub's retention periods: whoever configures the hub."""
    return can_configure_hub(m)


def can_mark_records(m: Membership) -> bool:
    """Change a record's handling marking (OFFICIAL, OFFICIAL-SENSITIVE): the hub's case roles."""
    return m.role in CASE_ROLES


# Meetings (daily MASH meetings, strategy discussions, service planning).
MEETING_READERS = READERS


def can_run_meetings(m: Membership) -> bool:
    """Create meetings, build agendas, record attendance, contributions and actions, close a meeting."""
    return m.role in CASE_ROLES


def can_see_meetings(m: Membership) -> bool:
    """Read every meeting in the hub: social workers, managers and quality leads (read only)."""
    return m.role in MEETING_READERS


def can_list_meetings(m: Membership) -> bool:
    """Open the meetings list: the hub's readers see every meeting, an agency only those it attended."""
    return m.role in MEETING_READERS | ANSWERING_ROLES


# Record rules. -------------------------------------------------------------------------


def can_view_contact(m: Membership, contact: Contact) -> bool:
    """Read a contact in the membership's hub.

    Managers, social workers and quality leads (read only) see every submitted
    contact. Early Help sees contacts triaged to Early Help. A partner agency never
    opens the contact itself: it sees what the hub asked it, on the request
    (`can_view_request`), so never an untriaged contact and never the hub's history.
    An administrator configures the hub and reads no case files. A draft is its
    author's alone.
    """
    if contact.hub_id != m.hub_id:
        return False
    if contact.is_draft:
        return contact.created_by_id == m.user_id and m.role in CASE_ROLES
    if m.role in READERS:
        return True
    if m.role == Role.EARLY_HELP:
        return contact.routed_to_early_help
    return False


def can_view_request(m: Membership, request: InformationRequest) -> bool:
    """The hub's staff see every request in their hub; an agency sees only requests to it,
    and not once withdrawn."""
    if request.contact.hub_id != m.hub_id:
        return False
    if m.role in READERS:
        return True
    return m.role in ANSWERING_ROLES and _agency_id(m) == request.agency_id and request.status != WITHDRAWN


def can_answer_request(m: Membership, request: InformationRequest) -> bool:
    """Act on a request for one's agency: not once it is withdrawn or declared unanswerable."""
    return m.role in ANSWERING_ROLES and can_view_request(m, request) and request.status != "unable"


def can_view_contribution(m: Membership, contribution: Contribution, facts: Facts) -> bool:
    """Read an agency's answer to a request.

    The hub's readers read every submitted answer (never a draft: a draft is the
    agency's own). An agency asked about the case reads its own answers, drafts
    included, and, only where the hub shares analyses with every agency on the
    case, the others' submitted answers to requests not withdrawn. Once its own
    request is withdrawn it reads nothing.
    """
    request = contribution.request
    if request.contact.hub_id != m.hub_id:
        return False
    if m.role in READERS:
        return not contribution.is_draft
    if not _asked(m, facts):
        return False
    if request.agency_id == _agency_id(m):
        return True
    return m.hub.analyses_visible_to_partners and not contribution.is_draft and request.status != WITHDRAWN


def is_restricted_for(m: Membership, item: ContributionItem) -> bool:
    """A "not for disclosure" or therapy/counselling item, read by anyone but the agency that wrote it."""
    return bool(item.sensitivity) and item.contribution.request.agency_id != _agency_id(m)


def can_view_item(m: Membership, item: ContributionItem, facts: Facts) -> bool:
    """Read an item of an answer as it stands on the page, with no reason asked."""
    return can_view_contribution(m, item.contribution, facts) and not is_restricted_for(m, item)


def can_break_glass(m: Membership, item: ContributionItem, facts: Facts) -> bool:
    """Open a restricted item by giving a reason: whoever may read the answer it is part of."""
    return can_view_contribution(m, item.contribution, facts) and is_restricted_for(m, item)


def can_view_decision(m: Membership, decision: Decision, facts: Facts) -> bool:
    """Whoever may read the contact reads its decisions; an agency asked about the case reads them on its request."""
    return can_view_contact(m, decision.contact) or (decision.contact.hub_id == m.hub_id and _asked(m, facts))


def can_view_challenge(m: Membership, challenge: Challenge) -> bool:
    """Challenges are read on the contact page, by whoever may read the contact."""
    return can_view_contact(m, challenge.decision.contact)


def can_challenge(m: Membership, contact: Contact, facts: Facts) -> bool:
    """A partner agency asked about a case (and not withdrawn) may formally challenge its decision."""
    return contact.hub_id == m.hub_id and _asked(m, facts)


def can_step_up(m: Membership, contact: Contact) -> bool:
    """Early Help can say a case routed to it needs a MASH."""
    return m.role == Role.EARLY_HELP and contact.hub_id == m.hub_id and contact.routed_to_early_help


def can_view_meeting(m: Membership, meeting: Meeting, facts: Facts) -> bool:
    """The hub's readers see every meeting in the hub; an agency only a meeting it is recorded present at."""
    if meeting.hub_id != m.hub_id:
        return False
    if m.role in MEETING_READERS:
        return True
    agency = _agency_id(m)
    return m.role in ANSWERING_ROLES and agency is not None and agency in facts.present


def can_view_agenda_item(m: Membership, item: AgendaItem, facts: Facts) -> bool:
    """An agency at the meeting sees only the cases it was asked about (a request not withdrawn), never the others."""
    if not can_view_meeting(m, item.meeting, facts):
        return False
    return m.role in MEETING_READERS or _asked(m, facts)


def can_see_record_history(m: Membership, person: Person) -> bool:
    """ "Who has seen this child's record?": the hub manager, for a person in their hub."""
    return m.role == Role.HUB_MANAGER and person.hub_id == m.hub_id


def can_see_family_side(m: Membership) -> bool:
    """Read consent, sharing decisions, informing the family and letters: the hub's case roles and quality leads."""
    return m.role in CASE_ROLES | {Role.QUALITY_LEAD}


def can_see_sharing_rules(m: Membership) -> bool:
    """The hub's sharing rules and letter glossary: everyone who reads the family's side, and administrators."""
    return can_see_family_side(m) or can_configure_hub(m)


def can_manage_subject_access(m: Membership) -> bool:
    """Subject access exports and the list of families not yet informed are for hub managers."""
    return m.role == Role.HUB_MANAGER


RULES: dict[str, Callable[..., bool]] = {
    "take_contact": can_take_contact,
    "triage": can_triage,
    "see_queue": can_see_queue,
    "view_contact": can_view_contact,
    "see_referrer_identity": can_see_referrer_identity,
    "configure_hub": can_configure_hub,
    "search_people": can_search_people,
    "review_identity": can_review_identity,
    "request_information": can_request_information,
    "see_agency_queue": can_see_agency_queue,
    "view_request": can_view_request,
    "answer_request": can_answer_request,
    "view_contribution": can_view_contribution,
    "view_item": can_view_item,
    "break_glass": can_break_glass,
    "review_break_glass": can_review_break_glass,
    "decide": can_decide,
    "view_decision": can_view_decision,
    "challenge": can_challenge,
    "view_challenge": can_view_challenge,
    "resolve_challenge": can_resolve_challenge,
    "step_up": can_step_up,
    "run_meetings": can_run_meetings,
    "see_meetings": can_see_meetings,
    "list_meetings": can_list_meetings,
    "view_meeting": can_view_meeting,
    "view_agenda_item": can_view_agenda_item,
    "see_record_history": can_see_record_history,
    "review_retention": can_review_retention,
    "set_retention": can_set_retention,
    "mark_records": can_mark_records,
    "see_family_side": can_see_family_side,
    "see_sharing_rules": can_see_sharing_rules,
    "subject_access": can_manage_subject_access,
}

# Rules whose last argument is `Facts`; `allowed()` gathers them when not given.
NEEDS_FACTS = frozenset(
    {"view_contribution", "view_item", "break_glass", "view_decision", "challenge", "view_meeting", "view_agenda_item"}
)


def allowed(rule: str, membership: Membership | None, *args: Any, facts: Facts | None = None) -> bool:
    """Ask a named rule; no membership (signed out, or no hub chosen) or an ended one is always refused."""
    if membership is None or not membership.is_active:
        return False
    if rule in NEEDS_FACTS:
        if facts is None:
            from openmash.accounts.facts import facts_for

            facts = facts_for(args[0])
        return RULES[rule](membership, *args, facts)
    return RULES[rule](membership, *args)
