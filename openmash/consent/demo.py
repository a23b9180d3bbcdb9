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
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.db.models import Min, Prefetch
from django.utils import timezone

from openmash.accounts.models import Membership
from openmash.audit.models import Verb
from openmash.audit.services import audit_record
from openmash.consent.models import ConsentAnswer, ConsentRecord, ConsentScope, FamilyInformed, GiverRole
from openmash.consent.services import ShareBasis, consent_record
from openmash.contacts.models import Contact, ContactPerson, ContactStatus
from openmash.enquiries.models import InformationRequest, LegalBasis
from openmash.hubs.models import Hub
from openmash.letters import readability
from openmash.letters.models import Letter
from openmash.letters.services import settings_for
from openmash.letters.templates_text import TEMPLATES
from openmash.people.models import Person, PersonKind

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
    today = timezone.localdate(now)
    already_told = set(FamilyInformed.objects.filter(hub=hub).values_list("contact_id", flat=True))
    already_asked = set(ConsentRecord.objects.filter(hub=hub).values_list("contact_id", flat=True))
    # History's requests below the threshold were sent saying the family agreed: keep the record consistent,
    # with the consent given before the first of them.
    agreed: dict[int, dt.datetime] = dict(
        InformationRequest.objects.filter(contact__hub=hub, legal_basis=LegalBasis.CONSENT)
        .values("contact_id")
        .annotate(first=Min("sent_at"))
        .values_list("contact_id", "first")
    )
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
        if contact.pk in already_told:
            pass
        elif live or roll < 0.08:
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

        # Consent: what the parent, and each young person of 16 or 17, said when asked (not sought at
        # all in some statutory cases). Where requests went out on the family's consent, everyone
        # they covered agreed before the first was sent, and a young person's age is the one they
        # were when it was sent.
        if parent is not None and contact.pk not in already_asked and not (statutory and rng.random() < 0.4):
            shared_at = agreed.get(contact.pk)
            asked_at = (
                soon if shared_at is None else max(min(soon, shared_at - dt.timedelta(minutes=2)), contact.received_at)
            )
            refused = shared_at is None and rng.random() < (0.12 if not statutory else 0.25)
            # The requests asked about the parents too, so the consent they relied on covered the adults.
            scope = (
                ConsentScope.CHILDREN_AND_ADULTS
                if shared_at
                else rng.choice([ConsentScope.CHILDREN, ConsentScope.CHILDREN_AND_ADULTS])
            )
            givers = [(parent, GiverRole.PARENT, refused, asked_at)]
            for young in young_people(children, at=shared_at or asked_at):
                said_no = shared_at is None and rng.random() < 0.1
                when = asked_while_young(young, asked_at, share_at=shared_at or asked_at)
                givers.append((young, GiverRole.YOUNG_PERSON, said_no, when))
            for giver, role, no, when in givers:
                consents.append(
                    ConsentRecord(
                        hub=hub,
                        contact=contact,
                        giver=giver,
                        giver_role=role,
                        answer=ConsentAnswer.REFUSED if no else ConsentAnswer.GIVEN,
                        scope=scope,
                        purposes="To ask the school, the GP and the health visitor what help the family might need.",
                        method=rng.choice(["phone", "in_person", "writing"]),
                        given_at=when,
                        recorded_by=worker,
                        recorded_at=when,
                    )
                )
                counts["consent refused" if no else "consent given"] += 1

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


def young_people(people: Iterable[Person], *, at: dt.datetime) -> list[Person]:
    """The children among `people` who are 16 or 17 at `at`, and so give or refuse their own consent.

    Age is taken on the day of the share in the hub's time zone, as the sharing rules take it,
    not on the day the demo is loaded: which synthetic child is 16 depends on both.
    """
    day = timezone.localdate(at)
    return [p for p in people if p.kind == PersonKind.CHILD and (age := p.age(day)) is not None and 16 <= age <= 17]


def asked_while_young(person: Person, asked_at: dt.datetime, *, share_at: dt.datetime) -> dt.datetime:
    """When a young person in a share at `share_at` was asked: `asked_at`, unless they were not yet 16 then.

    A child who turns 16 between being asked and the share is asked again on their birthday
    (the share's day, at its start), so their answer is their own.
    """
    age = person.age(timezone.localdate(asked_at))
    if age is not None and age >= 16:
        return asked_at
    start = timezone.make_aware(dt.datetime.combine(timezone.localdate(share_at), dt.time.min))
    return min(max(asked_at, start), share_at)


def demo_share_basis(
    *, membership: Membership, contact: Contact, people: Sequence[Person], rng: random.Random
) -> ShareBasis | None:
    """The decision to share `people`'s information for one of the demo's live requests, recording consent as needed.

    At the top level (or a strategy discussion) the hub shares without consent because there
    is reasonable cause to suspect significant harm. Otherwise a parent named in the case is
    asked and agrees, for the children's and the adults' information, and every young person
    of 16 or 17 in the share agrees in their own right (a parent's consent does not cover
    them), through the same service a practitioner uses. Ages are as of the share, which
    is now. None when there is no parent to ask below the threshold: the rules would stop
    the request, and the demo sends none.
    """
    triage = contact.current_triage
    if triage is None:
        return None
    level = triage.level
    top = not contact.hub.current_levels().filter(rank__gt=level.rank).exists()
    categories = ("identity", "household", "education", "health", "criminal")
    if level.is_statutory and (top or contact.status == ContactStatus.STRATEGY):
        return ShareBasis(
            article6="6_1_e",
            schedule1="para_18",
            consent_position="not_sought",
            consent_reason=rng.choice(["risk_of_harm", "prejudice"]),
            significant_harm=True,
            significant_harm_reason="The referral describes an injury and the child says it happened at home; "
            "asking the family first could put the child at greater risk.",
            purpose="To understand the risk to the child from what each agency knows.",
            categories=categories,
        )
    parent = next(
        (
            link.person
            for link in contact.people.select_related("person")
            if link.part == ContactPerson.Part.PARENT_CARER and link.person.kind == PersonKind.ADULT
        ),
        None,
    )
    if parent is None:
        if not level.is_statutory:
            return None
        return ShareBasis(
            article6="6_1_e",
            schedule1="para_18",
            consent_position="not_sought",
            consent_reason="cannot_obtain",
            purpose="To understand what help the child needs.",
            categories=categories,
        )
    share_at = timezone.now()  # requests_send records the share decision as it is called
    asked_at = share_at - dt.timedelta(minutes=rng.randint(10, 120))
    consent_record(
        membership=membership,
        by=membership.user,
        contact=contact,
        giver=parent,
        giver_role=GiverRole.PARENT,
        answer=ConsentAnswer.GIVEN,
        scope=ConsentScope.CHILDREN_AND_ADULTS,
        method="phone",
        given_at=asked_at,
        purposes="To ask the school, the GP and the police what they know, so we can find the right help.",
    )
    for young in young_people(people, at=share_at):
        consent_record(
            membership=membership,
            by=membership.user,
            contact=contact,
            giver=young,
            giver_role=GiverRole.YOUNG_PERSON,
            answer=ConsentAnswer.GIVEN,
            scope=ConsentScope.CHILDREN_AND_ADULTS,
            method="phone",
            given_at=asked_while_young(young, asked_at, share_at=share_at),
            purposes="To ask the school, the GP and the police what they know about me, so I can get the right help.",
        )
    return ShareBasis(
        article6="6_1_e",
        schedule1="para_18",
        consent_position="given",
        purpose="To understand what help the family needs.",
        categories=categories,
    )
