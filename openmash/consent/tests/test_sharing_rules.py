"""Property-based tests of the hub's sharing rules across levels, consent states, ages and scopes.

`sharing.decide` is pure, so hypothesis drives it through every combination: no share
goes ahead without a lawful basis, every refusal explains itself and says what can
still be done, and the rules the evaluation asks for hold in every case.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from openmash.consent import sharing
from openmash.consent.sharing import ConsentFacts, HubRules, PersonFacts, Situation

AGENCIES = [1, 2, 3]
ages = st.one_of(st.none(), st.integers(min_value=0, max_value=15), st.integers(min_value=16, max_value=17))


@st.composite
def people(draw: st.DrawFn) -> tuple[PersonFacts, ...]:
    children = draw(st.lists(ages, min_size=0, max_size=3))
    adults = draw(st.integers(min_value=0, max_value=2))
    out = [PersonFacts(id=10 + i, is_adult=False, age=a) for i, a in enumerate(children)]
    out += [PersonFacts(id=50 + i, is_adult=True, age=35) for i in range(adults)]
    return tuple(out)


@st.composite
def consents(draw: st.DrawFn, persons: tuple[PersonFacts, ...]) -> tuple[ConsentFacts, ...]:
    givers = [p.id for p in persons] + [90, 91]  # 90, 91: parents not in the share
    out = []
    for giver in draw(st.lists(st.sampled_from(givers), max_size=3, unique=True)):
        young = any(p.id == giver and p.is_young_person for p in persons)
        out.append(
            ConsentFacts(
                giver_id=giver,
                giver_role="young_person" if young else draw(st.sampled_from(["parent", "carer"])),
                answer=draw(st.sampled_from(["given", "refused", "withdrawn"])),
                covers_adults=draw(st.booleans()),
                agencies=draw(st.one_of(st.none(), st.frozensets(st.sampled_from(AGENCIES), min_size=1))),
            )
        )
    return tuple(out)


@st.composite
def situations(draw: st.DrawFn) -> Situation:
    persons = draw(people())
    return Situation(
        statutory_level=draw(st.booleans()),
        level_label=draw(st.sampled_from(["Green", "Amber", "Red", "Tier 2", "Tier 4", "Acute"])),
        article6=draw(st.sampled_from(["", "6_1_e", "6_1_a", "6_1_d", "6_1_c", "6_1_ea", "nonsense"])),
        schedule1=draw(st.sampled_from(["", "para_18"])),
        consent_position=draw(st.sampled_from(["", "sought", "given", "refused", "not_sought", "maybe"])),
        consent_reason=draw(st.sampled_from(["", "risk_of_harm", "prejudice", "cannot_obtain", "emergency"])),
        significant_harm=draw(st.booleans()),
        significant_harm_reason=draw(st.sampled_from(["", "  ", "Injury seen; child says Dad hit him."])),
        categories=draw(
            st.frozensets(st.sampled_from(["identity", "education", "health", "criminal", "domestic_abuse"]))
        ),
        people=persons,
        agencies=draw(st.frozensets(st.sampled_from(AGENCIES))),
        consents=draw(consents(persons)),
        rules=HubRules(below_threshold_needs_consent=draw(st.booleans()), refusal_stops_requests=draw(st.booleans())),
    )


@settings(max_examples=600)
@given(situations())
def test_no_share_goes_ahead_without_a_basis(s: Situation) -> None:
    verdict = sharing.decide(s)
    if verdict.allowed:
        assert s.article6 in sharing.ARTICLE_6
        assert s.people and s.agencies and s.categories
        assert s.consent_position in sharing.POSITIONS
        if s.categories & sharing.SPECIAL_CATEGORIES:
            assert s.schedule1 == "para_18"
        harm = s.significant_harm and s.significant_harm_reason.strip() and s.statutory_level
        if s.consent_position in {"refused", "not_sought"} and not harm:
            assert s.consent_reason in sharing.REASONS
        assert verdict.reasons, "an allowed share still says on what grounds"


@settings(max_examples=600)
@given(situations())
def test_every_refusal_explains_itself(s: Situation) -> None:
    verdict = sharing.decide(s)
    if not verdict.allowed:
        assert verdict.reasons and all(r.strip() for r in verdict.reasons)
        assert verdict.can_still_do, "a refusal always says what can still be done"


@settings(max_examples=400)
@given(situations())
def test_below_threshold_a_refusal_stops_sharing_when_the_hub_says_so(s: Situation) -> None:
    if s.statutory_level or not (s.rules.below_threshold_needs_consent and s.rules.refusal_stops_requests):
        return
    if sharing.refusals(s):
        verdict = sharing.decide(s)
        assert not verdict.allowed
        if not verdict.field_errors:
            assert "stopped" in verdict.explanation() or "needs the family's consent" in verdict.explanation()


@settings(max_examples=400)
@given(situations())
def test_below_threshold_without_consent_covering_everyone_nothing_is_shared(s: Situation) -> None:
    if s.statutory_level or not s.rules.below_threshold_needs_consent:
        return
    if sharing.uncovered(s):
        assert not sharing.decide(s).allowed


@settings(max_examples=400)
@given(situations())
def test_significant_harm_needs_no_consent_but_says_why(s: Situation) -> None:
    if not (s.statutory_level and s.significant_harm and s.significant_harm_reason.strip()):
        return
    verdict = sharing.decide(s)
    basics_ok = (
        s.article6 in sharing.ARTICLE_6
        and s.people
        and s.agencies
        and s.categories
        and s.consent_position in sharing.POSITIONS
        and not (s.categories & sharing.SPECIAL_CATEGORIES and s.schedule1 != "para_18")
    )
    claims_unrecorded_consent = s.consent_position == "given" and sharing.uncovered(s)
    if basics_ok and not claims_unrecorded_consent:
        assert verdict.allowed
        assert s.significant_harm_reason.strip() in verdict.explanation()


@given(st.integers(min_value=16, max_value=17), st.sampled_from(["parent", "carer"]))
def test_a_parents_consent_does_not_cover_a_young_person_of_16_or_17(age: int, role: str) -> None:
    young = PersonFacts(id=1, is_adult=False, age=age)
    parent = ConsentFacts(giver_id=90, giver_role=role, answer="given", covers_adults=True)
    s = _below(people=(young,), consents=(parent,))
    assert not sharing.decide(s).allowed
    own = ConsentFacts(giver_id=1, giver_role="young_person", answer="given")
    assert sharing.decide(_below(people=(young,), consents=(own,))).allowed


@given(st.integers(min_value=0, max_value=15))
def test_a_parents_consent_covers_a_younger_child_but_not_the_adults_unless_it_says_so(age: int) -> None:
    child = PersonFacts(id=1, is_adult=False, age=age)
    mother = PersonFacts(id=2, is_adult=True, age=30)
    children_only = ConsentFacts(giver_id=90, giver_role="parent", answer="given", covers_adults=False)
    assert sharing.decide(_below(people=(child,), consents=(children_only,))).allowed
    assert not sharing.decide(_below(people=(child, mother), consents=(children_only,))).allowed
    everyone = ConsentFacts(giver_id=90, giver_role="parent", answer="given", covers_adults=True)
    assert sharing.decide(_below(people=(child, mother), consents=(everyone,))).allowed


def test_consent_for_one_agency_does_not_cover_another() -> None:
    child = PersonFacts(id=1, is_adult=False, age=8)
    health_only = ConsentFacts(giver_id=90, giver_role="parent", answer="given", agencies=frozenset({2}))
    assert sharing.decide(_below(people=(child,), consents=(health_only,), agencies=frozenset({2}))).allowed
    assert not sharing.decide(_below(people=(child,), consents=(health_only,), agencies=frozenset({1, 2}))).allowed


def test_a_refusal_at_early_help_level_stops_requests_and_says_what_can_still_be_done() -> None:
    child = PersonFacts(id=1, is_adult=False, age=8)
    refused = ConsentFacts(giver_id=90, giver_role="parent", answer="refused", giver_name="Jo Smith")
    verdict = sharing.decide(_below(people=(child,), consents=(refused,), position="refused"))
    assert not verdict.allowed
    assert "Jo Smith" in verdict.explanation() and "stopped" in verdict.explanation()
    assert any("re-triage" in step for step in verdict.can_still_do)


def test_significant_harm_cannot_be_claimed_below_the_threshold() -> None:
    child = PersonFacts(id=1, is_adult=False, age=8)
    s = _below(people=(child,), consents=(), position="not_sought", harm="Bruise seen")
    verdict = sharing.decide(s)
    assert not verdict.allowed and "re-triage" in verdict.explanation()


def _below(
    *,
    people: tuple[PersonFacts, ...],
    consents: tuple[ConsentFacts, ...],
    agencies: frozenset[int] = frozenset({1}),
    position: str = "given",
    harm: str = "",
) -> Situation:
    return Situation(
        statutory_level=False,
        level_label="Green",
        article6="6_1_e",
        schedule1="",
        consent_position=position,
        consent_reason="",
        significant_harm=bool(harm),
        significant_harm_reason=harm,
        categories=frozenset({"identity", "education"}),
        people=people,
        agencies=agencies,
        consents=consents,
    )
