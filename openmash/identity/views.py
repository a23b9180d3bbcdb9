"""Identity pages: a person's history and family network, the review queue, merge and unmerge.

Thin views: fetch with a check, validate, call one service, redirect.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from openmash.accounts import rules
from openmash.accounts.decorators import HubRequest, acting_in_hub
from openmash.forms import apply_service_errors
from openmash.identity import queries, services
from openmash.identity.forms import MergeForm, ReasonForm
from openmash.identity.models import CandidatePair, Merge


@acting_in_hub("search_people")
def person_detail(request: HubRequest, pk: int) -> HttpResponse:
    person = queries.person_get_for_user(membership=request.membership, pk=pk)
    return render(
        request,
        "identity/person_detail.html",
        {
            "p": person,
            "history": queries.person_history(person),
            "network": queries.family_network(person),
            "merges": queries.active_merges(person),
            "can_review": rules.allowed("review_identity", request.membership),
            "unmerge_form": ReasonForm(label="Why are they not the same person?"),
        },
    )


@acting_in_hub("review_identity")
def review_queue(request: HubRequest) -> HttpResponse:
    pairs = list(queries.review_queue(membership=request.membership)[:100])
    return render(request, "identity/review_queue.html", {"pairs": pairs})


def _pair_forms(pair: CandidatePair, data: dict | None = None, which: str = "") -> tuple[MergeForm | None, ReasonForm]:
    people = [pair.left, pair.right] if pair.right else []
    merge = MergeForm(data if which == "merge" else None, people=people) if pair.right else None
    not_same = ReasonForm(
        data if which == "not_same" else None,
        label="Why are they not the same person?",
        required_message="Enter why they are not the same person",
    )
    return merge, not_same


@acting_in_hub("review_identity")
def pair_detail(request: HubRequest, pk: int) -> HttpResponse:
    pair = queries.pair_get_for_user(membership=request.membership, pk=pk)
    merge_form, not_same_form = _pair_forms(pair)
    return render(
        request,
        "identity/pair_detail.html",
        {"pair": pair, "merge_form": merge_form, "not_same_form": not_same_form},
    )


@require_POST
@acting_in_hub("review_identity")
def pair_decide(request: HubRequest, pk: int, action: str) -> HttpResponse:
    pair = queries.pair_get_for_user(membership=request.membership, pk=pk)
    m, user = request.membership, request.user
    merge_form, not_same_form = _pair_forms(pair, request.POST, action)
    try:
        if action == "merge" and merge_form is not None:
            if merge_form.is_valid():
                kept_pk = int(merge_form.cleaned_data["kept"])
                right = pair.right
                if right is None:
                    raise PermissionDenied
                kept, merged = (pair.left, right) if kept_pk == pair.left_id else (right, pair.left)
                services.person_merge(
                    membership=m, by=user, kept=kept, merged=merged, reason=merge_form.cleaned_data["reason"]
                )
                messages.success(request, f"{merged} is now shown as part of {kept}. The merge can be reversed.")
                return redirect("identity:person", pk=kept.pk)
        elif action == "not_same":
            if not_same_form.is_valid():
                services.pair_not_same(membership=m, by=user, pair=pair, reason=not_same_form.cleaned_data["reason"])
                messages.success(request, "Recorded as not the same person")
                return redirect("identity:review")
        elif action == "confirm" and pair.right is None:
            services.pair_confirm_extract(membership=m, by=user, pair=pair)
            messages.success(request, f"Recorded that the row is {pair.left}")
            return redirect("identity:review")
        else:
            raise PermissionDenied
    except ValidationError as exc:
        apply_service_errors(merge_form if action == "merge" and merge_form else not_same_form, exc)
    return render(
        request,
        "identity/pair_detail.html",
        {"pair": pair, "merge_form": merge_form, "not_same_form": not_same_form},
        status=400,
    )


@require_POST
@acting_in_hub("review_identity")
def unmerge(request: HubRequest, pk: int) -> HttpResponse:
    merge = get_object_or_404(Merge, pk=pk, hub=request.membership.hub)
    form = ReasonForm(
        request.POST,
        label="Why are they not the same person?",
        required_message="Enter why these records are not the same person after all",
    )
    if form.is_valid():
        try:
            services.person_unmerge(
                membership=request.membership, by=request.user, merge=merge, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, f"{merge.merged} and {merge.kept} are separate records again")
            return redirect("identity:person", pk=merge.kept_id)
    person = queries.person_get_for_user(membership=request.membership, pk=merge.kept_id)
    return render(
        request,
        "identity/person_detail.html",
        {
            "p": person,
            "history": queries.person_history(person),
            "network": queries.family_network(person),
            "merges": queries.active_merges(person),
            "can_review": True,
            "unmerge_form": form,
        },
        status=400,
    )
