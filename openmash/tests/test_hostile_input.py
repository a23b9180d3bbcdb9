"""No 500s from bad input: every page, every form field, every filter and every id in a path,
sent hostile values by someone allowed to use the page.

The hostile values are what a careless paste, a tampered form or a probe sends: a number too
long for any column, an id past PostgreSQL's bigint, a megabyte of text, nothing at all, words
where a number belongs, and a NUL byte (PostgreSQL refuses NUL in text). Each must get a clear
refusal (the form again with a GOV.UK error summary, or a 400 or 404), never a 500, and a
refused form must store nothing.

How it reaches every page: a world with every kind of record in every state (the access matrix's
world, plus letters, subject access, identity pairs and retention marks), and one seed URL per
URL pattern (the test fails when a pattern has none). Each seed is opened by the first of the
hub's practitioners it lets in; the forms on the page are read from its HTML (so the fields
tested are the fields a browser would send, whatever form class or hand-written markup made
them) and sent back with hostile values. Run on PostgreSQL: the overflow and NUL failures are
PostgreSQL's.

Requests per form: every field set to each hostile value at once, then each choice field on its
own (a wrong id in one choice field among otherwise sensible values), and each text field on its
own with a megabyte. Date boxes get their own run (`test_date_boxes_take_hostile_input`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from unittest import mock
from urllib.parse import urlencode, urlsplit

import pytest
from django.apps import apps
from django.db import connection, transaction
from django.http import QueryDict
from django.test import Client
from django.urls import NoReverseMatch, Resolver404, URLPattern, URLResolver, get_resolver, resolve, reverse
from django.utils import timezone

from conftest import authenticator_for, signed_in_client
from openmash.accounts.tests.matrix import World, build_world, find, reload_actors
from openmash.hubs.models import Hub

pytestmark = pytest.mark.django_db

LONG_NUMBER = "9" * 5000  # past Python's int-from-text limit, and any column
BIG_ID = "99999999999999999999"  # 20 digits: past PostgreSQL's bigint
MEGABYTE = "x" * 1_000_000
PAST_EVERY_LIMIT = "x" * 100_001  # longer than any free-text limit, short enough to reach each field's check
EMPTY = ""
NUL = "a\x00b"  # also not a number
# Every field of a form at once gets each of these.
HOSTILE = {"long number": LONG_NUMBER, "20-digit id": BIG_ID, "empty": EMPTY, "NUL byte": NUL}
# Text fields at once get these too (a megabyte in several fields is past the request size limit: 400).
TOO_LONG = {"1 MB": MEGABYTE, "100,001 characters": PAST_EVERY_LIMIT}
# Query parameters on every page, all at once.
HOSTILE_QUERY = {"long number": LONG_NUMBER, "20-digit id": BIG_ID, "NUL byte": NUL}

# Practitioners in the order they are tried: the first one a page lets in opens it.
ROLES = [
    "social_worker",
    "manager",
    "police",
    "health",
    "early_help",
    "quality",
    "admin",
    "education",
]
# Pages that change sign-in state: their forms are sent by a fresh client each time.
# Clients past the password step: at the code step (a user with an authenticator) and at the
# authenticator set-up (a user without one), as whom.
HALF_SIGNED_IN = {"at the code step": "camhs", "setting up an authenticator": "housing"}
PASSWORD = "correct-horse-battery-staple"
SIGN_IN = {"login", "sign_in_code", "sign_in_set_up", "reauthenticate", "logout"}
# Tables whose rows a refused request may add: the audit trail (refusals are audited), sessions
# and sign-in failure counts.
UNCOUNTED_APPS = {"audit", "sessions", "axes", "admin", "contenttypes"}


# -- The world ---------------------------------------------------------------------------------


@dataclass
class Seed:
    """A URL for one pattern, and who to open it as (None: the usual order; "anonymous": signed out)."""

    url: Callable[[World, Hub], str]
    roles: list[str] | None = None


def _record(w: World, h: Hub, kind: str, state: str) -> Any:
    return find(w, kind, state, h).record


def _rec(kind: str, state: str) -> Callable[[World, Hub], Any]:
    return lambda w, h: find(w, kind, state, h).record


def _u(name: str, *parts: Callable[[World, Hub], Any]) -> Callable[[World, Hub], str]:
    def url(w: World, h: Hub) -> str:
        args = [p(w, h) for p in parts]
        return reverse(name, args=[getattr(a, "pk", a) for a in args])

    return url


def _extras(w: World, h: Hub) -> dict[str, Any]:
    """Records the access matrix's world does not make: letters, subject access, identity, retention."""
    from openmash.accounts.tests.test_access_views import _action, _mark, _merge, _override, _pair, _step_up
    from openmash.consent import services as consent_services
    from openmash.letters import services as letter_services

    sw = w.actor("social_worker", h).membership
    manager = w.actor("manager", h).membership
    contact = _record(w, h, "contact", "in_mash")
    person = _record(w, h, "person", "known")
    letter = letter_services.letter_draft(
        membership=sw, by=sw.user, contact=contact, template="concern_received", recipient=person
    )
    sar = consent_services.subject_access_create(
        membership=manager, by=manager.user, person=person, received_on=timezone.localdate() - dt.timedelta(days=1)
    )
    from openmash.enquiries.models import ContributionItem

    health_draft = _record(w, h, "contribution", "draft")
    ContributionItem.objects.create(
        contribution=health_draft,
        person=person,
        occurred_on=dt.date(2025, 1, 2),
        summary="An item in a draft answer, to remove",
        source_system="SystmOne",
    )
    return {
        "letter": letter,
        "sar": sar,
        "pair": _pair(w, h),
        "merge": _merge(w, h),
        "mark": _mark(w, h),
        "step_up": _step_up(w, h),
        "override": _override(h),
        "action": _action(w, h),
    }


