"""Changing a contact's handling marking."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render

from openmash.accounts.decorators import HubRequest, acting_in_hub
from openmash.contacts.queries import contact_get_for_user
from openmash.forms import apply_service_errors
from openmash.markings.forms import MarkingForm
from openmash.markings.queries import marking_for
from openmash.markings.services import marking_set


@acting_in_hub("mark_records")
def contact_marking(request: HubRequest, pk: int) -> HttpResponse:
    contact = contact_get_for_user(membership=request.membership, pk=pk, purpose="marking")
    current = marking_for(contact)
    initial = {
        "classification": current.classification,
        "descriptor": current.descriptors[0] if current.descriptors else "",
    }
    form = MarkingForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            marking_set(membership=request.membership, by=request.user, record=contact, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, f"Contact {contact.reference} is now marked {marking_for(contact)}")
            return redirect("contacts:detail", pk=contact.pk)
    status = 400 if form.errors else 200
    return render(
        request, "markings/contact.html", {"contact": contact, "form": form, "current": current}, status=status
    )
