"""Forms for review decisions, worded as the GOV.UK Design System words errors."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from openmash.limits import SHORT_REASON_MAX
from openmash.people.models import Person
from openmash.textfields import LimitedTextField


class MergeForm(forms.Form):
    kept = forms.ChoiceField(
        label="Which record should the merged person be shown under?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select the record to keep"},
    )
    reason = LimitedTextField(
        SHORT_REASON_MAX,
        label="Why are these the same person?",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why these records are the same person"},
    )

    def __init__(self, *args: Any, people: list[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["kept"]).choices = [(str(p.pk), f"{p} (record {p.pk})") for p in people]


class ReasonForm(forms.Form):
    reason = LimitedTextField(
        SHORT_REASON_MAX,
        label="Why?",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the reason"},
    )

    def __init__(self, *args: Any, label: str = "Why?", required_message: str = "Enter the reason", **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = label
        self.fields["reason"].error_messages["required"] = required_message
