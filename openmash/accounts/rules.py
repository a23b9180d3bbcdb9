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
    contact. Early Help sees contacts triaged to Early Help. A partner agency sees
    a contact only once it has been triaged and their agency asked about it
    (information requests arrive with the enquiry work), so never an untriaged one.
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
    if m.role == Role.PARTNER:
        return contact.is_triaged and contact.agency_was_asked(m.agency)
    return False


def can_see_referrer_identity(m: Membership) -> bool:
    """An anonymous referrer's identity is for the hub's social workers and managers only."""
    return m.role in CASE_ROLES


def can_configure_hub(m: Membership) -> bool:
    return m.role in {Role.HUB_MANAGER, Role.ADMINISTRATOR}


def can_search_people(m: Membership) -> bool:
    return m.role in CASE_ROLES


RULES: dict[str, Callable[..., bool]] = {
    "take_contact": can_take_contact,
    "triage": can_triage,
    "see_queue": can_see_queue,
    "view_contact": can_view_contact,
    "see_referrer_identity": can_see_referrer_identity,
    "configure_hub": can_configure_hub,
    "search_people": can_search_people,
}


def allowed(rule: str, membership: Membership | None, *args: Any) -> bool:
    """Ask a named rule; no membership (signed out, or no hub chosen) is always refused."""
    if membership is None or not membership.is_active:
        return False
    return RULES[rule](membership, *args)
