"""The state of signing in, kept in the server-side session, and the authenticator codes.

Signing in takes two steps. The password step does not sign anyone in: it records
a *pending* user in the (still anonymous) session. Only once a code from the
user's authenticator app is verified (or, the first time, the app is set up) does
`django.contrib.auth.login` run, so until then every page but the two-step pages
and sign-out behaves exactly as for a stranger (LoginRequiredMiddleware).

Times are Unix seconds from `django.utils.timezone.now()`, so tests can move the
clock (time-machine).
"""

from __future__ import annotations

import base64
import time
from dataclasses import dataclass

import segno
from django.conf import settings
from django.contrib.auth import get_user_model
from django.http import HttpRequest
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from openmash.accounts.models import User

PENDING_USER = "signin_pending_user"
PENDING_BACKEND = "signin_pending_backend"
PENDING_AT = "signin_pending_at"
PENDING_NEXT = "signin_next"
SIGNED_IN_AT = "signed_in_at"
LAST_SEEN = "last_seen"
AUTHENTICATED_AT = "authenticated_at"

DEVICE_NAME = "Authenticator app"


def now() -> float:
    return timezone.now().timestamp()


def client_address(request: HttpRequest) -> str | None:
    """The address lock-out keys on (settings.CLIENT_ADDRESS_HEADER; REMOTE_ADDR by default).

    A proxy header may hold a list ("client, proxy1"): the first entry is the client's as
    the proxy saw it. Only name a header that the proxy always overwrites.
    """
    raw = request.META.get(settings.CLIENT_ADDRESS_HEADER) or request.META.get("REMOTE_ADDR")
    if not raw:
        return None
    return str(raw).split(",")[0].strip() or None


# -- The pending sign-in: password done, code not yet ----------------------------------------


@dataclass(frozen=True)
class Pending:
    user: User
    backend: str
    next_url: str


def pending_start(request: HttpRequest, *, user: User, backend: str, next_url: str) -> None:
    """Remember who gave a correct password, for the code step. A new session key stops
    anyone who planted a session id from riding along (session fixation)."""
    request.session.cycle_key()
    request.session[PENDING_USER] = user.pk
    request.session[PENDING_BACKEND] = backend
    request.session[PENDING_AT] = now()
    request.session[PENDING_NEXT] = next_url


def pending_get(request: HttpRequest) -> Pending | None:
    """The pending user, or None if there is none, it is too old, or the account was disabled."""
    user_id = request.session.get(PENDING_USER)
    started = request.session.get(PENDING_AT)
    if user_id is None or started is None:
        return None
    if now() - float(started) > settings.SIGN_IN_PENDING_TIMEOUT.total_seconds():
        pending_clear(request)
        return None
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        pending_clear(request)
        return None
    return Pending(
        user=user,
        backend=str(request.session.get(PENDING_BACKEND, settings.AUTHENTICATION_BACKENDS[-1])),
        next_url=str(request.session.get(PENDING_NEXT, "")),
    )


def pending_clear(request: HttpRequest) -> None:
    for key in (PENDING_USER, PENDING_BACKEND, PENDING_AT, PENDING_NEXT):
        request.session.pop(key, None)


# -- Authenticator devices and codes ----------------------------------------------------------


def confirmed_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def setup_device(user: User) -> TOTPDevice:
    """The unconfirmed device being set up, made on first visit and kept until confirmed,
    so reloading the set-up page shows the same QR code."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def secret_text(device: TOTPDevice) -> str:
    """The key as people type it into an authenticator app: base32 in groups of four."""
    b32 = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(b32[i : i + 4] for i in range(0, len(b32), 4))


def qr_svg(device: TOTPDevice) -> str:
    """The device's otpauth:// URL as an inline SVG QR code: no script, no style, no request."""
    qr = segno.make(device.config_url, error="m")
    svg = qr.svg_inline(
        scale=4,
        title="QR code to scan with your authenticator app",
        svgclass="om-qr-code",
        lineclass=None,
        dark="#0b0c0c",
        light="#ffffff",
    )
    # role="img" with its <title> gives screen readers a name for the picture.
    return str(svg).replace("<svg ", '<svg role="img" focusable="false" ', 1)


def code_at(device: TOTPDevice, at: float, *, step_offset: int = 0) -> str:
    """The code an authenticator app shows at Unix time `at` (plus whole steps)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = at + step_offset * device.step
    return f"{totp.token():0{device.digits}d}"


def unused_code(device: TOTPDevice, at: float | None = None) -> str | None:
    """The code an app shows now, or, if that one has been used, the next one (which the
    server accepts a step early); None if both are used. For tests and the demo only."""
    at = time.time() if at is None else at
    current_t = int((at - device.t0) // device.step) + device.drift
    for offset in (0, 1):
        if current_t + offset > device.last_t:
            return code_at(device, at, step_offset=offset)
    return None
