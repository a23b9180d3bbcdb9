"""The audit trail: who did what to which record, when, and in which capacity.

Every read of a case record and every change writes one event, in the same
database transaction as the change, so a change that is rolled back leaves no
event and an event never claims a change that did not happen. Events describe
their target by type and id, not by foreign key, so they outlive what they
describe. (Hash chaining and database-level append-only protection come with
the security work; `record` is the only writer, so both can be added there.)
"""

from __future__ import annotations

from django.db import models


class Verb(models.TextChoices):
    SIGN_IN = "sign_in", "signed in"
    SIGN_OUT = "sign_out", "signed out"
    SWITCH_HUB = "switch_hub", "switched hub"
    VIEW = "view", "viewed"
    LIST = "list", "listed"
    SEARCH = "search", "searched"
    CREATE = "create", "created"
    UPDATE = "update", "changed"
    SUBMIT = "submit", "submitted"
    TRIAGE = "triage", "triaged"
    RETRIAGE = "retriage", "changed the triage level of"
    LINK = "link", "linked"
    REFUSED = "refused", "was refused access to"
    CONFIGURE = "configure", "changed the configuration of"


class AuditEvent(models.Model):
    """One thing a person did, or tried to do, recorded as it happened."""

    at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL, related_name="+")
    actor_name = models.CharField(max_length=160, blank=True)
    hub = models.ForeignKey("hubs.Hub", null=True, on_delete=models.SET_NULL, related_name="+")
    agency_name = models.CharField(max_length=160, blank=True)
    role = models.CharField(max_length=20, blank=True)
    verb = models.CharField(max_length=12, choices=Verb.choices)
    target_type = models.CharField(max_length=40, blank=True)
    target_id = models.CharField(max_length=40, blank=True)
    target_label = models.CharField(max_length=160, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    justification = models.TextField(blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return self.sentence()

    def sentence(self) -> str:
        """The one readable rendering of an event, used everywhere events are shown."""
        who = self.actor_name or "Someone"
        what = Verb(self.verb).label
        target = f" {self.target_type} {self.target_label or self.target_id}".rstrip()
        return f"{who} {what}{target}"
