"""Reads for the identity pages: one person's history and family network, and the review queue."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from openmash.accounts import rules
from openmash.accounts.models import Membership
from openmash.audit.models import Verb
from openmash.audit.services import audit_record
from openmash.contacts.models import Contact, ContactPerson, ContactStatus
from openmash.contacts.queries import is_referral, twelve_months_before
from openmash.identity import index
from openmash.identity.models import CandidatePair, Merge
from openmash.people.models import Person, Relationship, RelationshipKind


def person_get_for_user(*, membership: Membership | None, pk: int, rule: str = "search_people") -> Person:
    """One person in the practitioner's hub, or refuse (another hub's person is not found)."""
    if membership is None or not rules.allowed(rule, membership):
        raise PermissionDenied
    try:
        person = Person.objects.prefetch_related("other_names", "addresses").get(pk=pk, hub=membership.hub)
    except Person.DoesNotExist:
        raise Http404("No such person") from None
    audit_record(verb=Verb.VIEW, actor=membership.user, membership=membership, target=person)
    return person


def same_person_ids(person: Person) -> set[int]:
    return index.same_person_groups(person.hub_id, [person.pk])[person.pk]


@dataclass(frozen=True)
class History:
    """A person's contacts with the hub, newest first, split at twelve months, and the DfE count."""

    recent: list[Contact]
    older: list[Contact]
    referrals_last_12_months: int


def person_history(person: Person) -> History:
    ids = same_person_ids(person)
    contacts = list(
        Contact.objects.filter(people__person_id__in=ids, hub_id=person.hub_id)
        .exclude(status=ContactStatus.DRAFT)
        .select_related("current_triage")
        .distinct()
        .order_by("-received_at")
    )
    cutoff = twelve_months_before(timezone.localdate())
    recent = [c for c in contacts if timezone.localtime(c.received_at).date() >= cutoff]
    older = [c for c in contacts if timezone.localtime(c.received_at).date() < cutoff]
    return History(recent=recent, older=older, referrals_last_12_months=sum(1 for c in recent if is_referral(c)))


# How the person at the centre relates to someone, from a Relationship row either way round.
_INVERSE = {
    RelationshipKind.MOTHER: "Child",
    RelationshipKind.FATHER: "Child",
    RelationshipKind.PARENT: "Child",
    RelationshipKind.STEP_PARENT: "Step-child",
    RelationshipKind.SIBLING: "Sibling",
    RelationshipKind.HOUSEHOLD_MEMBER: "Household member",
    RelationshipKind.PARTNER: "Partner",
}


@dataclass
class NetworkNode:
    person: Person
    relations: list[str] = field(default_factory=list)
    contacts_together: int = 0
    x: float = 0
    y: float = 0

    @property
    def label(self) -> str:
        return ", ".join(dict.fromkeys(self.relations)) or "Named in the same contact"


@dataclass(frozen=True)
class Network:
    centre: Person
    nodes: list[NetworkNode]
    width: int = 640
    height: int = 460

    @property
    def cx(self) -> float:
        return self.width / 2

    @property
    def cy(self) -> float:
        return self.height / 2


def family_network(person: Person, limit: int = 14) -> Network:
    """Who is linked to whom: recorded relationships, and people named with this person across contacts."""
    ids = same_person_ids(person)
    nodes: dict[int, NetworkNode] = {}

    def node(p: Person) -> NetworkNode:
        return nodes.setdefault(p.pk, NetworkNode(person=p))

    for rel in Relationship.objects.filter(relative_id__in=ids).exclude(person_id__in=ids).select_related("person"):
        node(rel.person).relations.append(rel.get_kind_display())
    for rel in Relationship.objects.filter(person_id__in=ids).exclude(relative_id__in=ids).select_related("relative"):
        node(rel.relative).relations.append(_INVERSE.get(RelationshipKind(rel.kind), rel.get_kind_display()))
    contact_ids = ContactPerson.objects.filter(person_id__in=ids).exclude(contact__status=ContactStatus.DRAFT)
    together = (
        ContactPerson.objects.filter(contact_id__in=contact_ids.values("contact_id"))
        .exclude(person_id__in=ids)
        .select_related("person")
    )
    for link in together:
        n = node(link.person)
        n.contacts_together += 1
        if not n.relations or link.get_part_display() not in n.relations:
            n.relations.append(link.get_part_display())
    # Merged-away records are shown under the record kept.
    shown: dict[int, NetworkNode] = {}
    groups = index.same_person_groups(person.hub_id, list(nodes))
    for n in nodes.values():
        kept = min(groups[n.person.pk])
        if groups[n.person.pk] & ids:
            continue
        if kept in shown:
            shown[kept].relations += n.relations
            shown[kept].contacts_together += n.contacts_together
        else:
            shown[kept] = n
    ordered = sorted(shown.values(), key=lambda n: (-n.contacts_together, str(n.person)))[:limit]
    net = Network(centre=person, nodes=ordered)
    radius = min(net.width, net.height) / 2 - 70
    for i, n in enumerate(ordered):
        angle = -math.pi / 2 + 2 * math.pi * i / max(len(ordered), 1)
        n.x = round(net.cx + radius * math.cos(angle) * 1.25, 1)
        n.y = round(net.cy + radius * math.sin(angle), 1)
    return net


def active_merges(person: Person) -> QuerySet[Merge]:
    return Merge.objects.filter(Q(kept=person) | Q(merged=person), reversed_at__isnull=True).select_related(
        "kept", "merged", "merged_by"
    )


def review_queue(*, membership: Membership) -> QuerySet[CandidatePair]:
    if not rules.allowed("review_identity", membership):
        raise PermissionDenied
    audit_record(verb=Verb.LIST, actor=membership.user, membership=membership, detail={"page": "identity review"})
    return (
        CandidatePair.objects.filter(hub=membership.hub, status=CandidatePair.Status.OPEN)
        .select_related("left", "right", "run")
        .order_by("-probability", "pk")
    )


def pair_get_for_user(*, membership: Membership | None, pk: int) -> CandidatePair:
    if membership is None or not rules.allowed("review_identity", membership):
        raise PermissionDenied
    try:
        pair = CandidatePair.objects.select_related("left", "right", "run").get(pk=pk, hub=membership.hub)
    except CandidatePair.DoesNotExist:
        raise Http404("No such pair") from None
    # The pair page shows both people: the read is of both.
    audit_record(
        verb=Verb.VIEW,
        actor=membership.user,
        membership=membership,
        target=pair.left,
        detail={"pair": pair.pk, "other_person": pair.right_id},
    )
    return pair
