"""Make a create form's record at most once per one-time token."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from django.core.exceptions import SuspiciousOperation
from django.db import IntegrityError, models, transaction
from django.http import HttpRequest

from openmash.submissions.models import Submission

if TYPE_CHECKING:
    from openmash.accounts.models import User

TOKEN_FIELD = "submission_token"  # noqa: S105 - the hidden field's name, not a secret
T = TypeVar("T", bound=models.Model)


def posted_token(request: HttpRequest) -> uuid.UUID | None:
    """The one-time token the form was posted with, or None if it has none (or not a valid one)."""
    try:
        return uuid.UUID(request.POST.get(TOKEN_FIELD, ""))
    except ValueError:
        return None


def submit_once(*, token: uuid.UUID | None, user: User, create: Callable[[], T]) -> tuple[T | None, str]:
    """Run `create` unless an earlier POST with this token already made its record.

    Returns (the record, its id) when this POST made it, and (None, the earlier record's
    id) when the token was used before, so the page can send the practitioner to what
    their first click made. Without a token `create` simply runs.

    The claim is inserted in the same transaction as the record, so if `create` fails
    (a validation error) the token is free again for the corrected form. Two POSTs at
    the same moment: the second's INSERT of the same token waits for the first's
    transaction (PostgreSQL's unique index; SQLite's write lock) and then fails, and the
    first's record is committed by the time it is looked up.
    """
    if token is None:
        record = create()
        return record, str(record.pk)
    try:
        with transaction.atomic():
            claim = Submission.objects.create(token=token, user=user)
            record = create()
            claim.kind = record._meta.label_lower
            claim.object_id = str(record.pk)
            claim.save(update_fields=["kind", "object_id"])
            return record, claim.object_id
    except IntegrityError:
        earlier = Submission.objects.filter(token=token).first()
        if earlier is None:
            raise  # the record's own constraint failed, not the token's
        if earlier.user_id != user.pk:
            raise SuspiciousOperation("A form token was reused by another user") from None
        return None, earlier.object_id