def _x(key: str) -> Callable[[World, Hub], Any]:
    return lambda w, h: EXTRAS[key]


EXTRAS: dict[str, Any] = {}


def _agenda_item(w: World, h: Hub) -> Any:
    from openmash.meetings.models import AgendaItem

    return AgendaItem.objects.filter(meeting=_record(w, h, "meeting", "daily")).order_by("order").first()


def _police_item(w: World, h: Hub) -> Any:
    from openmash.enquiries.models import ContributionItem

    return ContributionItem.objects.filter(contribution=_record(w, h, "contribution", "submitted")).first()


def _health_draft(w: World, h: Hub) -> Any:
    return _record(w, h, "contribution", "draft")


def _draft_link(w: World, h: Hub) -> Any:
    return _record(w, h, "contact", "draft").people.get()


def _police_request_on(state: str) -> Callable[[World, Hub], Any]:
    def get(w: World, h: Hub) -> Any:
        from openmash.enquiries.models import InformationRequest

        contact = _record(w, h, "decision", state).contact_id
        return InformationRequest.objects.get(contact_id=contact, agency=w.agencies["police"])

    return get


SEEDS: dict[str, Seed] = {
    "home": Seed(_u("home")),
    "health": Seed(_u("health"), ["anonymous"]),
    "login": Seed(_u("login"), ["anonymous"]),
    "sign_in_code": Seed(_u("sign_in_code"), ["at the code step"]),
    "sign_in_set_up": Seed(_u("sign_in_set_up"), ["setting up an authenticator"]),
    "reauthenticate": Seed(_u("reauthenticate")),
    "logout": Seed(_u("logout")),
    "accounts:switch_hub": Seed(_u("accounts:switch_hub")),
    "contacts:queue": Seed(_u("contacts:queue")),
    "contacts:new": Seed(_u("contacts:new")),
    "contacts:detail": Seed(_u("contacts:detail", _rec("contact", "in_mash")), ["social_worker", "police"]),
    "contacts:people": Seed(_u("contacts:people", _rec("contact", "draft"))),
    "contacts:add_person": Seed(_u("contacts:add_person", _rec("contact", "draft"))),
    "contacts:match": Seed(_u("contacts:match", _rec("contact", "draft"))),
    "contacts:remove_person": Seed(_u("contacts:remove_person", _rec("contact", "draft"), _draft_link)),
    "contacts:submit": Seed(_u("contacts:submit", _rec("contact", "draft"))),
    "contacts:triage": Seed(_u("contacts:triage", _rec("contact", "awaiting_triage"))),
    "enquiries:ask": Seed(_u("enquiries:ask", _rec("contact", "in_mash"))),
    "enquiries:request": Seed(_u("enquiries:request", _rec("request", "sent")), ["police", "social_worker", "manager"]),
    "enquiries:acknowledge": Seed(_u("enquiries:acknowledge", _rec("request", "sent")), ["police"]),
    "enquiries:start": Seed(_u("enquiries:start", _rec("request", "acknowledged")), ["police"]),
    "enquiries:item_add": Seed(
        lambda w, h: reverse("enquiries:item_add", args=[_health_draft(w, h).request_id, _health_draft(w, h).pk]),
        ["health"],
    ),
    "enquiries:analysis_save": Seed(
        lambda w, h: reverse("enquiries:analysis_save", args=[_health_draft(w, h).request_id, _health_draft(w, h).pk]),
        ["health"],
    ),
    "enquiries:item_remove": Seed(
        lambda w, h: reverse(
            "enquiries:item_remove", args=[_police_item(w, h).contribution.request_id, _police_item(w, h).pk]
        ),
        ["police"],
    ),
    "enquiries:close": Seed(
        lambda w, h: reverse("enquiries:close", args=[_record(w, h, "request", "sent").pk, "unable"]),
        ["police"],
    ),
    "decisions:decide": Seed(_u("decisions:decide", _rec("contact", "in_mash"), _rec("person", "known"))),
    "decisions:correct": Seed(_u("decisions:correct", _rec("decision", "decided"))),
    "decisions:challenge": Seed(
        _u("decisions:challenge", _rec("decision", "decided"), _police_request_on("decided")), ["police"]
    ),
    "decisions:resolve": Seed(_u("decisions:resolve", _rec("challenge", "decided")), ["manager"]),
    "decisions:step_up": Seed(_u("decisions:step_up", _rec("contact", "early_help")), ["early_help"]),
    "decisions:step_up_respond": Seed(_u("decisions:step_up_respond", _x("step_up"))),
    "meetings:list": Seed(_u("meetings:list")),
    "meetings:new": Seed(_u("meetings:new")),
    "meetings:detail": Seed(_u("meetings:detail", _rec("meeting", "daily"))),
    "meetings:agenda_build": Seed(_u("meetings:agenda_build", _rec("meeting", "daily"))),
    "meetings:agenda_add": Seed(_u("meetings:agenda_add", _rec("meeting", "daily"))),
    "meetings:agenda_remove": Seed(_u("meetings:agenda_remove", _rec("meeting", "daily"), _agenda_item)),
    "meetings:attendance": Seed(_u("meetings:attendance", _rec("meeting", "daily"))),
    "meetings:contribution_add": Seed(_u("meetings:contribution_add", _rec("meeting", "daily"), _agenda_item)),
    "meetings:action_add": Seed(_u("meetings:action_add", _rec("meeting", "daily"), _agenda_item)),
    "meetings:action_done": Seed(_u("meetings:action_done", _rec("meeting", "daily"), _x("action"))),
    "meetings:close": Seed(_u("meetings:close", _rec("meeting", "daily"))),
    "hubs:settings": Seed(_u("hubs:settings"), ["manager"]),
    "hubs:level_edit": Seed(lambda w, h: reverse("hubs:level_edit", args=[h.current_levels()[0].pk]), ["manager"]),
    "hubs:calendar_edit": Seed(_u("hubs:calendar_edit"), ["manager"]),
    "hubs:enquiry_rules_edit": Seed(_u("hubs:enquiry_rules_edit"), ["manager"]),
    "hubs:override_add": Seed(_u("hubs:override_add"), ["manager"]),
    "hubs:override_remove": Seed(_u("hubs:override_remove", _x("override")), ["manager"]),
    "hubs:partner_toggle": Seed(
        lambda w, h: reverse("hubs:partner_toggle", args=[h.partners.order_by("pk")[0].pk]), ["manager"]
    ),
    "hubs:threshold_new": Seed(_u("hubs:threshold_new"), ["manager"]),
    "restricted:item_open": Seed(_u("restricted:item_open", _rec("item", "nfd"))),
    "restricted:log": Seed(_u("restricted:log"), ["manager"]),
    "audit:person_history": Seed(_u("audit:person_history", _rec("person", "known")), ["manager", "quality"]),
    "retention:due": Seed(_u("retention:due"), ["manager"]),
    "retention:decide": Seed(_u("retention:decide", _x("mark")), ["manager"]),
    "retention:period": Seed(_u("retention:period", lambda w, h: "meeting"), ["manager"]),
    "markings:contact": Seed(_u("markings:contact", _rec("contact", "in_mash"))),
    "identity:person": Seed(_u("identity:person", _rec("person", "known")), ["manager"]),
    "identity:review": Seed(_u("identity:review"), ["manager"]),
    "identity:pair": Seed(_u("identity:pair", _x("pair")), ["manager"]),
    "identity:pair_decide": Seed(_u("identity:pair_decide", _x("pair"), lambda w, h: "not_same"), ["manager"]),
    "identity:unmerge": Seed(_u("identity:unmerge", _x("merge")), ["manager"]),
    "consent:family": Seed(_u("consent:family", _rec("contact", "in_mash"))),
    "consent:consent_new": Seed(_u("consent:consent_new", _rec("contact", "in_mash"))),
    "consent:informed_new": Seed(_u("consent:informed_new", _rec("contact", "in_mash"))),
    "consent:not_share": Seed(_u("consent:not_share", _rec("contact", "in_mash"))),
    "consent:disclose": Seed(_u("consent:disclose", _rec("contact", "in_mash"))),
    "consent:adult_new": Seed(_u("consent:adult_new", _rec("contact", "in_mash"))),
    "consent:rules": Seed(_u("consent:rules"), ["manager"]),
    "consent:not_informed": Seed(_u("consent:not_informed"), ["manager"]),
    "consent:historic": Seed(_u("consent:historic"), ["manager"]),
    "consent:sar_list": Seed(_u("consent:sar_list"), ["manager"]),
    "consent:sar_new": Seed(_u("consent:sar_new"), ["manager"]),
    "consent:sar": Seed(_u("consent:sar", _x("sar")), ["manager"]),
    "consent:sar_export": Seed(_u("consent:sar_export", _x("sar"), lambda w, h: "json"), ["manager"]),
    "letters:contact": Seed(_u("letters:contact", _rec("contact", "in_mash"))),
    "letters:letter": Seed(_u("letters:letter", _x("letter"))),
    "letters:send": Seed(_u("letters:send", _x("letter"))),
    "letters:print": Seed(_u("letters:print", _x("letter"))),
    "letters:pdf": Seed(_u("letters:pdf", _x("letter"))),
    "letters:glossary": Seed(_u("letters:glossary"), ["manager"]),
}


