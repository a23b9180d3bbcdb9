"""Hub configuration: who the partners are, the triage scale, the calendar, the thresholds.

A hub is one local authority's front door. Everything that differs between hubs
(scale, timelines, routes, partners, working hours, threshold document) is data
here, so that the three case-study hubs are three configurations of one program.

Configuration that a decision depends on is versioned, never edited in place: a
change to a triage level retires the old row and adds a new one, and a threshold
document is replaced by a new version. Decisions point at the rows they were made
under, so a later change never alters what was decided.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from openmash.hubs import worktime

if TYPE_CHECKING:
    from collections.abc import Iterable


class HubModel(models.TextChoices):
    RISK_ASSESSMENT = "risk", "Risk assessment"
    NEEDS_ASSESSMENT = "needs", "Needs assessment"
    NEEDS_AND_SERVICE_PLANNING = "needs_planning", "Needs assessment and service planning"


class Route(models.TextChoices):
    """Where a contact goes after initial triage (domain.md, steps 2 and 3)."""

    MASH = "mash", "Through the MASH (multi-agency information gathering)"
    ALLOCATED_WORKER = "allocated_worker", "Straight to the allocated social worker and their manager"
    STRATEGY_DISCUSSION = "strategy", "Straight to a strategy discussion"
    EARLY_HELP = "early_help", "Straight to Early Help"
    UNIVERSAL = "universal", "Signpost to universal services"
    NFA = "nfa", "No further action"


class TimelineUnit(models.TextChoices):
    WORKING_HOURS = "working_hours", "working hours"
    WORKING_DAYS = "working_days", "working days"


class TagColour(models.TextChoices):
    """GOV.UK Frontend tag colours, so a level's colour is always an accessible pair."""

    GREEN = "green", "Green"
    YELLOW = "yellow", "Yellow"
    ORANGE = "orange", "Orange"
    RED = "red", "Red"
    BLUE = "blue", "Blue"
    LIGHT_BLUE = "light-blue", "Light blue"
    PURPLE = "purple", "Purple"
    PINK = "pink", "Pink"
    GREY = "grey", "Grey"
    TURQUOISE = "turquoise", "Turquoise"


class Hub(models.Model):
    """One local authority's front door, and the configuration it runs under."""

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=40, unique=True)
    local_authority = models.CharField(max_length=120)
    la_code = models.CharField(
        "LA code", max_length=3, blank=True, help_text="The three-digit DfE local authority code."
    )
    model = models.CharField(max_length=20, choices=HubModel.choices)
    takes_adult_referrals = models.BooleanField(
        default=False, help_text="Whether the hub also takes safeguarding concerns about adults."
    )
    # Working calendar (bank holidays come from the `holidays` package plus overrides).
    day_start = models.TimeField(default=dt.time(9, 0))
    day_end = models.TimeField(default=dt.time(17, 0))
    working_weekdays = models.CharField(max_length=13, default="0,1,2,3,4", help_text="Weekday numbers, Monday is 0.")
    analyses_visible_to_partners = models.BooleanField(
        default=False,
        help_text="Whether every agency asked about a case sees the others' submitted analyses "
        "(shared at the daily meeting), or only the hub's social workers and managers do.",
    )
    decisions_by_managers_only = models.BooleanField(
        default=False, help_text="Whether only hub managers record MASH decisions (otherwise social workers too)."
    )
    historic_item_years = models.PositiveSmallIntegerField(
        default=5, help_text="Items older than this are flagged as historic and need a reason to be shared."
    )
    referral_decision_working_days = models.PositiveSmallIntegerField(
        default=1, help_text="Working Together 2023: decide on a referral within one working day."
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.day_start and self.day_end and self.day_end <= self.day_start:
            raise ValidationError({"day_end": "The working day must end after it starts"})

    def weekdays(self) -> frozenset[int]:
        return frozenset(int(d) for d in self.working_weekdays.split(",") if d.strip())

    def calendar(self) -> worktime.WorkingCalendar:
        """The hub's working calendar, with its bank-holiday overrides."""
        overrides: Iterable[CalendarOverride] = self.calendar_overrides.all()
        closed = frozenset(o.date for o in overrides if not o.is_open)
        opened = frozenset(o.date for o in overrides if o.is_open)
        return worktime.WorkingCalendar(
            day_start=self.day_start,
            day_end=self.day_end,
            working_weekdays=self.weekdays(),
            closed_dates=closed,
            open_dates=opened,
        )

    def current_levels(self) -> models.QuerySet[TriageLevel]:
        return self.triage_levels.filter(retired_at__isnull=True).order_by("rank")

    def current_threshold_document(self) -> ThresholdDocument | None:
        return self.threshold_documents.filter(published_at__isnull=False).order_by("-version").first()


class CalendarOverride(models.Model):
    """A day the hub is closed although it would normally work, or open although a bank holiday."""

    hub = models.ForeignKey(Hub, on_delete=models.CASCADE, related_name="calendar_overrides")
    date = models.DateField()
    is_open = models.BooleanField(
        default=False, help_text="Open: the hub works this day. Not open: the hub is closed this day."
    )
    reason = models.CharField(max_length=120)

    class Meta:
        ordering = ["date"]
        constraints = [models.UniqueConstraint(fields=["hub", "date"], name="one_override_per_hub_day")]

    def __str__(self) -> str:
        return f"{self.date:%d %B %Y}: {'open' if self.is_open else 'closed'} ({self.reason})"


class HubPartner(models.Model):
    """An agency taking part in a hub, in the room (core) or virtually."""

    class Presence(models.TextChoices):
        CORE = "core", "Core (in the hub)"
        VIRTUAL = "virtual", "Virtual"

    hub = models.ForeignKey(Hub, on_delete=models.CASCADE, related_name="partners")
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="hub_partnerships")
    presence = models.CharField(max_length=10, choices=Presence.choices, default=Presence.CORE)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["agency__name"]
        constraints = [models.UniqueConstraint(fields=["hub", "agency"], name="agency_once_per_hub")]

    def __str__(self) -> str:
        return f"{self.agency} ({self.get_presence_display()})"


