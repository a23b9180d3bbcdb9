"""Reads for the family's side: consent and sharing on a case, who has not been reached, reports, subject access.

Pages fetch the contact through `contacts.queries.contact_get_for_user`, which checks
and audits the read; these functions then read within that contact or the hub.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from openmash.consent.models import (
    AdultView,
    ConsentRecord,
    FamilyInformed,
    ShareDecision,
    SubjectAccessRequest,
)
from openmash.contacts.models import Contact, ContactPerson, ContactStatus
from openmash.decisions.models import Decision
from openmash.enquiries.models import ContributionItem, InformationRequest, Sensitivity
from openmash.hubs.models import Hub
from openmash.people.models import Person, PersonKind, RelationshipKind, Sex


def consent_history(contact: Contact) -> list[ConsentRecord]:
    return list(
        ConsentRecord.objects.filter(contact=contact)
        .select_related("giver", "recorded_by", "replaces")
        .prefetch_related("agencies")
        .order_by("-given_at", "-pk")
    )


def share_decisions(contact: Contact) -> list[ShareDecision]:
    return list(
        ShareDecision.objects.filter(contact=contact)
        .select_related("decided_by")
        .prefetch_related("recipients", "people")
        .order_by("-decided_at", "-pk")
    )


def informed_current(contact: Contact) -> FamilyInformed | None:
    return FamilyInformed.objects.filter(contact=contact, replaced_by__isnull=True).first()


def informed_history(contact: Contact) -> list[FamilyInformed]:
    return list(FamilyInformed.objects.filter(contact=contact).select_related("recorded_by"))


@dataclass
class AdultRow:
    """One parent or household adult, and what the hub has done to hear from them."""

    label: str
    person: Person | None
    part: str
    contacted: bool = False
    view_asked: bool = False
    accounts: list[AdultView] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def gaps(self) -> list[str]:
        if self.person is None:
            return ["Not identified"]
        out = []
        if not self.contacted:
            out.append("Not contacted")
        if not self.view_asked:
            out.append("Not asked for their view")
        return out


ADULT_PARTS = {ContactPerson.Part.PARENT_CARER, ContactPerson.Part.HOUSEHOLD_ADULT, ContactPerson.Part.ALLEGED_HARM}


def family_adults(contact: Contact) -> list[AdultRow]:
    """Both parents and every adult in the household: who is missing, not contacted, or not asked their view.

    A father (or mother) counts as identified when an adult in the contact is recorded as
    the child's father (mother), or is a parent or carer of that sex. Otherwise the row
    says "not identified", with what is known if someone recorded it.
    """
    links = list(contact.people.select_related("person").order_by("id"))
    views = list(AdultView.objects.filter(contact=contact).order_by("recorded_at", "pk"))
    adult_links = [link for link in links if link.person.kind == PersonKind.ADULT and link.part in ADULT_PARTS]
    subject_ids = [link.person_id for link in links if link.part == ContactPerson.Part.SUBJECT]
    kinds: dict[int, set[str]] = {}
    for person_id, kind in (
        Person.objects.filter(pk__in=[link.person_id for link in adult_links])
        .filter(relationships__relative_id__in=subject_ids)
        .values_list("pk", "relationships__kind")
    ):
        kinds.setdefault(person_id, set()).add(kind)
    rows = []
    for link in adult_links:
        person = link.person
        mine = [v for v in views if v.person_id == person.pk]
        relation = ", ".join(sorted(k.replace("_", " ") for k in kinds.get(person.pk, set())))
        row = AdultRow(
            label=f"{person} ({relation or link.get_part_display().lower()})",
            person=person,
            part=link.part,
            contacted=any(v.contacted_at for v in mine),
            view_asked=any(v.view_asked for v in mine),
            accounts=[v for v in mine if v.account],
        )
        rows.append(row)

    def identified(kind: str, sex: str) -> bool:
        return any(
            kind in kinds.get(link.person_id, set())
            or (link.part == ContactPerson.Part.PARENT_CARER and link.person.sex == sex)
            for link in adult_links
        )

    if subject_ids and any(
        link.person.kind == PersonKind.CHILD for link in links if link.part == ContactPerson.Part.SUBJECT
    ):
        for kind, sex, label in (
            (RelationshipKind.FATHER, Sex.MALE, "Father"),
            (RelationshipKind.MOTHER, Sex.FEMALE, "Mother"),
        ):
            if not identified(kind, sex):
                notes = [v.notes for v in views if v.unidentified == kind]
                rows.insert(0, AdultRow(label=f"{label}: not identified", person=None, part="", notes=notes))
    return rows


def families_not_informed(hub: Hub, limit: int = 200) -> tuple[list[dict[str, Any]], int]:
    """Contacts past the front door whose family has not been told, newest first, with why not and when to review."""
    current = FamilyInformed.objects.filter(contact=OuterRef("pk"), replaced_by__isnull=True)
    told = current.filter(told=True)
    qs = (
        Contact.objects.filter(hub=hub)
        .exclude(status__in=[ContactStatus.DRAFT])
        .annotate(is_told=Exists(told))
        .filter(is_told=False)
        .order_by("-received_at")
    )
    total = qs.count()
    contacts = list(qs[:limit])
    latest = {f.contact_id: f for f in FamilyInformed.objects.filter(contact__in=contacts, replaced_by__isnull=True)}
    today = timezone.localdate()
    rows = [
        {
            "contact": c,
            "record": latest.get(c.pk),
            "review_due": bool(latest.get(c.pk) and latest[c.pk].is_due_for_review(today)),
        }
        for c in contacts
    ]
    return rows, total


def historic_items_without_reason(hub: Hub) -> QuerySet[ContributionItem]:
    """Submitted items older than the hub's limit that were shared with no recorded reason. The target is none."""
    cutoff = timezone.localdate() - dt.timedelta(days=round(hub.historic_item_years * 365.25))
    return (
        ContributionItem.objects.filter(
            contribution__request__contact__hub=hub,
            contribution__submitted_at__isnull=False,
            occurred_on__lte=cutoff,
            historic_reason="",
        )
        .select_related("person", "contribution__request__agency", "contribution__request__contact__hub")
        .order_by("occurred_on")
    )


