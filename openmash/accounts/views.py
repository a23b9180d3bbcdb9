"""Signing in and out, choosing a hub, and the home page each role starts from."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from openmash.accounts import rules, services
from openmash.accounts.decorators import HubRequest, acting_in_hub
from openmash.accounts.middleware import active_memberships
from openmash.accounts.models import Membership, Role
from openmash.audit.models import Verb
from openmash.audit.services import audit_record
from openmash.contacts import queries as contact_queries
from openmash.enquiries import queries as enquiry_queries


class SignInView(auth_views.LoginView):
    template_name = "accounts/sign_in.html"
    redirect_authenticated_user = True

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        audit_record(verb=Verb.SIGN_IN, actor=form.get_user())
        return response


class SignOutView(auth_views.LogoutView):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated:
            audit_record(verb=Verb.SIGN_OUT, actor=request.user)
        return super().post(request, *args, **kwargs)


def switch_hub(request: HubRequest) -> HttpResponse:
    memberships = active_memberships(request.user)
    if request.method == "POST":
        chosen = get_object_or_404(Membership, pk=request.POST.get("membership"), user=request.user, is_active=True)
        services.membership_switch(request=request, user=request.user, membership=chosen)
        return redirect("home")
    return render(request, "accounts/switch_hub.html", {"memberships": memberships})


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
