"""Forms for asking partner agencies and for an agency's answer."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.utils import timezone

from openmash import dates
from openmash.accounts.models import Agency
from openmash.consent.forms import ShareBasisForm
from openmash.contacts.forms import IndicatorChoiceField, LevelChoiceField
from openmash.contacts.models import Contact
from openmash.enquiries.models import Contribution, InformationRequest, Sensitivity
from openmash.forms import GovukDateField, GovukTimeField
from openmash.hubs.models import ThresholdIndicator, TriageLevel
from openmash.limits import ANALYSIS_MAX, RATIONALE_MAX, SHORT_REASON_MAX
from openmash.people.models import Person
from openmash.textfields import LimitedTextField


class AgencyChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj)


class PersonChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj)


class AskForm(ShareBasisForm):
    """Ask agencies, and record the decision to share that the request goes out under."""

    field_order = ["agencies", "people", "question", "deadline_date", "deadline_time"]

    agencies = AgencyChoiceField(
        queryset=Agency.objects.none(),
        label="Which agencies do you want to ask?",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one agency to ask"},
    )
    people = PersonChoiceField(
        queryset=Person.objects.none(),
        label="Who should they search their records for?",
        help_text="Include both parents and every adult in the household.",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select the people to ask about"},
    )
    question = LimitedTextField(
        RATIONALE_MAX,
        label="What do you want to know?",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Tie it to this concern, so agencies share what is relevant and proportionate.",
        error_messages={"required": "Enter what you want to know"},
    )
    deadline_date = GovukDateField(
        noun="Deadline", window=dates.DEADLINE, label="Deadline date", help_text="Set from the triage level."
    )
    deadline_time = GovukTimeField(label="Deadline time", error_messages={"required": "Enter the deadline time"})

    def __init__(self, *args: Any, contact: Contact, default_deadline: dt.datetime | None, **kwargs: Any) -> None:
        initial = kwargs.setdefault("initial", {})
        if default_deadline is not None:
            local = timezone.localtime(default_deadline)
            initial.setdefault("deadline_date", local.date())
            initial.setdefault("deadline_time", local.strftime("%H:%M"))
        super().__init__(*args, **kwargs)
        hub = contact.hub
        agencies = cast(AgencyChoiceField, self.fields["agencies"])
        agencies.queryset = Agency.objects.filter(hub_partnerships__hub=hub, hub_partnerships__is_active=True).order_by(
            "name"
        )
        people = cast(PersonChoiceField, self.fields["people"])
        people.queryset = Person.objects.filter(contact_links__contact=contact).order_by("contact_links__id")
        initial.setdefault("people", list(people.queryset))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day, at = data.get("deadline_date"), data.get("deadline_time")
        if isinstance(day, dt.date) and isinstance(at, dt.time):
            data["deadline"] = timezone.make_aware(dt.datetime.combine(day, at))
            if data["deadline"] <= timezone.now():
                self.add_error("deadline_time", "The deadline must be in the future")
        return data


class ReasonForm(forms.Form):
    reason = LimitedTextField(
        SHORT_REASON_MAX,
        label="Reason",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the reason"},
    )


class ItemForm(forms.Form):
    person = forms.ModelChoiceField(
        queryset=Person.objects.none(),
        label="About",
        empty_label="Choose a person",
        error_messages={
            "required": "Select who this is about",
            "invalid_choice": "Select a person the hub asked about",
        },
    )
    occurred_on = GovukDateField(noun="Date it happened", window=dates.LIFETIME, label="When did it happen?")
    summary = LimitedTextField(
        RATIONALE_MAX,
        label="What happened",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter what happened"},
    )
    source_system = forms.CharField(
        label="Which of your systems is it from?",
        max_length=120,
        error_messages={"required": "Enter which of your agency's systems this came from"},
    )
    sensitivity = forms.ChoiceField(label="Sensitivity", choices=Sensitivity.choices, required=False)
    historic_reason = LimitedTextField(
        SHORT_REASON_MAX,
        label="Why share it, if it is old?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Needed for anything older than the hub's limit: why it is relevant and proportionate now.",
    )

    def __init__(self, *args: Any, request: InformationRequest, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["person"]).queryset = request.people.all()


class AnalysisForm(forms.Form):
    analysis = LimitedTextField(
        ANALYSIS_MAX,
        label="Your agency's analysis",
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        help_text="What your information means for this concern, from your agency's point of view.",
    )
    recommended_level = LevelChoiceField(
        queryset=TriageLevel.objects.none(),
        label="Recommended level",
        required=False,
        widget=forms.RadioSelect,
        empty_label="No recommendation",
        error_messages={"invalid_choice": "Select a level from this hub's scale"},
    )
    indicators = IndicatorChoiceField(
        queryset=ThresholdIndicator.objects.none(),
        label="Threshold indicators",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Select indicators from the hub's threshold document"},
    )

    def __init__(self, *args: Any, contribution: Contribution, **kwargs: Any) -> None:
        hub = contribution.request.contact.hub
        kwargs.setdefault(
            "initial",
            {
                "analysis": contribution.analysis,
                "recommended_level": contribution.recommended_level_id,
                "indicators": list(contribution.indicators.values_list("pk", flat=True)),
            },
        )
        super().__init__(*args, **kwargs)
        cast(LevelChoiceField, self.fields["recommended_level"]).queryset = hub.current_levels().order_by("-rank")
        document = hub.current_threshold_document()
        cast(IndicatorChoiceField, self.fields["indicators"]).queryset = (
            document.indicators.order_by("level_code", "code") if document else ThresholdIndicator.objects.none()
        )


class AmendForm(forms.Form):
    kind = forms.ChoiceField(
        label="What are you adding?",
        choices=[
            (Contribution.Kind.ADDENDUM, "An addendum: more information"),
            (Contribution.Kind.CORRECTION, "A correction: something was wrong"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select addendum or correction"},
    )
