"""Changes to the person index."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from openmash.accounts.models import Membership, User
from openmash.audit.models import Verb
from openmash.audit.services import audit_record
from openmash.people import identifiers
from openmash.people.models import Address, OtherName, Person, Relationship


@transaction.atomic
def person_create(
    *,
    membership: Membership,
    by: User,
    other_names: list[tuple[str, str]] | None = None,
    address: dict[str, Any] | None = None,
    **fields: Any,
) -> Person:
    """Add a person to the hub's index, after the practitioner has seen the likely matches."""
    if fields.get("nhs_number"):
        fields["nhs_number"] = identifiers.normalise_nhs_number(fields["nhs_number"])
    if fields.get("upn"):
        fields["upn"] = identifiers.normalise_upn(fields["upn"])
    person = Person(hub=membership.hub, created_by=by, **fields)
    person.full_clean()
    person.save()
    for given, family in other_names or []:
        if given or family:
            OtherName.objects.create(person=person, given_names=given, family_name=family)
    if address and address.get("line_1"):
        if address.get("postcode"):
            address["postcode"] = identifiers.normalise_postcode(address["postcode"])
        row = Address(person=person, **address)
        row.full_clean()
        row.save()
    audit_record(verb=Verb.CREATE, actor=by, membership=membership, target=person)
    return person


@transaction.atomic
def relationship_record(
    *, membership: Membership, by: User, person: Person, relative: Person, kind: str, parental_responsibility: bool
) -> Relationship:
    """Record that `person` is the <kind> of `relative` (once; a repeat returns the existing row)."""
    rel, created = Relationship.objects.get_or_create(
        person=person, relative=relative, kind=kind, defaults={"has_parental_responsibility": parental_responsibility}
    )
    if created:
        rel.full_clean()
        audit_record(verb=Verb.CREATE, actor=by, membership=membership, target=rel)
    return rel
