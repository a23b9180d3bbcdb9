from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from openmash import dates
from openmash.forms import GovukDateField
from openmash.limits import SHORT_REASON_MAX
from openmash.textfields import LimitedTextField

# A reason has to say something: "x" or "need" is not a justification anyone can review.
MIN_REASON = 10


class JustificationForm(forms.Form):
    justification = LimitedTextField(
        SHORT_REASON_MAX,
        label="Why do you need to see this information?",
        help_text="Your reason is recorded with your name and the time, and reviewed by the hub manager.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why you need to see this information"},
    )

    def clean_justification(self) -> str:
        text = " ".join(self.cleaned_data["justification"].split())
        if len(text) < MIN_REASON:
            raise forms.ValidationError(
                f"Enter why you need to see this information, in at least {MIN_REASON} characters"
            )
        return text


class LogFilterForm(forms.Form):
    person = forms.IntegerField(required=False, widget=forms.HiddenInput)
    since = GovukDateField(noun="From date", window=dates.FILTER_FROM, required=False, label="From")
    until = GovukDateField(noun="To date", window=dates.FILTER_TO, required=False, label="To")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if isinstance(since, dt.date) and isinstance(until, dt.date) and until < since:
            self.add_error("until", "The to date must be the same as or after the from date")
        return data
