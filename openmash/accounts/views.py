"""Signing in and out, choosing a hub, and the home page each role starts from.

Signing in is two steps (openmash/accounts/signin.py): the password, then a code from
the user's authenticator app, set up on first sign-in. docs/security.md explains it.
"""

from __future__ import annotations

from typing import Any, cast

import django_otp
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods

from openmash.accounts import rules, services, signin
from openmash.accounts.decorators import HubRequest, acting_in_hub
from openmash.accounts.forms import WRONG_CODE, CodeForm, ReauthenticateForm, SetupCodeForm, SignInForm, SwitchHubForm
from openmash.accounts.middleware import active_memberships
from openmash.accounts.models import Role, User
from openmash.audit.models import Verb
from openmash.audit.services import audit_record
from openmash.contacts import queries as contact_queries
from openmash.enquiries import queries as enquiry_queries
from openmash.inputs import return_address


def _safe_next(request: HttpRequest, url: str) -> str:
    """`url` if it stays on this site, else the home page."""
    url = return_address(url) or ""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _locked(request: HttpRequest, username: str) -> bool:
    """Whether this username is locked out from this address. If so, flag the request so
    AxesMiddleware answers with the lock-out page (`locked_out`) instead of the view's."""
    credentials = {"username": username}
    if AxesProxyHandler.is_allowed(request, credentials):
        return False
    request.axes_locked_out = True  # type: ignore[attr-defined]
    request.axes_credentials = credentials  # type: ignore[attr-defined]
    return True


class SignInView(auth_views.LoginView):
    """Step one: the password. Signs nobody in; the code step does (signin.py)."""

    template_name = "accounts/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def form_valid(self, form: Any) -> HttpResponse:
        user = form.get_user()
        signin.pending_start(self.request, user=user, backend=user.backend, next_url=self.get_redirect_url())
        return redirect("sign_in_code")

    def form_invalid(self, form: Any) -> HttpResponse:
        if form.attempted():
            services.sign_in_password_failed(username=form.attempted_username())
        return super().form_invalid(form)


@login_not_required
@never_cache
@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
def sign_in_code(request: HttpRequest) -> HttpResponse:
    """Step two: the code from the authenticator app. A code is accepted once only."""
    pending = signin.pending_get(request)
    if pending is None:
        return redirect("login")
    device = signin.confirmed_device(pending.user)
    if device is None:
        return redirect("sign_in_set_up")
    form = CodeForm(request.POST or None)
    if request.method == "POST":
        if _locked(request, pending.user.get_username()):
            return HttpResponse(status=429)
        if form.is_valid():
            if django_otp.verify_token(pending.user, device.persistent_id, form.cleaned_data["code"]):
                services.sign_in_complete(request=request, user=pending.user, backend=pending.backend, device=device)
                return redirect(_safe_next(request, pending.next_url))
            form.add_error("code", WRONG_CODE)
            services.sign_in_code_failed(request=request, user=pending.user, step="security code")
    return render(request, "accounts/sign_in_code.html", {"form": form})


@login_not_required
@never_cache
@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
def sign_in_set_up(request: HttpRequest) -> HttpResponse:
    """First sign-in: add openmash to an authenticator app and prove it works with a code."""
    pending = signin.pending_get(request)
    if pending is None:
        return redirect("login")
    if signin.confirmed_device(pending.user) is not None:
        return redirect("sign_in_code")
    device = signin.setup_device(pending.user)
    form = SetupCodeForm(request.POST or None)
    if request.method == "POST":
        if _locked(request, pending.user.get_username()):
            return HttpResponse(status=429)
        if form.is_valid():
            if django_otp.verify_token(pending.user, device.persistent_id, form.cleaned_data["code"]):
                device.refresh_from_db()
                services.mfa_enrol(user=pending.user, device=device)
                services.sign_in_complete(request=request, user=pending.user, backend=pending.backend, device=device)
                return redirect(_safe_next(request, pending.next_url))
            form.add_error("code", WRONG_CODE)
            services.sign_in_code_failed(request=request, user=pending.user, step="setting up the authenticator app")
    context = {"form": form, "qr_svg": signin.qr_svg(device), "secret": signin.secret_text(device)}
    return render(request, "accounts/sign_in_set_up.html", context)


@never_cache
@sensitive_post_parameters("password", "code")
@require_http_methods(["GET", "POST"])
def reauthenticate(request: HttpRequest) -> HttpResponse:
    """Confirm it is still you (password and a fresh code) before a bulk or subject access
    export; see `decorators.recent_authentication_required`. Returns you to `next`."""
    user = cast(User, request.user)
    next_url = _safe_next(request, request.POST.get("next") or request.GET.get("next", ""))
    form = ReauthenticateForm(request.POST or None, request=request, user=user)
    if request.method == "POST":
        if _locked(request, user.get_username()):
            return HttpResponse(status=429)
        valid = form.is_valid()
        if form.password_failed:
            services.sign_in_password_failed(username=user.get_username())
        elif valid:
            device = signin.confirmed_device(user)
            if device is not None and django_otp.verify_token(user, device.persistent_id, form.cleaned_data["code"]):
                services.reauthenticate(request=request, user=user)
                return redirect(next_url)
            form.add_error("code", WRONG_CODE)
            services.sign_in_code_failed(request=request, user=user, step="confirming identity")
    return render(request, "accounts/reauthenticate.html", {"form": form, "next": next_url})


def locked_out(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """The lock-out page (AXES_LOCKOUT_CALLABLE): the same for every username, known or not."""
    username = ""
    if isinstance(credentials, dict):
        username = str(credentials.get("username") or "")
    username = username or str(request.POST.get("username", ""))
    services.sign_in_lock_out(request=request, username=username)
    cool_off = get_cool_off(request)
    minutes = int(cool_off.total_seconds() // 60) if cool_off else None
    return render(request, "accounts/locked_out.html", {"minutes": minutes}, status=429)


class SignOutView(auth_views.LogoutView):
    """Signing out ends the session on the server. Also cancels a sign-in half done."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated:
            audit_record(verb=Verb.SIGN_OUT, actor=request.user)
        return super().post(request, *args, **kwargs)


def switch_hub(request: HubRequest) -> HttpResponse:
    memberships = active_memberships(request.user)
    form = SwitchHubForm(request.POST if request.method == "POST" else None, memberships=memberships)
    if request.method == "POST" and form.is_valid():
        services.membership_switch(request=request, user=request.user, membership=form.cleaned_data["membership"])
        return redirect("home")
    status = 400 if form.errors else 200
    return render(request, "accounts/switch_hub.html", {"memberships": memberships, "form": form}, status=status)


@acting_in_hub()
def home(request: HubRequest) -> HttpResponse:
    m = request.membership
    if rules.allowed("see_queue", m) and m.role != Role.QUALITY_LEAD:
        return redirect("contacts:queue")
    context: dict[str, Any] = {}
    if m.role in rules.ANSWERING_ROLES:
        context["queue"] = enquiry_queries.agency_queue(membership=m)
    if m.role == Role.EARLY_HELP:
        context["early_help"] = list(contact_queries.early_help_contacts(membership=m)[:50])
        audit_record(verb=Verb.LIST, actor=m.user, membership=m, detail={"page": "early help list"})
    return render(request, "accounts/home.html", context)


@login_not_required
@require_GET
@never_cache
def health(request: HttpRequest) -> JsonResponse:
    """200 when the app can reach its database, 503 when it cannot."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any database failure means "not healthy"
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
