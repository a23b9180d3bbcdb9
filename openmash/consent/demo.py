"""Demo data for the family's side: consent, telling the family and letters for every demo case.

Called once by `manage.py seed_demo` after the contacts exist. Like the demo's history,
the records are bulk-created (one audit event per hub says so) and dated in the past,
keeping the invariants the services keep: consent only from a parent or carer named in
the case, a reason and a review date whenever a family was not told, and every sent
letter within the hub's reading age with its score stored. Everything is synthetic.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from decimal import Decimal

from django.db.models import Prefetch
from django.utils import timezone

from openmash.audit.models import Verb
from openmash.audit.services import audit_record
from openmash.consent.models import ConsentRecord, ConsentScope, FamilyInformed
from openmash.contacts.models import Contact, ContactPerson, ContactStatus
from openmash.hubs.models import Hub
from openmash.letters import readability
from openmash.letters.models import Letter
from openmash.letters.services import settings_for
from openmash.letters.templates_text import TEMPLATES
from openmash.people.models import PersonKind

BATCH = 500
OUTCOME_WORDS = {
    ContactStatus.CLOSED_NFA: "We will not do anything more. You do not need to do anything.",
    ContactStatus.SIGNPOSTED: "We have sent you details of services near you that can help. It is up to you to use them.",
    ContactStatus.EARLY_HELP: "An Early Help worker will call you to talk about what help would be useful.",
    ContactStatus.DECIDED: "A social worker will visit you to talk about how things are going and what would help.",
    ContactStatus.PASSED_TO_ALLOCATED_WORKER: "We have passed this on to your social worker, who will be in touch.",
}


def _fill(text: str, values: dict[str, str]) -> str:
    for key, value in values.items():
        text = text.replace("{" + key + "}", value)
    return text


def seed_family_side(*, rng: random.Random, now: dt.datetime | None = None) -> dict[str, Counter[str]]:
    """Consent, informing and letters for every submitted contact in every hub. Returns counts per hub."""
    now = now or timezone.now()
    out: dict[str, Counter[str]] = {}
    for hub in Hub.objects.all():
        out[hub.name] = _seed_hub(hub, rng, now)
    return out


def _seed_hub(hub: Hub, rng: random.Random, now: dt.datetime) -> Counter[str]:
    counts: Counter[str] = Counter()
    settings = settings_for(hub)
    contacts = list(
        Contact.objects.filter(hub=hub)
        .exclude(status=ContactStatus.DRAFT)
        .select_related("created_by", "current_triage__level")
        .prefetch_related(Prefetch("people", queryset=ContactPerson.objects.select_related("person")))
        .order_by("received_at")
    )
    consents: list[ConsentRecord] = []
    informed: list[FamilyInformed] = []
    letters: list[Letter] = []
    today = timezone.localdate()
    for contact in contacts:
        links = list(contact.people.all())
        adults = [
            link.person
            for link in links
            if link.person.kind == PersonKind.ADULT and link.part == ContactPerson.Part.PARENT_CARER
        ]
        children = [link.person for link in links if link.person.kind == PersonKind.CHILD]
        parent = adults[0] if adults else None
        worker = contact.created_by
        worker_name = worker.get_full_name() or worker.username
        soon = min(contact.received_at + dt.timedelta(hours=rng.randint(2, 30)), now - dt.timedelta(minutes=5))
        live = contact.status == ContactStatus.AWAITING_TRIAGE
        statutory = bool(contact.current_triage and contact.current_triage.level.is_statutory)

        # Telling the family: most are told soon after; some not yet, or not for a reviewable reason.
        roll = rng.random()
        if live or roll < 0.08:
            informed.append(
                FamilyInformed(
                    hub=hub,
                    contact=contact,
                    told=False,
                    not_told_reason="not_yet" if live else rng.choice(["prejudice", "risk", "no_contact"]),
                    detail="We will call the family once the contact has been triaged."
                    if live
                    else "Police asked us to wait while they speak to the other adult. Review with them.",
                    review_by=today + dt.timedelta(days=rng.randint(1, 7)),
                    recorded_by=worker,
                    recorded_at=soon,
                )
            )
            counts["not told"] += 1
        else:
            informed.append(
                FamilyInformed(
                    hub=hub,
                    contact=contact,
                    told=True,
                    who_was_told=parent.display_name if parent else "The young person's carer",
                    told_at=soon,
                    method=rng.choice(["phone", "phone", "in_person", "letter"]),
                    told_by=worker_name,
                    recorded_by=worker,
                    recorded_at=soon,
                )
            )
            counts["told"] += 1

        # Consent: what the parent said when asked (not sought at all in some statutory cases).
        if parent is not None and not (statutory and rng.random() < 0.4):
            refused = rng.random() < (0.12 if not statutory else 0.25)
            consents.append(
                ConsentRecord(
                    hub=hub,
                    contact=contact,
                    giver=parent,
                    giver_role="parent",
                    answer="refused" if refused else "given",
                    scope=rng.choice([ConsentScope.CHILDREN, ConsentScope.CHILDREN_AND_ADULTS]),
                    purposes="To ask the school, the GP and the health visitor what help the family might need.",
                    method=rng.choice(["phone", "in_person", "writing"]),
                    given_at=soon,
                    recorded_by=worker,
                    recorded_at=soon,
                )
            )
            counts["consent refused" if refused else "consent given"] += 1

        # Letters: the concern was received; and, once decided, the outcome.
        if parent is None:
            continue
        names = [c.given_names or c.display_name for c in children] or ["your child"]
        values = {
            "name": parent.display_name,
            "children": " and ".join(names[:2]) if len(names) <= 2 else ", ".join(names[:-1]) + " and " + names[-1],
            "worker": worker_name,
            "hub": f"Children's services, {hub.local_authority}",
            "phone": settings.phone,
            "out_of_hours": settings.out_of_hours_phone,
        }
        kinds = ["concern_received"]
        if contact.status in OUTCOME_WORDS:
            kinds.append("outcome")
            values["outcome"] = OUTCOME_WORDS[ContactStatus(contact.status)]
        for n, code in enumerate(kinds):
            template = TEMPLATES[code]
            body = _fill(template.body, values)
            sent = not live
            at = min(soon + dt.timedelta(days=n * rng.randint(1, 5)), now - dt.timedelta(minutes=1))
            letters.append(
                Letter(
                    hub=hub,
                    contact=contact,
                    recipient=parent,
                    template=code,
                    subject=_fill(template.subject, values),
                    body=body,
                    difficult_news=template.difficult_news,
                    status=Letter.Status.SENT if sent else Letter.Status.DRAFT,
                    reading_age=Decimal(str(readability.score(body).reading_age)) if sent else None,
                    method="post" if sent else "",
                    created_by=worker,
                    created_at=at,
                    sent_by=worker if sent else None,
                    sent_at=at if sent else None,
                )
            )
            counts["letters"] += 1
    FamilyInformed.objects.bulk_create(informed, batch_size=BATCH)
    ConsentRecord.objects.bulk_create(consents, batch_size=BATCH)
    Letter.objects.bulk_create(letters, batch_size=BATCH)
    audit_record(
        verb=Verb.CONFIGURE,
        actor=None,
        hub=hub,
        target=hub,
        detail={"demo_seed": "synthetic consent, informing and letters loaded by manage.py seed_demo", **counts},
    )
    return counts
