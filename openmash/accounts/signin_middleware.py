"""Keep a signed-in session honest on every request (docs/security.md).

`SignInSessionMiddleware` signs out, before any view runs:
- a session signed in without its second factor (every account needs one);
- a session idle longer than SESSION_IDLE_MINUTES, or older than SESSION_ABSOLUTE_MINUTES,
  with a message saying why, and an audit event;
- a session whose account has been disabled or deleted since it signed in.

`NoMembershipSignOutMiddleware` signs out someone left with no active membership of any hub.

Both take effect on the next request: nothing waits for the session to be used again
to be checked, and LoginRequiredMiddleware then sends the visitor to sign in.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

from django.conf import settings
from django.contrib import auth, messages
from django.http import HttpRequest, HttpResponse

from openmash.accounts import services, signin
from openmash.accounts.models import Membership, User

# Requests a page makes by itself (the queue's live refresh) are not the person doing
# anything, so they do not keep an idle session alive; they are still checked.
BACKGROUND_HEADERS = ("X-Queue-Refresh",)
# How stale the recorded "last seen" may get before a request writes it again: one write a
# minute at most, so a session may time out up to a minute early, never late.
LAST_SEEN_RESOLUTION = 60.0


def _is_background(request: HttpRequest) -> bool:
    return any(header in request.headers for header in BACKGROUND_HEADERS)


def _minutes(seconds: float) -> str:
    minutes = round(seconds / 60)
    if minutes % 60 == 0 and minutes >= 60:
        hours = minutes // 60
        return f"{hours} hour{'s' if hours != 1 else ''}"
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


class SignInSessionMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            self._check(request)
        elif request.session.get(auth.SESSION_KEY) is not None:
            # The session names an account that can no longer sign in: disabled or deleted.
            request.session.flush()
            messages.info(request, "You have been signed out. Ask your hub manager if you need access to openmash.")
        if _is_background(request) and not request.user.is_authenticated:
            # A page refreshing itself is told plainly, not redirected to the sign-in page: that
            # page, fetched in the background, would use up the message saying why. The page
            # reloads itself and the person sees the sign-in page with the message.
            return HttpResponse("Sign in again.", status=401, content_type="text/plain")
        return self.get_response(request)

    def _check(self, request: HttpRequest) -> None:
        user = cast(User, request.user)
        if not user.is_verified():  # type: ignore[attr-defined]
            # Signed in without a second factor (or its device was removed): not a session we allow.
            auth.logout(request)
            return
        session = request.session
        moment = signin.now()
        signed_in_at = float(session.setdefault(signin.SIGNED_IN_AT, moment))
        last_seen = float(session.setdefault(signin.LAST_SEEN, moment))
        idle = settings.SESSION_IDLE_TIMEOUT.total_seconds()
        absolute = settings.SESSION_ABSOLUTE_TIMEOUT.total_seconds()
        if moment - signed_in_at > absolute:
            services.session_expire(request=request, user=user, reason="absolute")
            messages.info(
                request,
                f"For your security, we signed you out because you had been signed in for {_minutes(absolute)}. "
                "Sign in again to continue.",
            )
        elif moment - last_seen > idle:
            services.session_expire(request=request, user=user, reason="idle")
            messages.info(
                request,
                f"For your security, we signed you out because you had not done anything for {_minutes(idle)}. "
                "Sign in again to continue.",
            )
        elif moment - last_seen >= LAST_SEEN_RESOLUTION and not _is_background(request):
            session[signin.LAST_SEEN] = moment


class NoMembershipSignOutMiddleware:
    """Revoking someone's last membership ends their session on their next request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Only when no membership is in use (rare: someone with several hubs who has not
        # chosen one, or nobody's left), so the usual request costs no query here.
        if request.user.is_authenticated and getattr(request, "membership", None) is None:
            if not Membership.objects.filter(user_id=request.user.pk, is_active=True).exists():
                auth.logout(request)
                messages.info(
                    request,
                    "You have been signed out because you are no longer a member of any hub. "
                    "Ask your hub manager if you need access.",
                )
        return self.get_response(request)
