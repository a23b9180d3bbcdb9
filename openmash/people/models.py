"""The hub's person index: the children and adults that contacts are about.

One record per real person per hub, built up across contacts. Before a new
record is made the intake form shows likely existing matches, so that the
same child is not recorded twice (a probabilistic matcher comes later).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from openmash.people import identifiers


class PersonKind(models.TextChoices):
    CHILD = "child", "Child or young person"
    ADULT = "adult", "Adult"


class Sex(models.TextChoices):
    """CIN census 2024-25 codes (N00783): unborn children are recorded as not known."""

    MALE = "M", "Male"
    FEMALE = "F", "Female"
    UNKNOWN = "U", "Not known"


class Ethnicity(models.TextChoices):
    """The CIN census ethnicity codes."""

    WBRI = "WBRI", "White British"
    WIRI = "WIRI", "White Irish"
    WIRT = "WIRT", "Traveller of Irish heritage"
    WOTH = "WOTH", "Any other White background"
    WROM = "WROM", "Gypsy/Roma"
    MWBC = "MWBC", "White and Black Caribbean"
    MWBA = "MWBA", "White and Black African"
    MWAS = "MWAS", "White and Asian"
    MOTH = "MOTH", "Any other mixed background"
    AIND = "AIND", "Indian"
    APKN = "APKN", "Pakistani"
    ABAN = "ABAN", "Bangladeshi"
    AOTH = "AOTH", "Any other Asian background"
    BCRB = "BCRB", "Black Caribbean"
    BAFR = "BAFR", "Black African"
    BOTH = "BOTH", "Any other Black background"
    CHNE = "CHNE", "Chinese"
    OOTH = "OOTH", "Any other ethnic group"
    REFU = "REFU", "Refused"
    NOBT = "NOBT", "Information not yet obtained"


def age_on(date_of_birth: dt.date, on: dt.date) -> int:
    years = on.year - date_of_birth.year
    if (on.month, on.day) < (date_of_birth.month, date_of_birth.day):
        years -= 1
    return years


class Person(models.Model):
    """A child or adult known to the hub."""

    hub = models.ForeignKey("hubs.Hub", on_delete=models.PROTECT, related_name="people")
    kind = models.CharField(max_length=5, choices=PersonKind.choices)
    given_names = models.CharField(max_length=100, blank=True)
    family_name = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    expected_date_of_birth = models.DateField(
        null=True, blank=True, help_text="For an unborn child: the expected date of delivery."
    )
    sex = models.CharField(max_length=1, choices=Sex.choices, default=Sex.UNKNOWN)
    ethnicity = models.CharField(max_length=4, choices=Ethnicity.choices, default=Ethnicity.NOBT)
    nhs_number = models.CharField("NHS number", max_length=10, blank=True, db_index=True)
    upn = models.CharField("unique pupil number", max_length=13, blank=True, db_index=True)
    police_reference = models.CharField(max_length=30, blank=True)
    # Flags for the groups the process fails (domain.md): prompt extra steps, keep them in reports.
    no_recourse_to_public_funds = models.BooleanField(default=False)
    care_leaver = models.BooleanField(default=False)
    newly_arrived = models.BooleanField(default=False)
    interpreter_needed = models.BooleanField(default=False)
    language = models.CharField(max_length=60, blank=True, help_text="Main language, if not English.")
    # A child who already has a social worker bypasses the MASH (domain.md, step 3).
    allocated_worker = models.CharField(max_length=120, blank=True)
    allocated_team = models.CharField(max_length=120, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey("accounts.User", null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["family_name", "given_names"]
        indexes = [
            models.Index(fields=["hub", "family_name"]),
            models.Index(fields=["hub", "date_of_birth"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(expected_date_of_birth__isnull=True) | Q(kind="child"),
                name="only_children_are_unborn",
            ),
            models.CheckConstraint(
                condition=Q(expected_date_of_birth__isnull=True) | Q(date_of_birth__isnull=True),
                name="born_or_expected_not_both",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        name = f"{self.given_names} {self.family_name}".strip()
        if self.is_unborn and not self.given_names:
            return f"Unborn child ({self.family_name})" if self.family_name else "Unborn child"
        return name or "Name not known"

    @property
    def is_unborn(self) -> bool:
        return self.expected_date_of_birth is not None and self.date_of_birth is None

    def age(self, on: dt.date | None = None) -> int | None:
        if self.date_of_birth is None:
            return None
        return age_on(self.date_of_birth, on or timezone.localdate())

    def flags(self) -> list[str]:
        out = []
        if self.no_recourse_to_public_funds:
            out.append("No recourse to public funds")
        if self.care_leaver:
            out.append("Care leaver")
        if self.newly_arrived:
            out.append("Newly arrived")
        if self.interpreter_needed:
            out.append(f"Interpreter needed ({self.language})" if self.language else "Interpreter needed")
        return out

    def clean(self) -> None:
        errors: dict[str, str] = {}
        today = timezone.localdate()
        if self.date_of_birth and self.date_of_birth > today:
            errors["date_of_birth"] = "Date of birth must be today or in the past"
        if self.expected_date_of_birth:
            if self.kind != PersonKind.CHILD:
                errors["expected_date_of_birth"] = "Only an unborn child can have an expected date of birth"
            elif self.date_of_birth:
                errors["expected_date_of_birth"] = "Enter a date of birth or an expected date of birth, not both"
        if self.nhs_number:
            try:
                identifiers.validate_nhs_number(self.nhs_number)
            except ValidationError as exc:
                errors["nhs_number"] = exc.messages[0]
        if self.upn:
            try:
                identifiers.validate_upn(self.upn)
            except ValidationError as exc:
                errors["upn"] = exc.messages[0]
        if errors:
            raise ValidationError(errors)


class OtherName(models.Model):
    """Another name a person uses or has used: an alias, a previous name, a nickname."""

    class Kind(models.TextChoices):
        PREVIOUS = "previous", "Previous name"
        ALIAS = "alias", "Also known as"
        NICKNAME = "nickname", "Nickname"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="other_names")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.ALIAS)
    given_names = models.CharField(max_length=100, blank=True)
    family_name = models.CharField(max_length=100, blank=True)

    def __str__(self) -> str:
        return f"{self.given_names} {self.family_name}".strip()


class Address(models.Model):
    """Where a person lived, from when to when (an open end means they still live there)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="addresses")
    line_1 = models.CharField(max_length=120)
    line_2 = models.CharField(max_length=120, blank=True)
    town = models.CharField(max_length=80, blank=True)
    postcode = models.CharField(max_length=8, blank=True, db_index=True)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="address_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        return ", ".join(p for p in [self.line_1, self.line_2, self.town, self.postcode] if p)


class RelationshipKind(models.TextChoices):
    """How `person` relates to `relative`: "person is the <kind> of relative"."""

    MOTHER = "mother", "Mother"
    FATHER = "father", "Father"
    PARENT = "parent", "Parent"
    STEP_PARENT = "step_parent", "Step-parent"
    SIBLING = "sibling", "Sibling"
    HOUSEHOLD_MEMBER = "household", "Household member"
    PARTNER = "partner", "Partner"


class Relationship(models.Model):
    """`person` is the <kind> of `relative` (e.g. Dan is the father of Amy)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relationships")
    relative = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relationships_to")
    kind = models.CharField(max_length=12, choices=RelationshipKind.choices)
    has_parental_responsibility = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "relative", "kind"], name="relationship_once"),
            models.CheckConstraint(condition=~Q(person=models.F("relative")), name="not_related_to_self"),
        ]

    def __str__(self) -> str:
        return f"{self.person} is the {self.get_kind_display().lower()} of {self.relative}"
