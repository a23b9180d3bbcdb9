"""The hub's sharing rules as a pure function: may this share go ahead, and if not, why not.

No database here: the caller describes the situation (the level the contact is at,
what the practitioner decided, the consent on record, who and what the share covers)
and gets a verdict that explains itself. The property-based tests in
`tests/test_sharing_rules.py` drive it across levels, consent states, ages and scopes.

The rules (domain.md, Consent; statutory-reference.md, section 2):

1. Every share names a lawful basis under UK GDPR article 6, and where special
   category or criminal offence data is covered, the DPA 2018 Schedule 1 condition.
2. A consent position is always recorded; "refused" or "not sought" needs a reason code
   unless the share relies on reasonable cause to suspect significant harm.
3. Where there is reasonable cause to suspect significant harm (only at a statutory
   level), consent is not needed, and the decision says why.
4. Below the statutory threshold (Early Help level) the hub's rules decide: by default
   sharing needs the family's recorded consent, covering every person and every agency
   in the share; a refusal stops requests for that family, with an explanation of what
   can still be done.
5. "Consent given" must be backed by consent recorded in the hub, never by the
   referral form's answer. A young person of 16 or 17 gives or refuses their own
   consent; a parent's consent covers children under 16, and adults' information only
   when its scope says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field

ARTICLE_6 = frozenset({"6_1_a", "6_1_c", "6_1_d", "6_1_e", "6_1_ea"})
SCHEDULE_1 = frozenset({"para_18"})
POSITIONS = frozenset({"sought", "given", "refused", "not_sought"})
REASONS = frozenset({"risk_of_harm", "prejudice", "cannot_obtain", "emergency"})
# Categories of information that are special category or criminal offence data.
SPECIAL_CATEGORIES = frozenset({"health", "mental_health", "criminal", "sexual"})

CAN_STILL_DO_BELOW_THRESHOLD = (
    "Talk with the family again: explain what would be shared, with whom and why, and record what they say.",
    "Offer the family the help they agree to, and give them information about universal services.",
    "If you learn something that gives reasonable cause to suspect significant harm, re-triage the "
    "contact and record why: consent is then not needed.",
    "Ask a hub manager for advice.",
)


@dataclass(frozen=True)
class PersonFacts:
    """Someone the share is about: a child (with an age, or none if unborn or unknown) or an adult."""

    id: int
    is_adult: bool
    age: int | None = None
    name: str = ""

    @property
    def is_young_person(self) -> bool:
        """16 or 17: gives or refuses their own consent."""
        return not self.is_adult and self.age is not None and 16 <= self.age <= 17

    @property
    def counts_as_adult(self) -> bool:
        return self.is_adult or (self.age is not None and self.age >= 18)


@dataclass(frozen=True)
class ConsentFacts:
    """One person's current answer about sharing, as recorded in the hub.

    `giver_id` is the person who answered; `giver_role` is parent, carer or young_person.
    `agencies` is None when the consent covers every partner agency.
    """

    giver_id: int
    giver_role: str
    answer: str  # given, refused or withdrawn
    covers_adults: bool = False
    agencies: frozenset[int] | None = None
    giver_name: str = ""


@dataclass(frozen=True)
class HubRules:
    """The hub's sharing rules (see `SharingRules`)."""

    below_threshold_needs_consent: bool = True
    refusal_stops_requests: bool = True


@dataclass(frozen=True)
class Situation:
    statutory_level: bool
    level_label: str
    article6: str
    schedule1: str
    consent_position: str
    consent_reason: str
    significant_harm: bool
    significant_harm_reason: str
    categories: frozenset[str]
    people: tuple[PersonFacts, ...]
    agencies: frozenset[int]
    consents: tuple[ConsentFacts, ...] = ()
    rules: HubRules = field(default_factory=HubRules)


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    reasons: tuple[str, ...]
    can_still_do: tuple[str, ...] = ()
    consent_needed: bool = False
    field_errors: tuple[tuple[str, str], ...] = ()

    def explanation(self) -> str:
        return " ".join(self.reasons)


def _covering(person: PersonFacts, consent: ConsentFacts, agencies: frozenset[int]) -> bool:
    if consent.agencies is not None and not agencies <= consent.agencies:
        return False
    if person.is_young_person:
        return consent.giver_id == person.id
    if person.counts_as_adult:
        # Consent for "the children only" never covers an adult, even the one who gave it.
        return consent.covers_adults
    return consent.giver_role in {"parent", "carer"}


def uncovered(s: Situation) -> list[PersonFacts]:
    """The people in the share whom no current consent covers, for these agencies."""
    given = [c for c in s.consents if c.answer == "given"]
    return [p for p in s.people if not any(_covering(p, c, s.agencies) for c in given)]


def refusals(s: Situation) -> list[ConsentFacts]:
    """Current refusals or withdrawals that touch someone in this share."""
    ids = {p.id for p in s.people}
    out = []
    for c in s.consents:
        if c.answer not in {"refused", "withdrawn"}:
            continue
        if c.giver_role == "young_person":
            if c.giver_id in ids:
                out.append(c)
        else:
            out.append(c)
    return out


