"""Handling markings (Government Security Classifications): how a record must be handled.

Every case record is OFFICIAL; most are OFFICIAL-SENSITIVE, with a descriptor that
says why ("PERSONAL": information about identifiable people; "LAW ENFORCEMENT":
police intelligence). Each kind of record has a default marking (`registry.py`),
so no other app's table needs a column. A `Marking` row overrides the default for
one record, or for one field of it, when a practitioner changes it.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q


class Classification(models.TextChoices):
    OFFICIAL = "OFFICIAL", "OFFICIAL"
    OFFICIAL_SENSITIVE = "OFFICIAL-SENSITIVE", "OFFICIAL-SENSITIVE"


class Descriptor(models.TextChoices):
    NONE = "", "No descriptor"
    PERSONAL = "PERSONAL", "PERSONAL"
    LAW_ENFORCEMENT = "LAW ENFORCEMENT", "LAW ENFORCEMENT"
    MEDICAL = "MEDICAL", "MEDICAL"


class Marking(models.Model):
    """The marking a practitioner gave one record (or one field of it), replacing its default.

    The record is named by model label and primary key, like an audit event's
    target, so that markings need no column in other apps' tables. A marking is
    changed by `services.marking_set`, which audits the change (verb MARK).
    """

    model = models.CharField(max_length=60, help_text='The record\'s model label, e.g. "contacts.contact".')
    object_id = models.CharField(max_length=40)
    field = models.CharField(max_length=60, blank=True, help_text="Empty for the whole record.")
    classification = models.CharField(max_length=20, choices=Classification.choices)
    descriptor = models.CharField(max_length=20, choices=Descriptor.choices, blank=True)
    reason = models.TextField(help_text="Why the marking differs from the default.")
    set_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["model", "object_id", "field"], name="one_marking_per_record_field"),
            models.CheckConstraint(
                condition=Q(classification="OFFICIAL-SENSITIVE") | Q(descriptor=""),
                name="descriptors_only_on_official_sensitive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.model} {self.object_id}{'.' + self.field if self.field else ''}: {self.classification}"
