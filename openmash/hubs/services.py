"""Changes to a hub's configuration. Each is one action a manager takes, audited.

Configuration that decisions depend on (triage levels, threshold documents) is
versioned here: the old row is retired, a new one created. Contacts triaged under
the old row keep pointing at it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from openmash import dates
from openmash.accounts.models import Agency, Membership, User
from openmash.audit.models import Verb
from openmash.audit.services import audit_record
from openmash.hubs.models import (
    CalendarOverride,
    Hub,
    HubPartner,
    ThresholdDocument,
    ThresholdIndicator,
    TriageLevel,
)
from openmash.hubs.presets import AGENCY_NAMES, INDICATORS, LEVEL_BANDS, PRESETS

# Police and health serve several hubs (domain.md); in the demo they are shared agencies.
SHARED_AGENCY_KINDS = {"police", "health"}


def agency_for_preset(*, kind: str, hub_name: str) -> Agency:
    name = f"Synthetic {AGENCY_NAMES[kind]}" if kind in SHARED_AGENCY_KINDS else f"{hub_name}: {AGENCY_NAMES[kind]}"
    agency, _ = Agency.objects.get_or_create(name=name, defaults={"kind": kind})
    return agency


@transaction.atomic
def hub_load_preset(*, key: str, slug: str | None = None) -> Hub:
    """Create a hub from one of the evaluation's three case-study configurations."""
    if key not in PRESETS:
        raise ValidationError(f"Unknown preset {key!r}: choose from {', '.join(sorted(PRESETS))}")
    spec = PRESETS[key]
    hub = Hub(
        name=spec["name"],
        slug=slug or key,
        local_authority=spec["local_authority"],
        la_code=spec["la_code"],
        model=spec["model"],
        takes_adult_referrals=spec["takes_adult_referrals"],
        analyses_visible_to_partners=spec["analyses_visible_to_partners"],
    )
    hub.full_clean()
    hub.save()
    for presence, kinds in ((HubPartner.Presence.CORE, spec["core"]), (HubPartner.Presence.VIRTUAL, spec["virtual"])):
        for kind in kinds:
            HubPartner.objects.create(
                hub=hub, agency=agency_for_preset(kind=kind, hub_name=hub.name), presence=presence
            )
    for level_spec in spec["levels"]:
        level = TriageLevel(hub=hub, **level_spec)
        level.full_clean()
        level.save()
    document = ThresholdDocument.objects.create(
        hub=hub, version=1, title=f"{hub.local_authority} threshold document", published_at=timezone.now()
    )
    for level_spec in spec["levels"]:
        code = level_spec["code"]
        for n, text in enumerate(INDICATORS[LEVEL_BANDS[code]], start=1):
            ThresholdIndicator.objects.create(
                document=document, level_code=code, code=f"{code.replace('-', '').upper()[:6]}-{n}", text=text
            )
    audit_record(verb=Verb.CONFIGURE, actor=None, hub=hub, target=hub, detail={"preset": key})
    return hub


LEVEL_FIELDS = (
    "label",
    "colour",
    "description",
    "timeline_amount",
    "timeline_unit",
    "timeline_label",
    "is_statutory",
    "goes_through_mash",
    "allowed_routes",
)


@transaction.atomic
def triage_level_change(*, level: TriageLevel, by: User, membership: Membership, **changes: Any) -> TriageLevel:
    """Replace a level with a new version; the old one is retired, never edited."""
    unknown = set(changes) - set(LEVEL_FIELDS)
    if unknown:
        raise ValueError(f"Not a level setting: {', '.join(sorted(unknown))}")
    current = TriageLevel.objects.select_for_update().get(pk=level.pk)
    if current.retired_at is not None:
        raise ValidationError("This level has already been changed by someone else. Reload the page and try again.")
    values = {f: getattr(current, f) for f in LEVEL_FIELDS} | changes
    if values == {f: getattr(current, f) for f in LEVEL_FIELDS}:
        return current
    successor = TriageLevel(
        hub=current.hub, code=current.code, rank=current.rank, version=current.version + 1, supersedes=current, **values
    )
    successor.full_clean(exclude=["supersedes"], validate_unique=False, validate_constraints=False)
    current.retired_at = timezone.now()
    current.save(update_fields=["retired_at"])
    successor.save()
    audit_record(
        verb=Verb.CONFIGURE,
        actor=by,
        membership=membership,
        target=successor,
        detail={"level": current.code, "from_version": current.version, "changes": _jsonable(changes)},
    )
    return successor


