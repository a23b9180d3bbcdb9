"""Two-step sign-in for the synthetic demo accounts.

Every demo account needs a second factor like any other. So that someone trying the
demo need not set up an app for each of two dozen accounts, each demo account gets an
authenticator device with one *published* key (like the one published password): add
it once to any authenticator app, or ask `manage.py demo_code <username>` for the code.

The key is public, so it protects nothing: it exists only for synthetic demo data, and
`demo_code` refuses any account whose device does not hold exactly this key.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Iterable

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from openmash.accounts.models import User

# 20 bytes, hex: the SHA-1 of "openmash synthetic demo" (anyone can re-derive it).
DEMO_KEY = "19e48659c76fbc307a6c1534b70d285b0387644d"
DEMO_DEVICE_NAME = "Demo authenticator (published key)"


def demo_key_text() -> str:
    """The published key as an authenticator app takes it (base32, in groups of four)."""
    b32 = base64.b32encode(binascii.unhexlify(DEMO_KEY)).decode("ascii")
    return " ".join(b32[i : i + 4] for i in range(0, len(b32), 4))


def is_demo_device(device: TOTPDevice) -> bool:
    return device.key == DEMO_KEY and device.name == DEMO_DEVICE_NAME


@transaction.atomic
def demo_mfa_seed(*, usernames: Iterable[str], write: Callable[[str], object]) -> int:
    """Give each demo account that has no authenticator the published demo key, and say how
    to sign in. Safe to run again (and on a demo database seeded before two-step sign-in)."""
    users = User.objects.filter(username__in=list(usernames)).exclude(totpdevice__confirmed=True)
    made = TOTPDevice.objects.bulk_create(
        [TOTPDevice(user=user, name=DEMO_DEVICE_NAME, key=DEMO_KEY, confirmed=True) for user in users]
    )
    write(
        "\nTwo-step sign-in: after the password, openmash asks for a 6-digit security code. For every demo account,"
        "\nget it with:  .venv/bin/python manage.py demo_code <username>"
        f"\nor add this published demo key to an authenticator app (time-based, 6 digits, 30 seconds): {demo_key_text()}"
    )
    return len(made)
