"""Meetings: daily MASH meetings, strategy discussions and service-planning meetings.

A meeting has an agenda of contacts (cases due, by level and deadline), a record
of which agencies attended, what each agency said about each case and the level
it recommended, and the actions agreed. What an agency said is recorded as it was
said and never edited: a correction is a new record pointing at the one it
corrects, so the record shows each practitioner's view as it was on the day
(domain.md, "Recording for assurance").
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from openmash.accounts.models import AgencyKind

# A strategy discussion needs at least the local authority, police and health
# (Working Together 2023); the meeting page warns while any of them is missing.
STATUTORY_STRATEGY_AGENCIES = (AgencyKind.CHILDRENS_SOCIAL_CARE, AgencyKind.POLICE, AgencyKind.HEALTH)


class MeetingKind(models.TextChoices):
    DAILY = "daily", "Daily MASH meeting"
    STRATEGY = "strategy", "Strategy discussion"
    SERVICE_PLANNING = "service_planning", "Service-planning meeting"


class Meeting(models.Model):
    """One meeting of the hub, planned for a time, and held (closed) once it has taken place.

    A strategy discussion is about one contact (`contact`); the other kinds have an
    agenda of several contacts and no `contact` of their own.
    """

    hub = models.ForeignKey("hubs.Hub", on_delete=models.PROTECT, related_name="meetings")
    kind = models.CharField(max_length=20, choices=MeetingKind.choices)
    scheduled_for = models.DateTimeField(help_text="When the meeting is (or was) due to start.")
    chair = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    contact = models.ForeignKey(
        "contacts.Contact",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="strategy_discussions",
        help_text="For a strategy discussion: the contact it is about.",
    )
    notes = models.TextField(blank=True, help_text="Anything about the meeting as a whole.")
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    held_at = models.DateTimeField(
        null=True, blank=True, help_text="When it was marked as held. A held meeting is closed to new business."
    )
    closed_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    missing_attendance_reason = models.TextField(
        blank=True,
        help_text="Why a strategy discussion went ahead without the local authority, police and health present.",
    )

    class Meta:
        ordering = ["-scheduled_for", "-pk"]
        indexes = [models.Index(fields=["hub", "held_at", "scheduled_for"])]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="strategy") & Q(contact__isnull=False))
                | (~Q(kind="strategy") & Q(contact__isnull=True)),
                name="strategy_discussions_are_about_one_contact",
            ),
            models.CheckConstraint(
                condition=Q(held_at__isnull=True, closed_by__isnull=True)
                | Q(held_at__isnull=False, closed_by__isnull=False),
                name="held_meetings_record_who_closed_them",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}, {self.scheduled_for:%d %b %Y %H:%M}"

    @property
    def is_held(self) -> bool:
        return self.held_at is not None

    @property
    def is_strategy(self) -> bool:
        return self.kind == MeetingKind.STRATEGY


class AgendaItem(models.Model):
    """A contact on a meeting's agenda, in its place, and why it is there ("Deadline in 2 hours, Red")."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    contact = models.ForeignKey("contacts.Contact", on_delete=models.PROTECT, related_name="agenda_items")
    order = models.PositiveSmallIntegerField()
    reason = models.CharField(max_length=200, help_text="Why it is on the agenda, as the chair saw it.")
    added_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["meeting", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "contact"], name="contact_once_per_agenda"),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.contact}"


class Attendance(models.Model):
    """Who came to a meeting for an agency, or that the agency sent apologies."""

    class Status(models.TextChoices):
        PRESENT = "present", "Present"
        APOLOGIES = "apologies", "Sent apologies"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    attendee_name = models.CharField(max_length=120, blank=True, help_text="Who attended (or sent apologies).")
    status = models.CharField(max_length=10, choices=Status.choices)
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["agency__name", "attendee_name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "agency", "attendee_name"], name="attendee_once_per_meeting"),
        ]

    def __str__(self) -> str:
        who = f"{self.attendee_name}, {self.agency}" if self.attendee_name else str(self.agency)
        return f"{who}: {self.get_status_display()}"


class MeetingContribution(models.Model):
    """What one agency said about one case at the meeting, and the level it recommended.

    Recorded as it was said and never edited. A correction is a new row whose
    `corrects` points at the row it corrects; the original stays as it was.
    """

    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, related_name="contributions")
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    said = models.TextField(help_text="What the agency said, as it said it.")
    recommended_level = models.ForeignKey(
        "hubs.TriageLevel", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()
    corrects = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrected_by",
        help_text="The record this one corrects; that record is kept as it was.",
    )

    class Meta:
        ordering = ["agenda_item", "recorded_at", "pk"]

    def __str__(self) -> str:
        return f"{self.agency} on {self.agenda_item.contact}"

    @property
    def is_corrected(self) -> bool:
        return hasattr(self, "corrected_by")


class Action(models.Model):
    """Something agreed at the meeting about a case: who will do it, by when, and whether it is done."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        DONE = "done", "Done"

    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, related_name="actions")
    description = models.TextField()
    owner_agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    owner_name = models.CharField(max_length=120, blank=True, help_text="The person in that agency, if named.")
    due_on = models.DateField()
    status = models.CharField(max_length=4, choices=Status.choices, default=Status.OPEN)
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["agenda_item", "due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open", done_at__isnull=True) | Q(status="done", done_at__isnull=False),
                name="done_actions_have_a_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.owner_agency}: {self.description[:60]}"
