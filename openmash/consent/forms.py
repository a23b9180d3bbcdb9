"""Forms for the family's side: the legal basis of a share, consent, telling the family, adults' views, subject access."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.utils import timezone

from openmash import dates
from openmash.accounts.models import Agency
from openmash.consent.models import (
    AdultView,
    Article6,
    ConsentAnswer,
    ConsentMethod,
    ConsentPosition,
    ConsentReason,
    ConsentScope,
    GiverRole,
    InfoCategory,
    InformMethod,
    NotToldReason,
    Schedule1,
)
from openmash.consent.services import ShareBasis
from openmash.contacts.models import Contact
from openmash.forms import GovukDateField, GovukTimeField
from openmash.limits import RATIONALE_MAX, SHORT_REASON_MAX
from openmash.people.models import Person
from openmash.textfields import LimitedTextField


class NamedChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj)


class NamedMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj)


def _moment(data: dict[str, Any], day_field: str, time_field: str) -> dt.datetime | None:
    day, at = data.get(day_field), data.get(time_field)
    if isinstance(day, dt.date) and isinstance(at, dt.time):
        return timezone.make_aware(dt.datetime.combine(day, at))
    return None


class ShareBasisForm(forms.Form):
    """The legal basis of one share, as the practitioner decides it (see consent/sharing.py)."""

    purpose = LimitedTextField(
        SHORT_REASON_MAX,
        label="Purpose of sharing",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Why this information is needed for this concern.",
        error_messages={"required": "Enter the purpose of sharing"},
    )
    categories = forms.MultipleChoiceField(
        label="What kinds of information does it cover?",
        choices=InfoCategory.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select the kinds of information the share covers"},
    )
    article6 = forms.ChoiceField(
        label="Lawful basis (UK GDPR article 6)",
        choices=Article6.choices,
        initial=Article6.PUBLIC_TASK,
        widget=forms.RadioSelect,
        help_text="For safeguarding this is usually public task, even when the family agrees.",
        error_messages={"required": "Select the lawful basis for sharing"},
    )
    schedule1 = forms.ChoiceField(
        label="Condition for health or criminal information (DPA 2018 Schedule 1)",
        choices=Schedule1.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    consent_position = forms.ChoiceField(
        label="Consent",
        choices=ConsentPosition.choices,
        widget=forms.RadioSelect,
        help_text="Only consent recorded on the family page counts, never the referral form's answer.",
        error_messages={"required": "Select the consent position"},
    )
    consent_reason = forms.ChoiceField(
        label="If consent was refused or not sought, why share anyway?",
        choices=[c for c in ConsentReason.choices if c[0]],
        required=False,
        widget=forms.RadioSelect,
    )
    significant_harm = forms.BooleanField(
        label="There is reasonable cause to suspect significant harm, so consent is not needed", required=False
    )
    significant_harm_reason = LimitedTextField(
        RATIONALE_MAX,
        label="Why there is reasonable cause to suspect significant harm",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def share_basis(self, rationale: str = "") -> ShareBasis:
        d = self.cleaned_data
        return ShareBasis(
            article6=d.get("article6") or "",
            schedule1=d.get("schedule1") or "",
            consent_position=d.get("consent_position") or "",
            consent_reason=d.get("consent_reason") or "",
            significant_harm=bool(d.get("significant_harm")),
            significant_harm_reason=d.get("significant_harm_reason") or "",
            purpose=d.get("purpose") or "",
            categories=tuple(d.get("categories") or ()),
            rationale=rationale,
        )


def _offer_recipients_and_people(form: forms.Form, contact: Contact) -> None:
    """A disclosure form offers the hub's active partner agencies and the people named in the contact."""
    cast(NamedMultipleChoiceField, form.fields["recipients"]).queryset = Agency.objects.filter(
        hub_partnerships__hub=contact.hub, hub_partnerships__is_active=True
    ).order_by("name")
    cast(NamedMultipleChoiceField, form.fields["people"]).queryset = Person.objects.filter(
        contact_links__contact=contact
    ).order_by("contact_links__id")


def _require_a_recipient(form: forms.Form, data: dict[str, Any], message: str) -> None:
    if not data.get("recipients") and not (data.get("recipient_other") or "").strip():
        form.add_error("recipients", message)


