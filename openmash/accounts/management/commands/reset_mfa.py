"""Reset someone's two-step sign-in after they lose their phone: `manage.py reset_mfa <username>`.

Their authenticator is removed, any session of theirs ends on its next request, and at
their next sign-in (password first, as always) they set up an app again. Audited. Check
who is asking before you run it: whoever next signs in with the password sets up the app.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from openmash.accounts.models import User
from openmash.accounts.services import mfa_reset


class Command(BaseCommand):
    help = "Remove a user's authenticator so they set up two-step sign-in again at their next sign-in."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, username: str, **options: Any) -> None:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user is called {username!r}. Nothing was changed.")
        removed = mfa_reset(user=user, by=None)
        self.stdout.write(
            f"Removed {removed} authenticator(s) for {username}. They will set up an app at next sign-in."
        )
