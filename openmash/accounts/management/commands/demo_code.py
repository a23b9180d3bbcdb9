"""Print the security code a demo account's authenticator shows now: `manage.py demo_code <username>`.

Only for the synthetic demo accounts, whose devices hold the published demo key
(openmash/accounts/demo.py). It refuses every other account: printing a real person's
code would defeat their second factor.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_otp.plugins.otp_totp.models import TOTPDevice

from openmash.accounts import signin
from openmash.accounts.demo import is_demo_device


class Command(BaseCommand):
    help = "Print the current 6-digit security code for a demo account (published demo key only)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, username: str, **options: Any) -> None:
        device = TOTPDevice.objects.filter(user__username=username, confirmed=True).first()
        if device is None or not is_demo_device(device):
            raise CommandError(
                f"{username!r} is not a demo account with the published demo key. "
                "Real accounts use their own authenticator app; nothing here can show their codes."
            )
        now = time.time()
        code = signin.unused_code(device, now)
        if code is None:
            wait = int(device.step - now % device.step) + 1
            raise CommandError(f"This code and the next have been used. Try again in {wait} seconds.")
        left = int(device.step - now % device.step)
        self.stdout.write(code)
        self.stderr.write(f"Security code for {username}; the app would show it for about {left} more seconds.")
