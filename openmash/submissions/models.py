"""One-time tokens for create forms, so a double-clicked or resent form makes one record, not two.

A create page carries a fresh random token in a hidden field. The first POST with it
claims the token (a unique row) in the same transaction as the record it creates; a
second POST with the same token finds the claim and is sent to that record instead.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class Submission(models.Model):
    token = models.UUIDField(unique=True, help_text="The form's one-time token.")
    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=60, help_text="The model of the record the submission made.")
    object_id = models.CharField(max_length=40, blank=True, help_text="That record's id.")
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id} from form {self.token}"
