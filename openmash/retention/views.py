"""Retention pages: what is due, a manager's confirmation to delete or keep, and the hub's periods."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from openmash.accounts import rules
from openmash.accounts.decorators import HubRequest, acting_in_hub
from openmash.audit.models import Verb
from openmash.audit.services import audit_record
from openmash.forms import apply_service_errors
from openmash.retention import services
from openmash.retention.forms import DeleteForm, KeepForm, PeriodForm
from openmash.retention.models import RecordType, RetentionMark


def _mark(request: HubRequest, pk: int) -> RetentionMark:
    mark = RetentionMark.objects.filter(pk=pk, hub=request.membership.hub).first()
    if mark is None:
        raise Http404("No such record")
    return mark


@acting_in_hub("review_retention")
def due(request: HubRequest) -> HttpResponse:
    m = request.membership
    marks = list(
        RetentionMark.objects.filter(
            hub=m.hub, status__in=[RetentionMark.Status.DUE_DELETION, RetentionMark.Status.DUE_REVIEW]
        ).order_by("due_on", "pk")[:200]
    )
    recent = list(
        RetentionMark.objects.filter(hub=m.hub, decided_at__isnull=False)
        .select_related("decided_by")
        .order_by("-decided_at")[:20]
    )
    audit_record(
        verb=Verb.LIST, actor=m.user, membership=m, detail={"page": "retention", "marks": [x.pk for x in marks]}
    )
    return render(
        request,
        "retention/due.html",
        {
            "marks": marks,
            "recent": recent,
            "periods": services.periods_for(m.hub),
            "can_set": rules.allowed("set_retention", m),
        },
    )


@acting_in_hub("review_retention")
def decide(request: HubRequest, pk: int) -> HttpResponse:
    """Confirm deletion (or keep) of one marked record."""
    mark = _mark(request, pk)
    if not mark.is_open:
        messages.info(request, "This record has already been dealt with")
        return redirect("retention:due")
    delete_form = DeleteForm(request.POST if request.method == "POST" and "delete" in request.POST else None)
    keep_form = KeepForm(request.POST if request.method == "POST" and "keep" in request.POST else None)
    form = delete_form if delete_form.is_bound else keep_form
    if request.method == "POST" and form.is_valid():
        try:
            if form is delete_form:
                services.retention_delete(
                    membership=request.membership,
                    by=request.user,
                    mark=mark,
                    confirmed=form.cleaned_data["confirm"],
                    reason=form.cleaned_data["reason"],
                )
                messages.success(request, f"{mark.label} deleted")
            else:
                services.retention_keep(
                    membership=request.membership, by=request.user, mark=mark, reason=form.cleaned_data["reason"]
                )
                messages.success(request, f"{mark.label} kept")
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            return redirect("retention:due")
    m = request.membership
    audit_record(verb=Verb.VIEW, actor=m.user, membership=m, target=mark, detail={"page": "retention decision"})
    status = 400 if form.errors else 200
    return render(
        request,
        "retention/decide.html",
        {"mark": mark, "delete_form": delete_form, "keep_form": keep_form, "form": form},
        status=status,
    )


@acting_in_hub("set_retention")
def period_edit(request: HubRequest, record_type: str) -> HttpResponse:
    if record_type not in RecordType.values:
        raise Http404("No such kind of record")
    current = services.periods_for(request.membership.hub)[record_type]
    form = PeriodForm(
        request.POST if request.method == "POST" else None, initial={"years": current.years, "reason": current.reason}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.retention_period_set(
                membership=request.membership, by=request.user, record_type=record_type, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, "Retention period saved")
            return redirect("retention:due" if rules.allowed("review_retention", request.membership) else "home")
    status = 400 if form.errors else 200
    label = RecordType(record_type).label
    return render(request, "retention/period.html", {"form": form, "label": label}, status=status)
