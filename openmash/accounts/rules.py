"""Who may do what: the hub's access policy as named rules.

Views and queries ask these rules and nothing else. Each rule takes the
membership the practitioner is acting under (one hub, one role) and, where it
matters, the record. Hub scoping is not a rule here: queries filter by the
membership's hub first, so another hub's records are simply not found (404).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from openmash.accounts.models import Membership, Role

if TYPE_CHECKING:
    from openmash.contacts.models import Contact
    from openmash.enquiries.models import InformationRequest
    from openmash.meetings.models import AgendaItem, Meeting

# Roles that read and work on case files in their hub.
CASE_ROLES = frozenset({Role.HUB_MANAGER, Role.SOCIAL_WORKER})


def can_take_contact(m: Membership) -> bool:
    """Record a new contact at the front door."""
    return m.role in CASE_ROLES


def can_triage(m: Membership) -> bool:
    """Initial triage is for an experienced social worker or a manager (domain.md, step 2)."""
    return m.role in CASE_ROLES


def can_see_queue(m: Membership) -> bool:
    return m.role in CASE_ROLES | {Role.QUALITY_LEAD}


def can_view_contact(m: Membership, contact: Contact) -> bool:
    """Read a contact in the membership's hub.

    Managers, social workers and quality leads (read only) see every submitted
    contact. Early Help sees contacts triaged to Early Help. A partner agency never
    opens the contact itself: it sees what the hub asked it, on the request
    (`can_view_request`), so never an untriaged contact and never the hub's history.
    An administrator configures the hub and reads no case files.
    """
    if contact.hub_id != m.hub_id:
        return False
    if contact.is_draft:
        return contact.created_by_id == m.user_id and m.role in CASE_ROLES
    if m.role in CASE_ROLES | {Role.QUALITY_LEAD}:
        return True
    if m.role == Role.EARLY_HELP:
        return contact.routed_to_early_help
    return False


def can_request_information(m: Membership) -> bool:
    """Ask partner agencies, and withdraw a request: the hub's social workers and managers."""
    return m.role in CASE_ROLES


# Practitioners who answer requests for their agency: partners, and Early Help when asked.
ANSWERING_ROLES = frozenset({Role.PARTNER, Role.EARLY_HELP})


def can_view_request(m: Membership, request: InformationRequest) -> bool:
    """The hub's staff see every request in their hub; an agency sees only requests to it,
    and not once withdrawn."""
    if request.contact.hub_id != m.hub_id:
        return False
    if m.role in CASE_ROLES | {Role.QUALITY_LEAD}:
        return True
    return (
        m.role in ANSWERING_ROLES
        and m.agency is not None
        and request.agency_id == m.agency.pk
        and request.status != "withdrawn"
    )


def can_answer_request(m: Membership, request: InformationRequest) -> bool:
    """Act on a request for one's agency: not once it is withdrawn or declared unanswerable."""
    return m.role in ANSWERING_ROLES and can_view_request(m, request) and request.status != "unable"


def can_decide(m: Membership) -> bool:
    """Record the MASH decision: managers, and social workers unless the hub reserves it to managers."""
    return m.role == Role.HUB_MANAGER or (m.role == Role.SOCIAL_WORKER and not m.hub.decisions_by_managers_only)


def can_challenge(m: Membership, contact: Contact) -> bool:
    """A partner agency asked about a case (and not withdrawn) may formally challenge its decision."""
    from openmash.enquiries.models import InformationRequest

    return (
        m.role in ANSWERING_ROLES
        and m.agency is not None
        and contact.hub_id == m.hub_id
        and InformationRequest.objects.filter(contact=contact, agency=m.agency).exclude(status="withdrawn").exists()
    )


def can_resolve_challenge(m: Membership) -> bool:
    return m.role == Role.HUB_MANAGER


def can_step_up(m: Membership, contact: Contact) -> bool:
    """Early Help can say a case routed to it needs a MASH."""
    return m.role == Role.EARLY_HELP and contact.hub_id == m.hub_id and contact.routed_to_early_help


def can_see_referrer_identity(m: Membership) -> bool:
    """An anonymous referrer's identity is for the hub's social workers and managers only."""
    return m.role in CASE_ROLES


def can_configure_hub(m: Membership) -> bool:
    return m.role in {Role.HUB_MANAGER, Role.ADMINISTRATOR}


def can_search_people(m: Membership) -> bool:
    return m.role in CASE_ROLES


# Meetings (daily MASH meetings, strategy discussions, service planning).
MEETING_READERS = CASE_ROLES | {Role.QUALITY_LEAD}


def can_run_meetings(m: Membership) -> bool:
    """Create meetings, build agendas, record attendance, contributions and actions, close a meeting."""
    return m.role in CASE_ROLES


def can_see_meetings(m: Membership) -> bool:
    """Read every meeting in the hub: social workers, managers and quality leads (read only)."""
    return m.role in MEETING_READERS


def can_list_meetings(m: Membership) -> bool:
    """Open the meetings list: the hub's readers see every meeting, an agency only those it attended."""
    return m.role in MEETING_READERS | ANSWERING_ROLES


def can_view_meeting(m: Membership, meeting: Meeting) -> bool:
    """The hub's readers see every meeting in the hub; an agency only a meeting it is recorded present at."""
    if meeting.hub_id != m.hub_id:
        return False
    if m.role in MEETING_READERS:
        return True
    return (
        m.role in ANSWERING_ROLES
        and m.agency is not None
        and meeting.attendances.filter(agency_id=m.agency.pk, status="present").exists()
    )


def can_view_agenda_item(m: Membership, item: AgendaItem) -> bool:
    """An agency at the meeting sees only the cases it was asked about (a request not withdrawn), never the others."""
    if not can_view_meeting(m, item.meeting):
        return False
    if m.role in MEETING_READERS:
        return True
    assert m.agency is not None  # noqa: S101 - can_view_meeting refuses a practitioner with no agency
    return item.contact.information_requests.filter(agency_id=m.agency.pk).exclude(status="withdrawn").exists()


RULES: dict[str, Callable[..., bool]] = {
    "take_contact": can_take_contact,
    "triage": can_triage,
    "see_queue": can_see_queue,
    "view_contact": can_view_contact,
    "see_referrer_identity": can_see_referrer_identity,
    "configure_hub": can_configure_hub,
    "search_people": can_search_people,
    "request_information": can_request_information,
    "view_request": can_view_request,
    "answer_request": can_answer_request,
    "decide": can_decide,
    "challenge": can_challenge,
    "resolve_challenge": can_resolve_challenge,
    "step_up": can_step_up,
    "run_meetings": can_run_meetings,
    "see_meetings": can_see_meetings,
    "list_meetings": can_list_meetings,
    "view_meeting": can_view_meeting,
    "view_agenda_item": can_view_agenda_item,
}


def allowed(rule: str, membership: Membership | None, *args: Any) -> bool:
    """Ask a named rule; no membership (signed out, or no hub chosen) is always refused."""
    if membership is None or not membership.is_active:
        return False
    return RULES[rule](membership, *args)
