"""One chain per hub, chain 0 for events outside any hub, and chain -1 sealed under them all.

Each hub's chain is checked on its own, so damage in one hub is named in that hub's
chain and the others are reported intact. Chain -1 holds the events written while
there was one chain for everything (migration 0006 left them as they were); the first
event of every other chain links to its last hash.
"""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import CommandError, call_command

from openmash.audit.chain import GENESIS_HASH, LEGACY_CHAIN, event_hash
from openmash.audit.models import AuditEvent, Verb
from openmash.audit.queries import audit_chain_verify
from openmash.audit.services import audit_record

pytestmark = pytest.mark.django_db


def verify(*args):
    out = io.StringIO()
    call_command("verify_audit", *args, stdout=out)
    return out.getvalue()


def broken(*args):
    with pytest.raises(CommandError) as excinfo:
        verify(*args)
    assert excinfo.value.returncode == 1
    return str(excinfo.value)


def legacy_events(count: int) -> list[AuditEvent]:
    """Events as the single chain wrote them before migration 0006 (format 1), now chain -1."""
    events, previous = [], GENESIS_HASH
    for seq in range(1, count + 1):
        fields = {
            "chain": LEGACY_CHAIN,
            "seq": seq,
            "at": dt.datetime(2026, 11, 1, 9, seq, tzinfo=dt.UTC),
            "actor_id": None,
            "actor_name": "Sam Patel",
            "hub_id": None,
            "hub_name": "",
            "agency_name": "",
            "role": "",
            "verb": "search",
            "target_type": "",
            "target_id": "",
            "target_label": "",
            "detail": {"n": seq},
            "justification": "",
            "previous_hash": previous,
        }
        previous = event_hash(fields)
        events.append(AuditEvent.objects.create(**fields, hash=previous))
    return events


@pytest.fixture
def two_hubs(cast, contact):
    """Events in both hubs and outside any hub, interleaved."""
    for n in range(4):
        audit_record(verb=Verb.VIEW, actor=cast.police.user, membership=cast.police, target=contact, detail={"n": n})
        audit_record(verb=Verb.SEARCH, actor=cast.outsider.user, membership=cast.outsider, detail={"n": n})
        audit_record(verb=Verb.SIGN_IN, actor=cast.police.user)
    return cast


def chain_of(key: int) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(chain=key).order_by("seq"))


def test_each_hub_has_its_own_gapless_chain(two_hubs):
    cast = two_hubs
    for key in (cast.hub.pk, cast.other_hub.pk, 0):
        events = chain_of(key)
        assert [e.seq for e in events] == list(range(1, len(events) + 1))
        assert all(e.hub_id == (key or None) for e in events)
        assert [e.previous_hash for e in events[1:]] == [e.hash for e in events[:-1]]
    report = audit_chain_verify()
    assert report.intact and {c.chain for c in report.chains} >= {0, cast.hub.pk, cast.other_hub.pk}


def test_a_cut_in_one_hubs_chain_is_named_there_and_the_others_stay_intact(two_hubs, tamper):
    cast = two_hubs
    victim = chain_of(cast.other_hub.pk)[1]
    tamper("DELETE FROM audit_auditevent WHERE id = %s", [victim.pk])
    message = broken()
    assert message.startswith(f"Audit trail broken in chain {cast.other_hub.pk} at seq {victim.seq + 1} (event id")
    assert f"seq {victim.seq} is missing" in message
    assert f"chain {cast.hub.pk} ({cast.hub.name})" in message.splitlines()[-1]  # "Intact: ..."
    report = audit_chain_verify()
    assert [c.chain for c in report.broken] == [cast.other_hub.pk]


def test_a_tampered_event_in_one_hubs_chain_is_named(two_hubs, tamper):
    cast = two_hubs
    victim = chain_of(cast.hub.pk)[-2]
    tamper("UPDATE audit_auditevent SET target_label = 'someone else' WHERE id = %s", [victim.pk])
    message = broken()
    assert message.startswith(f"Audit trail broken in chain {cast.hub.pk} at seq {victim.seq} (event id {victim.pk})")
    assert "was modified" in message


def test_an_event_moved_to_another_hubs_chain_is_caught(two_hubs, tamper):
    cast = two_hubs
    victim = chain_of(cast.hub.pk)[-1]
    last_other = chain_of(cast.other_hub.pk)[-1]
    tamper(
        "UPDATE audit_auditevent SET chain = %s, hub_id = %s, seq = %s, previous_hash = %s WHERE id = %s",
        [cast.other_hub.pk, cast.other_hub.pk, last_other.seq + 1, last_other.hash, victim.pk],
    )
    assert f"Audit trail broken in chain {cast.other_hub.pk} at seq {last_other.seq + 1}" in broken()


def test_a_whole_hubs_chain_deleted_is_caught_by_its_published_head(two_hubs, tamper, anchor_file):
    cast = two_hubs
    head = chain_of(cast.other_hub.pk)[-1]
    call_command("audit_publish_head", stdout=io.StringIO())
    tamper("DELETE FROM audit_auditevent WHERE chain = %s", [cast.other_hub.pk])
    message = broken()
    assert message.startswith(
        f"Audit trail broken in chain {cast.other_hub.pk} at seq {head.seq}: the chain has no events"
    )
    assert f"line 1 of {anchor_file}" in message


def test_new_chains_start_from_the_seal_of_the_old_single_chain():
    old = legacy_events(3)
    first = audit_record(verb=Verb.SIGN_IN_FAILED, actor=None)
    assert (first.chain, first.seq, first.previous_hash) == (0, 1, old[-1].hash)
    out = verify()
    assert out.startswith("Audit trail intact: 4 events in 2 chains")
    assert f"  chain -1 (before per-hub chains): 3 events, last seq 3, last hash {old[-1].hash}" in out
    # A head noted by hand before the change (SEQ:HASH) is a head of chain -1.
    assert verify("--anchor", f"3:{old[-1].hash}").startswith("Audit trail intact")


def test_cutting_the_end_of_the_old_chain_breaks_every_new_chain(cast, tamper):
    old = legacy_events(3)
    first = audit_record(verb=Verb.SIGN_IN_FAILED, actor=None)
    tamper("DELETE FROM audit_auditevent WHERE id = %s", [old[-1].pk])
    message = broken()
    assert message.startswith(
        f"Audit trail broken in chain 0 at seq 1 (event id {first.pk}): its previous_hash is not the seal of chain -1"
    )
    assert "Intact: chain -1 (before per-hub chains)" in message


def test_a_single_chain_head_published_before_the_change_is_read_as_chain_minus_1(anchor_file):
    old = legacy_events(3)
    anchor_file.parent.mkdir(parents=True)
    line = {"v": 1, "seq": 2, "hash": old[1].hash, "at": "2026-11-01T09:02:00.000000Z"}
    anchor_file.write_text(json.dumps(line | {"published_at": "2026-11-01T10:00:00.000000Z"}) + "\n")
    assert "Holds all 1 heads published on 1 lines" in verify()
    with anchor_file.open("a") as f:
        f.write(json.dumps(line | {"seq": 4, "published_at": "2026-11-01T11:00:00.000000Z"}) + "\n")
    assert broken().startswith(
        "Audit trail broken in chain -1 at seq 4: the chain ends at seq 3 but an anchor was noted for seq 4"
    )
