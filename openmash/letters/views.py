"""Letter pages: write from a template, check, send, print or download; the hub's glossary."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_POST

from openmash.accounts import rules
from openmash.accounts.decorators import HubRequest, acting_in_hub
from openmash.contacts.queries import contact_get_for_user
from openmash.forms import apply_service_errors
from openmash.letters import services
from openmash.letters.forms import (
    EditLetterForm,
    GlossaryTermForm,
    LetterSettingsForm,
    NewLetterForm,
    SendLetterForm,
)
from openmash.letters.models import Letter
from openmash.letters.pdf import pdf_response
from openmash.submissions.services import posted_token, submit_once


def _letter(request: HubRequest, pk: int, purpose: str) -> Letter:
    """The letter, if the practitioner may see its contact; the read is audited against the letter.

    `purpose` says which kind of read: "letter page", "letter print", "letter pdf", or the
    change the request makes ("letter edit", "letter send").
    """
    letter = get_object_or_404(
        Letter.objects.select_related("contact__hub", "recipient", "sent_by"), pk=pk, hub=request.membership.hub
    )
    contact_get_for_user(membership=request.membership, pk=letter.contact_id, purpose=purpose, record=letter)
    return letter


@acting_in_hub("see_family_side")
def contact_letters(request: HubRequest, pk: int) -> HttpResponse:
    contact = contact_get_for_user(membership=request.membership, pk=pk, purpose="letters")
    if contact.is_draft:
        raise PermissionDenied
    can_write = rules.allowed("request_information", request.membership)
    form = NewLetterForm(request.POST if request.method == "POST" else None, contact=contact)
    if request.method == "POST":
        if not can_write:
            raise PermissionDenied
        if form.is_valid():
            try:
                # A double click posts the form twice with one token: the second goes to the first's draft.
                _, letter_pk = submit_once(
                    token=posted_token(request),
                    user=request.user,
                    create=lambda: services.letter_draft(
                        membership=request.membership, by=request.user, contact=contact, **form.cleaned_data
                    ),
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                return redirect("letters:letter", pk=letter_pk)
    return render(
        request,
        "letters/contact_letters.html",
        {
            "contact": contact,
            "letters": contact.letters.select_related("recipient"),
            "form": form,
            "can_write": can_write,
        },
        status=400 if form.errors else 200,
    )


def _letter_page(request: HubRequest, letter: Letter, **forms: Form) -> HttpResponse:
    check = services.letter_check(letter)
    edit_form = forms.get("edit_form") or EditLetterForm(
        initial={"subject": letter.subject, "body": letter.body, "difficult_news": letter.difficult_news}
    )
    return render(
        request,
        "letters/letter.html",
        {
            "letter": letter,
            "contact": letter.contact,
            "check": check,
            "edit_form": edit_form,
            "send_form": forms.get("send_form") or SendLetterForm(),
            "can_write": rules.allowed("request_information", request.membership) and letter.is_draft,
        },
        status=400 if any(f.errors for f in forms.values()) else 200,
    )


@acting_in_hub("see_family_side")
def letter_detail(request: HubRequest, pk: int) -> HttpResponse:
    letter = _letter(request, pk, "letter page" if request.method == "GET" else "letter edit")
    if request.method == "POST":
        if not rules.allowed("request_information", request.membership):
            raise PermissionDenied
        form = EditLetterForm(request.POST)
        if form.is_valid():
            try:
                services.letter_update(
                    membership=request.membership, by=request.user, letter=letter, **form.cleaned_data
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, "Letter saved")
                return redirect("letters:letter", pk=letter.pk)
        return _letter_page(request, letter, edit_form=form)
    return _letter_page(request, letter)


@require_POST
@acting_in_hub("request_information")
def letter_send(request: HubRequest, pk: int) -> HttpResponse:
    letter = _letter(request, pk, "letter send")
    form = SendLetterForm(request.POST)
    if form.is_valid():
        try:
            services.letter_send(membership=request.membership, by=request.user, letter=letter, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, f"Letter to {letter.recipient} sent")
            return redirect("letters:contact", pk=letter.contact_id)
    return _letter_page(request, letter, send_form=form)


def _printable(request: HubRequest, letter: Letter) -> str:
    return render_to_string("letters/letter_print.html", {"letter": letter, "standalone": True}, request)


@acting_in_hub("see_family_side")
def letter_print(request: HubRequest, pk: int) -> HttpResponse:
    return HttpResponse(_printable(request, _letter(request, pk, "letter print")))


@acting_in_hub("see_family_side")
def letter_pdf(request: HubRequest, pk: int) -> HttpResponse:
    letter = _letter(request, pk, "letter pdf")
    return pdf_response(
        request,
        _printable(request, letter),
        filename=f"letter-{letter.pk}.pdf",
        attachment=False,
        on_screen=reverse("letters:print", args=[letter.pk]),
    )


@acting_in_hub("see_sharing_rules")
def glossary_page(request: HubRequest) -> HttpResponse:
    hub = request.membership.hub
    can_edit = rules.allowed("configure_hub", request.membership)
    settings = services.settings_for(hub)
    term_form = GlossaryTermForm(request.POST if request.method == "POST" and "term" in request.POST else None)
    settings_form = LetterSettingsForm(
        request.POST if request.method == "POST" and "max_reading_age" in request.POST else None,
        initial={
            "max_reading_age": settings.max_reading_age,
            "late_warning_from": settings.late_warning_from.strftime("%H:%M"),
            "phone": settings.phone,
            "out_of_hours_phone": settings.out_of_hours_phone,
        },
    )
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        form: Form = term_form if "term" in request.POST else settings_form
        if form.is_valid():
            try:
                if form is term_form:
                    services.glossary_term_save(membership=request.membership, by=request.user, **form.cleaned_data)
                else:
                    services.letter_settings_update(membership=request.membership, by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, "Saved")
                return redirect("letters:glossary")
    return render(
        request,
        "letters/glossary.html",
        {
            "terms": sorted(services.glossary_for(hub).items()),
            "settings": settings,
            "term_form": term_form,
            "settings_form": settings_form,
            "can_edit": can_edit,
        },
        status=400 if term_form.errors or settings_form.errors else 200,
    )
