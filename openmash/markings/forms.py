from __future__ import annotations

from django import forms

from openmash.limits import SHORT_REASON_MAX
from openmash.markings.models import Classification, Descriptor
from openmash.textfields import LimitedTextField


class MarkingForm(forms.Form):
    classification = forms.ChoiceField(
        label="Classification",
        choices=Classification.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select OFFICIAL or OFFICIAL-SENSITIVE"},
    )
    descriptor = forms.ChoiceField(
        label="Descriptor",
        choices=Descriptor.choices,
        required=False,
        widget=forms.RadioSelect,
        help_text="Only for OFFICIAL-SENSITIVE: why it needs extra care.",
    )
    reason = LimitedTextField(
        SHORT_REASON_MAX,
        label="Why this record is marked this way",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Enter why this record is marked differently"},
    )