class NotShareForm(forms.Form):
    """A decision not to share, with its reasons."""

    recipients = NamedMultipleChoiceField(
        queryset=Agency.objects.none(),
        label="Who asked, or who would have received it?",
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    recipient_other = forms.CharField(label="Someone else (not a partner agency)", required=False, max_length=160)
    people = NamedMultipleChoiceField(
        queryset=Person.objects.none(),
        label="About whom?",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select who the information is about"},
    )
    purpose = LimitedTextField(
        SHORT_REASON_MAX,
        label="What was the sharing for?",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Enter what the sharing was for"},
    )
    rationale = LimitedTextField(
        RATIONALE_MAX,
        label="Why are you not sharing?",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why the information is not shared"},
    )

    def __init__(self, *args: Any, contact: Contact, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _offer_recipients_and_people(self, contact)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        _require_a_recipient(self, data, "Select who would have received the information")
        return data


class DisclosureForm(ShareBasisForm):
    """Disclosing information to someone, recorded with the same decision as a request."""

    field_order = ["recipients", "recipient_other", "people", "rationale"]

    recipients = NamedMultipleChoiceField(
        queryset=Agency.objects.none(),
        label="Who will receive it?",
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    recipient_other = forms.CharField(label="Someone else (not a partner agency)", required=False, max_length=160)
    people = NamedMultipleChoiceField(
        queryset=Person.objects.none(),
        label="About whom?",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select who the information is about"},
    )
    rationale = LimitedTextField(
        RATIONALE_MAX,
        label="What will you share, and why is it necessary and proportionate?",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter what you will share and why"},
    )

    def __init__(self, *args: Any, contact: Contact, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _offer_recipients_and_people(self, contact)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        _require_a_recipient(self, data, "Select who will receive the information")
        return data


class ConsentForm(forms.Form):
    giver = NamedChoiceField(
        queryset=Person.objects.none(),
        label="Who gave or refused consent?",
        empty_label="Choose a person",
        error_messages={"required": "Select who gave or refused consent"},
    )
    giver_role = forms.ChoiceField(
        label="In what capacity?",
        choices=GiverRole.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select who gave or refused consent"},
    )
    answer = forms.ChoiceField(
        label="What did they say?",
        choices=ConsentAnswer.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what they said"},
    )
    scope = forms.ChoiceField(
        label="Whose information does it cover?",
        choices=ConsentScope.choices,
        initial=ConsentScope.CHILDREN,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whose information the consent covers"},
    )
    agencies = NamedMultipleChoiceField(
        queryset=Agency.objects.none(),
        label="Which agencies? (leave empty for every partner agency)",
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    purposes = LimitedTextField(
        SHORT_REASON_MAX,
        label="What may the information be used for?",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Enter what the information may be used for, in the family's words"},
    )
    method = forms.ChoiceField(
        label="How?",
        choices=ConsentMethod.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how they said it"},
    )
    given_date = GovukDateField(noun="Date of their answer", window=dates.RECORDED_EVENT, label="Date")
    given_time = GovukTimeField(label="Time", error_messages={"required": "Enter the time"})
    parent_may_be_told = forms.BooleanField(
        label="Their parent may be told (a young person of 16 or 17 may say no)", required=False, initial=True
    )
    notes = LimitedTextField(SHORT_REASON_MAX, label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, contact: Contact, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(NamedChoiceField, self.fields["giver"]).queryset = Person.objects.filter(
            contact_links__contact=contact
        ).order_by("contact_links__id")
        cast(NamedMultipleChoiceField, self.fields["agencies"]).queryset = Agency.objects.filter(
            hub_partnerships__hub=contact.hub
        ).order_by("name")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["given_at"] = _moment(data, "given_date", "given_time")
        return data


class InformedForm(forms.Form):
    told = forms.TypedChoiceField(
        label="Has the family been told that we are looking at their child?",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the family has been told"},
    )
    who_was_told = forms.CharField(label="Who was told?", required=False, max_length=160)
    told_date = GovukDateField(noun="Date they were told", window=dates.RECORDED_EVENT, label="When?", required=False)
    told_time = GovukTimeField(label="Time", required=False)
    method = forms.ChoiceField(label="How?", choices=InformMethod.choices, widget=forms.RadioSelect, required=False)
    told_by = forms.CharField(label="Who told them?", required=False, max_length=160)
    not_told_reason = forms.ChoiceField(
        label="If not, why not?", choices=NotToldReason.choices, widget=forms.RadioSelect, required=False
    )
    detail = LimitedTextField(
        SHORT_REASON_MAX, label="Details", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    review_by = GovukDateField(
        noun="Review date", window=dates.DEADLINE, label="Review not telling them by", required=False
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["told_at"] = _moment(data, "told_date", "told_time")
        if data.get("told") and data.get("told_date") and not data.get("told_time"):
            data["told_at"] = _midday_or_now(data["told_date"])
        return data


def _midday_or_now(day: dt.date) -> dt.datetime:
    """A day given without a time: midday, or now if today's midday has not come yet (never in the future)."""
    return min(timezone.make_aware(dt.datetime.combine(day, dt.time(12, 0))), timezone.now())


class AdultViewForm(forms.Form):
    person = NamedChoiceField(
        queryset=Person.objects.none(), label="Which adult?", empty_label="Not yet identified", required=False
    )
    unidentified = forms.ChoiceField(
        label="If not identified, who?", choices=AdultView.Unidentified.choices, required=False
    )
    contacted_date = GovukDateField(
        noun="Date contacted", window=dates.RECORDED_EVENT, label="When were they contacted?", required=False
    )
    view_asked = forms.BooleanField(label="We asked for their view of the concern", required=False)
    account = LimitedTextField(
        RATIONALE_MAX,
        label="Their account, in their words",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Recorded beside the agencies' information, as they gave it.",
    )
    notes = LimitedTextField(SHORT_REASON_MAX, label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, contact: Contact, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(NamedChoiceField, self.fields["person"]).queryset = Person.objects.filter(
            contact_links__contact=contact, kind="adult"
        ).order_by("contact_links__id")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day = data.get("contacted_date")
        data["contacted_at"] = _midday_or_now(day) if day else None
        return data


class SharingRulesForm(forms.Form):
    below_threshold_needs_consent = forms.BooleanField(
        label="Below the statutory threshold, sharing needs the family's consent", required=False
    )
    refusal_stops_requests = forms.BooleanField(
        label="Below the threshold, a refusal or withdrawal stops requests for that family", required=False
    )


class SubjectAccessForm(forms.Form):
    person = forms.IntegerField(widget=forms.HiddenInput)
    received_on = GovukDateField(
        noun="Date received", window=dates.RECORDED_EVENT, label="When was the request received?"
    )


class ExtendForm(forms.Form):
    reason = LimitedTextField(
        SHORT_REASON_MAX,
        label="Why does it need more time?",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Enter why the request needs more time"},
    )
