"""Which hub, and in which role, the signed-in practitioner is acting."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from openmash.accounts.models import Membership, User

SESSION_KEY = "membership_id"


def active_memberships(user: User) -> list[Membership]:
    return list(
        Membership.objects.filter(user=user, is_active=True).select_related("hub", "user__agency").order_by("hub__name")
    )


class CurrentMembershipMiddleware:
    """Set `request.membership` to the membership chosen for this session.

    A practitioner with one hub acts in it; one with several chooses (and may
    switch) explicitly. A membership deactivated since it was chosen stops
    working on the next request, because it is read afresh every time.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.membership = None  # type: ignore[attr-defined]
        if request.user.is_authenticated and request.user.is_active:
            chosen = request.session.get(SESSION_KEY)
            memberships = Membership.objects.filter(user=request.user, is_active=True).select_related(
                "hub", "user__agency"
            )
            membership = memberships.filter(pk=chosen).first() if chosen else None
            if membership is None and not chosen:
                only = list(memberships[:2])
                if len(only) == 1:
                    membership = only[0]
                    request.session[SESSION_KEY] = membership.pk
            request.membership = membership  # type: ignore[attr-defined]
        return self.get_response(request)


class NoStoreMiddleware:
    """Pages may show case data: never let a browser or proxy keep a copy."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path.startswith("/assets/"):
            response["Cache-Control"] = "no-store"
        return response