# More pages to read forms from: forms that post to a page that takes only POST, shown to the
# practitioner who may send them.
FORM_PAGES: list[Seed] = [
    Seed(_u("enquiries:request", lambda w, h: _health_draft(w, h).request), ["health"]),
    Seed(_u("enquiries:request", _police_request_on("decided")), ["police"]),
    Seed(_u("enquiries:request", _rec("request", "acknowledged")), ["police"]),
    Seed(_u("contacts:detail", lambda w, h: _record(w, h, "decision", "decided").contact), ["manager"]),
    Seed(_u("consent:family", _rec("contact", "in_mash")), ["manager"]),
    Seed(_u("contacts:detail", _rec("contact", "early_help")), ["early_help", "social_worker"]),
    Seed(_u("consent:sar", _x("sar")), ["manager"]),
]


def all_url_patterns() -> dict[str, URLPattern]:
    def walk(patterns: list[Any], prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, f"{p.namespace}:" if p.namespace else prefix)
            elif isinstance(p, URLPattern) and p.name:
                yield f"{prefix}{p.name}", p

    return dict(walk(get_resolver().url_patterns))


# -- Reading forms from a page -----------------------------------------------------------------


@dataclass
class Field:
    name: str
    kind: str  # text, choice, multiple (checkboxes), date
    options: list[str] = field(default_factory=list)
    default: list[str] = field(default_factory=list)
    numeric: bool = False

    def sensible(self) -> list[str]:
        """A value most forms accept, so one hostile field among sensible ones reaches deep."""
        if self.default and any(self.default):
            return list(self.default)
        if self.kind in ("choice", "multiple"):
            chosen = [o for o in self.options if o][:1]
            return chosen or list(self.default)
        if self.kind == "date":
            today = timezone.localdate()
            return [str((today.day, today.month, today.year)[int(self.name[-1]) % 3])]
        name = self.name.lower()
        if "time" in name:
            return ["10:00"]
        if "email" in name:
            return ["pat@example.org"]
        if "postcode" in name:
            return ["LS6 2AB"]
        return ["2"] if self.numeric else ["Plain words for the test"]