def subject_access_list(hub: Hub) -> list[SubjectAccessRequest]:
    return list(SubjectAccessRequest.objects.filter(hub=hub).select_related("person"))


@dataclass
class Withheld:
    what: str
    reason: str


@dataclass
class Bundle:
    """Everything the hub holds about one person, with what is withheld listed (not revealed) for review."""

    person: Person
    sar: SubjectAccessRequest
    produced_at: dt.datetime
    contacts: list[dict[str, Any]] = field(default_factory=list)
    shares: list[dict[str, Any]] = field(default_factory=list)
    items: list[dict[str, Any]] = field(default_factory=list)
    decisions: list[dict[str, Any]] = field(default_factory=list)
    consent: list[dict[str, Any]] = field(default_factory=list)
    letters: list[dict[str, Any]] = field(default_factory=list)
    withheld: list[Withheld] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "person": {
                "name": self.person.display_name,
                "date_of_birth": self.person.date_of_birth.isoformat() if self.person.date_of_birth else None,
            },
            "request": {
                "received_on": self.sar.received_on.isoformat(),
                "due_on": self.sar.deadline.isoformat(),
            },
            "produced_at": self.produced_at.isoformat(),
            "status": "For review before release: nothing is sent to the person until a reviewer has checked it.",
            "contacts": self.contacts,
            "what_was_shared_about_you": self.shares,
            "information_agencies_gave": self.items,
            "decisions": self.decisions,
            "consent": self.consent,
            "letters": self.letters,
            "withheld": [{"what": w.what, "reason": w.reason} for w in self.withheld],
        }


def _date(value: dt.datetime | dt.date | None) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime("%d %B %Y %H:%M")
    return value.strftime("%d %B %Y")


