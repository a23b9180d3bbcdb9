"""Changes to the person index."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from openmash import dates
from openmash.accounts.models import Membership, User
from openmash.audit.models import Verb
from openmash.audit.services import audit_record
from openmash.people import identifiers
from openmash.people.models import Address, OtherName, Person, Relationship


def _check_dates(fields: dict[str, Any], address: dict[str, Any] | None) -> None:
    """Refuse a date of birth, expected date of birth or moving-in date outside its plausible range."""
    errors: dict[str, str] = {}
    checks = [
        ("date_of_birth", fields.get("date_of_birth"), dates.LIFETIME, "Date of birth"),
        (
            "expected_date_of_birth",
            fields.get("expected_date_of_birth"),
            dates.EXPECTED_DATE_OF_BIRTH,
            "Expected date of birth",
        ),
        ("address_since", (address or {}).get("start_date"), dates.LIFETIME, "Date they moved in"),
    ]
    for field, value, window, noun in checks:
        if value is not None and (message := window.refusal(value, noun=noun)):
            errors[field] = message
    if errors:
        raise ValidationError(errors)


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
    _check_dates(fields, address)
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
