"""The one writer of audit events."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models, transaction
from django.utils import timezone

from openmash.audit.models import AuditEvent, Verb

if TYPE_CHECKING:
    from openmash.accounts.models import Membership, User
    from openmash.hubs.models import Hub


def audit_record(
    *,
    verb: Verb,
    actor: User | None,
    membership: Membership | None = None,
    hub: Hub | None = None,
    target: models.Model | None = None,
    detail: dict[str, Any] | None = None,
    justification: str = "",
) -> AuditEvent:
    """Write one audit event inside the caller's transaction.

    Callers that change data call this inside their own `transaction.atomic`
    block, so the event and the change commit or roll back together.
    """
    if target is not None and target.pk is None:
        raise ValueError("Audit a record only once it has been saved")
    with transaction.atomic():
        return AuditEvent.objects.create(
            at=timezone.now(),
            actor=actor,
            actor_name=str(actor) if actor else "",
            hub=membership.hub if membership else hub,
            agency_name=str(actor.agency) if actor and actor.agency_id else "",
            role=membership.role if membership else "",
            verb=verb,
            target_type=(target._meta.model_name or "") if target is not None else "",
            target_id=str(target.pk) if target is not None else "",
            target_label=str(target)[:160] if target is not None else "",
            detail=detail or {},
            justification=justification,
        )
