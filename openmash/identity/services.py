"""Decisions about who is who: not the same person, merge, unmerge, review of batch pairs, clusters.

Nothing merges automatically: every merge is a practitioner's reviewed, audited,
reversible decision.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from openmash.accounts import rules
from openmash.accounts.models import Membership, User
from openmash.audit.models import Verb
from openmash.audit.services import audit_record
from openmash.identity import definition, index, matcher
from openmash.identity.models import CandidatePair, Cluster, ClusterMember, Merge, NotSamePerson
from openmash.people.models import Person


def _require(rule: str, membership: Membership) -> None:
    if not rules.allowed(rule, membership):
        raise PermissionDenied


def _same_hub(membership: Membership, *people: Person) -> None:
    if any(p.hub_id != membership.hub_id for p in people):
        raise PermissionDenied


def explanation(score: definition.Score) -> list[dict[str, Any]]:
    """A score's per-field explanation, as stored with a candidate pair."""
    return [
        {"title": f.title, "text": f.text, "weight": round(f.weight, 2), "agreement": f.agreement} for f in score.fields
    ]


@transaction.atomic
def not_same_record(
    *, membership: Membership, by: User, person: Person, other: Person, reason: str = ""
) -> NotSamePerson:
    """Record that two records are different people; the matcher will not offer the pair again."""
    _same_hub(membership, person, other)
    if person.pk == other.pk:
        raise ValidationError("A record cannot be a different person from itself")
    a, b = sorted([person.pk, other.pk])
    decision, created = NotSamePerson.objects.get_or_create(
        hub=membership.hub,
        person_a_id=a,
        person_b_id=b,
        defaults={"reason": reason.strip(), "decided_by": by},
    )
    CandidatePair.objects.filter(hub=membership.hub, status=CandidatePair.Status.OPEN, left_id=a, right_id=b).update(
        status=CandidatePair.Status.NOT_SAME, decided_by=by, decided_at=timezone.now()
    )
    CandidatePair.objects.filter(hub=membership.hub, status=CandidatePair.Status.OPEN, left_id=b, right_id=a).update(
        status=CandidatePair.Status.NOT_SAME, decided_by=by, decided_at=timezone.now()
    )
    if created:
        audit_record(
            verb=Verb.NOT_SAME,
            actor=by,
            membership=membership,
            target=person,
            detail={"other_person": other.pk},
            justification=reason.strip(),
        )
    return decision


@transaction.atomic
def person_merge(*, membership: Membership, by: User, kept: Person, merged: Person, reason: str) -> Merge:
    """Show `merged` as part of `kept` from now on. Both records and their histories stay as they are."""
    _require("review_identity", membership)
    _same_hub(membership, kept, merged)
    errors: dict[str, str] = {}
    if not reason.strip():
        errors["reason"] = "Enter why these records are the same person"
    if kept.pk == merged.pk:
        errors["kept"] = "Choose two different records"
    elif Merge.objects.filter(merged=merged, reversed_at__isnull=True).exists():
        errors["kept"] = f"{merged} is already merged into another record"
    elif index.kept_for(kept.pk) != kept.pk:
        errors["kept"] = f"{kept} is itself merged into another record: merge into that one"
    if errors:
        raise ValidationError(errors)
    a, b = sorted([kept.pk, merged.pk])
    if NotSamePerson.objects.filter(person_a_id=a, person_b_id=b).exists():
        raise ValidationError({"kept": "These records were recorded as different people"})
    merge = Merge(hub=membership.hub, kept=kept, merged=merged, reason=reason.strip(), merged_by=by)
    merge.full_clean()
    merge.save()
    CandidatePair.objects.filter(
        hub=membership.hub, status=CandidatePair.Status.OPEN, left_id__in=[a, b], right_id__in=[a, b]
    ).update(status=CandidatePair.Status.SAME, decided_by=by, decided_at=timezone.now())
    index.refresh(merged.pk)
    index.refresh(kept.pk)
    audit_record(
        verb=Verb.MERGE,
        actor=by,
        membership=membership,
        target=kept,
        detail={"merged_person": merged.pk, "merge": merge.pk},
        justification=reason.strip(),
    )
    return merge


@transaction.atomic
def person_unmerge(*, membership: Membership, by: User, merge: Merge, reason: str) -> Merge:
    """Reverse a merge: the two records are separate again, each with the history it always had."""
    _require("review_identity", membership)
    merge = Merge.objects.select_for_update().get(pk=merge.pk)
    if merge.hub_id != membership.hub_id:
        raise PermissionDenied
    if merge.reversed_at is not None:
        raise ValidationError("This merge has already been reversed")
    if not reason.strip():
        raise ValidationError({"reason": "Enter why these records are not the same person after all"})
    merge.reversed_at = timezone.now()
    merge.reversed_by = by
    merge.reverse_reason = reason.strip()
    merge.save(update_fields=["reversed_at", "reversed_by", "reverse_reason"])
    index.refresh(merge.merged_id)
    index.refresh(merge.kept_id)
    audit_record(
        verb=Verb.UNMERGE,
        actor=by,
        membership=membership,
        target=merge.kept,
        detail={"merged_person": merge.merged_id, "merge": merge.pk},
        justification=reason.strip(),
    )
    return merge


