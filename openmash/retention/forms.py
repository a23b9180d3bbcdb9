from __future__ import annotations

from django import forms

from openmash.limits import SHORT_REASON_MAX
from openmash.textfields import LimitedTextField


class PeriodForm(forms.Form):
    years = forms.IntegerField(
        label="Years to keep",
        min_value=1,
        max_value=100,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
        error_messages={
            "required": "Enter how many years to keep this kind of record",
            "invalid": "Years must be a whole number",
            "min_value": "Years must be between 1 and 100",
            "max_value": "Years must be between 1 and 100",
        },
    )
    reason = LimitedTextField(
        SHORT_REASON_MAX,
        label="Why the hub keeps it this long",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why the hub keeps this kind of record this long"},
    )


class DeleteForm(forms.Form):
    confirm = forms.BooleanField(
        label="I have checked this record and it should be deleted now",
        required=False,
    )
    reason = LimitedTextField(
        SHORT_REASON_MAX,
        label="Why it can be deleted now",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Enter why the record can be deleted now"},
    )


class KeepForm(forms.Form):
    reason = LimitedTextField(
        SHORT_REASON_MAX,
        label="Why the hub keeps it",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Enter why the record is kept"},
    )
