"""Meeting pages: the list, planning a meeting, the meeting itself, and what is recorded in it.

Views are thin: fetch with an access check, validate a form, call one service, redirect.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from openmash.accounts import rules
from openmash.accounts.decorators import HubRequest, acting_in_hub
from openmash.forms import apply_service_errors
from openmash.inputs import parse_id
from openmash.meetings import queries, services
from openmash.meetings.forms import ActionForm, AgendaAddForm, AttendanceForm, CloseForm, ContributionForm, MeetingForm
from openmash.meetings.models import Meeting, MeetingContribution
from openmash.submissions.services import posted_token, submit_once


@acting_in_hub("list_meetings")
def meeting_list(request: HubRequest) -> HttpResponse:
    lists = queries.meetings_list(membership=request.membership)
    return render(
        request,
        "meetings/list.html",
        {**lists, "can_run": rules.allowed("run_meetings", request.membership)},
    )


@acting_in_hub("run_meetings")
def meeting_new(request: HubRequest) -> HttpResponse:
    hub = request.membership.hub
    # "Plan a strategy discussion" on a contact page arrives with the kind and reference filled in.
    initial = {"kind": request.GET.get("kind", ""), "contact_reference": request.GET.get("contact", "")[:20]}
    form = MeetingForm(request.POST if request.method == "POST" else None, hub=hub, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        contact = None
        if d["contact_reference"]:
            contact = queries.contact_in_hub(hub=hub, reference=d["contact_reference"])
            if contact is None:
                form.add_error("contact_reference", "Enter the reference of a contact in this hub")
        if not form.errors:
            try:
                # A double click posts the form twice with one token: the second goes to the first's meeting.
                meeting, pk = submit_once(
                    token=posted_token(request),
                    user=request.user,
                    create=lambda: services.meeting_create(
                        membership=request.membership,
                        by=request.user,
                        kind=d["kind"],
                        scheduled_for=d["scheduled_for"],
                        chair=d["chair"],
                        contact=contact,
                        notes=d["notes"],
                    ),
                )
            except ValidationError as exc:
                if hasattr(exc, "error_dict") and "contact" in exc.error_dict:
                    exc.error_dict["contact_reference"] = exc.error_dict.pop("contact")
                apply_service_errors(form, exc)
            else:
                if meeting is not None:
                    messages.success(request, f"{meeting.get_kind_display()} planned")
                return redirect("meetings:detail", pk=pk)
    status = 400 if form.errors else 200
    return render(request, "meetings/new.html", {"form": form}, status=status)


def _meeting_page(request: HubRequest, meeting: Meeting, **forms: Form) -> HttpResponse:
    m = request.membership
    can_run = rules.allowed("run_meetings", m)
    context: dict[str, Any] = {
        "meeting": meeting,
        "rows": queries.agenda_visible(membership=m, meeting=meeting),
        "attendances": queries.attendance_list(meeting=meeting),
        "missing": queries.missing_statutory_agencies(meeting=meeting),
        "can_run": can_run,
        "can_change": can_run and not meeting.is_held,
    }
    if context["can_change"]:
        context["attendance_form"] = forms.get("attendance_form") or AttendanceForm(hub=meeting.hub)
        context["agenda_form"] = forms.get("agenda_form") or AgendaAddForm()
    failed = [f for f in forms.values() if f.errors]
    if failed:
        context["form"] = failed[0]  # so the page title starts "Error:"
    return render(request, "meetings/detail.html", context, status=400 if failed else 200)


@acting_in_hub("list_meetings")
def meeting_detail(request: HubRequest, pk: int) -> HttpResponse:
    meeting = queries.meeting_get_for_user(membership=request.membership, pk=pk)
    return _meeting_page(request, meeting)


def _refusal_to_message(request: HubRequest, exc: ValidationError) -> None:
    messages.info(request, " ".join(exc.messages))


@require_POST
@acting_in_hub("run_meetings")
def agenda_build(request: HubRequest, pk: int) -> HttpResponse:
    meeting = queries.meeting_get_for_user(membership=request.membership, pk=pk)
    try:
        added = services.meeting_build_agenda(membership=request.membership, by=request.user, meeting=meeting)
    except ValidationError as exc:
        _refusal_to_message(request, exc)
    else:
        messages.success(
            request,
            f"{len(added)} case{'' if len(added) == 1 else 's'} due added to the agenda"
            if added
            else "No more cases are due",
        )
    return redirect("meetings:detail", pk=pk)


@require_POST
@acting_in_hub("run_meetings")
def agenda_add(request: HubRequest, pk: int) -> HttpResponse:
    meeting = queries.meeting_get_for_user(membership=request.membership, pk=pk)
    form = AgendaAddForm(request.POST)
    if form.is_valid():
        contact = queries.contact_in_hub(hub=meeting.hub, reference=form.cleaned_data["reference"])
        try:
            item = services.agenda_item_add(
                membership=request.membership, by=request.user, meeting=meeting, contact=contact
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, f"{item.contact.reference} added to the agenda")
            return redirect("meetings:detail", pk=pk)
    return _meeting_page(request, meeting, agenda_form=form)


@require_POST
@acting_in_hub("run_meetings")
def agenda_remove(request: HubRequest, pk: int, item_pk: int) -> HttpResponse:
    meeting = queries.meeting_get_for_user(membership=request.membership, pk=pk)
    item = queries.item_get_for_user(membership=request.membership, meeting=meeting, pk=item_pk)
    try:
        services.agenda_item_remove(membership=request.membership, by=request.user, item=item)
    except ValidationError as exc:
        _refusal_to_message(request, exc)
    else:
        messages.success(request, f"{item.contact.reference} taken off the agenda")
    return redirect("meetings:detail", pk=pk)


@require_POST
@acting_in_hub("run_meetings")
def attendance_add(request: HubRequest, pk: int) -> HttpResponse:
    meeting = queries.meeting_get_for_user(membership=request.membership, pk=pk)
    form = AttendanceForm(request.POST, hub=meeting.hub)
    if form.is_valid():
        try:
            attendance = services.attendance_record(
                membership=request.membership, by=request.user, meeting=meeting, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, f"Recorded: {attendance}")
            return redirect("meetings:detail", pk=pk)
    return _meeting_page(request, meeting, attendance_form=form)


@acting_in_hub("run_meetings")
def contribution_add(request: HubRequest, pk: int, item_pk: int) -> HttpResponse:
    """Record what an agency said, or correct an earlier record (which is kept as it was)."""
    meeting = queries.meeting_get_for_user(membership=request.membership, pk=pk)
    item = queries.item_get_for_user(membership=request.membership, meeting=meeting, pk=item_pk)
    corrects_pk = request.POST.get("corrects") or request.GET.get("corrects")
    corrects: MeetingContribution | None = None
    if corrects_pk and (corrects_id := parse_id(corrects_pk)) is not None:
        corrects = queries.contribution_get(item=item, pk=corrects_id)
    form = ContributionForm(request.POST if request.method == "POST" else None, hub=meeting.hub, corrects=corrects)
    if request.method == "POST" and form.is_valid():
        try:
            services.contribution_record(
                membership=request.membership, by=request.user, item=item, corrects=corrects, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, "Correction recorded. The original is kept." if corrects else "Recorded")
            return redirect("meetings:detail", pk=pk)
    status = 400 if form.errors else 200
    context = {"meeting": meeting, "item": item, "corrects": corrects, "form": form}
    return render(request, "meetings/contribution_form.html", context, status=status)


@acting_in_hub("run_meetings")
def action_new(request: HubRequest, pk: int, item_pk: int) -> HttpResponse:
    meeting = queries.meeting_get_for_user(membership=request.membership, pk=pk)
    item = queries.item_get_for_user(membership=request.membership, meeting=meeting, pk=item_pk)
    form = ActionForm(request.POST if request.method == "POST" else None, hub=meeting.hub)
    if request.method == "POST" and form.is_valid():
        try:
            services.action_add(membership=request.membership, by=request.user, item=item, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, "Action recorded")
            return redirect("meetings:detail", pk=pk)
    status = 400 if form.errors else 200
    return render(request, "meetings/action_form.html", {"meeting": meeting, "item": item, "form": form}, status=status)


@require_POST
@acting_in_hub("run_meetings")
def action_done(request: HubRequest, pk: int, action_pk: int) -> HttpResponse:
    meeting = queries.meeting_get_for_user(membership=request.membership, pk=pk)
    action = queries.action_get(meeting=meeting, pk=action_pk)
    try:
        services.action_mark_done(membership=request.membership, by=request.user, action=action)
    except ValidationError as exc:
        _refusal_to_message(request, exc)
    else:
        messages.success(request, "Action marked as done")
    return redirect("meetings:detail", pk=pk)


@acting_in_hub("run_meetings")
def meeting_close(request: HubRequest, pk: int) -> HttpResponse:
    meeting = queries.meeting_get_for_user(membership=request.membership, pk=pk)
    if meeting.is_held:
        messages.info(request, "This meeting has already been marked as held")
        return redirect("meetings:detail", pk=pk)
    form = CloseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_close(
                membership=request.membership,
                by=request.user,
                meeting=meeting,
                missing_attendance_reason=form.cleaned_data["missing_attendance_reason"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, "Meeting marked as held")
            return redirect("meetings:detail", pk=pk)
    missing = queries.missing_statutory_agencies(meeting=meeting)
    status = 400 if form.errors else 200
    return render(request, "meetings/close.html", {"meeting": meeting, "form": form, "missing": missing}, status=status)
