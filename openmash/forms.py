"""Form rendering and fields shared by every app: GOV.UK Design System markup and wording."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import TemplatesSetting

from openmash import dates


class GovukFormRenderer(TemplatesSetting):
    """Render every form and field with the GOV.UK Design System's markup."""

    form_template_name = "govuk/form.html"
    field_template_name = "govuk/field.html"


class GovukDateWidget(forms.MultiWidget):
    """The GOV.UK date input: separate day, month and year boxes."""

    template_name = "govuk/widgets/date.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        parts = [
            forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-2", "label": "Day"}),
            forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-2", "label": "Month"}),
            forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-4", "label": "Year"}),
        ]
        super().__init__(parts, attrs)

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, dt.date):
            return [value.day, value.month, value.year]
        return [None, None, None]


class GovukDateField(forms.MultiValueField):
    """A date from three boxes, with the GOV.UK pattern's error messages.

    `noun` is how errors name the date ("Date of birth must include a month").
    `window` is the range of dates that make sense for it (openmash/dates.py): every
    date field has one, so a typo in the year is caught here, not in a stalled queue.
    """

    widget = GovukDateWidget

    def __init__(self, *, noun: str, window: dates.Window, **kwargs: Any) -> None:
        self.noun = noun
        self.window = window
        fields = (forms.CharField(required=False), forms.CharField(required=False), forms.CharField(required=False))
        kwargs.setdefault("require_all_fields", False)
        super().__init__(fields=fields, **kwargs)
        self.error_messages["required"] = f"Enter the {noun.lower()}"

    def compress(self, data_list: list[Any]) -> dt.date | None:
        if not data_list or not any(data_list):
            return None
        day, month, year = (str(v or "").strip() for v in data_list)
        missing = [name for name, v in (("day", day), ("month", month), ("year", year)) if not v]
        if missing:
            raise forms.ValidationError(f"{self.noun} must include a {' and '.join(missing)}", code="incomplete")
        # Only plain digits, and few of them: int() takes "+1", " 1_0" and any length,
        # and a huge number overflows the date constructor.
        if not all(part.isascii() and part.isdigit() for part in (day, month, year)) or max(len(day), len(month)) > 2:
            raise forms.ValidationError(f"{self.noun} must be a real date", code="invalid")
        if len(year) != 4:
            raise forms.ValidationError("Year must include 4 numbers", code="invalid")
        try:
            value = dt.date(int(year), int(month), int(day))
        except ValueError:
            raise forms.ValidationError(f"{self.noun} must be a real date", code="invalid") from None
        message = self.window.refusal(value, noun=self.noun)
        if message:
            raise forms.ValidationError(message, code="out_of_range")
        return value


def parse_time(value: str) -> dt.time:
    """Read a time typed as 14:30, 2:30pm, 2pm or 1430."""
    text = value.strip().lower().replace(".", ":").replace(" ", "")
    for fmt in ("%H:%M", "%I:%M%p", "%I%p", "%H%M"):
        try:
            return dt.datetime.strptime(text, fmt).time()  # noqa: DTZ007 - a wall-clock time, no date
        except ValueError:
            continue
    raise forms.ValidationError("Enter a time like 14:30 or 2:30pm", code="invalid")


class GovukTimeField(forms.CharField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.TextInput(attrs={"class": "govuk-input--width-5", "autocomplete": "off"}))
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> dt.time | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        return parse_time(text)


def apply_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """Show a service's refusal next to the field it is about, or at the top of the form."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)
