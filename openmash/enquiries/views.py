"""Enquiry pages: ask partner agencies; an agency's queue and its answer to one request."""

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
from openmash.consent.services import sharing_status
from openmash.contacts.models import Contact
from openmash.contacts.queries import contact_get_for_user
from openmash.decisions.context import decision_context
from openmash.enquiries import queries, services
from openmash.enquiries.forms import AmendForm, AnalysisForm, AskForm, ItemForm, ReasonForm
from openmash.enquiries.models import Contribution, InformationRequest
from openmash.forms import apply_service_errors
from openmash.submissions.services import posted_token, submit_once


@acting_in_hub("request_information")
def ask(request: HubRequest, contact_pk: int) -> HttpResponse:
    contact = contact_get_for_user(membership=request.membership, pk=contact_pk, purpose="ask partners")
    form = AskForm(
        request.POST if request.method == "POST" else None,
        contact=contact,
        default_deadline=services.request_default_deadline(contact),
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        sent: list[InformationRequest] = []

        def send() -> Contact:
            sent.extend(
                services.requests_send(
                    membership=request.membership,
                    by=request.user,
                    contact=contact,
                    agencies=d["agencies"],
                    people=d["people"],
                    question=d["question"],
                    deadline=d["deadline"],
                    share=form.share_basis(rationale=d["question"]),
                )
            )
            return contact

        try:
            # A double click posts the form twice with one token: the requests are sent once.
            submit_once(token=posted_token(request), user=request.user, create=send)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            if sent:
                messages.success(request, f"Asked {len(sent)} agenc{'y' if len(sent) == 1 else 'ies'}")
            return redirect("contacts:detail", pk=contact.pk)
    return render(
        request,
        "enquiries/ask.html",
        {"contact": contact, "form": form, "sharing": sharing_status(contact)},
    )


def _request_page(request: HubRequest, info: InformationRequest, **forms: Form) -> HttpResponse:
    m = request.membership
    answering = rules.allowed("answer_request", m, info)
    contributions = queries.contributions_visible(membership=m, contact=info.contact)
    own = [c for c in contributions if c.request_id == info.pk]
    draft = next((c for c in own if c.is_draft), None)
    context: dict[str, Any] = {
        "info": info,
        "contact": info.contact,
        "show_referrer": not info.contact.is_anonymous_referral or rules.allowed("see_referrer_identity", m),
        "answering": answering,
        "can_withdraw": rules.allowed("request_information", m) and info.is_open,
        "own": [c for c in own if not c.is_draft],
        "draft": draft,
        "others": [c for c in contributions if c.request_id != info.pk],
        "clock": queries.clock(info.contact.hub.calendar(), info.deadline) if info.is_open else None,
        **decision_context(m, info.contact),
        "reason_form": forms.get("reason_form") or ReasonForm(),
        "amend_form": forms.get("amend_form") or AmendForm(),
    }
    if answering and draft is not None:
        context["item_form"] = forms.get("item_form") or ItemForm(request=info)
        context["analysis_form"] = forms.get("analysis_form") or AnalysisForm(contribution=draft)
    status = 400 if any(f.errors for f in forms.values()) else 200
    return render(request, "enquiries/request.html", context, status=status)


@acting_in_hub()
def request_detail(request: HubRequest, pk: int) -> HttpResponse:
    info = queries.request_get_for_user(membership=request.membership, pk=pk)
    return _request_page(request, info)


@require_POST
@acting_in_hub()
def acknowledge(request: HubRequest, pk: int) -> HttpResponse:
    info = queries.request_get_for_user(membership=request.membership, pk=pk)
    try:
        services.request_acknowledge(membership=request.membership, by=request.user, request=info)
    except ValidationError as exc:
        messages.info(request, " ".join(exc.messages))
    return redirect("enquiries:request", pk=pk)


@require_POST
@acting_in_hub()
def start(request: HubRequest, pk: int) -> HttpResponse:
    """Open the agency's draft answer, or an addendum or correction to a submitted one."""
    info = queries.request_get_for_user(membership=request.membership, pk=pk)
    amends = None
    kind = Contribution.Kind.ADDENDUM
    if request.POST.get("amends"):
        form = AmendForm(request.POST)
        if not form.is_valid():
            return _request_page(request, info, amend_form=form)
        amends = queries.contribution_get_for_agency(membership=request.membership, pk=int(request.POST["amends"]))
        kind = form.cleaned_data["kind"]
    try:
        services.contribution_start(
            membership=request.membership, by=request.user, request=info, amends=amends, kind=kind
        )
    except ValidationError as exc:
        messages.info(request, " ".join(exc.messages))
    return redirect("enquiries:request", pk=pk)


@require_POST
@acting_in_hub()
def item_add(request: HubRequest, pk: int, contribution_pk: int) -> HttpResponse:
    info = queries.request_get_for_user(membership=request.membership, pk=pk)
    draft = queries.contribution_get_for_agency(membership=request.membership, pk=contribution_pk)
    form = ItemForm(request.POST, request=info)
    if form.is_valid():
        try:
            services.contribution_item_add(
                membership=request.membership, by=request.user, contribution=draft, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, "Item added to your draft")
            return redirect("enquiries:request", pk=pk)
    return _request_page(request, info, item_form=form)


@require_POST
@acting_in_hub()
def item_remove(request: HubRequest, pk: int, item_pk: int) -> HttpResponse:
    queries.request_get_for_user(membership=request.membership, pk=pk)
    item = queries.item_get_for_agency(membership=request.membership, pk=item_pk)
    try:
        services.contribution_item_remove(membership=request.membership, by=request.user, item=item)
    except ValidationError as exc:
        messages.info(request, " ".join(exc.messages))
    return redirect("enquiries:request", pk=pk)


@require_POST
@acting_in_hub()
def analysis_save(request: HubRequest, pk: int, contribution_pk: int) -> HttpResponse:
    info = queries.request_get_for_user(membership=request.membership, pk=pk)
    draft = queries.contribution_get_for_agency(membership=request.membership, pk=contribution_pk)
    form = AnalysisForm(request.POST, contribution=draft)
    if form.is_valid():
        try:
            services.contribution_analysis_save(
                membership=request.membership, by=request.user, contribution=draft, **form.cleaned_data
            )
            if "submit" in request.POST:
                services.contribution_submit(membership=request.membership, by=request.user, contribution=draft)
                messages.success(request, "Your agency's response was submitted")
            else:
                messages.success(request, "Draft saved. Only your agency can see it.")
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            return redirect("enquiries:request", pk=pk)
    return _request_page(request, info, analysis_form=form)


@require_POST
@acting_in_hub()
def close(request: HubRequest, pk: int, action: str) -> HttpResponse:
    """Withdraw (the hub) or say the agency is unable to respond (the agency), with a reason."""
    info = queries.request_get_for_user(membership=request.membership, pk=pk)
    form = ReasonForm(request.POST)
    if form.is_valid():
        service = services.request_withdraw if action == "withdraw" else services.request_unable
        try:
            service(membership=request.membership, by=request.user, request=info, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            if action == "withdraw":
                messages.success(request, f"Request to {info.agency} withdrawn")
                return redirect("contacts:detail", pk=info.contact_id)
            messages.success(request, "The hub has been told your agency cannot respond")
            return redirect("home")
    return _request_page(request, info, reason_form=form)
