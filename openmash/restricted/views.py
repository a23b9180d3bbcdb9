"""Break the glass: open a restricted item with a reason, and the manager's log of every opening."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from openmash.accounts.decorators import HubRequest, acting_in_hub
from openmash.audit.models import Verb
from openmash.audit.services import audit_record
from openmash.forms import apply_service_errors
from openmash.people.models import Person
from openmash.restricted import queries, services
from openmash.restricted.forms import JustificationForm, LogFilterForm


@acting_in_hub()
def item_open(request: HubRequest, pk: int) -> HttpResponse:
    """GET: the reason prompt. POST with a reason: the item, for this page view only, and the opening audited."""
    item, facts = queries.restricted_item_get_for_user(membership=request.membership, pk=pk)
    form = JustificationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.restricted_item_open(
                membership=request.membership,
                by=request.user,
                item=item,
                justification=form.cleaned_data["justification"],
                facts=facts,
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            return render(
                request, "restricted/item.html", {"item": item, "justification": form.cleaned_data["justification"]}
            )
    # Showing the prompt is a read too: it tells who wrote what kind of item about whom. The event
    # names the item, never its content (its label is the date and source system, not the summary).
    audit_record(
        verb=Verb.VIEW,
        actor=request.user,
        membership=request.membership,
        target=item,
        detail={
            "page": "break glass prompt",
            "person": item.person_id,
            "contact": item.contribution.request.contact_id,
            "request": item.contribution.request_id,
        },
    )
    status = 400 if form.errors else 200
    return render(request, "restricted/prompt.html", {"item": item, "form": form}, status=status)


@acting_in_hub("review_break_glass")
def log(request: HubRequest) -> HttpResponse:
    m = request.membership
    form = LogFilterForm(request.GET or None)
    where = queries.LogFilter()
    if form.is_bound and form.is_valid():
        person_pk = form.cleaned_data.get("person")
        person = Person.objects.filter(hub=m.hub, pk=person_pk).first() if person_pk else None
        where = queries.LogFilter(person=person, since=form.cleaned_data["since"], until=form.cleaned_data["until"])
    page = Paginator(queries.break_glass_log(membership=m, where=where), 50).get_page(request.GET.get("page"))
    audit_record(
        verb=Verb.LIST,
        actor=m.user,
        membership=m,
        target=where.person,
        detail={"page": "break glass log", "events": [e.pk for e in page.object_list]},
    )
    people = {p.pk: p for p in Person.objects.filter(hub=m.hub, pk__in=[e.detail.get("person") for e in page])}
    rows = [(event, people.get(event.detail.get("person"))) for event in page]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "restricted/log.html",
        {"form": form, "page": page, "rows": rows, "person": where.person, "query": query.urlencode()},
        status=400 if form.errors else 200,
    )
