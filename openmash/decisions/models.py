"""The social worker's decision, partners' challenges to it, and Early Help stepping a case up.

A decision is multi-agency informed, not joint (domain.md, step 6): it records, per
child, the level and outcome the social worker chose, their rationale, the threshold
document it was made under, and every agency's recommendation side by side as it
stood at that moment. It is never edited: a correction is a new decision that
supersedes it, and the first stays on the record.
"""

from __future__ import annotations

from django.db import models


class Outcome(models.TextChoices):
    NFA = "nfa", "No further action"
    ADVICE = "advice", "Information and advice"
    UNIVERSAL = "universal", "Signpost to universal services"
    EARLY_HELP = "early_help", "Early Help / Family Help"
    SECTION_17 = "s17", "Child in need assessment (section 17)"
    SECTION_47 = "s47", "Strategy discussion / section 47 enquiry"
    ALLOCATION = "allocation", "Allocation to a named team"
    JOINT_POLICE = "joint", "Joint police and children's social care work"
    YOUTH_JUSTICE = "youth_justice", "Youth justice"
    ADULT_SAFEGUARDING = "adult_safeguarding", "Adult safeguarding"


class Decision(models.Model):
    """What the social worker decided for one person in a contact, as it was decided."""

    contact = models.ForeignKey("contacts.Contact", on_delete=models.PROTECT, related_name="decisions")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="decisions")
    level = models.ForeignKey("hubs.TriageLevel", on_delete=models.PROTECT, related_name="+")
    level_label = models.CharField(max_length=40)
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    allocated_team = models.CharField(max_length=120, blank=True)
    rationale = models.TextField()
    higher_recommendation_response = models.TextField(
        blank=True, help_text="Why the decision is lower than an agency recommended."
    )
    threshold_document = models.ForeignKey(
        "hubs.ThresholdDocument", null=True, on_delete=models.PROTECT, related_name="+"
    )
    recommendations = models.JSONField(
        default=list, help_text="Each agency's recommended level at the moment of deciding: agency, level, rank."
    )
    decided_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField()
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by"
    )
    correction_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-decided_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_outcome_display()} ({self.level_label})"

    @property
    def is_current(self) -> bool:
        return not hasattr(self, "superseded_by")

    def higher_recommendations(self) -> list[dict[str, object]]:
        return [r for r in self.recommendations if int(str(r.get("rank", 0))) > self.level.rank]


class Challenge(models.Model):
    """A partner agency formally disagreeing with a decision, and how the hub resolved it."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        UPHELD = "upheld", "Upheld: the decision is reconsidered"
        NOT_UPHELD = "not_upheld", "Not upheld"
        ESCALATED = "escalated", "Escalated"

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="challenges")
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    raised_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    raised_at = models.DateTimeField()
    grounds = models.TextField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN)
    outcome = models.TextField(blank=True)
    escalated_to = models.CharField(
        max_length=160, blank=True, help_text="Who it was escalated to, under which procedure."
    )
    resolved_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-raised_at"]

    def __str__(self) -> str:
        return f"Challenge by {self.agency} to {self.decision}"


class StepUp(models.Model):
    """Early Help saying "this needs a MASH" about a contact routed to it, and the hub's answer."""

    class Response(models.TextChoices):
        PENDING = "", "Awaiting the hub's response"
        ACCEPTED = "accepted", "Accepted: back to triage"
        DECLINED = "declined", "Declined"

    contact = models.ForeignKey("contacts.Contact", on_delete=models.PROTECT, related_name="step_ups")
    raised_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    raised_at = models.DateTimeField()
    rationale = models.TextField()
    response = models.CharField(max_length=10, choices=Response.choices, blank=True, default=Response.PENDING)
    response_rationale = models.TextField(blank=True)
    responded_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-raised_at"]

    def __str__(self) -> str:
        return f"Step-up of {self.contact}"
