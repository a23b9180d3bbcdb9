"""Forms for letters to families and the hub's glossary."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from openmash.contacts.models import Contact
from openmash.forms import GovukTimeField
from openmash.letters.models import LetterTemplateCode, SendMethod
from openmash.limits import LETTER_BODY_MAX, SHORT_REASON_MAX
from openmash.people.models import Person
from openmash.textfields import LimitedTextField


class RecipientField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj)


class NewLetterForm(forms.Form):
    template = forms.ChoiceField(
        label="What is the letter about?",
        choices=LetterTemplateCode.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what the letter is about"},
    )
    recipient = RecipientField(
        queryset=Person.objects.none(),
        label="Who is it to?",
        empty_label="Choose a person",
        error_messages={"required": "Select who the letter is to"},
    )
    old_worker = forms.CharField(label="Previous worker (for a change of worker)", required=False, max_length=120)
    new_worker = forms.CharField(label="New worker (for a change of worker)", required=False, max_length=120)
    outcome = LimitedTextField(
        SHORT_REASON_MAX,
        label="What was decided (for an outcome letter)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    next_steps = LimitedTextField(
        SHORT_REASON_MAX,
        label="What happens next (for a 'what happens next' letter)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, contact: Contact, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(RecipientField, self.fields["recipient"]).queryset = Person.objects.filter(
            contact_links__contact=contact
        ).order_by("contact_links__id")


class EditLetterForm(forms.Form):
    subject = forms.CharField(label="Subject", max_length=160, error_messages={"required": "Enter a subject"})
    body = LimitedTextField(
        LETTER_BODY_MAX,
        label="Letter",
        widget=forms.Textarea(attrs={"rows": 18}),
        help_text="Short sentences and everyday words. Write out any hub jargon in full.",
        error_messages={"required": "Enter the letter"},
    )
    difficult_news = forms.BooleanField(label="This letter has news the family may find hard to hear", required=False)


class SendLetterForm(forms.Form):
    method = forms.ChoiceField(
        label="How will it be sent?",
        choices=SendMethod.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how the letter is sent"},
    )
    confirm_late = forms.BooleanField(label="I understand, and it cannot wait", required=False)
    late_reason = LimitedTextField(
        SHORT_REASON_MAX, label="Why it cannot wait", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class GlossaryTermForm(forms.Form):
    term = forms.CharField(label="Short form", max_length=20, error_messages={"required": "Enter the short form"})
    expansion = forms.CharField(
        label="Written out in full", max_length=160, error_messages={"required": "Enter what it means"}
    )


class LetterSettingsForm(forms.Form):
    max_reading_age = forms.IntegerField(
        label="Highest reading age for letters",
        min_value=7,
        max_value=18,
        error_messages={
            "required": "Enter a reading age",
            "min_value": "Enter a reading age between 7 and 18",
            "max_value": "Enter a reading age between 7 and 18",
        },
    )
    late_warning_from = GovukTimeField(
        label="Warn before difficult news from (Fridays and the day before a bank holiday)",
        error_messages={"required": "Enter a time"},
    )
    phone = forms.CharField(label="Phone number for families", max_length=30)
    out_of_hours_phone = forms.CharField(label="Out of hours phone number", max_length=30)