class TriageLevel(models.Model):
    """One level of a hub's triage scale, as it stood from `created_at` until `retired_at`.

    Rows are never edited once a contact has been triaged under them: a change
    retires this row and creates its successor with the same `code`.
    """

    hub = models.ForeignKey(Hub, on_delete=models.CASCADE, related_name="triage_levels")
    code = models.SlugField(max_length=30, help_text="Stable identifier across versions, e.g. 'amber'.")
    version = models.PositiveIntegerField(default=1)
    label = models.CharField(max_length=40)
    colour = models.CharField(max_length=12, choices=TagColour.choices)
    rank = models.PositiveSmallIntegerField(help_text="Higher is more urgent.")
    description = models.CharField(max_length=300, blank=True)
    timeline_amount = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Empty when the level has no timeline of its own."
    )
    timeline_unit = models.CharField(max_length=15, choices=TimelineUnit.choices, blank=True)
    timeline_label = models.CharField(
        max_length=60, blank=True, help_text="How the hub says it, e.g. '24 hours' or 'Immediate'."
    )
    is_statutory = models.BooleanField(help_text="At or above the statutory threshold (section 17 or 47).")
    goes_through_mash = models.BooleanField(help_text="Whether contacts at this level go through the MASH.")
    allowed_routes = models.JSONField(default=list, help_text="Route codes allowed at this level.")
    created_at = models.DateTimeField(auto_now_add=True)
    retired_at = models.DateTimeField(null=True, blank=True)
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by"
    )

    class Meta:
        ordering = ["hub", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["hub", "code", "version"], name="level_version_unique"),
            models.UniqueConstraint(
                fields=["hub", "code"], condition=Q(retired_at__isnull=True), name="one_current_level_per_code"
            ),
            models.CheckConstraint(
                condition=(Q(timeline_amount__isnull=True) & Q(timeline_unit=""))
                | (Q(timeline_amount__isnull=False) & ~Q(timeline_unit="")),
                name="timeline_amount_and_unit_together",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    def clean(self) -> None:
        errors: dict[str, str] = {}
        unknown = set(self.allowed_routes or []) - set(Route.values)
        if unknown:
            errors["allowed_routes"] = "Choose routes from the list"
        if not self.allowed_routes:
            errors["allowed_routes"] = "Choose at least one route for this level"
        if (self.timeline_amount is None) != (not self.timeline_unit):
            errors["timeline_amount"] = "Enter both a timeline and its unit, or neither"
        if errors:
            raise ValidationError(errors)

    def timeline_text(self) -> str:
        if self.timeline_amount is None:
            return self.timeline_label or "No timeline of its own"
        unit = TimelineUnit(self.timeline_unit).label
        exact = f"{self.timeline_amount} {unit.removesuffix('s') if self.timeline_amount == 1 else unit}"
        if self.timeline_label and self.timeline_label != exact:
            return f"{self.timeline_label} ({exact})"
        return exact

    def route_choices(self) -> list[tuple[str, str]]:
        return [(r.value, r.label) for r in Route if r.value in self.allowed_routes]


class ThresholdDocument(models.Model):
    """A published version of the hub's threshold document (levels and indicators).

    Drafts have no `published_at`. A published version is never edited: a change is a new version.
    """

    hub = models.ForeignKey(Hub, on_delete=models.CASCADE, related_name="threshold_documents")
    version = models.PositiveIntegerField()
    title = models.CharField(max_length=160)
    published_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["hub", "-version"]
        constraints = [models.UniqueConstraint(fields=["hub", "version"], name="threshold_version_unique")]

    def __str__(self) -> str:
        return f"{self.title} (version {self.version})"


class ThresholdIndicator(models.Model):
    """One indicator in a threshold document, belonging to a level of the scale by its code."""

    document = models.ForeignKey(ThresholdDocument, on_delete=models.CASCADE, related_name="indicators")
    level_code = models.SlugField(max_length=30)
    code = models.CharField(max_length=12)
    text = models.CharField(max_length=300)

    class Meta:
        ordering = ["document", "level_code", "code"]
        constraints = [models.UniqueConstraint(fields=["document", "code"], name="indicator_code_unique")]

    def __str__(self) -> str:
        return f"{self.code}: {self.text}"
