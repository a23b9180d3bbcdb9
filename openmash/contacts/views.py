"""Front-door pages: record a contact, name the people, submit, triage, the queue.

Views are thin: fetch with an access check, validate a form, call one service, redirect.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from openmash.accounts import rules
from openmash.accounts.decorators import HubRequest, acting_in_hub
from openmash.contacts import queries, services
from openmash.contacts.forms import ContactForm, MatchChoiceForm, PersonForm, TriageForm
from openmash.contacts.models import Contact, ContactPerson
from openmash.decisions.context import decision_context
from openmash.enquiries.queries import contact_requests, contributions_visible
from openmash.enquiries.services import ENQUIRY_STATUSES
from openmash.forms import apply_service_errors
from openmash.identity import matcher
from openmash.identity import services as identity_services
from openmash.meetings.queries import AGENDA_STATUSES, contact_meetings
from openmash.people import services as people_services
from openmash.people.models import Person
from openmash.people.queries import person_get_in_hub
from openmash.submissions.services import posted_token, submit_once

PENDING_PERSON = "pending_person"


def _draft_for_author(request: HubRequest, pk: int) -> Contact:
    contact = queries.contact_get_for_user(membership=request.membership, pk=pk, purpose="record")
    if not contact.is_draft:
        raise PermissionDenied
    return contact


@acting_in_hub("take_contact")
def contact_new(request: HubRequest) -> HttpResponse:
    form = ContactForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            # A double click posts the form twice with one token: the second goes to the first's draft.
            _, pk = submit_once(
                token=posted_token(request),
                user=request.user,
                create=lambda: services.contact_create(
                    membership=request.membership, by=request.user, **form.contact_fields()
                ),
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            return redirect("contacts:people", pk=pk)
    return render(request, "contacts/contact_new.html", {"form": form})


@acting_in_hub("take_contact")
def contact_people(request: HubRequest, pk: int) -> HttpResponse:
    contact = _draft_for_author(request, pk)
    return render(request, "contacts/contact_people.html", {"contact": contact, "links": contact.people.all()})


def _pending_to_session(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in data.items()}


def _pending_from_session(data: dict[str, Any]) -> dict[str, Any]:
    out = dict(data)
    for key in ("date_of_birth", "expected_date_of_birth", "start_date"):
        if out.get(key):
            out[key] = dt.date.fromisoformat(out[key])
    return out


@acting_in_hub("take_contact")
def contact_add_person(request: HubRequest, pk: int) -> HttpResponse:
    contact = _draft_for_author(request, pk)
    relatives = [link.person for link in contact.people.all()]
    form = PersonForm(request.POST if request.method == "POST" else None, relatives=relatives)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        pending = {
            "person": form.person_fields(),
            "part": d["part"],
            "other_names": [[d["other_given_names"], d["other_family_name"]]],
            "address": {
                "line_1": d["address_line_1"],
                "town": d["address_town"],
                "postcode": d["postcode"],
                "start_date": d["address_since"].isoformat() if d.get("address_since") else None,
            },
            "related_to": d.get("related_to"),
            "relationship": d.get("relationship") or "",
            "parental_responsibility": bool(d.get("parental_responsibility")),
        }
        pending["person"] = _pending_to_session(pending["person"])
        request.session[f"{PENDING_PERSON}:{contact.pk}"] = pending
        return redirect("contacts:match", pk=contact.pk)
    return render(request, "contacts/person_form.html", {"contact": contact, "form": form})


@acting_in_hub("take_contact")
def contact_match_person(request: HubRequest, pk: int) -> HttpResponse:
    """Show likely existing records before creating a person, so duplicates are not made."""
    contact = _draft_for_author(request, pk)
    pending = request.session.get(f"{PENDING_PERSON}:{contact.pk}")
    if not pending:
        return redirect("contacts:add_person", pk=contact.pk)
    person_data = _pending_from_session(pending["person"])
    already = {link.person_id for link in contact.people.all()}
    address = pending["address"]
    record = matcher.record_for_entry(
        given_names=person_data["given_names"],
        family_name=person_data["family_name"],
        other_names=[tuple(n) for n in pending["other_names"]],
        date_of_birth=person_data["date_of_birth"] or person_data.get("expected_date_of_birth"),
        sex=person_data["sex"],
        postcode=address["postcode"],
        address_line_1=address["line_1"],
        nhs_number=person_data["nhs_number"],
        upn=person_data["upn"],
        police_reference=person_data["police_reference"],
    )
    matches = matcher.likely_matches(hub=request.membership.hub, record=record, exclude=already)
    form = MatchChoiceForm(request.POST if request.method == "POST" else None, candidates=[m.person for m in matches])
    if request.method == "POST" or not matches:
        if not matches or form.is_valid():
            choice = form.cleaned_data["choice"] if matches else "new"
            try:
                person = _link_or_create(request, contact, pending, person_data, choice, [m.person for m in matches])
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                del request.session[f"{PENDING_PERSON}:{contact.pk}"]
                messages.success(request, f"{person} added to the contact")
                return redirect("contacts:people", pk=contact.pk)
    return render(
        request,
        "contacts/person_match.html",
        {"contact": contact, "form": form, "matches": matches, "pending": person_data},
    )


def _link_or_create(
    request: HubRequest,
    contact: Contact,
    pending: dict[str, Any],
    person_data: dict[str, Any],
    choice: str,
    shown: list[Person],
) -> Person:
    m, user = request.membership, request.user
    if choice == "new":
        person = people_services.person_create(
            membership=m,
            by=user,
            other_names=[tuple(n) for n in pending["other_names"]],
            address=_pending_from_session(pending["address"]),
            **person_data,
        )
        # The practitioner saw these records and said this is someone else: remember it.
        for other in shown:
            identity_services.not_same_record(
                membership=m, by=user, person=person, other=other, reason="Not the same person, decided at intake"
            )
        identity_services.cluster_add_record(person=person)
        linked_existing = False
    else:
        person = person_get_in_hub(hub=m.hub, pk=int(choice))
        linked_existing = True
    services.contact_add_person(
        membership=m,
        by=user,
        contact=contact,
        person=person,
        part=pending["part"],
        linked_existing=linked_existing,
    )
    if pending.get("related_to") and pending.get("relationship"):
        relative = person_get_in_hub(hub=m.hub, pk=int(pending["related_to"]))
        people_services.relationship_record(
            membership=m,
            by=user,
            person=person,
            relative=relative,
            kind=pending["relationship"],
            parental_responsibility=pending["parental_responsibility"],
        )
    return person


@require_POST
@acting_in_hub("take_contact")
def contact_remove_person(request: HubRequest, pk: int, link_pk: int) -> HttpResponse:
    contact = _draft_for_author(request, pk)
    link = get_object_or_404(ContactPerson, pk=link_pk, contact=contact)
    services.contact_remove_person(membership=request.membership, by=request.user, contact=contact, link=link)
    return redirect("contacts:people", pk=contact.pk)


@require_POST
@acting_in_hub("take_contact")
def contact_submit(request: HubRequest, pk: int) -> HttpResponse:
    contact = _draft_for_author(request, pk)
    try:
        services.contact_submit(membership=request.membership, by=request.user, contact=contact)
    except ValidationError as exc:
        return render(
            request,
            "contacts/contact_people.html",
            {"contact": contact, "links": contact.people.all(), "submit_errors": exc.messages},
            status=400,
        )
    messages.success(request, f"Contact {contact.reference} sent for triage")
    return redirect("contacts:detail", pk=contact.pk)


@acting_in_hub()
def contact_detail(request: HubRequest, pk: int) -> HttpResponse:
    contact = queries.contact_get_for_user(membership=request.membership, pk=pk)
    if contact.is_draft:
        return redirect("contacts:people", pk=contact.pk)
    m = request.membership
    cal = contact.hub.calendar()
    people = queries.people_with_history(contact=contact, membership=m)
    return render(
        request,
        "contacts/contact_detail.html",
        {
            "contact": contact,
            "history": queries.triage_history(contact=contact),
            "people": people,
            "show_person_links": rules.allowed("search_people", m),
            "subject_names": ", ".join(str(item.link.person) for item in people if item.link.is_subject),
            "can_triage": rules.allowed("triage", m),
            "can_ask": rules.allowed("request_information", m) and contact.status in ENQUIRY_STATUSES,
            "requests": [
                r for r in contact_requests(contact=contact, cal=cal) if rules.allowed("view_request", m, r.request)
            ],
            "meetings": contact_meetings(membership=m, contact=contact),
            "can_plan_strategy": rules.allowed("run_meetings", m) and contact.status in AGENDA_STATUSES,
            "contributions": contributions_visible(membership=m, contact=contact),
            **decision_context(m, contact),
            "show_referrer": not contact.is_anonymous_referral or rules.allowed("see_referrer_identity", m),
            "can_mark": rules.allowed("mark_records", m),
            "history_for": {i.link.person_id for i in people if rules.allowed("see_record_history", m, i.link.person)},
            "statutory_clock": queries.clock(cal, contact.referral_decision_due)
            if contact.referral_decision_due and not contact.is_triaged
            else None,
            "level_clock": queries.clock(cal, contact.current_triage.decision_due)
            if contact.current_triage and contact.current_triage.decision_due
            else None,
        },
    )


@acting_in_hub("triage")
def contact_triage(request: HubRequest, pk: int) -> HttpResponse:
    contact = queries.contact_get_for_user(membership=request.membership, pk=pk, purpose="triage")
    if contact.is_draft:
        raise PermissionDenied
    hub = request.membership.hub
    form = TriageForm(request.POST if request.method == "POST" else None, hub=hub)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.contact_triage(
                membership=request.membership,
                by=request.user,
                contact=contact,
                level=d["level"],
                route=d["route"],
                rationale=d["rationale"],
                indicators=list(d["indicators"]),
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, f"Contact {contact.reference} triaged")
            return redirect("contacts:detail", pk=contact.pk)
    levels = list(hub.current_levels().order_by("-rank"))
    return render(
        request,
        "contacts/triage.html",
        {
            "contact": contact,
            "form": form,
            "levels": levels,
            "people": queries.people_with_history(contact=contact, membership=request.membership),
            "show_person_links": rules.allowed("search_people", request.membership),
            "history": queries.triage_history(contact=contact),
            "show_referrer": True,
        },
    )


@acting_in_hub("see_queue")
def triage_queue(request: HubRequest) -> HttpResponse:
    refresh = bool(request.headers.get("X-Queue-Refresh"))
    rows = queries.triage_queue(membership=request.membership, seen=request.session, refresh=refresh)
    template = "contacts/_queue_tables.html" if refresh else "contacts/queue.html"
    return render(request, template, {"rows": rows, "can_triage": rules.allowed("triage", request.membership)})
