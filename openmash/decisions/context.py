"""What the contact and request pages need to show decisions, challenges and step-ups."""

from __future__ import annotations

from typing import Any

from openmash.accounts import rules
from openmash.accounts.facts import agencies_asked
from openmash.accounts.models import Membership
from openmash.contacts.models import Contact
from openmash.decisions.forms import GroundsForm, ResolveForm, StepUpForm, StepUpResponseForm
from openmash.decisions.queries import decisions_for_contact
from openmash.enquiries.services import ENQUIRY_STATUSES


def decision_context(m: Membership, contact: Contact) -> dict[str, Any]:
    outcome = decisions_for_contact(contact=contact)
    facts = rules.Facts(asked=agencies_asked(contact.pk))
    decided = {d.person_id for d in outcome.decisions}
    can_decide = rules.allowed("decide", m) and contact.status in ENQUIRY_STATUSES
    return {
        "outcome": outcome,
        "can_decide": rules.allowed("decide", m),
        "undecided": [link.person for link in contact.people.all() if link.is_subject and link.person_id not in decided]
        if can_decide
        else [],
        "can_resolve": rules.allowed("resolve_challenge", m),
        "can_step_up": rules.allowed("step_up", m, contact),
        "can_challenge": rules.allowed("challenge", m, contact, facts=facts),
        "resolve_form": ResolveForm(),
        "step_up_form": StepUpForm(),
        "step_up_response_form": StepUpResponseForm(),
        "grounds_form": GroundsForm(),
    }