@transaction.atomic
def hub_calendar_update(
    *, hub: Hub, by: User, membership: Membership, day_start: dt.time, day_end: dt.time, weekdays: list[int]
) -> Hub:
    if not weekdays:
        raise ValidationError({"working_weekdays": "Select at least one working day"})
    hub.day_start, hub.day_end = day_start, day_end
    hub.working_weekdays = ",".join(str(d) for d in sorted(set(weekdays)))
    hub.full_clean()
    hub.save(update_fields=["day_start", "day_end", "working_weekdays"])
    audit_record(
        verb=Verb.CONFIGURE,
        actor=by,
        membership=membership,
        target=hub,
        detail={"day_start": str(day_start), "day_end": str(day_end), "weekdays": hub.working_weekdays},
    )
    return hub


@transaction.atomic
def hub_enquiry_rules_update(
    *,
    hub: Hub,
    by: User,
    membership: Membership,
    analyses_visible_to_partners: bool,
    decisions_by_managers_only: bool,
    historic_item_years: int,
) -> Hub:
    """Change who reads analyses, who decides, and when an item counts as historic."""
    before = {
        "analyses_visible_to_partners": hub.analyses_visible_to_partners,
        "decisions_by_managers_only": hub.decisions_by_managers_only,
        "historic_item_years": hub.historic_item_years,
    }
    hub.analyses_visible_to_partners = analyses_visible_to_partners
    hub.decisions_by_managers_only = decisions_by_managers_only
    hub.historic_item_years = historic_item_years
    hub.full_clean()
    hub.save(update_fields=list(before))
    audit_record(verb=Verb.CONFIGURE, actor=by, membership=membership, target=hub, detail={"before": before})
    return hub


@transaction.atomic
def calendar_override_add(
    *, hub: Hub, by: User, membership: Membership, date: dt.date, is_open: bool, reason: str
) -> CalendarOverride:
    dates.CALENDAR_OVERRIDE.check(date, field="date", noun="Date")
    if CalendarOverride.objects.filter(hub=hub, date=date).exists():
        raise ValidationError({"date": "There is already an override for this date. Remove it first."})
    override = CalendarOverride(hub=hub, date=date, is_open=is_open, reason=reason)
    override.full_clean()
    override.save()
    audit_record(verb=Verb.CONFIGURE, actor=by, membership=membership, target=override, detail={"added": str(override)})
    return override


@transaction.atomic
def calendar_override_remove(*, override: CalendarOverride, by: User, membership: Membership) -> None:
    audit_record(
        verb=Verb.CONFIGURE, actor=by, membership=membership, target=override, detail={"removed": str(override)}
    )
    override.delete()


@transaction.atomic
def threshold_document_publish(
    *, hub: Hub, by: User, membership: Membership, title: str, indicators: list[tuple[str, str, str]]
) -> ThresholdDocument:
    """Publish a new version of the threshold document. `indicators` is (level code, code, text)."""
    level_codes = set(hub.current_levels().values_list("code", flat=True))
    unknown = {lc for lc, _, _ in indicators} - level_codes
    if unknown:
        raise ValidationError({"indicators": f"Unknown level: {', '.join(sorted(unknown))}"})
    codes = [c for _, c, _ in indicators]
    if len(codes) != len(set(codes)):
        raise ValidationError({"indicators": "Each indicator needs its own code"})
    if not indicators:
        raise ValidationError({"indicators": "Enter at least one indicator"})
    last = ThresholdDocument.objects.select_for_update().filter(hub=hub).order_by("-version").first()
    document = ThresholdDocument.objects.create(
        hub=hub, version=(last.version + 1) if last else 1, title=title, published_at=timezone.now(), created_by=by
    )
    ThresholdIndicator.objects.bulk_create(
        ThresholdIndicator(document=document, level_code=lc, code=c, text=t) for lc, c, t in indicators
    )
    audit_record(
        verb=Verb.CONFIGURE, actor=by, membership=membership, target=document, detail={"indicators": len(indicators)}
    )
    return document


@transaction.atomic
def hub_partner_set_active(*, partner: HubPartner, active: bool, by: User, membership: Membership) -> HubPartner:
    partner.is_active = active
    partner.save(update_fields=["is_active"])
    audit_record(verb=Verb.CONFIGURE, actor=by, membership=membership, target=partner, detail={"active": active})
    return partner


def _jsonable(changes: dict[str, Any]) -> dict[str, Any]:
    return {k: v if isinstance(v, (str, int, bool, list, type(None))) else str(v) for k, v in changes.items()}
