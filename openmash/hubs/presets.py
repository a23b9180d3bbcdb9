"""The three case-study hubs from the 2025 evaluation, as configuration (domain.md, Table 2).

Timelines, as the hubs state them, are turned into working time like this
(docs/working-time.md): an hour timeline of 24 hours is one working day (the
same time on the next working day); shorter ones are working hours; "immediate"
is 2 working hours, the short end of the 2-to-4-hour range the evaluation
reports for possible child protection. Hub managers can change any of it.
"""

from __future__ import annotations

from typing import Any

from openmash.accounts.models import AgencyKind
from openmash.hubs.models import HubModel, Route

R = Route

# Agencies named by kind; a preset's partner list picks from these.
AGENCY_NAMES: dict[str, str] = {
    AgencyKind.CHILDRENS_SOCIAL_CARE: "Children's Social Care",
    AgencyKind.POLICE: "Police",
    AgencyKind.HEALTH: "Health (ICB safeguarding team)",
    AgencyKind.EDUCATION: "Education safeguarding",
    AgencyKind.EARLY_HELP: "Early Help",
    AgencyKind.YOUTH_JUSTICE: "Youth Justice Service",
    AgencyKind.PROBATION: "Probation Service",
    AgencyKind.HOUSING: "Housing",
    AgencyKind.SUBSTANCE_MISUSE: "Drug and alcohol service",
    AgencyKind.DOMESTIC_ABUSE: "Domestic abuse service (IDVA)",
    AgencyKind.CAMHS: "CAMHS",
    AgencyKind.ADULT_MENTAL_HEALTH: "Adult mental health",
    AgencyKind.ADULT_SOCIAL_CARE: "Adult social care",
    AgencyKind.LADO: "LADO",
}


def _level(
    code: str,
    label: str,
    colour: str,
    rank: int,
    *,
    amount: int | None,
    unit: str,
    timeline_label: str,
    statutory: bool,
    mash: bool,
    routes: list[Route],
    description: str,
) -> dict[str, Any]:
    return {
        "code": code,
        "label": label,
        "colour": colour,
        "rank": rank,
        "timeline_amount": amount,
        "timeline_unit": unit,
        "timeline_label": timeline_label,
        "is_statutory": statutory,
        "goes_through_mash": mash,
        "allowed_routes": [r.value for r in routes],
        "description": description,
    }


