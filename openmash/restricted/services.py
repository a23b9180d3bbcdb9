"""Opening restricted information: the reason is recorded in the same transaction as the reading."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from openmash.accounts import rules
from openmash.accounts.models import Membership, User
from openmash.audit.models import AuditEvent, Verb
from openmash.audit.services import audit_record
from openmash.enquiries.models import ContributionItem
from openmash.limits import SHORT_REASON_MAX, check_text_lengths
from openmash.restricted.forms import MIN_REASON


@transaction.atomic
def restricted_item_open(
    *, membership: Membership, by: User, item: ContributionItem, justification: str, facts: rules.Facts | None = None
) -> AuditEvent:
    """Record that a practitioner opened a restricted item, and why (DPA 2018 s.62 for law-enforcement data).

    The item is shown for this one page view; the next page hides it again.
    """
    if not rules.allowed("break_glass", membership, item, facts=facts):
        raise PermissionDenied
    check_text_lengths({"justification": (justification, SHORT_REASON_MAX)})
    reason = " ".join(justification.split())
    if len(reason) < MIN_REASON:
        raise ValidationError({"justification": "Enter why you need to see this information"})
    request = item.contribution.request
    return audit_record(
        verb=Verb.BREAK_GLASS,
        actor=by,
        membership=membership,
        target=item,
        detail={
            "sensitivity": item.sensitivity,
            "agency": request.agency.name,
            "person": item.person_id,
            "contact": request.contact_id,
            "contact_reference": request.contact.reference,
            "request": request.pk,
        },
        justification=reason,
    )
