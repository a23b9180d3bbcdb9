"""How long the hub keeps each kind of record, and the records that have reached the end of that time.

Each hub sets a period per record type, with its reason in the hub's own words
(a default applies until it does). `manage.py retention_review`, run by a
scheduler, marks records whose period has ended as due for deletion, or due for
review where deleting them needs a person's judgement (the same people have a
later contact). Nothing is deleted until a hub manager confirms it on the
retention page; the deletion is audited and the audit trail keeps its events.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q


class RecordType(models.TextChoices):
    CONTACT_NFA = "contact_nfa", "Contact closed with no further action or signposting"
    CONTACT_DECIDED = "contact_decided", "Contact with a MASH decision or passed on for a service"
    INFORMATION_REQUEST = "information_request", "Information request to an agency, with its answers"
    MEETING = "meeting", "MASH or service-planning meeting"
    LETTER = "letter", "Letter to a family"


# Defaults until a hub sets its own: (years, reason).
DEFAULTS: dict[str, tuple[int, str]] = {
    RecordType.CONTACT_NFA: (
        6,
        "A contact that led to no service is kept six years from its receipt, so a repeat concern can be "
        "seen in context, and then deleted.",
    ),
    RecordType.CONTACT_DECIDED: (
        25,
        "A contact that led to a service is part of the child's social care history; kept 25 years from "
        "receipt (about the child's adulthood), as for a children's social care record.",
    ),
    RecordType.INFORMATION_REQUEST: (
        6,
        "A request and the agencies' answers are kept six years from when it was sent, unless the contact "
        "they belong to is kept longer and still needs them.",
    ),
    RecordType.MEETING: (6, "A daily or service-planning meeting's record is kept six years from the meeting."),
    RecordType.LETTER: (6, "A copy of a letter to a family is kept six years from sending."),
}


class RetentionPeriod(models.Model):
    """A hub's own period for one record type, and why."""

    hub = models.ForeignKey("hubs.Hub", on_delete=models.CASCADE, related_name="retention_periods")
    record_type = models.CharField(max_length=30, choices=RecordType.choices)
    years = models.PositiveSmallIntegerField()
    reason = models.TextField(help_text="Why the hub keeps this kind of record this long, in the hub's words.")
    set_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["hub", "record_type"], name="one_period_per_hub_record_type"),
            models.CheckConstraint(condition=Q(years__gte=1, years__lte=100), name="retention_years_1_to_100"),
        ]

    def __str__(self) -> str:
        return f"{self.hub}: {self.get_record_type_display()}, {self.years} years"


class RetentionMark(models.Model):
    """A record whose retention period has ended, and what became of it.

    Named by model label and id (like an audit event), so the mark outlives the
    record: once deleted, the mark says when, by whom and why.
    """

    class Status(models.TextChoices):
        DUE_REVIEW = "due_review", "Due for review"
        DUE_DELETION = "due_deletion", "Due for deletion"
        DELETED = "deleted", "Deleted"
        KEPT = "kept", "Kept"

    hub = models.ForeignKey("hubs.Hub", on_delete=models.CASCADE, related_name="+")
    record_type = models.CharField(max_length=30, choices=RecordType.choices)
    model = models.CharField(max_length=60)
    object_id = models.CharField(max_length=40)
    label = models.CharField(max_length=160, help_text="How the record read when marked (its reference).")
    retained_from = models.DateField(help_text="The date the period counts from.")
    due_on = models.DateField(help_text="When the period ended.")
    status = models.CharField(max_length=14, choices=Status.choices)
    review_reason = models.CharField(max_length=300, blank=True, help_text="Why a person must look before deleting.")
    marked_at = models.DateTimeField()
    decided_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["model", "object_id"],
                condition=Q(status__in=["due_review", "due_deletion"]),
                name="one_open_retention_mark_per_record",
            )
        ]

    def __str__(self) -> str:
        return f"{self.label}: {self.get_status_display()}"

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.DUE_REVIEW, self.Status.DUE_DELETION)
