"""The audit trail: who did what to which record, when, and in which capacity.

Every read of a case record and every change writes one event, in the same
database transaction as the change, so a change that is rolled back leaves no
event and an event never claims a change that did not happen. Events describe
their target by type and id, not by foreign key, so they outlive what they
describe. `services.audit_record` is the only writer.

The events form a hash chain (see `AuditEvent` and docs/audit.md) that
`manage.py verify_audit` checks, and on PostgreSQL the table refuses UPDATE,
DELETE and TRUNCATE (migration 0004).
"""

from __future__ import annotations

from django.db import models

from openmash.audit.chain import LEGACY_CHAIN, NO_HUB_CHAIN


class Verb(models.TextChoices):
    SIGN_IN = "sign_in", "signed in"
    SIGN_OUT = "sign_out", "signed out"
    SWITCH_HUB = "switch_hub", "switched hub"
    VIEW = "view", "viewed"
    LIST = "list", "listed"
    SEARCH = "search", "searched"
    CREATE = "create", "created"
    UPDATE = "update", "changed"
    SUBMIT = "submit", "submitted"
    TRIAGE = "triage", "triaged"
    RETRIAGE = "retriage", "changed the triage level of"
    LINK = "link", "linked"
    REFUSED = "refused", "was refused access to"
    CONFIGURE = "configure", "changed the configuration of"
    # Sign-in and session events (issue 5).
    SIGN_IN_FAILED = "sign_in_failed", "failed to sign in"
    LOCKED_OUT = "locked_out", "was locked out after repeated failed sign-ins"
    MFA_ENROL = "mfa_enrol", "set up two-step sign-in"
    REAUTHENTICATE = "reauthenticate", "confirmed their identity again"
    SESSION_EXPIRED = "session_expired", "was signed out after inactivity"
    # Access to restricted information and records (issue 5).
    BREAK_GLASS = "break_glass", "opened restricted information in"
    EXPORT = "export", "exported"
    MARK = "mark", "marked"
    DELETE = "delete", "deleted"
    # Sharing, consent and the family (issue 4).
    SHARE = "share", "shared information about"
    DECLINE_SHARE = "decline_share", "decided not to share information about"
    CONSENT = "consent", "recorded consent for"
    INFORM = "inform", "recorded informing the family of"
    SEND = "send", "sent"
    SUBJECT_ACCESS = "subject_access", "produced a subject access export for"
    # Identity resolution (issue 6).
    NOT_SAME = "not_same", "recorded as not the same person as"
    MERGE = "merge", "merged"
    UNMERGE = "unmerge", "reversed the merge of"


class AuditEvent(models.Model):
    """One thing a person did, or tried to do, recorded as it happened. Never changed afterwards.

    **The chains.** Each hub's events form their own chain, `chain` = the hub's id;
    events outside any hub (signing in) form chain 0; the events written before
    hubs had their own chains stay, unchanged, in the sealed chain -1. Within a
    chain, events are numbered `seq` = 1, 2, 3, ... with no gaps, in the order they
    were written. Each event stores the `hash` of the event before it in its chain
    as `previous_hash` and its own `hash`:

        hash = hex(SHA-256(canonical_bytes(event)))

    where `canonical_bytes` (openmash/audit/chain.py) is the UTF-8 encoding of a
    JSON object with exactly these keys, sorted, with no whitespace and non-ASCII
    characters unescaped:

        chain          integer (format 2; absent in chain -1, format 1)
        seq            integer
        at             "YYYY-MM-DDTHH:MM:SS.ffffffZ" (UTC, always 6 digits of microseconds)
        actor_id       decimal string, or null
        actor_name     string
        hub_id         decimal string, or null
        hub_name       string
        agency_name    string
        role           string
        verb           string (a `Verb` value)
        target_type    string
        target_id      string
        target_label   string
        detail         the stored JSON object, keys sorted at every level
        justification  string
        previous_hash  string (64 lowercase hex digits)

    The first event of chain -1 links to 64 zeros; the first event of every other
    chain links to the last hash of chain -1 (64 zeros if it is empty), which seals
    the old chain: cutting or extending it breaks the first link of every chain.
    `id` is not hashed: it is only the database's row number. Because the previous
    hash is inside what is hashed, changing any event changes what every later
    event of its chain should hold; `manage.py verify_audit` recomputes every chain.

    **Who and where.** `actor` and `hub` are foreign keys with no database
    constraint and DO_NOTHING on delete: deleting a user or a hub must never touch
    an audit row (the database would refuse the UPDATE that SET_NULL issues, and the
    hash covers `actor_id`). The id stays after the user is gone, and `actor_name`
    and `hub_name` still say who and where, so `event.actor` may then raise
    `DoesNotExist`; read `actor_id` and `actor_name` when that matters. Filtering
    with `actor=user` and `hub=hub` works as for any foreign key.
    """

    chain = models.BigIntegerField(
        help_text="Which chain the event is in: its hub's id, 0 for events outside any hub, "
        "-1 for events written before each hub had its own chain."
    )
    seq = models.BigIntegerField(help_text="Position in its chain: 1 for the first event, then up by exactly 1.")
    at = models.DateTimeField(db_index=True, help_text="When it happened (UTC).")
    actor = models.ForeignKey(
        "accounts.User",
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        help_text="Who did it; empty for the system. Kept as an id after the user is deleted.",
    )
    actor_name = models.CharField(max_length=160, blank=True, help_text="The actor's name when it happened.")
    hub = models.ForeignKey(
        "hubs.Hub",
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        help_text="The hub the person was acting in; empty for events outside any hub (signing in).",
    )
    hub_name = models.CharField(max_length=160, blank=True, help_text="The hub's name when it happened.")
    agency_name = models.CharField(max_length=160, blank=True, help_text="The actor's agency when it happened.")
    role = models.CharField(max_length=20, blank=True, help_text="The actor's role in the hub when it happened.")
    verb = models.CharField(max_length=20, choices=Verb.choices)
    target_type = models.CharField(max_length=40, blank=True, help_text="The kind of record acted on.")
    target_id = models.CharField(max_length=40, blank=True)
    target_label = models.CharField(max_length=160, blank=True, help_text="How the record read when it happened.")
    detail = models.JSONField(default=dict, blank=True)
    justification = models.TextField(blank=True, help_text="Why, in the person's words, where a reason is required.")
    previous_hash = models.CharField(
        max_length=64, help_text="The hash of the event with seq one lower in the same chain."
    )
    hash = models.CharField(max_length=64, help_text="SHA-256 of this event's canonical form, in hex.")

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(seq__gte=1), name="audit_seq_from_one"),
            models.UniqueConstraint(fields=["chain", "seq"], name="audit_chain_seq_unique"),
            # An event's chain is its hub (0 without one), or the sealed chain of events from before.
            models.CheckConstraint(
                condition=models.Q(chain=LEGACY_CHAIN)
                | models.Q(hub__isnull=True, chain=NO_HUB_CHAIN)
                | models.Q(hub__isnull=False, chain=models.F("hub")),
                name="audit_chain_is_the_hub",
            ),
        ]

    def __str__(self) -> str:
        return self.sentence()

    def sentence(self) -> str:
        """The one readable rendering of an event, used everywhere events are shown."""
        who = self.actor_name or "Someone"
        what = Verb(self.verb).label
        target = f" {self.target_type} {self.target_label or self.target_id}".rstrip()
        return f"{who} {what}{target}"