@dataclass
class Form:
    action: str
    method: str
    fields: dict[str, Field] = field(default_factory=dict)
    page: str = ""
    role: str = ""

    def baseline(self) -> dict[str, list[str]]:
        """Sensible values in every field (today in date boxes: both past-only and future-only accept it)."""
        return {f.name: f.sensible() for f in self.fields.values()}

    def names(self, *kinds: str) -> list[str]:
        return [f.name for f in self.fields.values() if f.kind in kinds]


class FormReader(HTMLParser):
    def __init__(self, page: str) -> None:
        super().__init__()
        self.page = page
        self.forms: list[Form] = []
        self.current: Form | None = None
        self.select: Field | None = None
        self.textarea: Field | None = None
        self.option_value: str | None = None

    def _field(self, name: str, kind: str) -> Field:
        assert self.current is not None
        return self.current.fields.setdefault(name, Field(name, kind))

    def handle_starttag(self, tag: str, attrs_list: list[tuple[str, str | None]]) -> None:
        attrs = {k: v or "" for k, v in attrs_list}
        if tag == "form":
            self.current = Form(
                attrs.get("action") or self.page, (attrs.get("method") or "get").lower(), page=self.page
            )
            self.forms.append(self.current)
            return
        if self.current is None or not attrs.get("name"):
            if tag == "option" and self.select is not None:
                self.option_value = attrs.get("value", "")
                self.select.options.append(self.option_value)
                if "selected" in attrs:
                    self.select.default.append(self.option_value)
            return
        name = attrs["name"]
        if name == "csrfmiddlewaretoken":
            return
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind in ("radio", "checkbox"):
                f = self._field(name, "choice" if kind == "radio" else "multiple")
                f.options.append(attrs.get("value", "on"))
                if "checked" in attrs:
                    f.default.append(attrs.get("value", "on"))
            elif kind in ("submit", "button", "image", "reset", "file"):
                if kind == "submit":
                    f = self._field(name, "choice")
                    f.options.append(attrs.get("value", ""))
            else:
                is_date = "govuk-date-input__input" in attrs.get("class", "")
                f = self._field(name, "date" if is_date else ("choice" if kind == "hidden" else "text"))
                f.default = [attrs.get("value", "")]
                f.numeric = kind == "number" or attrs.get("inputmode") == "numeric"
        elif tag == "select":
            self.select = self._field(name, "multiple" if "multiple" in attrs else "choice")
        elif tag == "textarea":
            self.textarea = self._field(name, "text")
            self.textarea.default = [""]
        elif tag == "button":
            f = self._field(name, "choice")
            f.options.append(attrs.get("value", ""))
            if not f.default:
                f.default = [attrs.get("value", "")]

    def handle_data(self, data: str) -> None:
        if self.textarea is not None:
            self.textarea.default = [self.textarea.default[0] + data]

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.current = None
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None


