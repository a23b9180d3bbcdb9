"""Letters and messages to families, in plain English.

A letter starts from one of the hub's templates for the common moments, is edited as a
draft, and is sent only when it passes the checks: hub jargon written out in full, a
reading age at or under the hub's target, and, for difficult news late on a Friday or
before a bank holiday, a confirmed reason. Once sent it is never changed.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q


class LetterSettings(models.Model):
    """A hub's rules for letters. Defaults hold until a manager saves them."""

    hub = models.OneToOneField("hubs.Hub", on_delete=models.CASCADE, related_name="letter_settings")
    max_reading_age = models.PositiveSmallIntegerField(
        default=12, help_text="The highest reading age a letter may have (default 12: the 11 to 12 target)."
    )
    late_warning_from = models.TimeField(
        default=dt.time(15, 0),
        help_text="From this time on a Friday, or the day before a bank holiday, difficult news needs a confirmed reason.",
    )

    phone = models.CharField(max_length=30, default="01632 960000", help_text="The number families call.")
    out_of_hours_phone = models.CharField(max_length=30, default="01632 960001")

    def __str__(self) -> str:
        return f"Letter settings for {self.hub}"


class GlossaryTerm(models.Model):
    """A piece of hub jargon and how to write it out for a family. Adds to, or overrides, the built-in list."""

    hub = models.ForeignKey("hubs.Hub", on_delete=models.CASCADE, related_name="glossary_terms")
    term = models.CharField(max_length=20)
    expansion = models.CharField(max_length=160)

    class Meta:
        ordering = ["term"]
        constraints = [models.UniqueConstraint(fields=["hub", "term"], name="glossary_term_once_per_hub")]

    def __str__(self) -> str:
        return f"{self.term}: {self.expansion}"


class LetterTemplateCode(models.TextChoices):
    CONCERN_RECEIVED = "concern_received", "We have received a concern"
    ASKING_SERVICES = "asking_services", "We are asking other services"
    OUTCOME = "outcome", "What we decided"
    WORKER_CHANGED = "worker_changed", "Your worker has changed"
    WHAT_NEXT = "what_next", "What happens next"


class SendMethod(models.TextChoices):
    POST = "post", "By post"
    EMAIL = "email", "By email"
    BY_HAND = "hand", "By hand"


class Letter(models.Model):
    """One letter to one person in a case: a draft until sent, then kept exactly as sent."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SENT = "sent", "Sent"

    hub = models.ForeignKey("hubs.Hub", on_delete=models.PROTECT, related_name="+")
    contact = models.ForeignKey("contacts.Contact", on_delete=models.PROTECT, related_name="letters")
    recipient = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="letters")
    template = models.CharField(max_length=20, choices=LetterTemplateCode.choices)
    subject = models.CharField(max_length=160)
    body = models.TextField()
    difficult_news = models.BooleanField(
        default=False, help_text="News the family may find hard to hear: warn before sending it late on a Friday."
    )
    status = models.CharField(max_length=5, choices=Status.choices, default=Status.DRAFT)
    reading_age = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True)
    method = models.CharField(max_length=5, choices=SendMethod.choices, blank=True)
    late_send_reason = models.TextField(
        blank=True, help_text="Why difficult news was sent late on a Friday or before a bank holiday."
    )
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    sent_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft", sent_at__isnull=True)
                | (Q(status="sent", sent_at__isnull=False) & ~Q(method="") & Q(reading_age__isnull=False)),
                name="sent_letters_have_time_method_and_score",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_template_display()} to {self.recipient}"

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT
