"""Forms for the decision, a challenge, and a step-up."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from openmash.contacts.forms import LevelChoiceField
from openmash.decisions.models import Challenge, Outcome
from openmash.hubs.models import Hub, TriageLevel
from openmash.limits import RATIONALE_MAX, SHORT_REASON_MAX
from openmash.textfields import LimitedTextField


class DecisionForm(forms.Form):
    level = LevelChoiceField(
        queryset=TriageLevel.objects.none(),
        label="Level",
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": "Select a level", "invalid_choice": "Select a level from this hub's scale"},
    )
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select an outcome"},
    )
    allocated_team = forms.CharField(label="Team allocated to (for an allocation)", required=False, max_length=120)
    rationale = LimitedTextField(
        RATIONALE_MAX,
        label="Rationale",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Your reasons, weighing what each agency said.",
        error_messages={"required": "Enter the reasons for your decision"},
    )
    higher_recommendation_response = LimitedTextField(
        RATIONALE_MAX,
        label="If an agency recommended a higher level: why is your decision lower?",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(self, *args: Any, hub: Hub, correcting: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(LevelChoiceField, self.fields["level"]).queryset = hub.current_levels().order_by("-rank")
        if correcting:
            self.fields["correction_reason"] = LimitedTextField(
                SHORT_REASON_MAX,
                label="Why is the decision being corrected?",
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text="The original decision stays on the record, with this correction after it.",
                error_messages={"required": "Enter why the decision is being corrected"},
            )


class GroundsForm(forms.Form):
    grounds = LimitedTextField(
        RATIONALE_MAX,
        label="Why does your agency disagree?",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter why your agency disagrees with the decision"},
    )


class ResolveForm(forms.Form):
    status = forms.ChoiceField(
        label="Outcome of the challenge",
        choices=[(s.value, s.label) for s in Challenge.Status if s != Challenge.Status.OPEN],
        widget=forms.RadioSelect,
        error_messages={"required": "Select how the challenge is resolved"},
    )
    outcome = LimitedTextField(
        RATIONALE_MAX,
        label="Reasons",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the outcome and the reasons for it"},
    )
    escalated_to = forms.CharField(label="Escalated to (if escalated)", required=False, max_length=160)


class StepUpForm(forms.Form):
    rationale = LimitedTextField(
        RATIONALE_MAX,
        label="Why does this need the MASH?",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter why this needs a MASH"},
    )


class StepUpResponseForm(forms.Form):
    accept = forms.TypedChoiceField(
        label="Your response",
        choices=[("yes", "Accept: send the contact back to triage"), ("no", "Decline")],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Select accept or decline"},
    )
    rationale = LimitedTextField(
        RATIONALE_MAX,
        label="Reasons",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the reasons for your response"},
    )
