"""Forms for meetings: GOV.UK wording; the services make the decisions."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.utils import timezone

from openmash import dates
from openmash.accounts import rules
from openmash.accounts.models import Agency, User
from openmash.contacts.forms import LevelChoiceField
from openmash.forms import GovukDateField, GovukTimeField
from openmash.hubs.models import Hub, TriageLevel
from openmash.limits import RATIONALE_MAX, SHORT_REASON_MAX
from openmash.meetings.models import Attendance, MeetingContribution, MeetingKind
from openmash.meetings.queries import hub_agencies
from openmash.textfields import LimitedTextField


class ChairChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj}{f', {obj.job_title}' if obj.job_title else ''}"


def _agency_field(label: str, required_message: str, **kwargs: Any) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        queryset=Agency.objects.none(),
        label=label,
        empty_label="Choose an agency",
        error_messages={"required": required_message, "invalid_choice": "Select an agency that takes part in this hub"},
        **kwargs,
    )


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(
        label="What kind of meeting is it?",
        choices=MeetingKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of meeting"},
    )
    scheduled_date = GovukDateField(
        noun="Meeting date", window=dates.MEETING, label="Date", help_text="For example, 27 3 2026"
    )
    scheduled_time = GovukTimeField(
        label="Time", help_text="For example, 10:00", error_messages={"required": "Enter the meeting time"}
    )
    chair = ChairChoiceField(
        queryset=User.objects.none(),
        label="Who chairs it?",
        empty_label="Choose a chair",
        error_messages={"required": "Select who chairs the meeting", "invalid_choice": "Select who chairs the meeting"},
    )
    contact_reference = forms.CharField(
        label="For a strategy discussion: the contact's reference",
        required=False,
        max_length=20,
        help_text="For example, S1-26-000123. Leave empty for other meetings.",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "autocomplete": "off"}),
    )
    notes = LimitedTextField(
        SHORT_REASON_MAX, label="Notes (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, hub: Hub, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(ChairChoiceField, self.fields["chair"]).queryset = (
            User.objects.filter(
                memberships__hub=hub, memberships__is_active=True, memberships__role__in=rules.CASE_ROLES
            )
            .distinct()
            .order_by("first_name", "last_name", "username")
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day, at = data.get("scheduled_date"), data.get("scheduled_time")
        if isinstance(day, dt.date) and isinstance(at, dt.time):
            data["scheduled_for"] = timezone.make_aware(dt.datetime.combine(day, at))
        return data


class AgendaAddForm(forms.Form):
    reference = forms.CharField(
        label="Add a case by its contact reference",
        max_length=20,
        help_text="For example, S1-26-000123",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "autocomplete": "off"}),
        error_messages={"required": "Enter the contact's reference"},
    )


class AttendanceForm(forms.Form):
    agency = _agency_field("Agency", "Select the agency")
    attendee_name = forms.CharField(label="Name (optional)", required=False, max_length=120)
    status = forms.ChoiceField(
        label="Attendance",
        choices=Attendance.Status.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether they were present or sent apologies"},
    )

    def __init__(self, *args: Any, hub: Hub, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["agency"]).queryset = hub_agencies(hub=hub)


class ContributionForm(forms.Form):
    agency = _agency_field("Which agency?", "Select the agency")
    said = LimitedTextField(
        RATIONALE_MAX,
        label="What the agency said",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="As it was said, including any view that the risk is higher or lower.",
        error_messages={"required": "Enter what the agency said"},
    )
    recommended_level = LevelChoiceField(
        queryset=TriageLevel.objects.none(),
        label="Recommended level",
        required=False,
        widget=forms.RadioSelect,
        empty_label="No recommendation",
        error_messages={"invalid_choice": "Select a level from this hub's scale"},
    )

    def __init__(self, *args: Any, hub: Hub, corrects: MeetingContribution | None = None, **kwargs: Any) -> None:
        if corrects is not None:
            kwargs.setdefault(
                "initial",
                {
                    "agency": corrects.agency_id,
                    "said": corrects.said,
                    "recommended_level": corrects.recommended_level_id,
                },
            )
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["agency"]).queryset = hub_agencies(hub=hub)
        cast(LevelChoiceField, self.fields["recommended_level"]).queryset = hub.current_levels().order_by("-rank")


class ActionForm(forms.Form):
    description = LimitedTextField(
        SHORT_REASON_MAX,
        label="What needs to be done?",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the action"},
    )
    owner_agency = _agency_field("Which agency owns it?", "Select the agency that owns this action")
    owner_name = forms.CharField(label="Who in that agency? (optional)", required=False, max_length=120)
    due_on = GovukDateField(noun="Due date", window=dates.DEADLINE, label="Due by", help_text="For example, 27 3 2026")

    def __init__(self, *args: Any, hub: Hub, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["owner_agency"]).queryset = hub_agencies(hub=hub)


class CloseForm(forms.Form):
    missing_attendance_reason = LimitedTextField(
        SHORT_REASON_MAX,
        label="Why did it go ahead without them?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, Police could not attend; briefed by phone at 10:15.",
    )