@transaction.atomic
def pair_not_same(*, membership: Membership, by: User, pair: CandidatePair, reason: str = "") -> CandidatePair:
    """A reviewer says the pair are different people."""
    _require("review_identity", membership)
    pair = CandidatePair.objects.select_for_update().get(pk=pair.pk)
    if pair.hub_id != membership.hub_id:
        raise PermissionDenied
    if pair.status != CandidatePair.Status.OPEN:
        raise ValidationError("This pair has already been reviewed")
    if pair.right is not None:
        not_same_record(membership=membership, by=by, person=pair.left, other=pair.right, reason=reason)
    else:
        audit_record(
            verb=Verb.NOT_SAME,
            actor=by,
            membership=membership,
            target=pair.left,
            detail={"extract_row": pair.extract_row, "run": pair.run_id},
            justification=reason.strip(),
        )
    pair.refresh_from_db()
    pair.status, pair.decided_by, pair.decided_at = CandidatePair.Status.NOT_SAME, by, timezone.now()
    pair.save(update_fields=["status", "decided_by", "decided_at"])
    return pair


@transaction.atomic
def pair_confirm_extract(*, membership: Membership, by: User, pair: CandidatePair) -> CandidatePair:
    """A reviewer confirms an agency's row is this person in the index (recorded; nothing is copied)."""
    _require("review_identity", membership)
    pair = CandidatePair.objects.select_for_update().get(pk=pair.pk)
    if pair.hub_id != membership.hub_id:
        raise PermissionDenied
    if pair.status != CandidatePair.Status.OPEN or pair.right_id is not None:
        raise ValidationError("Only an open match to an agency's list can be confirmed here")
    pair.status, pair.decided_by, pair.decided_at = CandidatePair.Status.SAME, by, timezone.now()
    pair.save(update_fields=["status", "decided_by", "decided_at"])
    audit_record(
        verb=Verb.LINK,
        actor=by,
        membership=membership,
        target=pair.left,
        detail={"extract_row": pair.extract_row, "run": pair.run_id},
    )
    return pair


def _not_same_ids(person_id: int) -> set[int]:
    rows = NotSamePerson.objects.filter(person_a_id=person_id).values_list("person_b_id", flat=True)
    rows2 = NotSamePerson.objects.filter(person_b_id=person_id).values_list("person_a_id", flat=True)
    return set(rows) | set(rows2)


@transaction.atomic
def cluster_add_record(*, person: Person) -> Cluster | None:
    """Incremental clustering: put a new (or changed) record into the clusters it belongs to.

    The record is scored against its candidates; every record at or above the
    cluster threshold is connected to it, so the clusters they are in, and the new
    record, become one (connected components, as Splink's batch clustering makes
    them, without re-running the batch). Pairs above the review threshold are
    queued for review. Records decided "not the same person" are never connected.
    """
    features = index.IndexedPerson.objects.filter(person=person).values_list("features", flat=True).first()
    if features is None:
        return None
    excluded = {person.pk} | _not_same_ids(person.pk)
    scored = matcher.score_candidates(person.hub, dict(features), exclude=excluded)
    for other_id, score in scored:
        a, b = sorted([person.pk, other_id])
        if not CandidatePair.objects.filter(left_id=a, right_id=b).exists():
            CandidatePair.objects.create(
                hub_id=person.hub_id,
                left_id=a,
                right_id=b,
                probability=score.probability,
                match_weight=score.match_weight,
                explanation=explanation(score),
            )
    linked = [pid for pid, score in scored if score.probability >= definition.CLUSTER_THRESHOLD]
    if not linked:
        current = ClusterMember.objects.filter(person=person).select_related("cluster").first()
        return current.cluster if current else None
    members = list(ClusterMember.objects.filter(person_id__in=[person.pk, *linked]).select_related("cluster"))
    clusters = sorted({m.cluster_id for m in members})
    if clusters:
        target = Cluster.objects.get(pk=clusters[0])
        ClusterMember.objects.filter(cluster_id__in=clusters[1:]).update(cluster=target)
        Cluster.objects.filter(pk__in=clusters[1:]).delete()
    else:
        target = Cluster.objects.create(hub_id=person.hub_id)
    already = set(ClusterMember.objects.filter(cluster=target).values_list("person_id", flat=True))
    ClusterMember.objects.bulk_create(
        [ClusterMember(cluster=target, person_id=pid) for pid in [person.pk, *linked] if pid not in already]
    )
    return target
