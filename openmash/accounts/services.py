"""Changes to a practitioner's session: signing in and out, the second factor, choosing a hub."""

from __future__ import annotations

import django_otp
from django.conf import settings
from django.contrib import auth
from django.contrib.auth.signals import user_login_failed
from django.db import transaction
from django.http import HttpRequest
from django_otp.plugins.otp_totp.models import TOTPDevice

from openmash.accounts import signin
from openmash.accounts.middleware import SESSION_KEY
from openmash.accounts.models import Membership, User
from openmash.audit.models import Verb
from openmash.audit.services import audit_record


@transaction.atomic
def membership_switch(*, request: HttpRequest, user: User, membership: Membership) -> Membership:
    """Act in another hub. The membership must be the user's own and active."""
    if membership.user_id != user.pk or not membership.is_active:
        raise PermissionError("Not your membership")
    request.session[SESSION_KEY] = membership.pk
    audit_record(verb=Verb.SWITCH_HUB, actor=user, membership=membership, target=membership.hub)
    return membership


# -- Signing in and the session (docs/security.md) ---------------------------------------------


@transaction.atomic
def sign_in_password_failed(*, username: str) -> None:
    """A wrong password, an unknown username or a disabled account: one event, whichever it was.

    The actor is the account the username names, if there is one; what was typed is not kept
    (people type passwords into the username box, and the audit trail is permanent).
    Django's authenticate() has already counted the failure toward lock-out (django-axes).
    """
    actor = User.objects.filter(username=username).first() if username else None
    audit_record(verb=Verb.SIGN_IN_FAILED, actor=actor, detail={"step": "password"})


@transaction.atomic
def sign_in_code_failed(*, request: HttpRequest, user: User, step: str) -> None:
    """A wrong, reused or malformed security code: audited, and counted toward lock-out
    exactly like a wrong password (django-axes listens for `user_login_failed`)."""
    audit_record(verb=Verb.SIGN_IN_FAILED, actor=user, detail={"step": step})
    user_login_failed.send(sender=__name__, credentials={"username": user.get_username()}, request=request)


@transaction.atomic
def mfa_enrol(*, user: User, device: TOTPDevice) -> TOTPDevice:
    """The user proved their new authenticator app works: it becomes their second factor."""
    if device.user_id != user.pk:
        raise PermissionError("Not your device")
    device.confirmed = True
    device.full_clean()
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    audit_record(verb=Verb.MFA_ENROL, actor=user, target=device)
    return device


@transaction.atomic
def sign_in_complete(*, request: HttpRequest, user: User, backend: str, device: TOTPDevice) -> None:
    """Password and code both verified: sign in for real, and start the session's clocks."""
    signin.pending_clear(request)
    auth.login(request, user, backend=backend)  # a new session key; axes clears this pair's failures
    django_otp.login(request, device)
    moment = signin.now()
    request.session[signin.SIGNED_IN_AT] = moment
    request.session[signin.LAST_SEEN] = moment
    request.session[signin.AUTHENTICATED_AT] = moment
    audit_record(verb=Verb.SIGN_IN, actor=user, detail={"second_factor": "totp"})


@transaction.atomic
def reauthenticate(*, request: HttpRequest, user: User) -> None:
    """The signed-in user gave their password and a fresh code again (before an export)."""
    request.session[signin.AUTHENTICATED_AT] = signin.now()
    audit_record(verb=Verb.REAUTHENTICATE, actor=user)


@transaction.atomic
def sign_in_lock_out(*, request: HttpRequest, username: str) -> None:
    """Too many failures for this username from this address: end any sign-in in progress
    (and the session, if the failures were at re-authentication) and record it."""
    actor = User.objects.filter(username=username).first() if username else None
    audit_record(verb=Verb.LOCKED_OUT, actor=actor, detail={"limit": settings.AXES_FAILURE_LIMIT})
    signin.pending_clear(request)
    if request.user.is_authenticated:
        auth.logout(request)
        request.membership = None  # type: ignore[attr-defined]  # the page says nothing of a hub


@transaction.atomic
def session_expire(*, request: HttpRequest, user: User, reason: str) -> None:
    """Sign out a session that was idle too long or has reached its absolute lifetime."""
    audit_record(verb=Verb.SESSION_EXPIRED, actor=user, detail={"reason": reason})
    auth.logout(request)


@transaction.atomic
def mfa_reset(*, user: User, by: User | None) -> int:
    """Remove someone's authenticator (lost phone): their sessions end on their next request,
    and they set up an app again at their next sign-in. `by` is None for the operator's command."""
    removed, _ = TOTPDevice.objects.filter(user=user).delete()
    audit_record(verb=Verb.UPDATE, actor=by, target=user, detail={"two_step_sign_in": "reset", "devices": removed})
    return removed
