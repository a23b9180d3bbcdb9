"""The front door: contacts as they arrive, and their initial triage.

A contact is a concern as the referrer gave it. It is recorded as a draft by the
practitioner taking it, then submitted for triage, which starts the statutory
one-working-day clock from the time it was received. Initial triage records a
level on the hub's own scale and a route; a change of level later is a new
triage decision that points at the one it supersedes, never an edit.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from openmash.hubs.models import Route


class Channel(models.TextChoices):
    FORM = "form", "Online or paper referral form"
    PHONE = "phone", "Phone call"
    EMAIL = "email", "Email"
    POLICE_NOTIFICATION = "police", "Police notification"
    OTHER = "other", "Other"


class ReferrerType(models.TextChoices):
    PROFESSIONAL = "professional", "A professional"
    PUBLIC = "public", "A member of the public"
    ANONYMOUS = "anonymous", "Anonymous"
    CHILD = "child", "The child or young person"
    PARENT = "parent", "A parent or carer"


class ReferralSource(models.TextChoices):
    """DfE CIN census referral source codes (statutory-reference.md, section 3)."""

    FAMILY = "1A", "1A Individual: family member, relative or carer"
    ACQUAINTANCE = "1B", "1B Individual: acquaintance (neighbour, childminder)"
    SELF = "1C", "1C Individual: self"
    INDIVIDUAL_OTHER = "1D", "1D Individual: other (for example a stranger)"
    SCHOOLS = "2A", "2A Schools"
    EDUCATION_SERVICES = "2B", "2B Education services"
    GP = "3A", "3A Health: GP"
    HEALTH_VISITOR = "3B", "3B Health: health visitor"
    SCHOOL_NURSE = "3C", "3C Health: school nurse"
    OTHER_PRIMARY_HEALTH = "3D", "3D Health: other primary health services"
    A_AND_E = "3E", "3E Health: A&E (emergency department)"
    OTHER_HEALTH = "3F", "3F Health: other"
    HOUSING = "4", "4 Housing"
    LA_SOCIAL_CARE = "5A", "5A LA services: social care"
    LA_OTHER_INTERNAL = "5B", "5B LA services: other internal (for example youth offending)"
    ANOTHER_LA = "5C", "5C LA services: another local authority"
    LA_EARLY_HELP = "5D", "5D LA services: early help"
    POLICE = "6", "6 Police"
    OTHER_LEGAL = "7", "7 Other legal agency (courts, probation, immigration, Cafcass, prison)"
    OTHER = "8", "8 Other (children's centres, voluntary organisations)"
    ANONYMOUS = "9", "9 Anonymous"
    UNKNOWN = "10", "10 Unknown"


class YesNoUnknown(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    UNKNOWN = "unknown", "Not known"


class ContactStatus(models.TextChoices):
    DRAFT = "draft", "Being recorded"
    AWAITING_TRIAGE = "awaiting_triage", "Awaiting triage"
    IN_MASH = "in_mash", "In the MASH"
    STRATEGY = "strategy", "Strategy discussion"
    PASSED_TO_ALLOCATED_WORKER = "allocated_worker", "Passed to allocated worker"
    EARLY_HELP = "early_help", "With Early Help"
    SIGNPOSTED = "signposted", "Signposted to universal services"
    CLOSED_NFA = "nfa", "No further action"
    # Set by the MASH decision (the multi-agency enquiry work); the demo's history uses it
    # for contacts that went through the MASH and were decided.
    DECIDED = "decided", "MASH decision made"


ROUTE_STATUS = {
    Route.MASH: ContactStatus.IN_MASH,
    Route.STRATEGY_DISCUSSION: ContactStatus.STRATEGY,
    Route.ALLOCATED_WORKER: ContactStatus.PASSED_TO_ALLOCATED_WORKER,
    Route.EARLY_HELP: ContactStatus.EARLY_HELP,
    Route.UNIVERSAL: ContactStatus.SIGNPOSTED,
    Route.NFA: ContactStatus.CLOSED_NFA,
}


class Contact(models.Model):
    """A concern about one or more children (or, where the hub takes them, adults)."""

    hub = models.ForeignKey("hubs.Hub", on_delete=models.PROTECT, related_name="contacts")
    reference = models.CharField(max_length=20, unique=True, help_text="Opaque reference, e.g. S1-26-000123.")
    status = models.CharField(max_length=20, choices=ContactStatus.choices, default=ContactStatus.DRAFT)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    received_at = models.DateTimeField(help_text="When the concern reached the hub: the clock starts here.")
    referral_source = models.CharField(max_length=2, choices=ReferralSource.choices)
    referrer_type = models.CharField(max_length=12, choices=ReferrerType.choices)
    referrer_name = models.CharField(max_length=120, blank=True)
    referrer_agency = models.CharField(max_length=160, blank=True)
    referrer_role = models.CharField(max_length=120, blank=True)
    referrer_phone = models.CharField(max_length=30, blank=True)
    referrer_email = models.EmailField(blank=True)
    referrer_wants_anonymity = models.BooleanField(
        default=False,
        help_text="Hide who referred from everyone except the hub's social workers and managers.",
    )
    concern = models.TextField(help_text="What happened, in the referrer's words.")
    # What the referrer told us about the family's knowledge and consent. This is the
    # referrer's account only, never consent to the hub's own information sharing.
    family_aware = models.CharField(max_length=7, choices=YesNoUnknown.choices, default=YesNoUnknown.UNKNOWN)
    referrer_asked_consent = models.CharField(max_length=7, choices=YesNoUnknown.choices, default=YesNoUnknown.UNKNOWN)
    family_agreed = models.CharField(max_length=7, choices=YesNoUnknown.choices, default=YesNoUnknown.UNKNOWN)
    consent_detail = models.CharField(
        max_length=300, blank=True, help_text="What the family agreed to, in the referrer's words."
    )
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    referral_decision_due = models.DateTimeField(
        null=True, blank=True, help_text="The statutory one-working-day decision deadline, set on submission."
    )
    # The triage decision in force; older ones stay, each pointing at its successor.
    current_triage = models.OneToOneField(
        "TriageDecision", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-received_at"]
        indexes = [
            models.Index(fields=["hub", "status", "received_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | Q(submitted_at__isnull=False, referral_decision_due__isnull=False),
                name="submitted_contacts_have_clock",
            )
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_draft(self) -> bool:
        return self.status == ContactStatus.DRAFT

    @property
    def is_triaged(self) -> bool:
        return self.status not in {ContactStatus.DRAFT, ContactStatus.AWAITING_TRIAGE}

    @property
    def routed_to_early_help(self) -> bool:
        return self.status == ContactStatus.EARLY_HELP

    @property
    def is_anonymous_referral(self) -> bool:
        return self.referrer_wants_anonymity or self.referrer_type == ReferrerType.ANONYMOUS


class ContactPerson(models.Model):
    """A person named in a contact, and who they are in this concern."""

    class Part(models.TextChoices):
        SUBJECT = "subject", "Child the concern is about"
        SIBLING = "sibling", "Sibling"
        PARENT_CARER = "parent", "Parent or carer"
        HOUSEHOLD_ADULT = "household", "Other adult in the household"
        ADULT_AT_RISK = "adult_at_risk", "Adult the concern is about"
        ALLEGED_HARM = "alleged", "Person alleged to have caused harm"
        OTHER = "other", "Other"

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="people")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="contact_links")
    part = models.CharField(max_length=15, choices=Part.choices)
    linked_existing_record = models.BooleanField(
        default=False, help_text="The practitioner chose an existing record rather than creating one."
    )

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["contact", "person"], name="person_once_per_contact")]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_part_display()})"

    @property
    def is_subject(self) -> bool:
        return self.part in {self.Part.SUBJECT, self.Part.ADULT_AT_RISK}


class TriageDecision(models.Model):
    """An initial triage decision as it was made. Never edited; a re-triage supersedes it.

    The level row and threshold document version are those in force at the time;
    `level_label` and `timeline_text` keep the words the practitioner saw, even if
    the hub later changes its configuration.
    """

    contact = models.ForeignKey(Contact, on_delete=models.PROTECT, related_name="triage_decisions")
    level = models.ForeignKey("hubs.TriageLevel", on_delete=models.PROTECT, related_name="+")
    level_label = models.CharField(max_length=40)
    timeline_text = models.CharField(max_length=120)
    threshold_document = models.ForeignKey(
        "hubs.ThresholdDocument", null=True, on_delete=models.PROTECT, related_name="+"
    )
    indicators = models.ManyToManyField("hubs.ThresholdIndicator", blank=True, related_name="+")
    route = models.CharField(max_length=20, choices=Route.choices)
    rationale = models.TextField()
    decided_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField()
    decision_due = models.DateTimeField(
        null=True, blank=True, help_text="When the hub's timeline for this level runs out (working time)."
    )
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by"
    )

    class Meta:
        ordering = ["-decided_at", "-id"]
        get_latest_by = ["decided_at", "id"]

    def __str__(self) -> str:
        return f"{self.contact}: {self.level_label} ({self.get_route_display()})"

    @property
    def is_current(self) -> bool:
        return not hasattr(self, "superseded_by")


class ReferenceCounter(models.Model):
    """The last contact number issued per hub and year, so references never repeat."""

    hub = models.ForeignKey("hubs.Hub", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["hub", "year"], name="one_counter_per_hub_year")]

    def __str__(self) -> str:
        return f"{self.hub_id}/{self.year}: {self.last}"
