"""Each event is hashed in one frozen, documented form, and links to the event before it."""

from __future__ import annotations

import datetime as dt
import math
import zoneinfo
from typing import Any

import pytest

from openmash.audit.chain import (
    FORMAT_VERSION,
    GENESIS_HASH,
    LEGACY_CHAIN,
    canonical_bytes,
    event_hash,
    normalise_detail,
)
from openmash.audit.models import AuditEvent, Verb
from openmash.audit.queries import audit_chain_verify
from openmash.audit.services import audit_record

EXAMPLE: dict[str, Any] = {
    "chain": 2,
    "seq": 1,
    "at": dt.datetime(2026, 11, 21, 5, 41, 7, 43210, tzinfo=dt.UTC),
    "actor_id": 7,
    "actor_name": "Sam Patel",
    "hub_id": 2,
    "hub_name": "Oakshire MASH",
    "agency_name": "Oakshire Police",
    "role": "partner",
    "verb": "view",
    "target_type": "contact",
    "target_id": "42",
    "target_label": "C-0042",
    "detail": {"purpose": "triage", "a": [1, "é"]},
    "justification": "",
    "previous_hash": GENESIS_HASH,
}

# Written out by hand, as docs/audit.md describes it. If this test fails, the format
# changed, and every event already written would fail verification: change it back.
EXAMPLE_BYTES = (
    '{"actor_id":"7","actor_name":"Sam Patel","agency_name":"Oakshire Police",'
    '"at":"2026-11-21T05:41:07.043210Z","chain":2,"detail":{"a":[1,"é"],"purpose":"triage"},'
    '"hub_id":"2","hub_name":"Oakshire MASH","justification":"",'
    '"previous_hash":"0000000000000000000000000000000000000000000000000000000000000000",'
    '"role":"partner","seq":1,"target_id":"42","target_label":"C-0042","target_type":"contact","verb":"view"}'
).encode()
EXAMPLE_HASH = "0785b022228d8b51b1948309be5f5a7dda7dafb1acd80c4454e4797b5700bcde"

# Format 1, frozen since the trail was one chain: the same event in chain -1 is hashed
# without the chain key, exactly as before migration 0006, so old events still verify.
EXAMPLE_V1_BYTES = EXAMPLE_BYTES.replace(b'"chain":2,', b"")
EXAMPLE_V1_HASH = "e57bfdaeb96f9f1d925c965f6a8ff7c86b7a50dfa7c8e69f2563cd689b94f5a2"


def test_the_canonical_form_is_frozen():
    assert FORMAT_VERSION == 2
    assert canonical_bytes(EXAMPLE) == EXAMPLE_BYTES
    assert event_hash(EXAMPLE) == EXAMPLE_HASH


def test_events_from_the_single_chain_keep_format_1():
    legacy = {**EXAMPLE, "chain": LEGACY_CHAIN}
    assert canonical_bytes(legacy) == EXAMPLE_V1_BYTES
    assert event_hash(legacy) == EXAMPLE_V1_HASH


def test_the_chain_is_hashed_so_an_event_cannot_move_to_another_hub():
    assert event_hash({**EXAMPLE, "chain": 0}) != EXAMPLE_HASH


def test_times_are_hashed_in_utc_with_microseconds():
    summer = dt.datetime(2026, 7, 1, 10, 0, tzinfo=zoneinfo.ZoneInfo("Europe/London"))
    assert b'"at":"2026-07-01T09:00:00.000000Z"' in canonical_bytes({**EXAMPLE, "at": summer})
    with pytest.raises(ValueError, match="timezone-aware"):
        canonical_bytes({**EXAMPLE, "at": dt.datetime(2026, 7, 1, 10, 0)})


def test_absent_actor_and_hub_are_null():
    text = canonical_bytes({**EXAMPLE, "actor_id": None, "hub_id": None})
    assert b'"actor_id":null' in text and b'"hub_id":null' in text


@pytest.mark.parametrize(
    "field, value",
    [(field, value) for field, value in EXAMPLE.items() if field != "at"]
    + [("at", EXAMPLE["at"] + dt.timedelta(microseconds=1))],
)
def test_every_field_is_covered_by_the_hash(field, value):
    changed = {**EXAMPLE, field: value}
    if field == "detail":
        changed[field] = {**value, "purpose": "other"}
    elif field in ("seq", "chain"):
        changed[field] = 3
    elif field == "at":
        pass
    elif value is None or isinstance(value, int):
        changed[field] = 8
    else:
        changed[field] = f"{value}x"
    assert event_hash(changed) != EXAMPLE_HASH


def test_detail_is_stored_as_the_database_will_return_it():
    assert normalise_detail(None) == {}
    assert normalise_detail({1: ("a", "b"), "n": 2.0, "big": 1e16, "x": 0.1, "z": -0.0}) == {
        "1": ["a", "b"],
        "n": 2,
        "big": 10**16,
        "x": 0.1,
        "z": 0,
    }
    with pytest.raises(ValueError):
        normalise_detail({"n": math.nan})
    with pytest.raises(TypeError):
        normalise_detail({"when": dt.date(2026, 1, 1)})


@pytest.mark.django_db
def test_each_event_links_to_the_one_before_in_its_hubs_chain(cast, contact):
    first = audit_record(verb=Verb.VIEW, actor=cast.police.user, membership=cast.police, target=contact)
    signed_out = audit_record(verb=Verb.SIGN_OUT, actor=cast.police.user)
    elsewhere = audit_record(verb=Verb.SEARCH, actor=cast.outsider.user, membership=cast.outsider)
    third = audit_record(verb=Verb.CONFIGURE, actor=None, hub=cast.hub, target=cast.hub)
    assert (first.chain, third.chain, signed_out.chain, elsewhere.chain) == (
        cast.hub.pk,
        cast.hub.pk,
        0,
        cast.other_hub.pk,
    )
    assert third.seq == first.seq + 1 and third.previous_hash == first.hash
    assert first.at <= third.at
    # Every chain starts from the seal of chain -1, which is empty here.
    assert AuditEvent.objects.get(chain=0, seq=1).previous_hash == GENESIS_HASH
    assert AuditEvent.objects.get(chain=cast.hub.pk, seq=1).previous_hash == GENESIS_HASH
    for event in (first, signed_out, elsewhere, third):
        event.refresh_from_db()
        assert event.hash == event_hash({field: getattr(event, field) for field in EXAMPLE})


@pytest.mark.django_db
def test_awkward_detail_still_verifies_after_a_round_trip_through_the_database(cast):
    detail: dict[str, Any] = {
        "scale": 1.0,
        "ratio": 0.1,
        "tiny": 1.5e-05,
        "big": 1e16,
        "names": ("Zoë", "李"),
        "ok": None,
    }
    audit_record(verb=Verb.CONFIGURE, actor=None, hub=cast.hub, target=cast.hub, detail=detail)
    assert audit_chain_verify().intact