def read_forms(page: str, html: str) -> list[Form]:
    reader = FormReader(page)
    reader.feed(html)
    return reader.forms


# -- Sending and judging -----------------------------------------------------------------------


def _tables() -> list[str]:
    return [
        m._meta.db_table
        for m in apps.get_models(include_auto_created=True)
        if m._meta.app_label not in UNCOUNTED_APPS and m._meta.managed and not m._meta.proxy
    ]


def row_counts(tables: list[str]) -> tuple[int, ...]:
    quote = connection.ops.quote_name
    sql = "SELECT " + ", ".join(f"(SELECT count(*) FROM {quote(t)})" for t in tables)  # noqa: S608 - model tables
    with connection.cursor() as cursor:
        cursor.execute(sql)
        row = cursor.fetchone()
    return tuple(row)


def _text_columns() -> list[tuple[str, str, bool]]:
    """Every text column (table, column, is JSON), the audit trail's included."""
    from django.db import models

    columns = []
    for m in apps.get_models(include_auto_created=True):
        if not m._meta.managed or m._meta.proxy:
            continue
        for f in m._meta.concrete_fields:
            if isinstance(f, models.CharField | models.TextField | models.JSONField):
                columns.append((m._meta.db_table, f.column, isinstance(f, models.JSONField)))
    return columns


