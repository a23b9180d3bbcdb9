"""Audit pages: "Who has seen this child's record?" for the hub manager."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render

from openmash.accounts import rules
from openmash.accounts.decorators import HubRequest, acting_in_hub
from openmash.audit.history import describe, record_history
from openmash.audit.models import Verb
from openmash.audit.services import audit_record
from openmash.people.models import Person

PAGE_SIZE = 50


@acting_in_hub()
def person_history(request: HubRequest, pk: int) -> HttpResponse:
    m = request.membership
    person = Person.objects.filter(hub=m.hub, pk=pk).first()
    if person is None:
        raise Http404("No such person")
    if not rules.allowed("see_record_history", m, person):
        audit_record(verb=Verb.REFUSED, actor=m.user, membership=m, target=person, detail={"page": "record history"})
        raise PermissionDenied
    page = Paginator(record_history(person=person), PAGE_SIZE).get_page(request.GET.get("page"))
    events = [(event, describe(event)) for event in page.object_list]
    # Audited after the read, so this view is not among the events it shows; the next view will list it.
    audit_record(
        verb=Verb.VIEW,
        actor=m.user,
        membership=m,
        target=person,
        detail={"page": "record history", "page_number": page.number},
    )
    return render(request, "audit/person_history.html", {"person": person, "page": page, "events": events, "query": ""})
