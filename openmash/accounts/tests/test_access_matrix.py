"""The generated access matrix: every role of every agency in two hubs, against every kind of record
in every state and every action, with access live and ended, under both settings of the hubs'
configuration. Each answer the rules give must be the answer the policy table gives.

The rules are asked directly (they are pure; their facts are read once per record by the
same `facts_for` the pages use). `test_access_views.py` proves the pages ask the same rules.
"""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

import pytest

from openmash.accounts import policy, rules
from openmash.accounts.facts import facts_for
from openmash.accounts.tests.matrix import Actor, Case, World, build_world, refetch, reload_actors
from openmash.hubs.models import Hub

pytestmark = pytest.mark.django_db

HUB_ACTIONS = sorted({row.action for row in policy.ROWS if row.kind == "hub"})


def _hub_state(hub: Hub) -> str:
    return "managers-decide" if hub.decisions_by_managers_only else "workers-decide"


def _state(case: Case, hub: Hub) -> str:
    if case.hub_config:
        return f"{case.state}/{'shared' if hub.analyses_visible_to_partners else 'unshared'}"
    return case.state


def _check(world: World) -> tuple[int, list[str], Counter[str]]:
    """Ask every rule about every record for every actor; return the count and any mismatches."""
    checked, mismatches, outcomes = 0, [], Counter[str]()
    hubs = {a.membership.hub_id: a.membership.hub for a in world.actors}
    for actor in world.actors:
        m = actor.membership
        for action in HUB_ACTIONS:
            want = policy.expected(
                role=actor.role, action=action, kind="hub", state=_hub_state(m.hub), relation="*", active=actor.active
            )
            got = rules.allowed(action, m)
            checked += 1
            outcomes[f"{action}:{got}"] += 1
            if got is not want:
                mismatches.append(f"{actor}: {action} on the hub: rule says {got}, policy says {want}")
    for case in world.cases:
        record = refetch(case)
        facts = facts_for(record) if case.kind != "person" else None
        state = _state(case, hubs[case.hub_id])
        for actor in world.actors:
            relation = case.relation(actor)
            for action in case.actions:
                want = policy.expected(
                    role=actor.role,
                    action=action,
                    kind=case.kind,
                    state=state,
                    relation=relation,
                    same_hub=actor.hub_id == case.hub_id,
                    active=actor.active,
                )
                kwargs = {"facts": facts} if action in rules.NEEDS_FACTS else {}
                got = rules.allowed(action, actor.membership, record, **kwargs)
                checked += 1
                outcomes[f"{action}:{got}"] += 1
                if got is not want:
                    mismatches.append(
                        f"{actor} ({relation}): {action} on {case.label()} [{state}]: rule says {got}, policy says {want}"
                    )
    return checked, mismatches, outcomes


def _flip_configuration(world: World) -> None:
    for hub in world.hubs:
        hub.analyses_visible_to_partners = not hub.analyses_visible_to_partners
        hub.decisions_by_managers_only = not hub.decisions_by_managers_only
        hub.save(update_fields=["analyses_visible_to_partners", "decisions_by_managers_only"])
    reload_actors(world)


def test_every_role_record_and_action_matches_the_policy_table():
    started = time.monotonic()
    world = build_world()
    reload_actors(world)
    total, mismatches, outcomes = _check(world)
    _flip_configuration(world)
    more, more_mismatches, more_outcomes = _check(world)
    total += more
    mismatches += more_mismatches
    outcomes += more_outcomes
    assert not mismatches, f"{len(mismatches)} of {total} answers differ from the policy:\n" + "\n".join(
        mismatches[:60]
    )
    assert total >= 10_000, total
    # Every action is both allowed and refused somewhere, so no row of the table goes untested.
    for action in policy.ACTIONS:
        assert outcomes[f"{action}:True"] and outcomes[f"{action}:False"], action
    assert time.monotonic() - started < 60


def test_every_row_of_the_policy_table_decides_some_case():
    """A row that never decides anything is dead policy: remove it or add the case it is for."""
    world = build_world()
    reload_actors(world)
    used: set[int] = set()
    for flip in (False, True):
        if flip:
            _flip_configuration(world)
        hubs = {h.pk: Hub.objects.get(pk=h.pk) for h in world.hubs}
        for actor in world.actors:
            for action in HUB_ACTIONS:
                used.add(
                    policy.row_for(action=action, kind="hub", state=_hub_state(actor.membership.hub), relation="*").line
                )
        for case in world.cases:
            for actor in world.actors:
                for action in case.actions:
                    row = policy.row_for(
                        action=action,
                        kind=case.kind,
                        state=_state(case, hubs[case.hub_id]),
                        relation=case.relation(actor),
                    )
                    used.add(row.line)
    unused = [row for row in policy.ROWS if row.line not in used]
    assert not unused, unused


def test_every_named_rule_is_in_the_policy_table():
    assert set(rules.RULES) == set(policy.ACTIONS)


def test_the_docs_show_the_policy_table_as_it_is():
    docs = (Path(__file__).resolve().parents[3] / "docs" / "access.md").read_text()
    assert policy.as_markdown() in docs, "Run `manage.py access_policy` and paste the table into docs/access.md"


def test_an_ended_membership_is_refused_everything(cast, mash_contact):
    cast.manager.is_active = False
    assert not rules.allowed("view_contact", cast.manager, mash_contact)
    assert not rules.allowed("see_queue", cast.manager)


def test_actor_names_are_readable(cast):
    actor = Actor(name="manager", membership=cast.manager, active=True)
    assert str(actor) == f"manager@{cast.hub.slug}"
