"""Consent, the legal basis for every share, and telling the family.

Three separate facts the evaluation found practitioners confuse (domain.md, Consent):

- a **share decision**: before the hub asks an agency, or discloses anything, a
  practitioner records the lawful basis, the consent position, the purpose, the
  recipients, the people and the categories of information, and why. Decisions not to
  share are recorded the same way;
- **consent**: what a parent, carer or young person of 16 or 17 actually said, with its
  scope. Re-exploring consent adds a new entry; nothing is edited in place;
- **informing the family**: whether, when, how and by whom the family was told, or why
  not, with a date to review that.

The referral form's "parent consented" answer (`contacts.Contact.family_agreed`) is the
referrer's account and is never read as consent here.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils import timezone

from openmash.consent.sharing import SPECIAL_CATEGORIES, HubRules


class Article6(models.TextChoices):
    PUBLIC_TASK = "6_1_e", "Article 6(1)(e) public task: our safeguarding duties"
    LEGAL_OBLIGATION = "6_1_c", "Article 6(1)(c) legal obligation"
    VITAL_INTERESTS = "6_1_d", "Article 6(1)(d) vital interests: to protect someone's life"
    LEGITIMATE_INTEREST = "6_1_ea", "Article 6(1)(ea) recognised legitimate interest: safeguarding"
    CONSENT = "6_1_a", "Article 6(1)(a) consent"


class Schedule1(models.TextChoices):
    NONE = "", "Not needed: no health or criminal information"
    SAFEGUARDING = "para_18", "Schedule 1 paragraph 18: safeguarding of children and of individuals at risk"


class ConsentPosition(models.TextChoices):
    SOUGHT = "sought", "Sought, no answer yet"
    GIVEN = "given", "Given"
    REFUSED = "refused", "Refused"
    NOT_SOUGHT = "not_sought", "Not sought"


class ConsentReason(models.TextChoices):
    NONE = "", "No reason needed"
    RISK_OF_HARM = "risk_of_harm", "Asking would put a child or another person at risk of harm"
    PREJUDICE = "prejudice", "Asking would prejudice enquiries"
    CANNOT_OBTAIN = "cannot_obtain", "Consent cannot reasonably be obtained"
    EMERGENCY = "emergency", "An emergency: there is no time to ask"


class InfoCategory(models.TextChoices):
    IDENTITY = "identity", "Names, dates of birth, addresses"
    HOUSEHOLD = "household", "Who lives in the household"
    EDUCATION = "education", "School attendance and education"
    SOCIAL_CARE = "social_care", "Social care history"
    HEALTH = "health", "Physical health"
    MENTAL_HEALTH = "mental_health", "Mental health"
    CRIMINAL = "criminal", "Police and criminal records"
    SEXUAL = "sexual", "Sexual health or sexual life"
    DOMESTIC_ABUSE = "domestic_abuse", "Domestic abuse"


class ShareKind(models.TextChoices):
    REQUEST = "request", "Asking an agency for information"
    DISCLOSURE = "disclosure", "Disclosing information to someone"


class ShareOutcome(models.TextChoices):
    SHARE = "share", "Share"
    NOT_SHARE = "not_share", "Do not share"


class SharingRules(models.Model):
    """The rules a hub applies to sharing, which every practitioner can read on the hub's sharing page."""

    hub = models.OneToOneField("hubs.Hub", on_delete=models.CASCADE, related_name="sharing_rules")
    below_threshold_needs_consent = models.BooleanField(
        default=True, help_text="Below the statutory threshold (Early Help level), sharing needs the family's consent."
    )
    refusal_stops_requests = models.BooleanField(
        default=True, help_text="Below the threshold, a refusal or withdrawal stops requests for that family."
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Sharing rules for {self.hub}"

    def as_rules(self) -> HubRules:
        return HubRules(
            below_threshold_needs_consent=self.below_threshold_needs_consent,
            refusal_stops_requests=self.refusal_stops_requests,
        )


class GiverRole(models.TextChoices):
    PARENT = "parent", "Parent"
    CARER = "carer", "Carer"
    YOUNG_PERSON = "young_person", "Young person of 16 or 17, in their own right"


class ConsentAnswer(models.TextChoices):
    GIVEN = "given", "Gave consent"
    REFUSED = "refused", "Refused consent"
    WITHDRAWN = "withdrawn", "Withdrew consent"


class ConsentMethod(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    PHONE = "phone", "By phone"
    WRITING = "writing", "In writing"


class ConsentScope(models.TextChoices):
    CHILDREN = "children", "The children's information only"
    CHILDREN_AND_ADULTS = "all", "The children's and the adults' information"


class ConsentRecord(models.Model):
    """What one person said about the hub sharing information, and what it covers.

    Never edited: when consent is explored again, or withdrawn, a new record replaces
    the giver's earlier one (`replaces`), which stays as it was.
    """

    hub = models.ForeignKey("hubs.Hub", on_delete=models.PROTECT, related_name="+")
    contact = models.ForeignKey("contacts.Contact", on_delete=models.PROTECT, related_name="consent_records")
    giver = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    giver_role = models.CharField(max_length=12, choices=GiverRole.choices)
    answer = models.CharField(max_length=10, choices=ConsentAnswer.choices)
    scope = models.CharField(max_length=10, choices=ConsentScope.choices, default=ConsentScope.CHILDREN)
    agencies = models.ManyToManyField(
        "accounts.Agency", blank=True, related_name="+", help_text="Empty: every partner agency of the hub."
    )
    purposes = models.TextField(help_text="What the family agreed the information may be used for.")
    method = models.CharField(max_length=10, choices=ConsentMethod.choices)
    given_at = models.DateTimeField(help_text="When they said it.")
    parent_may_be_told = models.BooleanField(
        default=True, help_text="A young person of 16 or 17 may ask that their parent is not told."
    )
    notes = models.TextField(blank=True)
    replaces = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaced_by")
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-given_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(purposes=""), name="consent_has_purposes"),
            models.CheckConstraint(
                condition=Q(parent_may_be_told=True) | Q(giver_role="young_person"),
                name="only_young_people_keep_parents_out",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.giver}: {self.get_answer_display().lower()} ({timezone.localtime(self.given_at):%d %b %Y})"

    @property
    def is_current(self) -> bool:
        return not hasattr(self, "replaced_by")


class ShareDecision(models.Model):
    """A decision to share information, or not, made before the share, with its lawful basis and reasons."""

    hub = models.ForeignKey("hubs.Hub", on_delete=models.PROTECT, related_name="+")
    contact = models.ForeignKey("contacts.Contact", on_delete=models.PROTECT, related_name="share_decisions")
    kind = models.CharField(max_length=10, choices=ShareKind.choices)
    outcome = models.CharField(max_length=10, choices=ShareOutcome.choices)
    article6 = models.CharField("UK GDPR article 6 basis", max_length=8, choices=Article6.choices, blank=True)
    schedule1 = models.CharField("DPA 2018 Schedule 1 condition", max_length=10, choices=Schedule1.choices, blank=True)
    consent_position = models.CharField(max_length=10, choices=ConsentPosition.choices)
    consent_reason = models.CharField(max_length=15, choices=ConsentReason.choices, blank=True)
    significant_harm = models.BooleanField(
        default=False,
        help_text="There is reasonable cause to suspect the child is suffering, or likely to suffer, significant harm.",
    )
    significant_harm_reason = models.TextField(blank=True)
    purpose = models.TextField()
    recipients = models.ManyToManyField("accounts.Agency", blank=True, related_name="+")
    recipient_other = models.CharField(
        max_length=160, blank=True, help_text="For a disclosure to someone who is not a partner agency."
    )
    people = models.ManyToManyField("people.Person", related_name="share_decisions")
    categories = models.JSONField(default=list, blank=True, help_text="InfoCategory codes the share covers.")
    rationale = models.TextField(help_text="Why share, or why not.")
    level_label = models.CharField(max_length=40, blank=True, help_text="The contact's level when decided.")
    level_statutory = models.BooleanField(default=False)
    rules_said = models.TextField(help_text="What the hub's sharing rules said, in words, when decided.")
    consents_relied_on = models.ManyToManyField(ConsentRecord, blank=True, related_name="+")
    decided_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField()

    class Meta:
        ordering = ["-decided_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome="not_share") | ~Q(article6=""), name="shares_have_an_article_6_basis"
            ),
            models.CheckConstraint(condition=~Q(rationale=""), name="share_decisions_say_why"),
            models.CheckConstraint(
                condition=Q(outcome="not_share")
                | Q(significant_harm=True)
                | Q(consent_position__in=["given", "sought"])
                | ~Q(consent_reason=""),
                name="share_without_consent_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()}: {self.contact} ({timezone.localtime(self.decided_at):%d %b %Y})"

    @property
    def is_special_category(self) -> bool:
        return bool(set(self.categories) & SPECIAL_CATEGORIES)

    def category_labels(self) -> list[str]:
        return [InfoCategory(c).label for c in self.categories if c in InfoCategory.values]

    def summary(self) -> str:
        """The decision in one paragraph: what an agency and an auditor read."""
        parts = [f"{self.get_article6_display()}." if self.article6 else "No lawful basis: not shared."]
        if self.schedule1:
            parts.append(f"{self.get_schedule1_display()}.")
        parts.append(f"Consent: {self.get_consent_position_display().lower()}")
        if self.consent_reason:
            parts[-1] += f" ({self.get_consent_reason_display().lower()})"
        parts[-1] += "."
        if self.significant_harm:
            parts.append(f"Reasonable cause to suspect significant harm: {self.significant_harm_reason}")
        parts.append(f"Purpose: {self.purpose}")
        return " ".join(parts)


class NotToldReason(models.TextChoices):
    RISK = "risk", "Telling them would put the child or someone else at risk"
    PREJUDICE = "prejudice", "Telling them would prejudice enquiries (for example a police investigation)"
    NO_CONTACT = "no_contact", "We could not reach them"
    YOUNG_PERSON = "young_person", "The young person (16 or 17) asked that their parent is not told"
    NOT_YET = "not_yet", "Not yet: we plan to tell them"


class InformMethod(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    PHONE = "phone", "By phone"
    LETTER = "letter", "By letter"
    EMAIL = "email", "By email"


class FamilyInformed(models.Model):
    """Whether the family was told their child is being looked at, or why not. Separate from consent.

    Never edited: a later entry (for example "told them" after "not yet") replaces the last.
    """

    hub = models.ForeignKey("hubs.Hub", on_delete=models.PROTECT, related_name="+")
    contact = models.ForeignKey("contacts.Contact", on_delete=models.PROTECT, related_name="family_informed")
    told = models.BooleanField()
    who_was_told = models.CharField(max_length=160, blank=True)
    told_at = models.DateTimeField(null=True, blank=True)
    method = models.CharField(max_length=10, choices=InformMethod.choices, blank=True)
    told_by = models.CharField(max_length=160, blank=True, help_text="Who told them.")
    not_told_reason = models.CharField(max_length=15, choices=NotToldReason.choices, blank=True)
    detail = models.TextField(blank=True)
    review_by = models.DateField(null=True, blank=True, help_text="When to look again at not telling them.")
    replaces = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaced_by")
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-recorded_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(told=True) & Q(told_at__isnull=False) & ~Q(method="") & ~Q(who_was_told=""))
                | (Q(told=False) & ~Q(not_told_reason="") & ~Q(detail="") & Q(review_by__isnull=False)),
                name="told_how_or_why_not",
            )
        ]

    def __str__(self) -> str:
        return f"{self.contact}: {'told' if self.told else 'not told'}"

    @property
    def is_current(self) -> bool:
        return not hasattr(self, "replaced_by")

    def is_due_for_review(self, today: dt.date) -> bool:
        return not self.told and self.review_by is not None and self.review_by <= today


