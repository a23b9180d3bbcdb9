"""Identity resolution: the candidate index, trained parameters, review queues, decisions and merges.

Nothing here changes a person's own record. A merge is a row saying one record
is the same person as another; both records, and the contacts that name them,
stay as they were, so a merge can be reversed exactly.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q


class IndexedPerson(models.Model):
    """The matcher's view of one person in the index: the features every engine compares.

    Rebuilt whenever the person, their other names or addresses change. A record
    merged into another is not indexed; its names and postcodes count for the record kept.
    """

    person = models.OneToOneField("people.Person", primary_key=True, on_delete=models.CASCADE, related_name="+")
    hub = models.ForeignKey("hubs.Hub", on_delete=models.CASCADE, related_name="+")
    features = models.JSONField()
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Index entry for person {self.person_id}"


class PersonKey(models.Model):
    """One indexed key a person is found by at intake: an identifier, a date of birth, a name code, a postcode."""

    hub = models.ForeignKey("hubs.Hub", on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=60)

    class Meta:
        indexes = [models.Index(fields=["hub", "key"], name="identity_key_lookup")]
        constraints = [models.UniqueConstraint(fields=["person", "key"], name="identity_key_once")]

    def __str__(self) -> str:
        return f"{self.key} -> person {self.person_id}"


class ModelParameters(models.Model):
    """A hub's trained match model, as Splink's JSON (any engine's; the settings are rebuilt per engine)."""

    hub = models.ForeignKey("hubs.Hub", on_delete=models.CASCADE, related_name="+")
    splink_model = models.JSONField()
    trained_at = models.DateTimeField(auto_now_add=True)
    records = models.PositiveIntegerField(help_text="How many index records it was trained on.")
    method = models.CharField(max_length=40)

    class Meta:
        ordering = ["-trained_at", "-pk"]
        get_latest_by = "trained_at"

    def __str__(self) -> str:
        return f"Match model for hub {self.hub_id}, trained {self.trained_at:%Y-%m-%d}"


class NotSamePerson(models.Model):
    """A practitioner's decision that two records are different people; the matcher stops pairing them."""

    hub = models.ForeignKey("hubs.Hub", on_delete=models.CASCADE, related_name="+")
    person_a = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    person_b = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    reason = models.TextField(blank=True)
    decided_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person_a", "person_b"], name="not_same_once"),
            models.CheckConstraint(condition=Q(person_a__lt=F("person_b")), name="not_same_ordered"),
        ]

    def __str__(self) -> str:
        return f"Person {self.person_a_id} is not person {self.person_b_id}"


class Merge(models.Model):
    """`merged` is the same person as `kept`: pages show them as one, under `kept`.

    Nothing is copied or deleted, so both histories stay whole; reversing sets
    `reversed_at` and the two records are separate again.
    """

    hub = models.ForeignKey("hubs.Hub", on_delete=models.CASCADE, related_name="+")
    kept = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="merges_kept")
    merged = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="merges_merged")
    reason = models.TextField()
    merged_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    merged_at = models.DateTimeField(auto_now_add=True)
    reversed_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    reversed_at = models.DateTimeField(null=True, blank=True)
    reverse_reason = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=~Q(kept=F("merged")), name="merge_not_self"),
            models.UniqueConstraint(
                fields=["merged"], condition=Q(reversed_at__isnull=True), name="merged_once_at_a_time"
            ),
        ]

    def __str__(self) -> str:
        return f"Person {self.merged_id} merged into person {self.kept_id}"

    @property
    def is_active(self) -> bool:
        return self.reversed_at is None


class LinkageRun(models.Model):
    """One batch run: deduplicating the index, or linking an agency's extract to it."""

    class Kind(models.TextChoices):
        DEDUPE = "dedupe", "Duplicates in the index"
        EXTRACT = "extract", "Agency extract"

    hub = models.ForeignKey("hubs.Hub", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    source = models.CharField(max_length=200, help_text="For an extract: which agency's list, e.g. a school roll.")
    started_at = models.DateTimeField()
    seconds = models.FloatField(default=0)
    records = models.PositiveIntegerField(default=0)
    pairs = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.source}"


class Cluster(models.Model):
    """Records the model thinks are one person (connected at the cluster threshold), for review together."""

    hub = models.ForeignKey("hubs.Hub", on_delete=models.CASCADE, related_name="+")
    run = models.ForeignKey(LinkageRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="clusters")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Cluster {self.pk}"


class ClusterMember(models.Model):
    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="members")
    person = models.OneToOneField("people.Person", on_delete=models.CASCADE, related_name="+")

    def __str__(self) -> str:
        return f"Person {self.person_id} in cluster {self.cluster_id}"


class CandidatePair(models.Model):
    """A pair for a person to review, with the model's probability and its explanation.

    For a dedupe run both sides are index records. For an extract, `left` is the
    index record and `extract_row` holds the agency's row as it came.
    """

    class Status(models.TextChoices):
        OPEN = "open", "To review"
        SAME = "same", "Same person"
        NOT_SAME = "not_same", "Not the same person"

    hub = models.ForeignKey("hubs.Hub", on_delete=models.CASCADE, related_name="+")
    run = models.ForeignKey(LinkageRun, null=True, blank=True, on_delete=models.CASCADE, related_name="candidate_pairs")
    left = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    right = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    extract_row = models.JSONField(null=True, blank=True)
    probability = models.FloatField()
    match_weight = models.FloatField()
    explanation = models.JSONField(help_text="Per field: the level reached, its text and its weight.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    decided_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-probability", "pk"]
        indexes = [models.Index(fields=["hub", "status", "-probability"], name="identity_pair_queue")]
        constraints = [
            models.CheckConstraint(
                condition=Q(right__isnull=False, extract_row__isnull=True)
                | Q(right__isnull=True, extract_row__isnull=False),
                name="pair_is_index_or_extract",
            ),
        ]

    def __str__(self) -> str:
        return f"Pair {self.left_id} / {self.right_id or 'extract row'}"
