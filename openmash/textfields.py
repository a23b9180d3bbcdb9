"""A free-text box with a limit: enforced by the form, stated on the page.

`LimitedTextField` is a CharField whose too-long error reads as GOV.UK's character count
asks ("Reason must be 2,000 characters or less"); the shared field template
(templates/govuk/field.html) renders any textarea with a max_length as a character count,
which GOV.UK Frontend's initAll brings to life. The limits are in openmash/limits.py.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import MaxLengthValidator

from openmash.limits import too_long_message


class LimitedTextField(forms.CharField):
    def __init__(self, limit: int, *, noun: str | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 3}))
        super().__init__(max_length=limit, **kwargs)
        label = str(kwargs.get("label") or "This")
        noun = noun or label.removesuffix(" (optional)").rstrip("?").strip()
        self.validators = [v for v in self.validators if not isinstance(v, MaxLengthValidator)]
        self.validators.append(MaxLengthValidator(limit, message=too_long_message(noun, limit)))
