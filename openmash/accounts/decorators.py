"""View guards: a practitioner acts in one hub at a time, in the role that membership gives."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, cast

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from openmash.accounts import rules
from openmash.accounts.models import Membership, User
from openmash.audit.models import Verb
from openmash.audit.services import audit_record


class HubRequest(HttpRequest):
    """A request that `acting_in_hub` has let through: signed in, acting in one hub."""

    membership: Membership
    user: User


def acting_in_hub(rule: str | None = None) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Require a chosen hub, and optionally a named rule that takes only the membership.

    Sign-in itself is required for every page by LoginRequiredMiddleware.
    """

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            membership = getattr(request, "membership", None)
            if membership is None:
                if Membership.objects.filter(user=cast(User, request.user), is_active=True).exists():
                    return redirect("accounts:switch_hub")
                raise PermissionDenied
            if rule is not None and not rules.allowed(rule, membership):
                audit_record(
                    verb=Verb.REFUSED,
                    actor=membership.user,
                    membership=membership,
                    detail={"path": request.path, "rule": rule},
                )
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
