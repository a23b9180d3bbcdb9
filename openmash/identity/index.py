"""Keeping the candidate index in step with the person index, and the hub's model parameters."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction

from openmash.hubs.models import Hub
from openmash.identity.definition import priors
from openmash.identity.features import Record, build_record, candidate_keys
from openmash.identity.models import IndexedPerson, Merge, ModelParameters, PersonKey
from openmash.people.models import Person


def parameters_for(hub: Hub | int) -> dict[str, Any]:
    """The hub's latest trained model, or the shipped priors."""
    hub_id = hub if isinstance(hub, int) else hub.pk
    latest = ModelParameters.objects.filter(hub_id=hub_id).only("splink_model").first()
    return latest.splink_model if latest else priors()


def record_for(person: Person, also: Iterable[Person] = ()) -> Record:
    """The matcher's record of a person; `also` are records merged into it (their names and postcodes count)."""
    people = [person, *also]
    other_names = [(o.given_names, o.family_name) for p in people for o in p.other_names.all()]
    other_names += [(p.given_names, p.family_name) for p in people[1:]]
    addresses = sorted(
        (a for p in people for a in p.addresses.all()),
        key=lambda a: (a.end_date is None, a.start_date or a.end_date or person.created_at.date()),
        reverse=True,
    )
    current = next((a for a in addresses if a.end_date is None), addresses[0] if addresses else None)
    postcodes = [current.postcode] if current else []
    postcodes += [a.postcode for a in addresses if a is not current]
    dob = person.date_of_birth or next((p.date_of_birth for p in people[1:] if p.date_of_birth), None)
    return build_record(
        unique_id=person.pk,
        given_names=person.given_names,
        family_name=person.family_name,
        other_names=other_names,
        date_of_birth=dob,
        sex=person.sex,
        postcodes=postcodes,
        address_line_1=current.line_1 if current else "",
        nhs_number=person.nhs_number or next((p.nhs_number for p in people[1:] if p.nhs_number), ""),
        upn=person.upn or next((p.upn for p in people[1:] if p.upn), ""),
        police_reference=person.police_reference,
    )


def _with_related(ids: Iterable[int]) -> list[Person]:
    return list(Person.objects.filter(pk__in=list(ids)).prefetch_related("other_names", "addresses"))


def kept_for(person_id: int) -> int:
    """The record a person is shown under: itself, or the record it was merged into (following chains)."""
    seen = {person_id}
    current = person_id
    while True:
        kept = (
            Merge.objects.filter(merged_id=current, reversed_at__isnull=True).values_list("kept_id", flat=True).first()
        )
        if kept is None or kept in seen:
            return current
        seen.add(kept)
        current = kept


def merged_into(person_id: int) -> list[int]:
    """Every record merged (directly or through a chain) into this one."""
    out: list[int] = []
    frontier = [person_id]
    while frontier:
        found = list(
            Merge.objects.filter(kept_id__in=frontier, reversed_at__isnull=True).values_list("merged_id", flat=True)
        )
        found = [f for f in found if f not in out and f != person_id]
        out += found
        frontier = found
    return out


def same_person_groups(hub_id: int, person_ids: Iterable[int]) -> dict[int, set[int]]:
    """For each person, every record that is the same person by an active merge (itself included).

    One query whatever the number of people: a hub's active merges are few.
    """
    kept_of: dict[int, int] = dict(
        Merge.objects.filter(hub_id=hub_id, reversed_at__isnull=True).values_list("merged_id", "kept_id")
    )

    def root(pid: int) -> int:
        seen = {pid}
        while pid in kept_of and kept_of[pid] not in seen:
            pid = kept_of[pid]
            seen.add(pid)
        return pid

    members: dict[int, set[int]] = {}
    for merged in kept_of:
        members.setdefault(root(merged), set()).add(merged)
    out = {}
    for pid in person_ids:
        r = root(pid)
        out[pid] = {r, *members.get(r, set())}
    return out


@transaction.atomic
def refresh(person_id: int) -> None:
    """Rebuild one person's features and keys (or drop them if the record is merged into another)."""
    IndexedPerson.objects.filter(person_id=person_id).delete()
    PersonKey.objects.filter(person_id=person_id).delete()
    if kept_for(person_id) != person_id:
        return
    people = _with_related([person_id, *merged_into(person_id)])
    by_id = {p.pk: p for p in people}
    person = by_id.get(person_id)
    if person is None:
        return
    record = record_for(person, [p for pk, p in by_id.items() if pk != person_id])
    IndexedPerson.objects.create(person=person, hub_id=person.hub_id, features=record)
    PersonKey.objects.bulk_create(
        [PersonKey(hub_id=person.hub_id, person=person, key=k[:60]) for k in sorted(candidate_keys(record))]
    )


def rebuild(hub: Hub, batch: int = 2000) -> int:
    """Rebuild the whole hub's candidate index (after an upgrade, or for a hub loaded in bulk)."""
    IndexedPerson.objects.filter(hub=hub).delete()
    PersonKey.objects.filter(hub=hub).delete()
    merged = set(Merge.objects.filter(hub=hub, reversed_at__isnull=True).values_list("merged_id", flat=True))
    ids = list(Person.objects.filter(hub=hub).values_list("pk", flat=True))
    count = 0
    for start in range(0, len(ids), batch):
        chunk = [i for i in ids[start : start + batch] if i not in merged]
        entries, keys = [], []
        for person in _with_related(chunk):
            also = _with_related(merged_into(person.pk)) if merged else []
            record = record_for(person, also)
            entries.append(IndexedPerson(person=person, hub=hub, features=record))
            keys += [PersonKey(hub=hub, person=person, key=k[:60]) for k in sorted(candidate_keys(record))]
        IndexedPerson.objects.bulk_create(entries)
        PersonKey.objects.bulk_create(keys)
        count += len(entries)
    return count


def index_records(hub: Hub) -> list[Record]:
    return [dict(f) for f in IndexedPerson.objects.filter(hub=hub).values_list("features", flat=True)]
