"""The family's side of a case: consent, decisions to share or not, telling the family, adults' views;
the hub's sharing rules; reports for managers; subject access exports."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from openmash.accounts import rules
from openmash.accounts.decorators import HubRequest, acting_in_hub, recent_authentication_required
from openmash.audit.models import Verb
from openmash.audit.services import audit_record
from openmash.consent import queries, services
from openmash.consent.forms import (
    AdultViewForm,
    ConsentForm,
    DisclosureForm,
    ExtendForm,
    InformedForm,
    NotShareForm,
    SharingRulesForm,
    SubjectAccessForm,
)
from openmash.consent.models import ShareKind, ShareOutcome, SubjectAccessRequest
from openmash.contacts.models import Contact
from openmash.contacts.queries import contact_get_for_user
from openmash.forms import apply_service_errors
from openmash.inputs import return_address
from openmash.people.queries import person_get_in_hub


def _case(request: HubRequest, pk: int, purpose: str) -> Contact:
    contact = contact_get_for_user(membership=request.membership, pk=pk, purpose=purpose)
    if contact.is_draft:
        raise PermissionDenied
    return contact


@acting_in_hub("see_family_side")
def family(request: HubRequest, pk: int) -> HttpResponse:
    contact = _case(request, pk, "consent and the family")
    m = request.membership
    return render(
        request,
        "consent/family.html",
        {
            "contact": contact,
            "sharing": services.sharing_status(contact),
            "consents": queries.consent_history(contact),
            "decisions": queries.share_decisions(contact),
            "informed": queries.informed_current(contact),
            "informed_history": queries.informed_history(contact),
            "adults": queries.family_adults(contact),
            "can_write": rules.allowed("request_information", m),
            "can_subject_access": rules.allowed("subject_access", m),
            "people": [link.person for link in contact.people.all()],
        },
    )


def _form_page(request: HubRequest, contact: Contact, form: Form, title: str, intro: str, button: str) -> HttpResponse:
    return render(
        request,
        "consent/form_page.html",
        {"contact": contact, "form": form, "title": title, "intro": intro, "button": button},
        status=400 if form.errors else 200,
    )


@acting_in_hub("request_information")
def consent_new(request: HubRequest, pk: int) -> HttpResponse:
    contact = _case(request, pk, "record consent")
    form = ConsentForm(request.POST if request.method == "POST" else None, contact=contact)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.consent_record(
                membership=request.membership,
                by=request.user,
                contact=contact,
                giver=d["giver"],
                giver_role=d["giver_role"],
                answer=d["answer"],
                scope=d["scope"],
                agencies=d["agencies"],
                purposes=d["purposes"],
                method=d["method"],
                given_at=d["given_at"],
                parent_may_be_told=d["parent_may_be_told"],
                notes=d["notes"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, "Consent recorded. Any earlier answer from the same person stays on the record.")
            return redirect("consent:family", pk=contact.pk)
    return _form_page(
        request,
        contact,
        form,
        "Record consent",
        "What a parent, carer or young person of 16 or 17 said about sharing their information. "
        "This is separate from telling the family about our work.",
        "Record consent",
    )


@acting_in_hub("request_information")
def informed_new(request: HubRequest, pk: int) -> HttpResponse:
    contact = _case(request, pk, "record informing the family")
    form = InformedForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.family_informed_record(
                membership=request.membership,
                by=request.user,
                contact=contact,
                told=d["told"],
                who_was_told=d["who_was_told"],
                told_at=d["told_at"],
                method=d["method"],
                told_by=d["told_by"],
                not_told_reason=d["not_told_reason"],
                detail=d["detail"],
                review_by=d["review_by"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, "Recorded whether the family has been told")
            return redirect("consent:family", pk=contact.pk)
    return _form_page(
        request,
        contact,
        form,
        "Telling the family",
        "Whether the family knows we are looking at their child. Telling them is separate from asking their consent.",
        "Save",
    )


def _disclosure_page(
    request: HubRequest,
    contact: Contact,
    form: NotShareForm | DisclosureForm,
    *,
    outcome: str,
    done: str,
    page: tuple[str, str, str],
) -> HttpResponse:
    """A decision about disclosing (to share or not), checked by the hub's rules like any share."""
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if isinstance(form, DisclosureForm):
            basis = form.share_basis(rationale=d["rationale"])
        else:
            basis = services.ShareBasis(
                article6="",
                consent_position="not_sought",
                purpose=d["purpose"],
                categories=(),
                rationale=d["rationale"],
            )
        try:
            services.share_decision_record(
                membership=request.membership,
                by=request.user,
                contact=contact,
                kind=ShareKind.DISCLOSURE,
                outcome=outcome,
                basis=basis,
                people=d["people"],
                recipients=d["recipients"],
                recipient_other=d["recipient_other"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, done)
            return redirect("consent:family", pk=contact.pk)
    return _form_page(request, contact, form, *page)


@acting_in_hub("request_information")
def not_share(request: HubRequest, pk: int) -> HttpResponse:
    contact = _case(request, pk, "record a decision not to share")
    form = NotShareForm(request.POST if request.method == "POST" else None, contact=contact)
    return _disclosure_page(
        request,
        contact,
        form,
        outcome=ShareOutcome.NOT_SHARE,
        done="Decision not to share recorded",
        page=(
            "Record a decision not to share",
            "Decisions not to share are recorded with the reasons, as decisions to share are.",
            "Record decision",
        ),
    )


@acting_in_hub("request_information")
def disclose(request: HubRequest, pk: int) -> HttpResponse:
    contact = _case(request, pk, "record a disclosure")
    form = DisclosureForm(request.POST if request.method == "POST" else None, contact=contact)
    return _disclosure_page(
        request,
        contact,
        form,
        outcome=ShareOutcome.SHARE,
        done="Decision to disclose recorded. Share only what it covers.",
        page=(
            "Record a disclosure",
            "Before you disclose information to anyone, record the decision: the hub's sharing rules check it.",
            "Record decision to disclose",
        ),
    )


@acting_in_hub("request_information")
def adult_new(request: HubRequest, pk: int) -> HttpResponse:
    contact = _case(request, pk, "record an adult's view")
    form = AdultViewForm(request.POST if request.method == "POST" else None, contact=contact)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.adult_view_record(
                membership=request.membership,
                by=request.user,
                contact=contact,
                person=d["person"],
                unidentified=d["unidentified"],
                contacted_at=d["contacted_at"],
                view_asked=d["view_asked"],
                account=d["account"],
                notes=d["notes"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, "Recorded")
            return redirect("consent:family", pk=contact.pk)
    return _form_page(
        request,
        contact,
        form,
        "A parent or adult in the household",
        "Record reaching a parent or household adult, asking their view, and their own account of the concern. "
        "If a parent is not yet identified, say what is known.",
        "Save",
    )


@acting_in_hub("see_sharing_rules")
def sharing_rules(request: HubRequest) -> HttpResponse:
    hub = request.membership.hub
    current = services.sharing_rules_for(hub)
    can_edit = rules.allowed("configure_hub", request.membership)
    form = SharingRulesForm(
        request.POST if request.method == "POST" else None,
        initial={
            "below_threshold_needs_consent": current.below_threshold_needs_consent,
            "refusal_stops_requests": current.refusal_stops_requests,
        },
    )
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            services.sharing_rules_update(membership=request.membership, by=request.user, **form.cleaned_data)
            messages.success(request, "Sharing rules saved")
            return redirect("consent:rules")
    return render(
        request,
        "consent/rules.html",
        {"rules": current, "form": form, "can_edit": can_edit, "levels": hub.current_levels()},
    )


def _audit_list(request: HubRequest, page: str, ids: list[int]) -> None:
    """A manager's list of case records is a read like any other: audited with what it showed."""
    m = request.membership
    audit_record(verb=Verb.LIST, actor=m.user, membership=m, detail={"page": page, "ids": ids})


@acting_in_hub("subject_access")
def not_informed(request: HubRequest) -> HttpResponse:
    rows, total = queries.families_not_informed(request.membership.hub)
    _audit_list(request, "families not told", [row["contact"].pk for row in rows])
    return render(request, "consent/not_informed.html", {"rows": rows, "total": total})


@acting_in_hub("see_family_side")
def historic_report(request: HubRequest) -> HttpResponse:
    items = list(queries.historic_items_without_reason(request.membership.hub)[:500])
    _audit_list(request, "historic items shared without a reason", [item.pk for item in items])
    return render(request, "consent/historic.html", {"items": items, "hub": request.membership.hub})


@acting_in_hub("subject_access")
def sar_list(request: HubRequest) -> HttpResponse:
    requests = list(queries.subject_access_list(request.membership.hub))
    _audit_list(request, "subject access requests", [sar.pk for sar in requests])
    return render(request, "consent/sar_list.html", {"requests": requests})


@require_POST
@acting_in_hub("subject_access")
def sar_new(request: HubRequest) -> HttpResponse:
    form = SubjectAccessForm(request.POST)
    if form.is_valid():
        person = person_get_in_hub(hub=request.membership.hub, pk=form.cleaned_data["person"])
        try:
            sar = services.subject_access_create(
                membership=request.membership,
                by=request.user,
                person=person,
                received_on=form.cleaned_data["received_on"],
            )
        except ValidationError as exc:
            messages.info(request, " ".join(exc.messages))
        else:
            return redirect("consent:sar", pk=sar.pk)
    else:
        # The form sits on another page, so its errors travel as a message: say what was wrong.
        wrong = [str(error) for error in form.errors.get("received_on", [])]
        messages.info(request, " ".join(wrong) or "Enter the date the request was received")
    back = return_address(request.POST.get("back"))
    if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return redirect(back)
    return redirect("consent:sar_list")


def _sar(request: HubRequest, pk: int) -> SubjectAccessRequest:
    return get_object_or_404(SubjectAccessRequest.objects.select_related("person"), pk=pk, hub=request.membership.hub)


@acting_in_hub("subject_access")
def sar_detail(request: HubRequest, pk: int) -> HttpResponse:
    sar = _sar(request, pk)
    if request.method == "GET":
        m = request.membership
        audit_record(verb=Verb.VIEW, actor=m.user, membership=m, target=sar, detail={"person": sar.person_id})
    form = ExtendForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.subject_access_extend(
                membership=request.membership, by=request.user, sar=sar, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, "Extended by two months")
            return redirect("consent:sar", pk=sar.pk)
    return render(request, "consent/sar_detail.html", {"sar": sar, "form": form}, status=400 if form.errors else 200)


@acting_in_hub("subject_access")
@recent_authentication_required(max_age_minutes=5)
def sar_export(request: HubRequest, pk: int, file_format: str) -> HttpResponse:
    """Produce the export (preview in the page, JSON or PDF), audited as an export each time."""
    if file_format not in {"view", "json", "pdf"}:
        raise Http404("No such format")
    sar = _sar(request, pk)
    sar = services.subject_access_export(
        membership=request.membership, by=request.user, sar=sar, file_format=file_format
    )
    bundle = queries.subject_access_bundle(sar)
    if file_format == "json":
        response = HttpResponse(
            json.dumps(bundle.as_dict(), indent=2, ensure_ascii=False), content_type="application/json"
        )
        response["Content-Disposition"] = f'attachment; filename="subject-access-{sar.pk}.json"'
        return response
    html = render_to_string("consent/sar_export.html", {"bundle": bundle, "sar": sar, "standalone": True}, request)
    if file_format == "pdf":
        from openmash.letters.pdf import pdf_response

        return pdf_response(
            request,
            html,
            filename=f"subject-access-{sar.pk}.pdf",
            attachment=True,
            on_screen=reverse("consent:sar_export", args=[sar.pk, "view"]),
        )
    return render(request, "consent/sar_preview.html", {"bundle": bundle, "sar": sar})