def text_past_every_limit() -> list[tuple[str, str]]:
    """Columns holding text longer than the longest limit in openmash/limits.py: nothing should."""
    from openmash.limits import ANALYSIS_MAX, THRESHOLD_INDICATORS_MAX

    longest = max(ANALYSIS_MAX, THRESHOLD_INDICATORS_MAX)
    quote = connection.ops.quote_name
    columns = _text_columns()
    checks = [
        f"EXISTS (SELECT 1 FROM {quote(t)} WHERE length({quote(c)}{'::text' if j else ''}) > {longest:d})"  # noqa: S608
        for t, c, j in columns
    ]
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(checks))  # noqa: S608 - model tables and columns
        row = cursor.fetchone()
    return [(t, c) for (t, c, _), past in zip(columns, row, strict=True) if past]


def clear_text_past_every_limit(columns: list[tuple[str, str]]) -> None:
    """Forget a failure once reported, so the next form's check starts clean."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table, column in columns:
            try:
                with transaction.atomic():
                    cursor.execute(f"DELETE FROM {quote(table)} WHERE length({quote(column)}::text) > 20000")  # noqa: S608
            except Exception:  # noqa: BLE001, S110 - an append-only table refuses: its failure stays reported
                pass


@dataclass
class Probe:
    """Sends requests, each in its own savepoint (a database error must not poison the rest), and
    keeps the failures."""

    tables: list[str]
    failures: list[str] = field(default_factory=list)
    sent: int = 0

    def send(self, client: Client, method: str, url: str, data: Any, label: str) -> Any:
        self.sent += 1
        before = row_counts(self.tables) if method == "post" else None
        try:
            with transaction.atomic():
                if method == "post":
                    response = client.post(url, data)
                else:
                    response = client.get(url, data)
        except Exception as exc:  # noqa: BLE001 - every exception here is the bug being looked for
            frames = [f for f in traceback.extract_tb(exc.__traceback__) if "/openmash/" in f.filename]
            where = f"{frames[-1].filename.split('/openmash/')[-1]}:{frames[-1].lineno}" if frames else "?"
            self.failures.append(f"{label}: {type(exc).__name__} at {where}: {str(exc)[:120]}")
            return None
        if response.status_code >= 500:
            self.failures.append(f"{label}: {response.status_code}")
        elif before is not None and response.status_code not in (301, 302, 303):
            after = row_counts(self.tables)
            if after != before:
                grew = [t for t, b, a in zip(self.tables, before, after, strict=True) if a != b]
                self.failures.append(f"{label}: refused ({response.status_code}) but rows changed in {grew}")
        return response


@dataclass
class Site:
    world: World
    hub: Hub
    clients: dict[str, Client] = field(default_factory=dict)

    def client(self, role: str) -> Client:
        if role in HALF_SIGNED_IN or role == "anonymous":
            return self.fresh(role)
        if role not in self.clients:
            actor = self.world.actor(role, self.hub)
            self.clients[role] = signed_in_client(actor.membership.user, membership=actor.membership)
        return self.clients[role]

    def fresh(self, role: str) -> Client:
        """A client of its own, for sign-in pages that change or end the session."""
        if role == "anonymous":
            return Client()
        if role in HALF_SIGNED_IN:
            return self.half_signed_in(HALF_SIGNED_IN[role])
        actor = self.world.actor(role, self.hub)
        return signed_in_client(actor.membership.user, membership=actor.membership)

    def half_signed_in(self, name: str) -> Client:
        """Past the password, at the code step (or the authenticator set-up, for a user with none)."""
        user = self.world.actor(name, self.hub).membership.user
        if not user.has_usable_password():
            user.set_password(PASSWORD)
            user.save(update_fields=["password"])
        client = Client()
        response = client.post(reverse("login"), {"username": user.get_username(), "password": PASSWORD})
        assert response.status_code == 302, response.status_code
        return client


@dataclass
class Visit:
    name: str
    url: str
    role: str
    status: int
    html: bool
    forms: list[Form]
    reads: set[str] = field(default_factory=set)  # the query parameters the page read


@contextlib.contextmanager
def reading_query_parameters() -> Iterator[set[str]]:
    """The names a request reads from its query (or form) parameters, as a set filled in as it runs."""
    reads: set[str] = set()
    originals = {name: getattr(QueryDict, name) for name in ("get", "__getitem__", "getlist", "__contains__")}

    def tracked(original: Callable[..., Any]) -> Callable[..., Any]:
        def read(self: QueryDict, key: str, *args: Any, **kwargs: Any) -> Any:
            reads.add(str(key))
            return original(self, key, *args, **kwargs)

        return read

    with contextlib.ExitStack() as stack:
        for name, original in originals.items():
            stack.enter_context(mock.patch.object(QueryDict, name, tracked(original)))
        yield reads


def open_seeds(site: Site, probe: Probe) -> list[Visit]:
    """Open every seed as the first practitioner it lets in; read the forms on each page."""
    visits = []
    pages = [*SEEDS.items(), *((f"form page {i}", seed) for i, seed in enumerate(FORM_PAGES))]
    for name, seed in pages:
        url = seed.url(site.world, site.hub)
        roles = seed.roles or ROLES
        opened: list[Visit] = []
        for role in roles:
            with reading_query_parameters() as reads:
                response = probe.send(site.client(role), "get", url, {}, f"GET {name} as {role}")
            if response is None:
                break
            status = response.status_code
            if status in (403, 404) or (status == 302 and response["Location"].startswith(reverse("login"))):
                continue
            is_html = response.get("Content-Type", "").startswith("text/html")
            forms = read_forms(url, response.content.decode()) if is_html and status == 200 else []
            for form in forms:
                form.role = role
            opened.append(Visit(name, url, role, status, is_html, forms, reads))
            if seed.roles is None:
                break
        if not opened:
            visits.append(Visit(name, url, roles[0], 0, False, []))
        visits.extend(opened)
    return visits


def _pattern_name(url: str) -> str:
    try:
        match = resolve(urlsplit(url).path)
    except Resolver404:
        return "?"
    return match.view_name


def forms_to_send(visits: list[Visit]) -> list[Form]:
    """Each distinct form once (by where it posts and what it sends)."""
    seen, forms = set(), []
    for visit in visits:
        for form in visit.forms:
            if form.method != "post":
                continue
            key = (_pattern_name(form.action), tuple(sorted(form.fields)))
            if key in seen:
                continue
            seen.add(key)
            forms.append(form)
    return forms


def _client_for_form(site: Site, form: Form) -> Client:
    if _pattern_name(form.action) in SIGN_IN:
        return site.fresh(form.role)
    return site.client(form.role)


def post_hostile(site: Site, probe: Probe, form: Form, *, dates_only: bool) -> None:
    """Every field at once with each hostile value (refused whatever else is sent), then each
    choice field alone with a 20-digit id among sensible values (reaching past the form's own checks)."""
    name = _pattern_name(form.action)
    baseline = form.baseline()

    def send(data: dict[str, list[str]], label: str) -> None:
        probe.send(_client_for_form(site, form), "post", form.action, data, f"POST {name} {label}")

    if dates_only:
        dates = form.names("date")
        for label, value in HOSTILE.items():
            send({**baseline, **{n: [value] for n in dates}}, f"date boxes={label}")
        for n in dates:
            send({**baseline, n: [BIG_ID]}, f"{n}=20-digit id")
        return
    others = [n for n in form.fields if form.fields[n].kind != "date"]
    for label, value in HOSTILE.items():
        send({**baseline, **{n: [value] for n in others}}, f"every field={label}")
    if form.names("text"):
        for label, value in TOO_LONG.items():
            data = {**baseline, **{n: [value] for n in form.names("text")}}
            send(data, f"every text field={label}")
            if stored := text_past_every_limit():
                probe.failures.append(f"POST {name} every text field={label}: stored in {stored}")
                clear_text_past_every_limit(stored)
    for n in form.names("choice", "multiple"):
        sent = [BIG_ID] if form.fields[n].kind == "choice" else [*baseline.get(n, []), BIG_ID]
        send({**baseline, n: sent}, f"{n}=20-digit id")


def get_hostile(site: Site, probe: Probe, visit: Visit) -> None:
    """Hostile query parameters, all at once: those the page read when opened, and its own filters'.
    A page that reads none and has no filters is not asked again."""
    params = set(visit.reads) - {"csrfmiddlewaretoken"}
    for form in visit.forms:
        if form.method == "get":
            params.update(n for n, f in form.fields.items() if f.kind != "date")
    if not params:
        return
    for label, value in HOSTILE_QUERY.items():
        query = urlencode(dict.fromkeys(sorted(params), value))
        probe.send(site.client(visit.role), "get", f"{visit.url}?{query}", {}, f"GET {visit.name}?…={label}")


def get_hostile_dates(site: Site, probe: Probe, visit: Visit) -> None:
    for form in visit.forms:
        dates = [n for n, f in form.fields.items() if f.kind == "date"]
        if form.method != "get" or not dates:
            continue
        for label, value in HOSTILE.items():
            query = urlencode(dict.fromkeys(dates, value))
            probe.send(site.client(visit.role), "get", f"{visit.url}?{query}", {}, f"GET {visit.name} dates={label}")


def path_hostile(site: Site, probe: Probe, visit: Visit) -> None:
    """Each id in the path past bigint, each word in the path a NUL: by the method the page takes."""
    match = resolve(urlsplit(visit.url).path)
    method = "post" if visit.status == 405 else "get"
    for key, value in match.kwargs.items():
        bad = BIG_ID if isinstance(value, int) else NUL
        try:
            url = reverse(visit.name, kwargs={**match.kwargs, key: bad})
        except NoReverseMatch:
            continue
        client = site.fresh(visit.role) if visit.name in SIGN_IN else site.client(visit.role)
        probe.send(client, method, url, {}, f"{method.upper()} {visit.name} {key}={bad!r}")


def build_site() -> Site:
    world = build_world()
    reload_actors(world)
    hub = world.hubs[0]
    EXTRAS.clear()
    EXTRAS.update(_extras(world, hub))
    authenticator_for(world.actor(HALF_SIGNED_IN["at the code step"], hub).membership.user)
    return Site(world=world, hub=hub)


# -- The tests ---------------------------------------------------------------------------------


def test_every_url_pattern_has_a_seed():
    assert sorted(set(all_url_patterns()) - set(SEEDS)) == []
    assert sorted(set(SEEDS) - set(all_url_patterns())) == []


def test_no_page_answers_hostile_input_with_a_server_error():
    started = time.monotonic()
    site = build_site()
    probe = Probe(tables=_tables())
    visits = open_seeds(site, probe)
    unopened = [v.name for v in visits if v.status == 0]
    forms = forms_to_send(visits)
    for form in forms:
        post_hostile(site, probe, form, dates_only=False)
    for visit in {v.name: v for v in visits if v.status == 200 and v.html}.values():
        get_hostile(site, probe, visit)
    for visit in {v.name: v for v in visits if v.status and v.name in SEEDS}.values():
        path_hostile(site, probe, visit)
    posted = {_pattern_name(f.action) for f in forms}
    print(f"{probe.sent} requests, {len(forms)} forms, {time.monotonic() - started:.1f}s")  # noqa: T201
    assert not probe.failures, f"{len(probe.failures)} failures:\n" + "\n".join(probe.failures)
    assert not unopened, f"no practitioner could open: {unopened}"
    # Every page that takes a POST had a form to send it.
    post_only = {v.name for v in visits if v.status == 405}
    assert post_only <= posted, f"POST-only pages no form was found for: {sorted(post_only - posted)}"


def test_date_boxes_take_hostile_input():
    site = build_site()
    probe = Probe(tables=_tables())
    visits = open_seeds(site, probe)
    for form in forms_to_send(visits):
        if form.names("date"):
            post_hostile(site, probe, form, dates_only=True)
    for visit in visits:
        get_hostile_dates(site, probe, visit)
    assert not probe.failures, f"{len(probe.failures)} failures:\n" + "\n".join(probe.failures)
