"""Input validation for the front door, worded as the GOV.UK Design System words errors."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.utils import timezone

from openmash import dates
from openmash.contacts.models import Channel, ContactPerson, ReferralSource, ReferrerType, YesNoUnknown
from openmash.forms import GovukDateField, GovukTimeField
from openmash.hubs.models import Hub, Route, ThresholdIndicator, TriageLevel
from openmash.limits import CONCERN_MAX, RATIONALE_MAX
from openmash.people import identifiers
from openmash.people.models import Ethnicity, Person, PersonKind, RelationshipKind, Sex
from openmash.textfields import LimitedTextField


class ContactForm(forms.Form):
    channel = forms.ChoiceField(
        label="How did the contact arrive?",
        choices=Channel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how the contact arrived"},
    )
    received_date = GovukDateField(
        noun="Date received", window=dates.CONTACT_RECEIVED, label="Date received", help_text="For example, 27 3 2026"
    )
    received_time = GovukTimeField(
        label="Time received",
        help_text="For example, 14:30. The statutory clock starts here.",
        error_messages={"required": "Enter the time the contact was received"},
    )
    referrer_type = forms.ChoiceField(
        label="Who made the contact?",
        choices=ReferrerType.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select who made the contact"},
    )
    referral_source = forms.ChoiceField(
        label="Referral source (CIN census code)",
        choices=[("", "Choose the source")] + list(ReferralSource.choices),
        error_messages={"required": "Select the referral source"},
    )
    referrer_name = forms.CharField(label="Referrer's name", required=False, max_length=120)
    referrer_agency = forms.CharField(
        label="Referrer's agency or organisation",
        required=False,
        max_length=160,
        help_text="For a professional, for example 'Oakfield Primary School'.",
    )
    referrer_role = forms.CharField(label="Referrer's role", required=False, max_length=120)
    referrer_phone = forms.CharField(
        label="Referrer's phone number",
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "off", "class": "govuk-input--width-20", "type": "tel"}),
    )
    referrer_email = forms.EmailField(
        label="Referrer's email address",
        required=False,
        error_messages={"invalid": "Enter an email address in the correct format, like name@example.com"},
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    referrer_wants_anonymity = forms.BooleanField(
        label="The referrer asked not to be identified to the family or partners",
        required=False,
        help_text="Only the hub's social workers and managers will see who referred.",
    )
    concern = LimitedTextField(
        CONCERN_MAX,
        noun="The concern",
        label="What happened, in the referrer's words",
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": "Enter what the referrer told you"},
    )
    family_aware = forms.ChoiceField(
        label="Does the family know about this contact?",
        choices=YesNoUnknown.choices,
        widget=forms.RadioSelect,
        initial=YesNoUnknown.UNKNOWN,
    )
    referrer_asked_consent = forms.ChoiceField(
        label="Did the referrer ask the family's consent?",
        choices=YesNoUnknown.choices,
        widget=forms.RadioSelect,
        initial=YesNoUnknown.UNKNOWN,
    )
    family_agreed = forms.ChoiceField(
        label="Did the family agree?",
        choices=YesNoUnknown.choices,
        widget=forms.RadioSelect,
        initial=YesNoUnknown.UNKNOWN,
        help_text="This is what the referrer told you. It is not consent to the hub's own information sharing.",
    )
    consent_detail = forms.CharField(
        label="What did the family agree to?",
        required=False,
        max_length=300,
        help_text="In the referrer's words, for example 'agreed to a referral to Early Help'.",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day, at = data.get("received_date"), data.get("received_time")
        if isinstance(day, dt.date) and isinstance(at, dt.time):
            received = timezone.make_aware(dt.datetime.combine(day, at))
            if received > timezone.now() + dt.timedelta(minutes=5):
                self.add_error("received_time", "The time received must be in the past")
            data["received_at"] = received
        referrer = data.get("referrer_type")
        if referrer == ReferrerType.PROFESSIONAL:
            if not data.get("referrer_name"):
                self.add_error("referrer_name", "Enter the referrer's name")
            if not data.get("referrer_agency"):
                self.add_error("referrer_agency", "Enter the referrer's agency or organisation")
        if referrer == ReferrerType.ANONYMOUS and data.get("referrer_name"):
            self.add_error("referrer_name", "An anonymous referrer has no name: remove it, or choose another option")
        if referrer == ReferrerType.ANONYMOUS and data.get("referral_source") not in {
            "",
            None,
            ReferralSource.ANONYMOUS,
        }:
            self.add_error("referral_source", "An anonymous contact has referral source 9 Anonymous")
        if data.get("family_agreed") == YesNoUnknown.YES and data.get("referrer_asked_consent") == YesNoUnknown.NO:
            self.add_error("family_agreed", "The family cannot have agreed if the referrer did not ask them")
        return data

    def contact_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("received_date", None)
        data.pop("received_time", None)
        return data


class PersonForm(forms.Form):
    """A person named in a contact. Before a new record is made, likely matches are shown."""

    part = forms.ChoiceField(
        label="Who are they in this concern?",
        choices=ContactPerson.Part.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select who the person is in this concern"},
    )
    kind = forms.ChoiceField(
        label="Child or adult",
        choices=PersonKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether this is a child or an adult"},
    )
    given_names = forms.CharField(
        label="First names",
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    family_name = forms.CharField(
        label="Last name",
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    other_given_names = forms.CharField(label="Other first name used", required=False, max_length=100)
    other_family_name = forms.CharField(
        label="Other last name used",
        required=False,
        max_length=100,
        help_text="A previous name, alias or name used by another agency.",
    )
    date_of_birth = GovukDateField(
        noun="Date of birth",
        window=dates.LIFETIME,
        required=False,
        label="Date of birth",
        help_text="For example, 27 3 2019. Leave blank if not known.",
    )
    expected_date_of_birth = GovukDateField(
        noun="Expected date of birth",
        window=dates.EXPECTED_DATE_OF_BIRTH,
        required=False,
        label="Expected date of birth (unborn child)",
        help_text="Only for an unborn child.",
    )
    sex = forms.ChoiceField(label="Sex", choices=Sex.choices, widget=forms.RadioSelect, initial=Sex.UNKNOWN)
    ethnicity = forms.ChoiceField(label="Ethnicity", choices=Ethnicity.choices, initial=Ethnicity.NOBT)
    nhs_number = forms.CharField(
        label="NHS number",
        required=False,
        max_length=14,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "inputmode": "numeric", "spellcheck": "false"}),
        help_text="10 digits, for example 943 476 5919",
    )
    upn = forms.CharField(
        label="Unique pupil number (UPN)",
        required=False,
        max_length=15,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20", "spellcheck": "false"}),
    )
    police_reference = forms.CharField(
        label="Police reference",
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20"}),
    )
    address_line_1 = forms.CharField(label="Address line 1", required=False, max_length=120)
    address_town = forms.CharField(
        label="Town or city",
        required=False,
        max_length=80,
        widget=forms.TextInput(attrs={"class": "govuk-!-width-two-thirds"}),
    )
    postcode = forms.CharField(
        label="Postcode",
        required=False,
        max_length=10,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
    )
    address_since = GovukDateField(
        noun="Date they moved in",
        window=dates.LIFETIME,
        required=False,
        label="Date they moved in (if known)",
        help_text="For example, 1 9 2024. Leave blank if not known.",
    )
    no_recourse_to_public_funds = forms.BooleanField(label="No recourse to public funds", required=False)
    care_leaver = forms.BooleanField(label="Care leaver", required=False)
    newly_arrived = forms.BooleanField(label="Newly arrived in the country", required=False)
    interpreter_needed = forms.BooleanField(label="Needs an interpreter", required=False)
    language = forms.CharField(label="Main language, if not English", required=False, max_length=60)
    allocated_worker = forms.CharField(
        label="Allocated social worker, if the child already has one", required=False, max_length=120
    )
    related_to = forms.TypedChoiceField(label="Related to", required=False, coerce=int, empty_value=None)
    relationship = forms.ChoiceField(
        label="Relationship",
        required=False,
        choices=[("", "Choose a relationship")] + list(RelationshipKind.choices),
        help_text="This person is the … of the person chosen above.",
    )
    parental_responsibility = forms.BooleanField(label="Has parental responsibility", required=False)

    def __init__(self, *args: Any, relatives: list[Person] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.relatives = relatives or []
        field = cast(forms.TypedChoiceField, self.fields["related_to"])
        field.choices = [("", "Not related to anyone named yet")] + [(p.pk, str(p)) for p in self.relatives]
        if not self.relatives:
            for name in ("related_to", "relationship", "parental_responsibility"):
                del self.fields[name]

    def clean_nhs_number(self) -> str:
        value = identifiers.normalise_nhs_number(self.cleaned_data["nhs_number"])
        if value:
            identifiers.validate_nhs_number(value)
        return value

    def clean_upn(self) -> str:
        value = identifiers.normalise_upn(self.cleaned_data["upn"])
        if value:
            identifiers.validate_upn(value)
        return value

    def clean_postcode(self) -> str:
        value = self.cleaned_data["postcode"].strip()
        if value:
            identifiers.validate_postcode(value)
            return identifiers.normalise_postcode(value)
        return value

    def clean_police_reference(self) -> str:
        value = self.cleaned_data["police_reference"].strip()
        if value:
            identifiers.validate_police_reference(value)
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("given_names") or data.get("family_name")) and not data.get("expected_date_of_birth"):
            self.add_error("family_name", "Enter the person's name, or an expected date of birth for an unborn child")
        if data.get("date_of_birth") and data.get("expected_date_of_birth"):
            self.add_error("expected_date_of_birth", "Enter a date of birth or an expected date of birth, not both")
        if data.get("expected_date_of_birth") and data.get("kind") == PersonKind.ADULT:
            self.add_error("expected_date_of_birth", "Only an unborn child can have an expected date of birth")
        if (
            data.get("part") in {ContactPerson.Part.SUBJECT, ContactPerson.Part.SIBLING}
            and data.get("kind") == PersonKind.ADULT
        ):
            self.add_error("kind", "A child the concern is about, or a sibling, must be recorded as a child")
        if data.get("part") == ContactPerson.Part.ADULT_AT_RISK and data.get("kind") == PersonKind.CHILD:
            self.add_error("kind", "An adult the concern is about must be recorded as an adult")
        if data.get("address_since") and not data.get("address_line_1"):
            self.add_error("address_line_1", "Enter the address they moved into")
        if data.get("interpreter_needed") and not data.get("language"):
            self.add_error("language", "Enter the language the interpreter is needed for")
        if data.get("related_to") and not data.get("relationship"):
            self.add_error("relationship", "Select how they are related")
        if data.get("relationship") and not data.get("related_to"):
            self.add_error("related_to", "Select who they are related to")
        return data

    def person_fields(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {
            "kind": d["kind"],
            "given_names": d["given_names"].strip(),
            "family_name": d["family_name"].strip(),
            "date_of_birth": d.get("date_of_birth"),
            "expected_date_of_birth": d.get("expected_date_of_birth"),
            "sex": d["sex"],
            "ethnicity": d["ethnicity"],
            "nhs_number": d["nhs_number"],
            "upn": d["upn"],
            "police_reference": d["police_reference"],
            "no_recourse_to_public_funds": d["no_recourse_to_public_funds"],
            "care_leaver": d["care_leaver"],
            "newly_arrived": d["newly_arrived"],
            "interpreter_needed": d["interpreter_needed"],
            "language": d["language"],
            "allocated_worker": d["allocated_worker"],
        }


class MatchChoiceForm(forms.Form):
    """After seeing likely matches: link to one of them, or create a new record."""

    choice = forms.ChoiceField(
        label="Is this one of these people?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select an existing record, or choose to create a new one"},
    )

    def __init__(self, *args: Any, candidates: list[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(str(p.pk), f"Yes, {p}") for p in candidates] + [("new", "No, none of these: create a new record")]
        field = cast(forms.ChoiceField, self.fields["choice"])
        field.choices = choices


class LevelChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.label}: {obj.timeline_text()}"


class IndicatorChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.code}: {obj.text}"


class TriageForm(forms.Form):
    level = LevelChoiceField(
        queryset=TriageLevel.objects.none(),
        label="Level",
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": "Select a level", "invalid_choice": "Select a level from this hub's scale"},
    )
    route = forms.ChoiceField(
        label="Route",
        choices=Route.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select a route", "invalid_choice": "Select a route from the list"},
    )
    indicators = IndicatorChoiceField(
        queryset=ThresholdIndicator.objects.none(),
        label="Threshold indicators",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="The indicators from the hub's threshold document that this concern meets.",
        error_messages={"invalid_choice": "Select indicators from the hub's threshold document"},
    )
    rationale = LimitedTextField(
        RATIONALE_MAX,
        label="Rationale",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Why this level and route. Partners and families may read this later.",
        error_messages={"required": "Enter the reasons for your decision"},
    )

    def __init__(self, *args: Any, hub: Hub, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        level_field = cast(forms.ModelChoiceField, self.fields["level"])
        indicator_field = cast(forms.ModelMultipleChoiceField, self.fields["indicators"])
        level_field.queryset = hub.current_levels().order_by("-rank")
        # Say beside each route which levels allow it, so nobody learns the rule from an error.
        levels = list(level_field.queryset)
        route_field = cast(forms.ChoiceField, self.fields["route"])
        route_field.choices = [
            (route.value, f"{route.label} ({', '.join(lv.label for lv in levels if route.value in lv.allowed_routes)})")
            for route in Route
            if any(route.value in lv.allowed_routes for lv in levels)
        ]
        document = hub.current_threshold_document()
        indicator_field.queryset = (
            document.indicators.order_by("level_code", "code") if document else ThresholdIndicator.objects.none()
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        level, route = data.get("level"), data.get("route")
        if level is not None and route and route not in level.allowed_routes:
            self.add_error(
                "route",
                f"{Route(route).label} is not allowed at {level.label}. "
                f"Allowed: {'; '.join(label for _, label in level.route_choices())}",
            )
        return data
