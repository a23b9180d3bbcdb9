"""Decision pages: record or correct a decision, challenge it, resolve a challenge, step up."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from openmash.accounts import rules
from openmash.accounts.decorators import HubRequest, acting_in_hub
from openmash.contacts.queries import contact_get_for_user
from openmash.decisions import queries, services
from openmash.decisions.forms import DecisionForm, GroundsForm, ResolveForm, StepUpForm, StepUpResponseForm
from openmash.decisions.models import Decision
from openmash.enquiries.queries import contributions_visible, request_get_for_user
from openmash.forms import apply_service_errors
from openmash.people.queries import person_get_in_hub


def _decision_page(request: HubRequest, contact_pk: int, person_pk: int, corrects: Decision | None) -> HttpResponse:
    m = request.membership
    contact = contact_get_for_user(membership=m, pk=contact_pk, purpose="decide")
    person = person_get_in_hub(hub=m.hub, pk=person_pk)
    form = DecisionForm(request.POST if request.method == "POST" else None, hub=m.hub, correcting=corrects is not None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.decision_record(
                membership=m,
                by=request.user,
                contact=contact,
                person=person,
                level=d["level"],
                outcome=d["outcome"],
                rationale=d["rationale"],
                higher_recommendation_response=d["higher_recommendation_response"],
                allocated_team=d["allocated_team"],
                corrects=corrects,
                correction_reason=d.get("correction_reason", ""),
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, f"Decision for {person} recorded")
            return redirect("contacts:detail", pk=contact.pk)
    return render(
        request,
        "decisions/decide.html",
        {
            "contact": contact,
            "person": person,
            "form": form,
            "corrects": corrects,
            "recommendations": services.recommendations_now(contact),
            "contributions": contributions_visible(membership=m, contact=contact),
        },
    )


@acting_in_hub("decide")
def decide(request: HubRequest, contact_pk: int, person_pk: int) -> HttpResponse:
    return _decision_page(request, contact_pk, person_pk, corrects=None)


@acting_in_hub("decide")
def correct(request: HubRequest, pk: int) -> HttpResponse:
    decision = queries.decision_in_hub(membership=request.membership, pk=pk)
    return _decision_page(request, decision.contact_id, decision.person_id, corrects=decision)


def _submit(request: HubRequest, form: Form, action: Callable[..., object], success: str) -> None:
    """Validate a small form, run the service with its data, and tell the practitioner the outcome."""
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return
    try:
        action(membership=request.membership, by=request.user, **form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, success)


@require_POST
@acting_in_hub()
def challenge(request: HubRequest, pk: int, request_pk: int) -> HttpResponse:
    """A partner challenges a decision from the request their agency was sent."""
    info = request_get_for_user(membership=request.membership, pk=request_pk)
    decision = queries.decision_in_hub(membership=request.membership, pk=pk)
    if decision.contact_id != info.contact_id:
        raise PermissionDenied
    _submit(
        request,
        GroundsForm(request.POST),
        partial(services.challenge_raise, decision=decision),
        "Your challenge has gone to the hub manager",
    )
    return redirect("enquiries:request", pk=info.pk)


@require_POST
@acting_in_hub("resolve_challenge")
def resolve(request: HubRequest, pk: int) -> HttpResponse:
    item = queries.challenge_in_hub(membership=request.membership, pk=pk)
    _submit(
        request,
        ResolveForm(request.POST),
        partial(services.challenge_resolve, challenge=item),
        "Challenge outcome recorded",
    )
    return redirect("contacts:detail", pk=item.decision.contact_id)


@require_POST
@acting_in_hub()
def step_up(request: HubRequest, contact_pk: int) -> HttpResponse:
    contact = contact_get_for_user(membership=request.membership, pk=contact_pk, purpose="step up")
    if not rules.allowed("step_up", request.membership, contact):
        raise PermissionDenied
    _submit(
        request,
        StepUpForm(request.POST),
        partial(services.step_up_raise, contact=contact),
        "Sent to the MASH: a social worker must respond",
    )
    return redirect("contacts:detail", pk=contact.pk)


@require_POST
@acting_in_hub("triage")
def step_up_respond(request: HubRequest, pk: int) -> HttpResponse:
    item = queries.step_up_in_hub(membership=request.membership, pk=pk)
    _submit(
        request, StepUpResponseForm(request.POST), partial(services.step_up_respond, step_up=item), "Response recorded"
    )
    return redirect("contacts:detail", pk=item.contact_id)
