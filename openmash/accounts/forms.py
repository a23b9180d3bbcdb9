"""Signing in: the password, the security code, and confirming who you are again."""

from __future__ import annotations

import re
from typing import Any, cast

from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator
from django.http import HttpRequest

from openmash.accounts.models import Membership, User
from openmash.limits import PASSWORD_MAX_LENGTH, USERNAME_MAX_LENGTH

WRONG_PASSWORD = "Enter a correct username and password"  # noqa: S105 - an error message, not a password


class SignInForm(AuthenticationForm):
    """Username and password. One answer whether the username is unknown, the password wrong
    or the account disabled: nobody can learn from the page which usernames exist."""

    error_messages = {"invalid_login": WRONG_PASSWORD, "inactive": WRONG_PASSWORD}

    def __init__(self, request: HttpRequest | None = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = "Username"
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["username"].widget.attrs.update({"autocomplete": "username", "spellcheck": "false"})
        self.fields["password"].label = "Password"
        self.fields["password"].error_messages["required"] = "Enter your password"
        self.fields["password"].widget.attrs.update({"autocomplete": "current-password"})

        # AuthenticationForm sets the username's max_length after the field is made, which adds no
        # check: without these, 5,000 characters reach authenticate() and the lock-out table's
        # 255-character column, a 500.
        self.fields["username"].validators.append(MaxLengthValidator(USERNAME_MAX_LENGTH))
        self.fields["password"].validators.append(MaxLengthValidator(PASSWORD_MAX_LENGTH))

    def attempted(self) -> bool:
        """Both boxes held something a password check could use, so one was made (and a failure counts).
        A username too long or with a NUL byte is refused by the form before any check."""
        cleaned = getattr(self, "cleaned_data", {})
        return bool(cleaned.get("username")) and bool(cleaned.get("password"))

    def attempted_username(self) -> str:
        return str(getattr(self, "cleaned_data", {}).get("username", ""))


class CodeField(forms.CharField):
    """A 6-digit code from an authenticator app; spaces and dashes people type are ignored."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", "Security code")
        kwargs.setdefault("help_text", "The 6-digit code shown in your authenticator app")
        super().__init__(max_length=20, **kwargs)
        self.error_messages["required"] = "Enter the security code"
        self.widget.attrs.update(
            {
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "spellcheck": "false",
                "class": "govuk-input--width-5",
            }
        )

    def clean(self, value: Any) -> str:
        code = re.sub(r"[\s-]", "", str(super().clean(value)))
        if not re.fullmatch(r"\d{6}", code):
            raise forms.ValidationError("Enter the security code as 6 digits")
        return code


WRONG_CODE = (
    "The security code is not correct or has already been used. Wait for your authenticator app "
    "to show a new code, then enter it"
)


class CodeForm(forms.Form):
    code = CodeField()


class SetupCodeForm(forms.Form):
    code = CodeField(help_text="Once you have added openmash to your app, enter the 6-digit code it shows")


class ReauthenticateForm(forms.Form):
    """The signed-in user's password and a fresh code, before a bulk or subject access export."""

    password = forms.CharField(
        label="Password", strip=False, widget=forms.PasswordInput, max_length=PASSWORD_MAX_LENGTH
    )
    code = CodeField()

    def __init__(self, *args: Any, request: HttpRequest, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.request = request
        self.user = user
        self.fields["password"].error_messages["required"] = "Enter your password"
        self.fields["password"].widget.attrs.update({"autocomplete": "current-password"})
        self.password_failed = False

    def clean_password(self) -> str:
        password = str(self.cleaned_data["password"])
        # Through authenticate(), so a wrong password counts toward lock-out as at sign-in.
        if authenticate(self.request, username=self.user.get_username(), password=password) is None:
            self.password_failed = True
            raise forms.ValidationError("Enter your correct password")
        return password


class SwitchHubForm(forms.Form):
    """Choose which of your hubs to act in: only your own active memberships are choices."""

    membership = forms.ModelChoiceField(
        queryset=Membership.objects.none(),
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the hub you are working in",
            "invalid_choice": "Select the hub you are working in",
        },
    )

    def __init__(self, *args: Any, memberships: list[Membership], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["membership"])
        field.queryset = Membership.objects.filter(pk__in=[m.pk for m in memberships])
