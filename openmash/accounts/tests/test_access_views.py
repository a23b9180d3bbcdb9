"""The pages ask the same rules: a sample of HTTP requests, every view at least once allowed and once
refused, with the practitioners chosen by the policy table (not by hand), plus another hub's
practitioner. Then revocation: an ended membership and a withdrawn request are refused on the very
next request.

The matrix test (`test_access_matrix.py`) checks the rules exhaustively; this checks the wiring.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import signed_in_client
from openmash.accounts.models import Membership
from openmash.accounts.tests.matrix import (
    Actor,
    Case,
    World,
    build_world,
    find,
    policy_says,
    reload_actors,
)
from openmash.decisions.models import StepUp
from openmash.enquiries.models import Contribution, ContributionItem, InformationRequest, RequestStatus
from openmash.hubs.models import CalendarOverride, Hub
from openmash.meetings.models import Action, AgendaItem
from openmash.retention.models import RetentionMark

pytestmark = pytest.mark.django_db

REFUSED = {403, 404}

Need = tuple[str, Case | None]  # (action, record); None for a hub-wide rule


@dataclass
class View:
    """One URL, how to reach it, and which rules (per the policy) must all allow it."""

    name: str
    url: Callable[[World, Hub], str]
    needs: Callable[[World, Hub], list[Need]]
    method: str = "get"
    data: dict[str, Any] = field(default_factory=dict)
    hub_wide: bool = False  # another hub's practitioner reaches their own hub's page: nothing to refuse


def _case(kind: str, state: str) -> Callable[[World, Hub], Case]:
    return lambda w, h: find(w, kind, state, h)


def _pk(kind: str, state: str) -> Callable[[World, Hub], Any]:
    return lambda w, h: find(w, kind, state, h).record.pk


def _url(name: str, *parts: Callable[[World, Hub], Any]) -> Callable[[World, Hub], str]:
    return lambda w, h: reverse(name, args=[p(w, h) for p in parts])


def _hub(*actions: str) -> Callable[[World, Hub], list[Need]]:
    return lambda w, h: [(a, None) for a in actions]


def _on(kind: str, state: str, *actions: str, hub_rules: tuple[str, ...] = ()) -> Callable[[World, Hub], list[Need]]:
    return lambda w, h: [(a, None) for a in hub_rules] + [(a, find(w, kind, state, h)) for a in actions]


def _police_request(w: World, h: Hub) -> InformationRequest:
    return InformationRequest.objects.get(pk=find(w, "request", "sent", h).record.pk)


def _health_draft(w: World, h: Hub) -> Contribution:
    return Contribution.objects.get(pk=find(w, "contribution", "draft", h).record.pk)


def _police_item(w: World, h: Hub) -> list[int]:
    """The police's submitted answer's first item, and the request it answers."""
    item = ContributionItem.objects.filter(contribution_id=find(w, "contribution", "submitted", h).record.pk)
    first = item.select_related("contribution").order_by("pk")[0]
    return [first.contribution.request_id, first.pk]


def _meeting(w: World, h: Hub) -> Any:
    return find(w, "meeting", "daily", h).record


def _agenda_item(w: World, h: Hub) -> AgendaItem:
    return AgendaItem.objects.filter(meeting=_meeting(w, h)).order_by("order").first()  # type: ignore[return-value]


def _action(w: World, h: Hub) -> Action:
    item = _agenda_item(w, h)
    action, _ = Action.objects.get_or_create(
        agenda_item=item,
        description="Call the school",
        defaults={"owner_agency": w.agencies["police"], "due_on": dt.date(2030, 1, 1), "created_by": item.added_by},
    )
    return action


def _step_up(w: World, h: Hub) -> StepUp:
    contact = find(w, "contact", "early_help", h).record
    step_up, _ = StepUp.objects.get_or_create(
        contact=contact,
        defaults={"raised_by": w.actor("early_help", h).membership.user, "raised_at": timezone.now(), "rationale": "x"},
    )
    return step_up


def _mark(w: World, h: Hub) -> RetentionMark:
    contact = find(w, "contact", "nfa", h).record
    mark, _ = RetentionMark.objects.get_or_create(
        model="contacts.contact",
        object_id=str(contact.pk),
        defaults={
            "hub": h,
            "record_type": "contact_nfa",
            "label": str(contact),
            "retained_from": dt.date(2019, 1, 1),
            "due_on": dt.date(2025, 1, 1),
            "status": RetentionMark.Status.DUE_DELETION,
            "marked_at": timezone.now(),
        },
    )
    return mark


def _override(h: Hub) -> CalendarOverride:
    override, _ = CalendarOverride.objects.get_or_create(
        hub=h, date=dt.date(2030, 12, 27), defaults={"is_open": False, "reason": "Closed"}
    )
    return override


def _nfd_item(w: World, h: Hub) -> Case:
    return find(w, "item", "nfd", h)


def _subject(w: World, h: Hub) -> Any:
    return find(w, "person", "known", h).record


def _pair(w: World, h: Hub) -> Any:
    """A likely duplicate of the known person, queued for review."""
    from openmash.identity.models import CandidatePair
    from openmash.people.models import Person

    subject = _subject(w, h)
    twin, _ = Person.objects.get_or_create(
        hub=h, given_names=subject.given_names, family_name=subject.family_name + "e", defaults={"kind": subject.kind}
    )
    a, b = sorted([subject, twin], key=lambda p: p.pk)
    pair, _ = CandidatePair.objects.get_or_create(
        hub=h, left=a, right=b, defaults={"probability": 0.9, "match_weight": 3.2, "explanation": []}
    )
    return pair


def _merge(w: World, h: Hub) -> Any:
    from openmash.identity.models import Merge

    pair = _pair(w, h)
    merge, _ = Merge.objects.get_or_create(
        hub=h,
        kept=pair.left,
        merged=pair.right,
        reversed_at=None,
        defaults={"reason": "x", "merged_by": w.actor("manager", h).membership.user},
    )
    return merge


# Reading pages first, then pages that change things (each on records no later check relies on).
VIEWS = [
    View("home", _url("home"), _hub(), hub_wide=True),
    View("contacts:queue", _url("contacts:queue"), _hub("see_queue"), hub_wide=True),
    View("contacts:new", _url("contacts:new"), _hub("take_contact"), hub_wide=True),
    View(
        "contacts:detail", _url("contacts:detail", _pk("contact", "in_mash")), _on("contact", "in_mash", "view_contact")
    ),
    View(
        "contacts:detail (Early Help)",
        _url("contacts:detail", _pk("contact", "early_help")),
        _on("contact", "early_help", "view_contact"),
    ),
    View(
        "contacts:people",
        _url("contacts:people", _pk("contact", "draft")),
        _on("contact", "draft", "view_contact", hub_rules=("take_contact",)),
    ),
    View(
        "contacts:add_person",
        _url("contacts:add_person", _pk("contact", "draft")),
        _on("contact", "draft", "view_contact", hub_rules=("take_contact",)),
    ),
    View(
        "contacts:match",
        _url("contacts:match", _pk("contact", "draft")),
        _on("contact", "draft", "view_contact", hub_rules=("take_contact",)),
    ),
    View(
        "contacts:triage",
        _url("contacts:triage", _pk("contact", "in_mash")),
        _on("contact", "in_mash", "view_contact", hub_rules=("triage",)),
    ),
    View(
        "enquiries:ask",
        _url("enquiries:ask", _pk("contact", "in_mash")),
        _on("contact", "in_mash", "view_contact", hub_rules=("request_information",)),
    ),
    View(
        "enquiries:request", _url("enquiries:request", _pk("request", "sent")), _on("request", "sent", "view_request")
    ),
    View(
        "decisions:decide",
        lambda w, h: reverse("decisions:decide", args=[find(w, "contact", "in_mash", h).record.pk, _subject(w, h).pk]),
        _on("contact", "in_mash", "view_contact", hub_rules=("decide",)),
    ),
    View(
        "decisions:correct",
        _url("decisions:correct", _pk("decision", "decided")),
        _on("decision", "decided", "view_decision", hub_rules=("decide",)),
    ),
    View("meetings:list", _url("meetings:list"), _hub("list_meetings"), hub_wide=True),
    View("meetings:new", _url("meetings:new"), _hub("run_meetings"), hub_wide=True),
    View("meetings:detail", _url("meetings:detail", _pk("meeting", "daily")), _on("meeting", "daily", "view_meeting")),
    View(
        "meetings:contribution_add",
        lambda w, h: reverse("meetings:contribution_add", args=[_meeting(w, h).pk, _agenda_item(w, h).pk]),
        _on("agenda_item", "daily", "view_agenda_item", hub_rules=("run_meetings",)),
    ),
    View(
        "meetings:action_add",
        lambda w, h: reverse("meetings:action_add", args=[_meeting(w, h).pk, _agenda_item(w, h).pk]),
        _on("agenda_item", "daily", "view_agenda_item", hub_rules=("run_meetings",)),
    ),
    View(
        "meetings:close",
        _url("meetings:close", _pk("meeting", "daily")),
        _on("meeting", "daily", "view_meeting", hub_rules=("run_meetings",)),
    ),
    View("hubs:settings", _url("hubs:settings"), _hub("configure_hub"), hub_wide=True),
    View("hubs:calendar_edit", _url("hubs:calendar_edit"), _hub("configure_hub"), method="post", hub_wide=True),
    View(
        "hubs:enquiry_rules_edit", _url("hubs:enquiry_rules_edit"), _hub("configure_hub"), method="post", hub_wide=True
    ),
    View(
        "restricted:item_open",
        lambda w, h: reverse("restricted:item_open", args=[_nfd_item(w, h).record.pk]),
        lambda w, h: [("break_glass", _nfd_item(w, h))],
    ),
    View(
        "hubs:level_edit",
        lambda w, h: reverse("hubs:level_edit", args=[h.current_levels().order_by("rank")[0].pk]),
        _hub("configure_hub"),
        hub_wide=True,
    ),
    View("hubs:threshold_new", _url("hubs:threshold_new"), _hub("configure_hub"), hub_wide=True),
    View("hubs:override_add", _url("hubs:override_add"), _hub("configure_hub"), method="post", hub_wide=True),
    View(
        "hubs:override_remove",
        lambda w, h: reverse("hubs:override_remove", args=[_override(h).pk]),
        _hub("configure_hub"),
        method="post",
    ),
    View(
        "hubs:partner_toggle",
        lambda w, h: reverse("hubs:partner_toggle", args=[h.partners.order_by("pk")[0].pk]),
        _hub("configure_hub"),
        method="post",
    ),
    View(
        "markings:contact",
        _url("markings:contact", _pk("contact", "in_mash")),
        _on("contact", "in_mash", "view_contact", hub_rules=("mark_records",)),
    ),
    View("restricted:log", _url("restricted:log"), _hub("review_break_glass"), hub_wide=True),
    View(
        "audit:person_history",
        lambda w, h: reverse("audit:person_history", args=[_subject(w, h).pk]),
        lambda w, h: [("see_record_history", find(w, "person", "known", h))],
    ),
    View("retention:due", _url("retention:due"), _hub("review_retention"), hub_wide=True),
    View(
        "retention:decide",
        lambda w, h: reverse("retention:decide", args=[_mark(w, h).pk]),
        _hub("review_retention"),
    ),
    View(
        "retention:period",
        _url("retention:period", lambda w, h: "meeting"),
        _hub("set_retention"),
        hub_wide=True,
    ),
    # Pages that change things. Empty or harmless data: the point is whether the view lets them in.
    View(
        "enquiries:acknowledge",
        _url("enquiries:acknowledge", _pk("request", "sent")),
        _on("request", "sent", "view_request", "answer_request"),
        method="post",
    ),
    View(
        "enquiries:start",
        _url("enquiries:start", _pk("request", "acknowledged")),
        _on("request", "acknowledged", "view_request", "answer_request"),
        method="post",
    ),
    View(
        "enquiries:item_add",
        lambda w, h: reverse("enquiries:item_add", args=[_health_draft(w, h).request_id, _health_draft(w, h).pk]),
        _on("contribution", "draft", "view_contribution"),
        method="post",
    ),
    View(
        "enquiries:analysis_save",
        lambda w, h: reverse("enquiries:analysis_save", args=[_health_draft(w, h).request_id, _health_draft(w, h).pk]),
        _on("contribution", "draft", "view_contribution"),
        method="post",
    ),
    View(
        "enquiries:item_remove",
        lambda w, h: reverse("enquiries:item_remove", args=_police_item(w, h)),
        _on("contribution", "submitted", "view_request_own"),
        method="post",
    ),
    View(
        "decisions:challenge",
        lambda w, h: reverse(
            "decisions:challenge",
            args=[
                find(w, "decision", "decided", h).record.pk,
                InformationRequest.objects.get(
                    contact=find(w, "decision", "decided", h).record.contact_id,  # type: ignore[attr-defined]
                    agency=w.agencies["police"],
                ).pk,
            ],
        ),
        _on("contact", "decided", "challenge"),
        method="post",
        data={"grounds": "We judge the risk higher."},
    ),
    View(
        "decisions:resolve",
        _url("decisions:resolve", _pk("challenge", "decided")),
        _hub("resolve_challenge"),
        method="post",
    ),
    View(
        "decisions:step_up",
        _url("decisions:step_up", _pk("contact", "early_help")),
        _on("contact", "early_help", "view_contact", "step_up"),
        method="post",
    ),
    View(
        "decisions:step_up_respond",
        lambda w, h: reverse("decisions:step_up_respond", args=[_step_up(w, h).pk]),
        _hub("triage"),
        method="post",
    ),
    View(
        "meetings:agenda_build",
        _url("meetings:agenda_build", _pk("meeting", "daily")),
        _on("meeting", "daily", "view_meeting", hub_rules=("run_meetings",)),
        method="post",
    ),
    View(
        "meetings:agenda_add",
        _url("meetings:agenda_add", _pk("meeting", "daily")),
        _on("meeting", "daily", "view_meeting", hub_rules=("run_meetings",)),
        method="post",
    ),
    View(
        "meetings:attendance",
        _url("meetings:attendance", _pk("meeting", "daily")),
        _on("meeting", "daily", "view_meeting", hub_rules=("run_meetings",)),
        method="post",
    ),
    View(
        "meetings:action_done",
        lambda w, h: reverse("meetings:action_done", args=[_meeting(w, h).pk, _action(w, h).pk]),
        _on("meeting", "daily", "view_meeting", hub_rules=("run_meetings",)),
        method="post",
    ),
    View(
        "meetings:agenda_remove",
        lambda w, h: reverse("meetings:agenda_remove", args=[_meeting(w, h).pk, _agenda_item(w, h).pk]),
        _on("agenda_item", "daily", "view_agenda_item", hub_rules=("run_meetings",)),
        method="post",
    ),
    View(
        "enquiries:close (unable)",
        lambda w, h: reverse("enquiries:close", args=[_police_request(w, h).pk, "unable"]),
        _on("request", "sent", "view_request", "answer_request"),
        method="post",
        data={"reason": "We hold nothing about this family."},
    ),
    View(
        "contacts:remove_person",
        lambda w, h: reverse(
            "contacts:remove_person",
            args=[find(w, "contact", "draft", h).record.pk, find(w, "contact", "draft", h).record.people.get().pk],  # type: ignore[attr-defined]
        ),
        _on("contact", "draft", "view_contact", hub_rules=("take_contact",)),
        method="post",
    ),
    View(
        "contacts:submit",
        _url("contacts:submit", _pk("contact", "draft")),
        _on("contact", "draft", "view_contact", hub_rules=("take_contact",)),
        method="post",
    ),
    View("identity:person", lambda w, h: reverse("identity:person", args=[_subject(w, h).pk]), _hub("search_people")),
    View("identity:review", _url("identity:review"), _hub("review_identity"), hub_wide=True),
    View("identity:pair", lambda w, h: reverse("identity:pair", args=[_pair(w, h).pk]), _hub("review_identity")),
    View(
        "identity:unmerge",
        lambda w, h: reverse("identity:unmerge", args=[_merge(w, h).pk]),
        _hub("review_identity"),
        method="post",
        data={"reason": "Different children"},
    ),
    View(
        "identity:pair_decide",
        lambda w, h: reverse("identity:pair_decide", args=[_pair(w, h).pk, "not_same"]),
        _hub("review_identity"),
        method="post",
        data={"reason": "Twins"},
    ),
]


def _allowed(world: World, actor: Actor, needs: list[Need]) -> bool:
    result = True
    for action, case in needs:
        if action == "view_request_own":  # acting on one's own agency's answer: the request is to them
            assert case is not None
            result = result and case.relation(actor) == "own" and actor.active
            continue
        result = result and policy_says(world, actor, action, case)
    return result


def _refused(response: Any) -> bool:
    """Not found, forbidden, or sent to sign in: someone whose last membership has ended is
    signed out on their next request (NoMembershipSignOutMiddleware, docs/security.md)."""
    if response.status_code in REFUSED:
        return True
    return response.status_code == 302 and response["Location"].startswith(reverse("login"))


def _client(cache: dict[int, Client], actor: Actor) -> Client:
    if actor.membership.pk not in cache:
        cache[actor.membership.pk] = signed_in_client(actor.membership.user, membership=actor.membership)
    return cache[actor.membership.pk]


def test_every_view_allows_and_refuses_as_the_policy_says():
    world = build_world()
    reload_actors(world)
    hub, other = world.hubs
    live = [a for a in world.actors if a.active and a.hub_id == hub.pk]
    clients: dict[int, Client] = {}
    failures, asked = [], 0
    for view in VIEWS:
        needs = view.needs(world, hub)
        verdicts = [(a, _allowed(world, a, needs)) for a in live]
        yes = next((a for a, ok in verdicts if ok), None)
        no = next((a for a, ok in verdicts if not ok), None)
        assert yes is not None, f"{view.name}: the policy allows no one"
        ended = next(a for a in world.actors if a.name == yes.name and a.hub_id == hub.pk and not a.active)
        # Someone in the hub the policy refuses (every active role may open the home page: there,
        # the refusal is the ended membership), then the allowed one's twin whose access has ended.
        checks: list[tuple[Actor, bool]] = ([(no, False)] if no is not None else []) + [(ended, False)]
        if not view.hub_wide:
            checks.append((world.actor(yes.name, other), False))
        checks.append((yes, True))  # last: it may change the record
        for actor, want in checks:
            url = view.url(world, hub)
            response = getattr(_client(clients, actor), view.method)(url, view.data)
            asked += 1
            ok = not _refused(response) and response.status_code < 500 if want else _refused(response)
            if not ok:
                failures.append(
                    f"{view.name} as {actor}: {response.status_code}, policy says {'allowed' if want else 'refused'}"
                )
    assert not failures, "\n".join(failures)
    assert asked >= 3 * len(VIEWS)


def test_revocation_takes_effect_on_the_very_next_request(cast, mash_contact):
    from openmash.enquiries import services
    from openmash.enquiries.tests.conftest import agency_of, send

    [request] = send(cast, mash_contact, [agency_of(cast.police)])
    police = cast.client_for(cast.police)
    url = reverse("enquiries:request", args=[request.pk])
    assert police.get(url).status_code == 200
    services.request_withdraw(
        membership=cast.social_worker, by=cast.social_worker.user, request=request, reason="Family moved away."
    )
    assert police.get(url).status_code == 404
    request.refresh_from_db()
    assert request.status == RequestStatus.WITHDRAWN

    manager = cast.client_for(cast.manager)
    contact_url = reverse("contacts:detail", args=[mash_contact.pk])
    assert manager.get(contact_url).status_code == 200
    Membership.objects.filter(pk=cast.manager.pk).update(is_active=False)
    # Their only membership ended, so they are signed out on this very request (docs/security.md).
    response = manager.get(contact_url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert _refused(manager.get(reverse("contacts:queue")))
