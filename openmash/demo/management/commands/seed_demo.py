"""Load the three demo hubs with a year of synthetic contacts.

`manage.py seed_demo [--scale S] [--if-empty] [--seed N] [--sites site1,site2,site3]`.

Builds the evaluation's three case-study hubs (docs/domain.md, Table 2) from
their presets, a demo user for every role in every hub (plus a police and a
health practitioner who each serve two hubs), and a year of synthetic contacts
ending now, scaled from each site's published annual referral volume.

The data is synthetic throughout (openmash/demo/synthetic.py). Its shape follows
published figures: each site's volume and re-referral rate (evaluation,
Table 2); referral sources in approximate national shares (DfE Children in
need statistics: police about 29%, schools 19%, health 15%, LA services 11%,
individuals 8% and so on), used only to make synthetic data look like a real
front door.

How it is written. Today's live queue (contacts awaiting triage, contacts
triaged in the last few days) goes through the same services a practitioner
uses, so those records have their full audit trail. The year of history is
bulk-created: through the services it would take tens of seconds at the
default scale and many minutes at the published volumes, and the services
stamp "now" on things (submission, audit events) that a historical record
must date in the past. The bulk path keeps every invariant
the services keep: unique references through `ReferenceCounter`, the
submission time and one-working-day clock on every submitted contact,
`current_triage` pointing at the decision, the status that matches the route,
deadlines from the level's timeline and the hub's calendar. Instead of one
audit event per historical record, each hub gets one event saying that
synthetic history was loaded.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from openmash.accounts.demo import demo_mfa_seed
from openmash.accounts.models import Agency, AgencyKind, Membership, Role, User
from openmash.audit.models import Verb
from openmash.audit.services import audit_record
from openmash.consent.demo import seed_family_side
from openmash.consent.models import InformMethod
from openmash.consent.services import family_informed_record
from openmash.contacts import services as contact_services
from openmash.contacts.models import (
    ROUTE_STATUS,
    Contact,
    ContactPerson,
    ContactStatus,
    ReferenceCounter,
    TriageDecision,
)
from openmash.contacts.services import contact_reference
from openmash.demo import enquiry_history, synthetic
from openmash.hubs import worktime
from openmash.hubs.models import Hub, Route, ThresholdDocument, ThresholdIndicator, TriageLevel
from openmash.hubs.services import hub_load_preset
from openmash.identity.demo import seed_identity_demo
from openmash.people import services as people_services
from openmash.people.models import Address, OtherName, Person, Relationship

DEMO_PASSWORD = "openmash-demo"  # noqa: S105 - the published password of the synthetic demo accounts
DEFAULT_SCALE = 0.1
DEFAULT_SEED = 2025
BATCH = 500


@dataclass(frozen=True)
class DemoRole:
    """A demo account made in every hub: `s1-<suffix>`, `s2-<suffix>`, `s3-<suffix>`."""

    suffix: str
    role: str
    agency_kind: str
    job_title: str


HUB_ACCOUNTS: tuple[DemoRole, ...] = (
    DemoRole("manager", Role.HUB_MANAGER, AgencyKind.CHILDRENS_SOCIAL_CARE, "MASH team manager"),
    DemoRole("social-worker", Role.SOCIAL_WORKER, AgencyKind.CHILDRENS_SOCIAL_CARE, "MASH social worker"),
    DemoRole("police", Role.PARTNER, AgencyKind.POLICE, "Police MASH researcher"),
    DemoRole("health", Role.PARTNER, AgencyKind.HEALTH, "Safeguarding nurse (MASH)"),
    DemoRole("education", Role.PARTNER, AgencyKind.EDUCATION, "Education safeguarding officer"),
    DemoRole("early-help", Role.EARLY_HELP, AgencyKind.EARLY_HELP, "Early Help coordinator"),
    DemoRole("quality", Role.QUALITY_LEAD, AgencyKind.CHILDRENS_SOCIAL_CARE, "Quality assurance lead"),
    DemoRole("admin", Role.ADMINISTRATOR, AgencyKind.CHILDRENS_SOCIAL_CARE, "MASH business support lead"),
)

# Police and health practitioners often serve several local authorities' hubs (docs/domain.md).
MULTI_HUB_ACCOUNTS: tuple[tuple[str, str, tuple[str, ...], str], ...] = (
    ("police-multi", AgencyKind.POLICE, ("site1", "site2"), "Detective sergeant, MASH (two local authorities)"),
    ("health-multi", AgencyKind.HEALTH, ("site2", "site3"), "Named nurse for safeguarding (two local authorities)"),
)

SITES: tuple[str, ...] = ("site1", "site2", "site3")
PREFIX = {"site1": "s1", "site2": "s2", "site3": "s3"}
# How each site meets (docs/domain.md, Table 2): Site 1 holds a daily MASH meeting for amber
# and red cases; Site 2's team leaders review shared information (strategy discussions only);
# Site 3 works in writing, with service-planning meetings below the threshold.
MEETING_STYLE = {"site1": "daily", "site2": "none", "site3": "service_planning"}


def historical_status(route: Route) -> ContactStatus:
    """A year-old contact that went through the MASH (or to a strategy discussion) was decided
    long ago; only the live ones stay in the queue. Its requests, answers, meetings and
    decision records are written by `enquiry_history`."""
    if route in (Route.MASH, Route.STRATEGY_DISCUSSION):
        return ContactStatus.DECIDED
    return ROUTE_STATUS[route]


def demo_usernames() -> list[str]:
    names = [f"{PREFIX[key]}-{account.suffix}" for key in SITES for account in HUB_ACCOUNTS]
    return names + [username for username, *_ in MULTI_HUB_ACCOUNTS]


@dataclass
class HubStaff:
    social_worker: Membership
    manager: Membership


@dataclass
class HubResult:
    hub: Hub
    published: int
    contacts: int
    awaiting: int
    in_progress: int
    people: int
    re_referrals: int
    out_of_hours: int
    late: int


def _table(header: tuple[str, ...], rows: Sequence[tuple[str, ...]], right: frozenset[int] = frozenset()) -> list[str]:
    """Rows as aligned text columns (numbers in `right` columns aligned right)."""
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]

    def line(row: tuple[str, ...]) -> str:
        cells = [
            str(c).rjust(w) if i in right else str(c).ljust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True))
        ]
        return "  ".join(cells).rstrip()

    return [line(header), "  ".join("-" * w for w in widths), *(line(r) for r in rows)]


class Command(BaseCommand):
    help = (
        "Create the three case-study hubs, demo users for every role and a year of synthetic contacts. "
        "Referral sources follow approximate national shares (DfE Children in need statistics), for synthetic data."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale",
            type=float,
            default=DEFAULT_SCALE,
            help=f"Share of each site's published annual referral volume to create (default {DEFAULT_SCALE}).",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="If any hub already exists, change nothing and just print the demo sign-ins.",
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=DEFAULT_SEED,
            help=f"Random seed, for a reproducible demo (default {DEFAULT_SEED}).",
        )
        parser.add_argument(
            "--sites",
            default=",".join(SITES),
            help=f"The case-study hubs to build, comma-separated (default all: {','.join(SITES)}). "
            "Fewer is quicker, as when the tests load the demo on dozens of different days.",
        )

    def handle(self, *args: Any, scale: float, if_empty: bool, seed: int, sites: str, **options: Any) -> None:
        if not 0 < scale <= 2:
            raise CommandError("--scale must be more than 0 and at most 2 (1 is the published volumes)")
        chosen = {key.strip() for key in sites.split(",") if key.strip()}
        if not chosen or not chosen <= set(SITES):
            raise CommandError(f"--sites must name one or more of {', '.join(SITES)}, separated by commas")
        existing = list(Hub.objects.values_list("name", flat=True))
        demo_users = User.objects.filter(username__in=demo_usernames()).exists()
        if existing or demo_users:
            what = f"hubs already exist ({', '.join(existing)})" if existing else "demo users already exist"
            if if_empty:
                self.stdout.write(f"The database is not empty: {what}. Not seeding again.")
                self._print_sign_ins()
                return
            raise CommandError(
                f"The database is not empty: {what}. Nothing was changed. "
                "Use --if-empty to skip seeding when there is data, or start from an empty database."
            )
        started = time.perf_counter()
        with transaction.atomic():
            results = self._seed(rng=random.Random(seed), scale=scale, sites=[k for k in SITES if k in chosen])
        elapsed = time.perf_counter() - started
        self._print_summary(results, scale=scale, seed=seed)
        self._print_sign_ins()
        self.stdout.write(self.style.SUCCESS(f"\nSeeded the demo in {elapsed:.1f} s."))

    # -- seeding ---------------------------------------------------------------

    def _seed(self, *, rng: random.Random, scale: float, sites: Sequence[str] = SITES) -> list[HubResult]:
        now = timezone.now()
        configured = now - dt.timedelta(days=366)
        hubs = {key: hub_load_preset(key=key) for key in sites}
        hub_ids = [hub.pk for hub in hubs.values()]
        # The hubs have run under this configuration for the whole year of history.
        TriageLevel.objects.filter(hub_id__in=hub_ids).update(created_at=configured)
        ThresholdDocument.objects.filter(hub_id__in=hub_ids).update(published_at=configured)
        staff = self._create_users(rng=rng, hubs=hubs, joined=configured)
        Membership.objects.filter(hub_id__in=hub_ids).update(created_at=configured)

        ids = synthetic.Identifiers(rng)
        results = []
        next_key = 0
        for key, hub in hubs.items():
            info, levels, indicators = self._hub_info(key, hub)
            total = max(round(synthetic.PUBLISHED_VOLUMES[key] * scale), 3)
            plan = synthetic.plan_hub(rng=rng, hub=info, now=now, total=total, ids=ids, key_start=next_key)
            next_key += 100_000_000
            people: dict[int, Person] = {}
            history = [c for c in plan.contacts if c.phase == synthetic.Phase.HISTORY]
            live = [c for c in plan.contacts if c.phase != synthetic.Phase.HISTORY]
            contacts = self._write_history(hub, history, staff[key], levels, indicators, people)
            self._write_live(live, staff[key], levels, indicators, people)
            hub_staff = enquiry_history.hub_staff(
                hub, social_worker=staff[key].social_worker.user, manager=staff[key].manager.user
            )
            enquiries = enquiry_history.write_enquiry_history(
                hub=hub,
                contacts=contacts,
                staff=hub_staff,
                rng=rng,
                levels=levels,
                indicators=indicators,
                meeting_style=MEETING_STYLE[key],
                now=now,
            )
            enquiry_history.write_live_enquiries(
                hub=hub,
                staff=hub_staff,
                social_worker=staff[key].social_worker,
                manager=staff[key].manager,
                rng=rng,
                meeting_style=MEETING_STYLE[key],
            )
            audit_record(
                verb=Verb.CONFIGURE,
                actor=None,
                hub=hub,
                target=hub,
                detail={
                    "demo_seed": "synthetic history loaded by manage.py seed_demo",
                    "contacts": len(plan.contacts),
                    "bulk_created": len(history),
                    "through_services": len(live),
                    "information_requests": enquiries.requests,
                    "decisions": enquiries.decisions,
                    "meetings": enquiries.meetings,
                    "scale": scale,
                },
            )
            results.append(self._result(hub, plan, info.calendar))
        seed_identity_demo(hubs.values())
        seed_family_side(rng=rng, now=now)
        return results

    def _hub_info(
        self, key: str, hub: Hub
    ) -> tuple[synthetic.HubInfo, dict[str, TriageLevel], dict[str, ThresholdIndicator]]:
        levels = {level.code: level for level in hub.current_levels()}
        document = hub.current_threshold_document()
        indicators = {i.code: i for i in document.indicators.all()} if document else {}
        codes: dict[str, list[str]] = defaultdict(list)
        for indicator in indicators.values():
            codes[indicator.level_code].append(indicator.code)
        info = synthetic.HubInfo(
            key=key,
            la_code=hub.la_code or "900",
            calendar=hub.calendar(),
            levels={
                code: synthetic.LevelInfo(
                    code=code,
                    allowed_routes=tuple(level.allowed_routes),
                    timeline_amount=level.timeline_amount,
                    timeline_unit=level.timeline_unit,
                )
                for code, level in levels.items()
            },
            indicator_codes={code: tuple(sorted(c)) for code, c in codes.items()},
            takes_adults=hub.takes_adult_referrals,
        )
        return info, levels, indicators

    def _create_users(self, *, rng: random.Random, hubs: dict[str, Hub], joined: dt.datetime) -> dict[str, HubStaff]:
        password_hash = ""

        def make(username: str, agency: Agency, job_title: str) -> User:
            nonlocal password_hash
            first, last = synthetic.synthetic_full_name(rng)
            user = User(
                username=username,
                first_name=first,
                last_name=last,
                email=f"{username}@openmash.example",
                agency=agency,
                job_title=job_title,
                date_joined=joined,
            )
            # One password for every demo account, hashed once: hashing is deliberately slow,
            # and 26 hashes would add seconds to every demo load and test run.
            if not password_hash:
                user.set_password(DEMO_PASSWORD)
                password_hash = user.password
            else:
                user.password = password_hash
            user.save()
            return user

        def agency_of(hub: Hub, kind: str) -> Agency:
            partner = hub.partners.select_related("agency").filter(agency__kind=kind).first()
            if partner is None:
                raise CommandError(f"{hub} has no {kind} partner agency: check the preset")
            return partner.agency

        staff: dict[str, HubStaff] = {}
        for key, hub in hubs.items():
            members: dict[str, Membership] = {}
            for account in HUB_ACCOUNTS:
                user = make(f"{PREFIX[key]}-{account.suffix}", agency_of(hub, account.agency_kind), account.job_title)
                members[account.suffix] = Membership.objects.create(user=user, hub=hub, role=account.role)
            staff[key] = HubStaff(social_worker=members["social-worker"], manager=members["manager"])
        for username, kind, keys, job_title in MULTI_HUB_ACCOUNTS:
            serves = [key for key in keys if key in hubs]
            if not serves:
                continue
            user = make(username, agency_of(hubs[serves[0]], kind), job_title)
            for key in serves:
                Membership.objects.create(user=user, hub=hubs[key], role=Role.PARTNER)
        return staff

    def _write_history(
        self,
        hub: Hub,
        specs: list[synthetic.ContactSpec],
        staff: HubStaff,
        levels: dict[str, TriageLevel],
        indicators: dict[str, ThresholdIndicator],
        people: dict[int, Person],
    ) -> list[Contact]:
        """Bulk-create a year of triaged contacts, keeping the invariants the services keep."""
        cal = hub.calendar()
        document = hub.current_threshold_document()
        specs = sorted(specs, key=lambda s: s.received_at)

        def actor(spec: synthetic.ContactSpec) -> User:
            return staff.manager.user if spec.by_manager else staff.social_worker.user

        # People, named for the first time in these contacts.
        new_people: list[tuple[synthetic.PersonSpec, Person, dt.datetime]] = []
        for spec in specs:
            for p in spec.new_people:
                person = Person(hub=hub, created_by=actor(spec), **p.fields())
                # Validate the values as a form would; the foreign keys were made above (checking
                # them costs one query each).
                person.clean_fields(exclude=["hub", "created_by"])
                person.clean()
                new_people.append((p, person, spec.started_at or spec.received_at))
        Person.objects.bulk_create([person for _, person, _ in new_people], batch_size=BATCH)
        for p, person, created in new_people:
            person.created_at = created  # bulk_create stamps "now" on auto_now_add fields
            people[p.key] = person
        Person.objects.bulk_update([person for _, person, _ in new_people], ["created_at"], batch_size=BATCH)
        addresses = []
        other_names = []
        for p, person, _ in new_people:
            if p.address is not None:
                address = Address(person=person, **p.address.__dict__)
                address.clean_fields(exclude=["person"])
                addresses.append(address)
            other_names += [OtherName(person=person, given_names=g, family_name=f) for g, f in p.other_names]
        Address.objects.bulk_create(addresses, batch_size=BATCH)
        OtherName.objects.bulk_create(other_names, batch_size=BATCH)

        # Contacts, numbered in the order received, as the counter would have numbered them.
        issued: Counter[int] = Counter()
        contacts: list[Contact] = []
        for spec in specs:
            if spec.triage is None or spec.submitted_at is None:
                raise ValueError("every historical contact is submitted and triaged")
            year = timezone.localtime(spec.received_at).year
            issued[year] += 1
            contact = Contact(
                hub=hub,
                reference=contact_reference(hub, year, issued[year]),
                status=historical_status(Route(spec.triage.route)),
                received_at=spec.received_at,
                submitted_at=spec.submitted_at,
                referral_decision_due=worktime.add_working_days(
                    cal, spec.received_at, hub.referral_decision_working_days
                ),
                created_by=actor(spec),
                **spec.fields,
            )
            contact.clean_fields(exclude=["hub", "created_by", "current_triage"])
            contacts.append(contact)
        Contact.objects.bulk_create(contacts, batch_size=BATCH)
        for spec, contact in zip(specs, contacts, strict=True):
            contact.created_at = spec.started_at or spec.received_at
        Contact.objects.bulk_update(contacts, ["created_at"], batch_size=BATCH)
        for year, last in issued.items():
            ReferenceCounter.objects.update_or_create(hub=hub, year=year, defaults={"last": last})

        links = [
            ContactPerson(
                contact=contact, person=people[link.person.key], part=link.part, linked_existing_record=link.existing
            )
            for spec, contact in zip(specs, contacts, strict=True)
            for link in spec.links
        ]
        ContactPerson.objects.bulk_create(links, batch_size=BATCH)
        relationships = []
        seen: set[tuple[int, int, str]] = set()
        for spec in specs:
            for rel in spec.relationships:
                person, relative = people[rel.person.key], people[rel.relative.key]
                if (person.pk, relative.pk, rel.kind) in seen:
                    continue
                seen.add((person.pk, relative.pk, rel.kind))
                relationships.append(
                    Relationship(
                        person=person,
                        relative=relative,
                        kind=rel.kind,
                        has_parental_responsibility=rel.parental_responsibility,
                        created_at=spec.started_at or spec.received_at,
                    )
                )
        Relationship.objects.bulk_create(relationships, batch_size=BATCH)
        Relationship.objects.bulk_update(relationships, ["created_at"], batch_size=BATCH)

        # Triage decisions as they were made, then the contacts point at them.
        timeline_text = {code: level.timeline_text() for code, level in levels.items()}
        decisions = []
        for spec, contact in zip(specs, contacts, strict=True):
            triage = spec.triage
            if triage is None:
                raise ValueError("every historical contact is triaged")
            level = levels[triage.level_code]
            due = None
            if level.timeline_amount is not None:
                due = worktime.deadline(cal, spec.received_at, level.timeline_amount, level.timeline_unit)
            decisions.append(
                TriageDecision(
                    contact=contact,
                    level=level,
                    level_label=level.label,
                    timeline_text=timeline_text[level.code],
                    threshold_document=document,
                    route=triage.route,
                    rationale=triage.rationale,
                    decided_by=actor(spec),
                    decided_at=triage.decided_at,
                    decision_due=due,
                )
            )
        TriageDecision.objects.bulk_create(decisions, batch_size=BATCH)
        through = TriageDecision.indicators.through
        TriageDecision.indicators.through.objects.bulk_create(
            [
                through(triagedecision_id=decision.pk, thresholdindicator_id=indicators[code].pk)
                for spec, decision in zip(specs, decisions, strict=True)
                for code in (spec.triage.indicator_codes if spec.triage else [])
            ],
            batch_size=BATCH,
        )
        for contact, decision in zip(contacts, decisions, strict=True):
            contact.current_triage = decision
        Contact.objects.bulk_update(contacts, ["current_triage"], batch_size=BATCH)
        return contacts

    def _write_live(
        self,
        specs: list[synthetic.ContactSpec],
        staff: HubStaff,
        levels: dict[str, TriageLevel],
        indicators: dict[str, ThresholdIndicator],
        people: dict[int, Person],
    ) -> None:
        """Today's queue, recorded, submitted and triaged through the services, as the social worker."""
        membership = staff.social_worker
        by = membership.user
        for spec in sorted(specs, key=lambda s: s.received_at):
            for p in spec.new_people:
                people[p.key] = people_services.person_create(
                    membership=membership,
                    by=by,
                    other_names=p.other_names,
                    address=dict(p.address.__dict__) if p.address else None,
                    **p.fields(),
                )
            for rel in spec.relationships:
                people_services.relationship_record(
                    membership=membership,
                    by=by,
                    person=people[rel.person.key],
                    relative=people[rel.relative.key],
                    kind=rel.kind,
                    parental_responsibility=rel.parental_responsibility,
                )
            contact = contact_services.contact_create(
                membership=membership, by=by, received_at=spec.received_at, **spec.fields
            )
            for link in spec.links:
                contact_services.contact_add_person(
                    membership=membership,
                    by=by,
                    contact=contact,
                    person=people[link.person.key],
                    part=link.part,
                    linked_existing=link.existing,
                )
            contact = contact_services.contact_submit(membership=membership, by=by, contact=contact)
            # The services stamp "now" as the time of recording and submission. These contacts
            # arrived over the last few working days and were recorded as they came in (a triage
            # decision must not predate its submission), so date the records then; the audit
            # events keep the time the demo was loaded.
            started = spec.started_at or spec.received_at
            Contact.objects.filter(pk=contact.pk).update(
                created_at=started, submitted_at=spec.submitted_at or spec.received_at
            )
            new_ids = [people[p.key].pk for p in spec.new_people]
            Person.objects.filter(pk__in=new_ids).update(created_at=started)
            Relationship.objects.filter(
                Q(person_id__in=new_ids) | Q(relative_id__in=new_ids), created_at__gt=started
            ).update(created_at=started)
            if spec.triage is not None:
                if spec.triage.route == Route.NFA:
                    # A contact closes with no further action only once the family's telling is recorded.
                    family_informed_record(
                        membership=membership,
                        by=by,
                        contact=contact,
                        told=True,
                        who_was_told="The child's mother",
                        told_at=min(spec.triage.decided_at, timezone.now()),
                        method=InformMethod.PHONE,
                        told_by=by.get_full_name() or by.username,
                    )
                contact_services.contact_triage(
                    membership=membership,
                    by=by,
                    contact=contact,
                    level=levels[spec.triage.level_code],
                    route=spec.triage.route,
                    rationale=spec.triage.rationale,
                    indicators=[indicators[code] for code in spec.triage.indicator_codes],
                    decided_at=spec.triage.decided_at,
                )

    # -- output ------------------------------------------------------------------

    def _result(self, hub: Hub, plan: synthetic.HubPlan, cal: worktime.WorkingCalendar) -> HubResult:
        contacts = Contact.objects.filter(hub=hub)
        decisions = TriageDecision.objects.filter(contact__hub=hub, decision_due__isnull=False)
        late = sum(
            1
            for decided, due in decisions.values_list("decided_at", "decision_due")
            if due is not None and decided > due
        )

        def out_of_hours(moment: dt.datetime) -> bool:
            local = moment.astimezone(cal.tz)
            working = cal.is_working_day(local.date()) and cal.day_start <= local.time() < cal.day_end
            return not working

        return HubResult(
            hub=hub,
            published=synthetic.PUBLISHED_VOLUMES[plan.hub_key],
            contacts=contacts.count(),
            awaiting=contacts.filter(status=ContactStatus.AWAITING_TRIAGE).count(),
            in_progress=contacts.filter(status__in=[ContactStatus.IN_MASH, ContactStatus.STRATEGY]).count(),
            people=Person.objects.filter(hub=hub).count(),
            re_referrals=sum(1 for c in plan.contacts if c.is_re_referral),
            out_of_hours=sum(1 for c in plan.contacts if out_of_hours(c.received_at)),
            late=late,
        )

    def _print_summary(self, results: list[HubResult], *, scale: float, seed: int) -> None:
        write = self.stdout.write
        percent = f"{scale * 100:g}%"
        speed = " for speed" if scale < 1 else ""
        count = {1: "one demo hub", 2: "two demo hubs", 3: "three demo hubs"}[len(results)]
        write(f"Seeded {count} with synthetic data (random seed {seed}).")
        write(
            f"Contacts are scaled to {percent} of the published volumes{speed} (--scale {scale:g}), over the last 365 days.\n"
        )
        rows = []
        for r in results:
            rows.append(
                (
                    r.hub.name,
                    f"{r.published:,}",
                    f"{r.contacts:,}",
                    str(r.awaiting),
                    f"{r.in_progress:,}",
                    f"{r.people:,}",
                    f"{r.re_referrals / r.contacts:.1%}" if r.contacts else "-",
                    f"{r.out_of_hours / r.contacts:.0%}" if r.contacts else "-",
                    str(r.late),
                )
            )
        header = (
            "Hub",
            "Published a year",
            "Contacts",
            "Awaiting triage",
            "In MASH or strategy",
            "People",
            "Re-referrals",
            "Out of hours",
            "Triaged late",
        )
        for line in _table(header, rows, right=frozenset(range(1, 9))):
            write(line)
        write(
            "\nPublished rates aimed at: re-referral within 12 months 22.8% (site 1), 27.7% (site 2), 17.8% (site 3)."
            "\nReferral sources follow approximate national shares (DfE Children in need statistics), used here"
            "\nonly for synthetic data: police 29%, schools 19%, health 15%, LA services 11%, individuals 8%, other 18%."
            "\nEvery name, address, postcode, NHS number, pupil number and narrative is synthetic."
        )

    def _print_sign_ins(self) -> None:
        write = self.stdout.write
        users = list(
            User.objects.filter(username__in=demo_usernames())
            .select_related("agency")
            .prefetch_related("memberships__hub")
        )
        if not users:
            write("\nNo demo accounts found (the hubs were not made by seed_demo).")
            return
        order = {name: i for i, name in enumerate(demo_usernames())}
        rows = []
        for user in sorted(users, key=lambda u: order[u.username]):
            memberships = [m for m in user.memberships.all() if m.is_active]
            roles = sorted({m.get_role_display() for m in memberships})
            hubs = ", ".join(m.hub.name for m in sorted(memberships, key=lambda m: m.hub.name))
            rows.append((user.username, ", ".join(roles), hubs or "(none)", str(user.agency or "")))
        write(f"\nDemo sign-ins. The password for every account is: {DEMO_PASSWORD}\n")
        for line in _table(("Username", "Role", "Hub(s)", "Agency"), rows):
            write(line)
        demo_mfa_seed(usernames=demo_usernames(), write=write)
