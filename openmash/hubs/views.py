"""Hub settings: the manager's and administrator's view of the hub's configuration."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from openmash.accounts.decorators import HubRequest, acting_in_hub
from openmash.forms import apply_service_errors
from openmash.hubs import services
from openmash.hubs.forms import CalendarForm, EnquiryRulesForm, LevelForm, OverrideForm, ThresholdForm
from openmash.hubs.models import CalendarOverride, HubPartner, TriageLevel
from openmash.hubs.services import LEVEL_FIELDS


@acting_in_hub("configure_hub")
def settings_overview(request: HubRequest) -> HttpResponse:
    hub = request.membership.hub
    document = hub.current_threshold_document()
    return render(
        request,
        "hubs/settings.html",
        {
            "hub": hub,
            "levels": hub.current_levels(),
            "partners": hub.partners.select_related("agency"),
            "overrides": hub.calendar_overrides.all(),
            "document": document,
            "indicators": document.indicators.all() if document else [],
            "calendar_form": CalendarForm.for_hub(hub),
            "rules_form": EnquiryRulesForm.for_hub(hub),
            "override_form": OverrideForm(),
        },
    )


@acting_in_hub("configure_hub")
def level_edit(request: HubRequest, pk: int) -> HttpResponse:
    level = get_object_or_404(TriageLevel, pk=pk, hub=request.membership.hub, retired_at__isnull=True)
    form = LevelForm(
        request.POST if request.method == "POST" else None, initial={f: getattr(level, f) for f in LEVEL_FIELDS}
    )
    if request.method == "POST" and form.is_valid():
        changes = dict(form.cleaned_data)
        changes["timeline_unit"] = changes["timeline_unit"] or ""
        try:
            services.triage_level_change(level=level, by=request.user, membership=request.membership, **changes)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(
                request, f"{form.cleaned_data['label']} changed. Contacts already triaged keep the old version."
            )
            return redirect("hubs:settings")
    return render(request, "hubs/level_form.html", {"form": form, "level": level})


@require_POST
@acting_in_hub("configure_hub")
def calendar_edit(request: HubRequest) -> HttpResponse:
    hub = request.membership.hub
    form = CalendarForm.for_hub(hub, request.POST)
    if form.is_valid():
        d = form.cleaned_data
        services.hub_calendar_update(
            hub=hub,
            by=request.user,
            membership=request.membership,
            day_start=d["day_start"],
            day_end=d["day_end"],
            weekdays=d["weekdays"],
        )
        messages.success(request, "Working hours changed")
        return redirect("hubs:settings")
    return render(request, "hubs/form_page.html", {"form": form, "title": "Change working hours"}, status=400)


@require_POST
@acting_in_hub("configure_hub")
def enquiry_rules_edit(request: HubRequest) -> HttpResponse:
    hub = request.membership.hub
    form = EnquiryRulesForm.for_hub(hub, request.POST)
    if form.is_valid():
        services.hub_enquiry_rules_update(hub=hub, by=request.user, membership=request.membership, **form.cleaned_data)
        messages.success(request, "Enquiry rules changed")
        return redirect("hubs:settings")
    return render(request, "hubs/form_page.html", {"form": form, "title": "Change the enquiry rules"}, status=400)


@require_POST
@acting_in_hub("configure_hub")
def override_add(request: HubRequest) -> HttpResponse:
    form = OverrideForm(request.POST)
    if form.is_valid():
        try:
            services.calendar_override_add(
                hub=request.membership.hub,
                by=request.user,
                membership=request.membership,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, "Calendar override added")
            return redirect("hubs:settings")
    return render(request, "hubs/form_page.html", {"form": form, "title": "Add a calendar override"}, status=400)


@require_POST
@acting_in_hub("configure_hub")
def override_remove(request: HubRequest, pk: int) -> HttpResponse:
    override = get_object_or_404(CalendarOverride, pk=pk, hub=request.membership.hub)
    services.calendar_override_remove(override=override, by=request.user, membership=request.membership)
    messages.success(request, "Calendar override removed")
    return redirect("hubs:settings")


@require_POST
@acting_in_hub("configure_hub")
def partner_toggle(request: HubRequest, pk: int) -> HttpResponse:
    partner = get_object_or_404(HubPartner, pk=pk, hub=request.membership.hub)
    services.hub_partner_set_active(
        partner=partner,
        active=not partner.is_active,
        by=request.user,
        membership=request.membership,
    )
    return redirect("hubs:settings")


@acting_in_hub("configure_hub")
def threshold_new_version(request: HubRequest) -> HttpResponse:
    hub = request.membership.hub
    current = hub.current_threshold_document()
    initial = {}
    if current:
        initial = {
            "title": current.title,
            "indicators": "\n".join(f"{i.level_code} | {i.code} | {i.text}" for i in current.indicators.all()),
        }
    form = ThresholdForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            doc = services.threshold_document_publish(
                hub=hub,
                by=request.user,
                membership=request.membership,
                title=form.cleaned_data["title"],
                indicators=form.cleaned_data["indicators"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, f"Version {doc.version} of the threshold document published")
            return redirect("hubs:settings")
    return render(
        request,
        "hubs/form_page.html",
        {"form": form, "title": "Publish a new threshold document version", "levels": hub.current_levels()},
    )