def subject_access_bundle(sar: SubjectAccessRequest) -> Bundle:
    """Build the export for one person: what was shared about them, with whom, when and on what basis.

    Withheld, and listed with the reason but without the content: items marked not for
    disclosure (for example police intelligence); information about other people (the
    referrer's identity, decisions about the children), for a human to review.
    """
    from openmash.letters.models import Letter  # letters depends on consent; read it lazily

    person = sar.person
    bundle = Bundle(person=person, sar=sar, produced_at=timezone.now())
    links = ContactPerson.objects.filter(person=person).select_related("contact").order_by("contact__received_at")
    for link in links:
        c = link.contact
        bundle.contacts.append(
            {
                "reference": c.reference,
                "received": _date(c.received_at),
                "your_part": link.get_part_display(),
                "status": c.get_status_display(),
                "concern": c.concern,
            }
        )
        if c.referrer_name or c.referrer_phone or c.referrer_email:
            bundle.withheld.append(
                Withheld(
                    what=f"Who made contact {c.reference}",
                    reason="Third party: the referrer's identity (review before release; anonymous referrers are never named)",
                )
            )
    requests = (
        InformationRequest.objects.filter(people=person)
        .select_related("agency", "contact", "share_decision")
        .order_by("sent_at")
    )
    for r in requests:
        d = r.share_decision
        bundle.shares.append(
            {
                "contact": r.contact.reference,
                "asked": r.agency.name,
                "when": _date(r.sent_at),
                "question": r.question,
                "legal_basis": d.summary() if d else r.legal_basis_detail,
                "consent": d.get_consent_position_display() if d else r.get_legal_basis_display(),
                "categories": ", ".join(d.category_labels()) if d else "",
            }
        )
    for d in (
        ShareDecision.objects.filter(people=person, kind="disclosure", outcome="share")
        .select_related("contact")
        .prefetch_related("recipients")
        .order_by("decided_at")
    ):
        bundle.shares.append(
            {
                "contact": d.contact.reference,
                "asked": ", ".join(
                    [a.name for a in d.recipients.all()] + ([d.recipient_other] if d.recipient_other else [])
                ),
                "when": _date(d.decided_at),
                "question": f"Disclosure: {d.purpose}",
                "legal_basis": d.summary(),
                "consent": d.get_consent_position_display(),
                "categories": ", ".join(d.category_labels()),
            }
        )
    items = (
        ContributionItem.objects.filter(person=person, contribution__submitted_at__isnull=False)
        .select_related("contribution__request__agency", "contribution__request__contact__hub")
        .order_by("occurred_on")
    )
    for item in items:
        agency = item.contribution.request.agency.name
        if item.sensitivity == Sensitivity.NOT_FOR_DISCLOSURE:
            bundle.withheld.append(
                Withheld(
                    what=f"An item from {agency} (shared {_date(item.contribution.submitted_at)})",
                    reason="Marked not for disclosure by the agency (for example police intelligence): "
                    "DPA 2018 Schedule 2 exemptions (crime and taxation; or serious harm). A reviewer confirms.",
                )
            )
            continue
        if item.sensitivity:
            # Therapy and counselling records are restricted everywhere else; here they wait for the
            # health professional's opinion the DPA 2018 (Schedule 3, Part 2) asks for before release.
            bundle.withheld.append(
                Withheld(
                    what=f"An item from {agency} (shared {_date(item.contribution.submitted_at)})",
                    reason="From therapy or counselling records: health data released only after an appropriate "
                    "health professional has been consulted (DPA 2018 Schedule 3, Part 2). A reviewer confirms.",
                )
            )
            continue
        bundle.items.append(
            {
                "from": agency,
                "when_it_happened": _date(item.occurred_on),
                "what": item.summary,
                "shared_on": _date(item.contribution.submitted_at),
                "historic": f"{item.age_years():.0f} years old. Why shared: {item.historic_reason or 'no reason recorded'}"
                if item.is_historic
                else "",
                "sensitivity": item.get_sensitivity_display() if item.sensitivity else "",
            }
        )
    for decision in Decision.objects.filter(person=person).select_related("contact").order_by("decided_at"):
        bundle.decisions.append(
            {
                "contact": decision.contact.reference,
                "when": _date(decision.decided_at),
                "outcome": decision.get_outcome_display(),
                "reasons": decision.rationale,
            }
        )
    contact_ids = [link.contact_id for link in links]
    for decision in (
        Decision.objects.filter(contact_id__in=contact_ids).exclude(person=person).select_related("contact")
    ):
        bundle.withheld.append(
            Withheld(
                what=f"The decision about another person in contact {decision.contact.reference}",
                reason="Third party: about someone else (for example a child). A reviewer decides what to release.",
            )
        )
    for record in ConsentRecord.objects.filter(giver=person).order_by("given_at"):
        bundle.consent.append(
            {
                "when": _date(record.given_at),
                "answer": record.get_answer_display(),
                "covers": record.get_scope_display(),
                "purposes": record.purposes,
            }
        )
    for letter in Letter.objects.filter(recipient=person, sent_at__isnull=False).order_by("sent_at"):
        bundle.letters.append({"sent": _date(letter.sent_at), "subject": letter.subject, "body": letter.body})
    return bundle
