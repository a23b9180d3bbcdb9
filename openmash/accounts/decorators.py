"""View guards: a practitioner acts in one hub at a time, in the role that membership gives."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, cast

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode

from openmash.accounts import rules, signin
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


def recent_authentication_required(
    max_age_minutes: int = 5,
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Ask for the password and a fresh security code unless given in the last `max_age_minutes`.

    Put it on any view that releases many records at once or a person's whole file (bulk
    exports, subject access exports), inside `acting_in_hub` so refusals come first::

        @acting_in_hub("export_subject_access")
        @recent_authentication_required(max_age_minutes=5)
        def subject_access_export(request, pk): ...

    Signing in counts as authenticating. Otherwise the user goes to the "Confirm it's you"
    page (`reauthenticate`), and comes back afterwards: to this URL after a GET, or, after a
    POST (whose form data cannot survive the detour), to the page the form was on, where
    they press the button again. The confirmation is audited (REAUTHENTICATE).
    """

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            at = request.session.get(signin.AUTHENTICATED_AT)
            if at is None or signin.now() - float(at) > max_age_minutes * 60:
                return redirect(f"{reverse('reauthenticate')}?{urlencode({'next': _come_back_to(request)})}")
            return view(request, *args, **kwargs)

        wrapped.recent_authentication_minutes = max_age_minutes  # type: ignore[attr-defined]
        return wrapped

    return decorator


def _come_back_to(request: HttpRequest) -> str:
    if request.method in ("GET", "HEAD"):
        return request.get_full_path()
    referer = request.headers.get("Referer", "")
    if referer and url_has_allowed_host_and_scheme(referer, allowed_hosts={request.get_host()}):
        return referer
    return reverse("home")