PRESETS: dict[str, dict[str, Any]] = {
    "site1": {
        "name": "Site 1 (London)",
        "local_authority": "Site 1 London Borough (synthetic)",
        "la_code": "901",
        "model": HubModel.RISK_ASSESSMENT,
        "takes_adult_referrals": False,
        # Every partner presents amber and red cases at the daily meeting.
        "analyses_visible_to_partners": True,
        "core": [
            AgencyKind.CHILDRENS_SOCIAL_CARE,
            AgencyKind.POLICE,
            AgencyKind.HEALTH,
            AgencyKind.EDUCATION,
            AgencyKind.EARLY_HELP,
        ],
        "virtual": [AgencyKind.PROBATION, AgencyKind.HOUSING, AgencyKind.DOMESTIC_ABUSE],
        "levels": [
            _level(
                "green",
                "Green",
                "green",
                1,
                amount=None,
                unit="",
                timeline_label="Straight to Early Help",
                statutory=False,
                mash=False,
                routes=[R.EARLY_HELP, R.UNIVERSAL, R.NFA],
                description="Below the statutory threshold: needs can be met by Early Help or universal services.",
            ),
            _level(
                "amber",
                "Amber",
                "orange",
                2,
                amount=1,
                unit="working_days",
                timeline_label="24 hours",
                statutory=True,
                mash=True,
                routes=[R.MASH, R.ALLOCATED_WORKER],
                description="Possible child in need: gather partners' information within 24 hours.",
            ),
            _level(
                "red",
                "Red",
                "red",
                3,
                amount=4,
                unit="working_hours",
                timeline_label="4 hours",
                statutory=True,
                mash=True,
                routes=[R.MASH, R.STRATEGY_DISCUSSION, R.ALLOCATED_WORKER],
                description="Possible child protection: gather partners' information within 4 hours.",
            ),
        ],
    },
    "site2": {
        "name": "Site 2 (South East)",
        "local_authority": "Site 2 County Council (synthetic)",
        "la_code": "902",
        "model": HubModel.NEEDS_ASSESSMENT,
        "takes_adult_referrals": False,
        # Team leaders review the shared information.
        "analyses_visible_to_partners": False,
        "core": [
            AgencyKind.CHILDRENS_SOCIAL_CARE,
            AgencyKind.POLICE,
            AgencyKind.HEALTH,
            AgencyKind.EDUCATION,
            AgencyKind.EARLY_HELP,
            AgencyKind.HOUSING,
        ],
        "virtual": [AgencyKind.YOUTH_JUSTICE, AgencyKind.SUBSTANCE_MISUSE, AgencyKind.CAMHS],
        "levels": [
            _level(
                "tier-2",
                "Tier 2",
                "blue",
                2,
                amount=10,
                unit="working_days",
                timeline_label="10 days",
                statutory=False,
                mash=True,
                routes=[R.MASH],
                description="Additional needs: a coordinated Early Help response.",
            ),
            _level(
                "tier-3",
                "Tier 3",
                "orange",
                3,
                amount=10,
                unit="working_days",
                timeline_label="10 days",
                statutory=True,
                mash=True,
                routes=[R.MASH, R.ALLOCATED_WORKER],
                description="Complex needs: possible child in need.",
            ),
            _level(
                "tier-4",
                "Tier 4",
                "red",
                4,
                amount=1,
                unit="working_days",
                timeline_label="Immediate to 24 hours",
                statutory=True,
                mash=True,
                routes=[R.MASH, R.STRATEGY_DISCUSSION, R.ALLOCATED_WORKER],
                description="Acute: possible significant harm.",
            ),
        ],
    },
    "site3": {
        "name": "Site 3 (Midlands)",
        "local_authority": "Site 3 City Council (synthetic)",
        "la_code": "903",
        "model": HubModel.NEEDS_AND_SERVICE_PLANNING,
        "takes_adult_referrals": True,
        # Written analyses go to the social worker through the shared system.
        "analyses_visible_to_partners": False,
        "core": [
            AgencyKind.CHILDRENS_SOCIAL_CARE,
            AgencyKind.POLICE,
            AgencyKind.HEALTH,
            AgencyKind.EDUCATION,
            AgencyKind.EARLY_HELP,
            AgencyKind.ADULT_SOCIAL_CARE,
            AgencyKind.DOMESTIC_ABUSE,
        ],
        "virtual": [
            AgencyKind.HOUSING,
            AgencyKind.PROBATION,
            AgencyKind.SUBSTANCE_MISUSE,
            AgencyKind.ADULT_MENTAL_HEALTH,
            AgencyKind.CAMHS,
            AgencyKind.YOUTH_JUSTICE,
        ],
        "levels": [
            _level(
                "universal",
                "Universal",
                "grey",
                1,
                amount=None,
                unit="",
                timeline_label="Signposting",
                statutory=False,
                mash=False,
                routes=[R.UNIVERSAL, R.NFA, R.MASH],
                description="Needs met by universal services: signpost the family.",
            ),
            _level(
                "vulnerable",
                "Vulnerable",
                "blue",
                2,
                amount=3,
                unit="working_days",
                timeline_label="3 days",
                statutory=False,
                mash=True,
                routes=[R.MASH, R.EARLY_HELP],
                description="Additional needs: multi-agency Early Help and service planning.",
            ),
            _level(
                "complex",
                "Complex",
                "orange",
                3,
                amount=2,
                unit="working_days",
                timeline_label="2 days",
                statutory=True,
                mash=True,
                routes=[R.MASH, R.ALLOCATED_WORKER],
                description="Complex needs: possible child in need.",
            ),
            _level(
                "acute",
                "Acute",
                "red",
                4,
                amount=2,
                unit="working_hours",
                timeline_label="Immediate",
                statutory=True,
                mash=True,
                routes=[R.MASH, R.STRATEGY_DISCUSSION, R.ALLOCATED_WORKER],
                description="Possible significant harm: act immediately.",
            ),
        ],
    },
}

# A synthetic threshold document per level code. Real hubs replace it with their own.
INDICATORS: dict[str, list[str]] = {
    "low": [
        "Child's needs are met by universal services (school, GP, health visitor)",
        "Occasional missed health appointments with no impact on health",
        "Family would benefit from advice or information",
    ],
    "additional": [
        "Persistent school absence or exclusion",
        "Parent's mental health or substance use affects routines",
        "Family in financial or housing difficulty affecting the child",
        "Early signs of challenging behaviour or isolation",
    ],
    "complex": [
        "Domestic abuse in the household, children not directly harmed",
        "Parenting does not meet the child's needs despite support",
        "Child missing from home or education more than once",
        "Young carer whose caring role harms their wellbeing",
        "Disabled child whose needs are not met",
    ],
    "acute": [
        "Disclosure or evidence of physical, sexual or emotional abuse",
        "Serious injury or injury to a non-mobile baby",
        "Domestic abuse with a child injured or present during violence",
        "Child at risk of sexual or criminal exploitation",
        "Unborn baby at risk of significant harm",
        "Child abandoned or left without adequate care",
    ],
}

LEVEL_BANDS: dict[str, str] = {
    "green": "additional",
    "amber": "complex",
    "red": "acute",
    "tier-2": "additional",
    "tier-3": "complex",
    "tier-4": "acute",
    "universal": "low",
    "vulnerable": "additional",
    "complex": "complex",
    "acute": "acute",
}
