"""Forms a hub manager uses to change the hub's configuration."""

from __future__ import annotations

from typing import Any

from django import forms

from openmash import dates
from openmash.forms import GovukDateField, GovukTimeField
from openmash.hubs.models import Hub, Route, TagColour, TimelineUnit
from openmash.limits import THRESHOLD_INDICATORS_MAX
from openmash.textfields import LimitedTextField

WEEKDAYS = [
    (0, "Monday"),
    (1, "Tuesday"),
    (2, "Wednesday"),
    (3, "Thursday"),
    (4, "Friday"),
    (5, "Saturday"),
    (6, "Sunday"),
]


class LevelForm(forms.Form):
    label = forms.CharField(max_length=40, error_messages={"required": "Enter the level's name"})
    colour = forms.ChoiceField(choices=TagColour.choices)
    description = forms.CharField(max_length=300, required=False)
    timeline_amount = forms.IntegerField(
        label="Timeline",
        required=False,
        min_value=1,
        max_value=60,
        help_text="Leave empty if the level has no timeline of its own.",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-3", "inputmode": "numeric"}),
        error_messages={
            "invalid": "Timeline must be a whole number",
            "min_value": "Timeline must be 1 or more",
            "max_value": "Timeline must be 60 or fewer",
        },
    )
    timeline_unit = forms.ChoiceField(
        label="Timeline unit", required=False, choices=[("", "No timeline")] + list(TimelineUnit.choices)
    )
    timeline_label = forms.CharField(
        label="How the hub says it", max_length=60, required=False, help_text="For example '24 hours' or 'Immediate'."
    )
    is_statutory = forms.BooleanField(label="At or above the statutory threshold", required=False)
    goes_through_mash = forms.BooleanField(label="Goes through the MASH", required=False)
    allowed_routes = forms.MultipleChoiceField(
        label="Routes allowed at this level",
        choices=Route.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one route"},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("timeline_amount") is None) != (not data.get("timeline_unit")):
            self.add_error("timeline_amount", "Enter both a timeline and its unit, or neither")
        return data


class CalendarForm(forms.Form):
    day_start = GovukTimeField(
        label="Working day starts", error_messages={"required": "Enter when the working day starts"}
    )
    day_end = GovukTimeField(label="Working day ends", error_messages={"required": "Enter when the working day ends"})
    weekdays = forms.TypedMultipleChoiceField(
        label="Working days",
        choices=WEEKDAYS,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one working day"},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("day_start") and data.get("day_end") and data["day_end"] <= data["day_start"]:
            self.add_error("day_end", "The working day must end after it starts")
        return data

    @classmethod
    def for_hub(cls, hub: Hub, data: Any = None) -> CalendarForm:
        return cls(
            data,
            initial={
                "day_start": hub.day_start.strftime("%H:%M"),
                "day_end": hub.day_end.strftime("%H:%M"),
                "weekdays": sorted(hub.weekdays()),
            },
        )


class OverrideForm(forms.Form):
    date = GovukDateField(noun="Date", window=dates.CALENDAR_OVERRIDE, label="Date")
    is_open = forms.TypedChoiceField(
        label="On this date the hub is",
        choices=[("False", "Closed"), ("True", "Open")],
        coerce=lambda v: v == "True",
        widget=forms.RadioSelect,
        error_messages={"required": "Select open or closed"},
    )
    reason = forms.CharField(max_length=120, error_messages={"required": "Enter the reason"})


class ThresholdForm(forms.Form):
    title = forms.CharField(max_length=160, error_messages={"required": "Enter the document's title"})
    indicators = LimitedTextField(
        THRESHOLD_INDICATORS_MAX,
        widget=forms.Textarea(attrs={"rows": 20}),
        help_text="One indicator a line: level code | indicator code | text. For example: red | RED1 | Serious injury to a baby",
        error_messages={"required": "Enter at least one indicator"},
    )

    def clean_indicators(self) -> list[tuple[str, str, str]]:
        rows = []
        for n, line in enumerate(self.cleaned_data["indicators"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split("|")]
            if len(parts) != 3 or not all(parts):
                raise forms.ValidationError(
                    f"Line {n} must have a level code, an indicator code and text, separated by |"
                )
            if len(parts[1]) > 12:
                raise forms.ValidationError(f"Line {n}: an indicator code must be 12 characters or fewer")
            rows.append((parts[0], parts[1], parts[2][:300]))
        return rows


class EnquiryRulesForm(forms.Form):
    analyses_visible_to_partners = forms.TypedChoiceField(
        label="Who reads agencies' submitted analyses?",
        choices=[
            ("False", "Only the hub's social workers and managers (written analyses to the social worker)"),
            ("True", "Every agency asked about the case (shared at the daily meeting)"),
        ],
        coerce=lambda v: v == "True",
        widget=forms.RadioSelect,
        error_messages={"required": "Select who reads agencies' analyses"},
    )
    decisions_by_managers_only = forms.TypedChoiceField(
        label="Who records the MASH decision?",
        choices=[("False", "MASH social workers and managers"), ("True", "Hub managers only")],
        coerce=lambda v: v == "True",
        widget=forms.RadioSelect,
        error_messages={"required": "Select who records the decision"},
    )
    historic_item_years = forms.IntegerField(
        label="Items older than this many years need a reason to be shared",
        min_value=1,
        max_value=50,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-3", "inputmode": "numeric"}),
        error_messages={
            "required": "Enter the number of years",
            "invalid": "Enter a whole number of years",
            "min_value": "Enter 1 year or more",
            "max_value": "Enter 50 years or fewer",
        },
    )

    @classmethod
    def for_hub(cls, hub: Hub, data: Any = None) -> EnquiryRulesForm:
        return cls(
            data,
            initial={
                "analyses_visible_to_partners": str(hub.analyses_visible_to_partners),
                "decisions_by_managers_only": str(hub.decisions_by_managers_only),
                "historic_item_years": hub.historic_item_years,
            },
        )
