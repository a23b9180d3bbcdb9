"""The multi-agency enquiry: asking partner agencies what they know, and their answers.

A social worker asks an agency about named people in a contact routed through the
MASH, with a deadline and a legal basis; no request exists without one. The agency
answers with a contribution: dated items per person from its own systems, and an
analysis from its point of view that cites the hub's threshold indicators and may
recommend a level. A draft contribution is private to the agency. Once submitted it
is never changed: an addendum or a correction is a new contribution pointing at it.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils import timezone


class LegalBasis(models.TextChoices):
    CONSENT = "consent", "Consent: the family agreed to this sharing"
    STATUTORY = "statutory", "Statutory: safeguarding, without consent"


class RequestStatus(models.TextChoices):
    """A request's lifecycle. "Overdue" is not stored: it is an open request past its deadline."""

    SENT = "sent", "Sent"
    ACKNOWLEDGED = "acknowledged", "Acknowledged"
    SUBMITTED = "submitted", "Submitted"
    WITHDRAWN = "withdrawn", "Withdrawn"
    UNABLE = "unable", "Unable to respond"


OPEN_STATUSES = (RequestStatus.SENT, RequestStatus.ACKNOWLEDGED)


class InformationRequest(models.Model):
    """The hub asking one partner agency what it holds about named people in one contact."""

    contact = models.ForeignKey("contacts.Contact", on_delete=models.PROTECT, related_name="information_requests")
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="information_requests")
    people = models.ManyToManyField("people.Person", related_name="information_requests")
    question = models.TextField(help_text="What the hub wants to know, and why it matters for this concern.")
    deadline = models.DateTimeField()
    legal_basis = models.CharField(max_length=10, choices=LegalBasis.choices)
    legal_basis_detail = models.TextField(
        help_text="For consent: who agreed, to what. For statutory sharing: why consent is not sought."
    )
    share_decision = models.ForeignKey(
        "consent.ShareDecision",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="requests",
        help_text="The decision to share this was sent under (every request since consent work; older ones have none).",
    )
    status = models.CharField(max_length=12, choices=RequestStatus.choices, default=RequestStatus.SENT)
    status_reason = models.TextField(blank=True, help_text="Why it was withdrawn, or why the agency cannot respond.")
    sent_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField()
    acknowledged_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["deadline", "pk"]
        indexes = [models.Index(fields=["agency", "status", "deadline"])]
        constraints = [
            models.CheckConstraint(condition=~Q(legal_basis_detail=""), name="request_has_legal_basis_detail"),
            models.UniqueConstraint(
                fields=["contact", "agency"],
                condition=Q(status__in=["sent", "acknowledged"]),
                name="one_open_request_per_agency_per_contact",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.contact} to {self.agency}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def is_overdue(self, now: dt.datetime | None = None) -> bool:
        return self.is_open and (now or timezone.now()) > self.deadline

    def status_text(self) -> str:
        return "Overdue" if self.is_overdue() else self.get_status_display()


class Sensitivity(models.TextChoices):
    NONE = "", "Not marked"
    NOT_FOR_DISCLOSURE = "nfd", "Not for disclosure to the family (for example police intelligence)"
    THERAPEUTIC = "therapeutic", "From therapy or counselling"


class Contribution(models.Model):
    """One agency's answer to a request: a draft until submitted, then fixed for good."""

    class Kind(models.TextChoices):
        ORIGINAL = "original", "Response"
        ADDENDUM = "addendum", "Addendum"
        CORRECTION = "correction", "Correction"

    request = models.ForeignKey(InformationRequest, on_delete=models.PROTECT, related_name="contributions")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.ORIGINAL)
    amends = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="amendments",
        help_text="The submitted contribution this addendum or correction adds to.",
    )
    analysis = models.TextField(blank=True, help_text="The agency's analysis of what it holds, for this concern.")
    recommended_level = models.ForeignKey(
        "hubs.TriageLevel", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    indicators = models.ManyToManyField("hubs.ThresholdIndicator", blank=True, related_name="+")
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["submitted_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="original", amends__isnull=True) | (~Q(kind="original") & Q(amends__isnull=False)),
                name="only_amendments_amend",
            ),
            models.UniqueConstraint(
                fields=["request"], condition=Q(submitted_at__isnull=True), name="one_draft_per_request"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} from {self.request.agency}"

    @property
    def is_draft(self) -> bool:
        return self.submitted_at is None


class ContributionItem(models.Model):
    """A dated piece of what the agency holds about one person, and where it came from."""

    contribution = models.ForeignKey(Contribution, on_delete=models.CASCADE, related_name="items")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    occurred_on = models.DateField(help_text="When it happened.")
    summary = models.TextField(help_text="What happened.")
    source_system = models.CharField(max_length=120, help_text="Which of the agency's systems it came from.")
    sensitivity = models.CharField(max_length=12, choices=Sensitivity.choices, blank=True, default=Sensitivity.NONE)
    historic_reason = models.TextField(
        blank=True, help_text="Why an item older than the hub's limit is relevant and proportionate to share now."
    )

    class Meta:
        ordering = ["person_id", "-occurred_on", "pk"]

    def __str__(self) -> str:
        # Never the summary: this is what audit events keep as the item's label, for good, and an
        # item may be restricted (police intelligence, therapy) or later deleted under retention.
        return f"Item of {self.occurred_on:%d %b %Y} from {self.source_system}"[:160]

    def age_years(self, on: dt.date | None = None) -> float:
        return ((on or timezone.localdate()) - self.occurred_on).days / 365.25

    @property
    def is_historic(self) -> bool:
        return (
            bool(self.historic_reason) or self.age_years() >= self.contribution.request.contact.hub.historic_item_years
        )
