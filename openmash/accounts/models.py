"""Practitioners, the agencies they work for, and their memberships of hubs.

A practitioner works for one agency but may act in several hubs (a police
officer serving three local authorities' front doors). Each hub is a separate
membership with its own role; the practitioner switches hub explicitly and acts
in one at a time.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q


class AgencyKind(models.TextChoices):
    CHILDRENS_SOCIAL_CARE = "csc", "Children's social care"
    POLICE = "police", "Police"
    HEALTH = "health", "Health"
    EDUCATION = "education", "Education"
    EARLY_HELP = "early_help", "Early Help / Family Help"
    YOUTH_JUSTICE = "youth_justice", "Youth justice"
    PROBATION = "probation", "Probation"
    HOUSING = "housing", "Housing"
    SUBSTANCE_MISUSE = "substance", "Drug and alcohol services"
    DOMESTIC_ABUSE = "domestic_abuse", "Domestic abuse services"
    CAMHS = "camhs", "Children and young people's mental health services"
    ADULT_MENTAL_HEALTH = "adult_mh", "Adult mental health"
    ADULT_SOCIAL_CARE = "adult_social_care", "Adult social care"
    LADO = "lado", "Local authority designated officer"
    OTHER = "other", "Other"


class Agency(models.Model):
    """An organisation whose practitioners take part in hubs. May serve several hubs."""

    name = models.CharField(max_length=160, unique=True)
    kind = models.CharField(max_length=20, choices=AgencyKind.choices)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A practitioner who signs in. Their agency is fixed; their hubs are memberships."""

    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="staff")
    job_title = models.CharField(max_length=120, blank=True)

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Role(models.TextChoices):
    HUB_MANAGER = "hub_manager", "Hub manager"
    SOCIAL_WORKER = "social_worker", "MASH social worker"
    PARTNER = "partner", "Partner-agency practitioner"
    EARLY_HELP = "early_help", "Early Help practitioner"
    QUALITY_LEAD = "quality_lead", "Quality lead (read only)"
    ADMINISTRATOR = "administrator", "Hub administrator"


class Membership(models.Model):
    """A practitioner's right to act in one hub, in one role, for their agency."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    hub = models.ForeignKey("hubs.Hub", on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["hub__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "hub"], condition=Q(is_active=True), name="one_active_membership_per_hub"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.hub}"

    @property
    def agency(self) -> Agency | None:
        return self.user.agency
