"""Changing a record's handling marking: audited, with the reason."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone

from openmash.accounts import rules
from openmash.accounts.models import Membership, User
from openmash.audit.models import Verb
from openmash.audit.services import audit_record
from openmash.markings.models import Classification, Descriptor, Marking


@transaction.atomic
def marking_set(
    *,
    membership: Membership,
    by: User,
    record: models.Model,
    classification: str,
    descriptor: str = "",
    field: str = "",
    reason: str,
) -> Marking:
    """Give one record (or one field of it) a marking other than its default."""
    if not rules.allowed("mark_records", membership):
        raise PermissionDenied
    hub_id = getattr(record, "hub_id", None)
    if hub_id is not None and hub_id != membership.hub_id:
        raise PermissionDenied
    errors = {}
    if classification not in Classification.values:
        errors["classification"] = "Select OFFICIAL or OFFICIAL-SENSITIVE"
    if descriptor not in Descriptor.values:
        errors["descriptor"] = "Select a descriptor"
    elif descriptor and classification != Classification.OFFICIAL_SENSITIVE:
        errors["descriptor"] = "Only OFFICIAL-SENSITIVE information carries a descriptor"
    if not reason.strip():
        errors["reason"] = "Enter why this record is marked differently"
    if errors:
        raise ValidationError(errors)
    marking, _ = Marking.objects.update_or_create(
        model=record._meta.label_lower,
        object_id=str(record.pk),
        field=field,
        defaults={
            "classification": classification,
            "descriptor": descriptor,
            "reason": reason.strip(),
            "set_by": by,
            "set_at": timezone.now(),
        },
    )
    audit_record(
        verb=Verb.MARK,
        actor=by,
        membership=membership,
        target=record,
        detail={"marking": f"{classification} {descriptor}".strip(), "field": field},
        justification=reason.strip(),
    )
    return marking