class AdultView(models.Model):
    """A parent or household adult: whether we reached them, asked their view, and their own account.

    `person` is empty for a parent not yet identified (for example "father not known to the referrer").
    """

    class Unidentified(models.TextChoices):
        NONE = "", "Identified"
        FATHER = "father", "Father not identified"
        MOTHER = "mother", "Mother not identified"
        ADULT = "adult", "Another adult in the household not identified"

    hub = models.ForeignKey("hubs.Hub", on_delete=models.PROTECT, related_name="+")
    contact = models.ForeignKey("contacts.Contact", on_delete=models.PROTECT, related_name="adult_views")
    person = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    unidentified = models.CharField(max_length=8, choices=Unidentified.choices, blank=True)
    contacted_at = models.DateTimeField(null=True, blank=True)
    view_asked = models.BooleanField(default=False)
    account = models.TextField(blank=True, help_text="Their view of the concern, in their words.")
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-recorded_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(person__isnull=False) & Q(unidentified=""))
                | (Q(person__isnull=True) & ~Q(unidentified="") & ~Q(notes="")),
                name="adult_view_person_or_unidentified",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person or self.get_unidentified_display()} on {self.contact}"


class SubjectAccessRequest(models.Model):
    """A person asking for what the hub holds about them. One calendar month to answer, extendable by two."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        PRODUCED = "produced", "Export produced, awaiting review"
        RELEASED = "released", "Released"

    hub = models.ForeignKey("hubs.Hub", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    received_on = models.DateField()
    due_on = models.DateField()
    extended_to = models.DateField(null=True, blank=True)
    extension_reason = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()
    produced_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(extended_to__isnull=True) | ~Q(extension_reason=""), name="extension_has_reason"
            )
        ]

    def __str__(self) -> str:
        return f"Subject access for {self.person} (received {self.received_on:%d %b %Y})"

    @property
    def deadline(self) -> dt.date:
        return self.extended_to or self.due_on