def decide(s: Situation) -> Verdict:
    """Whether the hub's rules allow this share to go ahead, and why, in words a practitioner can act on."""
    problems: list[tuple[str, str]] = []
    if s.article6 not in ARTICLE_6:
        problems.append(("article6", "Choose the lawful basis for sharing (UK GDPR article 6)"))
    special = bool(s.categories & SPECIAL_CATEGORIES)
    if not s.categories:
        problems.append(("categories", "Choose the categories of information the share covers"))
    if special and s.schedule1 not in SCHEDULE_1:
        problems.append(
            (
                "schedule1",
                "The share covers health or criminal information: choose the DPA 2018 Schedule 1 condition "
                "(paragraph 18, safeguarding of children and of individuals at risk)",
            )
        )
    if not s.people:
        problems.append(("people", "Choose the people the share is about"))
    if not s.agencies:
        problems.append(("agencies", "Choose who the information goes to"))
    if s.consent_position not in POSITIONS:
        problems.append(("consent_position", "Select the consent position: sought, given, refused or not sought"))
    harm = s.significant_harm and bool(s.significant_harm_reason.strip())
    if s.significant_harm and not s.significant_harm_reason.strip():
        problems.append(("significant_harm_reason", "Enter why there is reasonable cause to suspect significant harm"))
    if s.significant_harm and not s.statutory_level:
        problems.append(
            (
                "significant_harm",
                f"The contact is at {s.level_label}, below the statutory threshold. If you have reasonable cause "
                "to suspect significant harm, re-triage the contact first and record why",
            )
        )
        harm = False
    consent_required = not s.statutory_level and s.rules.below_threshold_needs_consent
    if (
        s.consent_position in {"refused", "not_sought"}
        and s.consent_reason not in REASONS
        and not harm
        and not consent_required
    ):
        problems.append(
            (
                "consent_reason",
                "Select why sharing goes ahead without consent: risk of harm, it would prejudice enquiries, "
                "it cannot reasonably be obtained, or an emergency",
            )
        )
    if problems:
        return Verdict(
            allowed=False,
            reasons=tuple(m for _, m in problems),
            can_still_do=("Correct the decision and try again.",),
            field_errors=tuple(problems),
        )

    if not s.statutory_level and s.rules.below_threshold_needs_consent:
        # A refusal below the threshold stops the request before anything else is said about consent.
        stopped = refusals(s) if s.rules.refusal_stops_requests else []
        if stopped:
            who = ", ".join(c.giver_name or c.giver_role.replace("_", " ") for c in stopped)
            return Verdict(
                allowed=False,
                reasons=(
                    f"At {s.level_label}, below the statutory threshold, sharing needs the family's consent, "
                    f"and it was refused or withdrawn ({who}). Requests for this family are stopped.",
                ),
                can_still_do=CAN_STILL_DO_BELOW_THRESHOLD,
                consent_needed=True,
            )
    missing = uncovered(s)
    if s.consent_position == "given" and missing:
        names = ", ".join(p.name or f"person {p.id}" for p in missing)
        return Verdict(
            allowed=False,
            reasons=(
                "You recorded consent as given, but no consent recorded in the hub covers "
                f"{names} for every agency asked. The referral form's answer is not consent to the hub's sharing.",
            ),
            can_still_do=(
                "Record the family's consent, with its scope, on the consent page.",
                "Ask only the agencies the consent covers, or only about the people it covers.",
            ),
            consent_needed=True,
        )
    if harm:
        return Verdict(
            allowed=True,
            reasons=(
                f"Consent is not needed: there is reasonable cause to suspect significant harm "
                f"({s.significant_harm_reason.strip()}).",
            ),
        )
    if s.statutory_level:
        if s.consent_position == "given":
            return Verdict(allowed=True, reasons=(f"At {s.level_label}, with the family's recorded consent.",))
        return Verdict(
            allowed=True,
            reasons=(
                f"At {s.level_label} (statutory), sharing without consent on the recorded lawful basis; "
                "consent was not relied on, for the reason recorded.",
            ),
        )
    # Below the statutory threshold.
    if not s.rules.below_threshold_needs_consent:
        return Verdict(
            allowed=True,
            reasons=(f"At {s.level_label}: the hub's rules allow sharing below the threshold on the lawful basis.",),
        )
    if s.consent_position != "given" or missing:
        return Verdict(
            allowed=False,
            reasons=(
                f"At {s.level_label}, below the statutory threshold, sharing needs the family's consent "
                "covering everyone in the share and every agency asked.",
            ),
            can_still_do=CAN_STILL_DO_BELOW_THRESHOLD,
            consent_needed=True,
        )
    return Verdict(allowed=True, reasons=(f"At {s.level_label}, with the family's recorded consent.",))
