"""Changes to a practitioner's session: signing in and out, choosing a hub."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest

from openmash.accounts.middleware import SESSION_KEY
from openmash.accounts.models import Membership, User
from openmash.audit.models import Verb
from openmash.audit.services import audit_record


@transaction.atomic
def membership_switch(*, request: HttpRequest, user: User, membership: Membership) -> Membership:
    """Act in another hub. The membership must be the user's own and active."""
    if membership.user_id != user.pk or not membership.is_active:
        raise PermissionError("Not your membership")
    request.session[SESSION_KEY] = membership.pk
    audit_record(verb=Verb.SWITCH_HUB, actor=user, membership=membership, target=membership.hub)
    return membership
