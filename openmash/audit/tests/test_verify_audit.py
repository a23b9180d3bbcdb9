"""`manage.py verify_audit` says the chain is intact, or names the first link someone broke.

Tampering here is done as someone with direct access to the database would do
it, bypassing `audit_record`. On PostgreSQL that needs the append-only triggers
switched off first (`ALTER TABLE ... DISABLE TRIGGER`, which the table's owner or
a superuser can do), so every test here also shows what the chain catches after
a DBA has done exactly that.
"""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from openmash.audit.chain import CHAIN_FIELDS, event_hash
from openmash.audit.models import AuditEvent, Verb
from openmash.audit.queries import audit_chain_verify

pytestmark = pytest.mark.django_db


def verify(*args):
    out = io.StringIO()
    call_command("verify_audit", *args, stdout=out)
    return out.getvalue().strip()


def broken(*args):
    with pytest.raises(CommandError) as excinfo:
        verify(*args)
    assert excinfo.value.returncode == 1
    return str(excinfo.value)


def test_an_untouched_trail_is_intact_chain_by_chain(cast, chain):
    last = AuditEvent.objects.filter(chain=cast.hub.pk).latest("seq")
    out = verify().splitlines()
    chains = AuditEvent.objects.values("chain").distinct().count()
    assert out[0] == f"Audit trail intact: {AuditEvent.objects.count()} events in {chains} chains"
    assert (
        f"  chain {cast.hub.pk} ({cast.hub.name}): {last.seq} events, last seq {last.seq}, last hash {last.hash}" in out
    )
    anchor = f"{cast.hub.pk}:{last.seq}:{last.hash}"
    assert verify("--chunk-size", "3", "--anchor", anchor).startswith("Audit trail intact")


def test_an_empty_trail_is_intact():
    assert verify().splitlines()[0] == "Audit trail intact: 0 events in 0 chains"


def test_a_modified_event_is_named(chain, tamper):
    victim = chain[4]
    tamper("UPDATE audit_auditevent SET justification = %s WHERE id = %s", ["nothing to see", victim.pk])
    message = broken()
    assert message.startswith(
        f"Audit trail broken in chain {victim.chain} at seq {victim.seq} (event id {victim.pk}): its content"
    )
    assert "was modified after it was written" in message


def test_a_modified_detail_is_named(chain, tamper):
    victim = chain[3]
    tamper("UPDATE audit_auditevent SET detail = %s WHERE id = %s", ['{"purpose": "other"}', victim.pk])
    assert broken().startswith(
        f"Audit trail broken in chain {victim.chain} at seq {victim.seq} (event id {victim.pk}): its content"
    )


def test_a_deleted_event_is_named_at_the_gap_it_leaves(chain, tamper):
    victim, after = chain[5], chain[6]
    tamper("DELETE FROM audit_auditevent WHERE id = %s", [victim.pk])
    message = broken()
    assert message.startswith(
        f"Audit trail broken in chain {after.chain} at seq {after.seq} (event id {after.pk}): "
        f"seq {victim.seq} is missing"
    )
    assert "events were deleted" in message


def test_several_deleted_events_are_counted(chain, tamper):
    tamper(
        "DELETE FROM audit_auditevent WHERE chain = %s AND seq BETWEEN %s AND %s",
        [chain[2].chain, chain[2].seq, chain[4].seq],
    )
    assert f"seqs {chain[2].seq} to {chain[4].seq} are missing" in broken()


def test_deleting_the_first_events_is_caught(chain, tamper):
    tamper("DELETE FROM audit_auditevent WHERE chain = %s AND seq = 1", [chain[0].chain])
    assert broken().startswith(f"Audit trail broken in chain {chain[0].chain} at seq 2 (event id")


def test_a_forged_event_with_a_made_up_hash_is_named(chain):
    # Appending needs no tampering at all: INSERT is what the application may do.
    last = chain[-1]
    forged = AuditEvent.objects.create(
        chain=last.chain,
        hub_id=last.hub_id,
        seq=last.seq + 1,
        at=last.at,
        verb=Verb.VIEW,
        actor_name="Nobody",
        previous_hash=last.hash,
        hash="f" * 64,
    )
    assert broken().startswith(
        f"Audit trail broken in chain {last.chain} at seq {forged.seq} (event id {forged.pk}): its content"
    )


def test_an_event_forged_in_place_of_a_deleted_one_is_named_at_the_next_link(chain, tamper):
    victim, after = chain[5], chain[6]
    tamper("DELETE FROM audit_auditevent WHERE id = %s", [victim.pk])
    fields = {field: getattr(victim, field) for field in CHAIN_FIELDS} | {"actor_name": "Someone else"}
    AuditEvent.objects.create(**fields, hash=event_hash(fields))
    message = broken()
    assert message.startswith(
        f"Audit trail broken in chain {after.chain} at seq {after.seq} (event id {after.pk}): its previous_hash"
    )
    assert f"seq {victim.seq} was deleted and replaced or rewritten" in message


def test_an_event_rewritten_with_a_fresh_hash_is_named_at_the_next_link(chain, tamper):
    victim, after = chain[2], chain[3]
    fields = {field: getattr(victim, field) for field in CHAIN_FIELDS} | {"justification": "backdated"}
    tamper(
        "UPDATE audit_auditevent SET justification = %s, hash = %s WHERE id = %s",
        [fields["justification"], event_hash(fields), victim.pk],
    )
    assert broken().startswith(
        f"Audit trail broken in chain {after.chain} at seq {after.seq} (event id {after.pk}): its previous_hash"
    )


def test_a_chain_rewritten_to_the_end_is_caught_only_by_an_anchor(chain, tamper):
    """Without a secret anyone who can write can rebuild the chain; a head noted down elsewhere still tells."""
    head = chain[-1]
    anchor = f"{head.chain}:{head.seq}:{head.hash}"
    victim = chain[6]
    tamper("DELETE FROM audit_auditevent WHERE id = %s", [victim.pk])
    previous = AuditEvent.objects.get(chain=victim.chain, seq=victim.seq - 1).hash
    for event in AuditEvent.objects.filter(chain=victim.chain, seq__gt=victim.seq).order_by("seq"):
        fields = {field: getattr(event, field) for field in CHAIN_FIELDS} | {
            "seq": event.seq - 1,
            "previous_hash": previous,
        }
        previous = event_hash(fields)
        tamper(
            "UPDATE audit_auditevent SET seq = %s, previous_hash = %s, hash = %s WHERE id = %s",
            [fields["seq"], fields["previous_hash"], previous, event.pk],
        )
    assert verify().startswith("Audit trail intact")
    message = broken("--anchor", anchor)
    assert message.startswith(
        f"Audit trail broken in chain {head.chain} at seq {head.seq}: the chain ends at seq {head.seq - 1}"
    )


def test_an_anchor_catches_a_rewritten_event(chain, tamper):
    head = chain[-1]
    fields = {field: getattr(head, field) for field in CHAIN_FIELDS} | {"actor_name": "Someone else"}
    tamper(
        "UPDATE audit_auditevent SET actor_name = %s, hash = %s WHERE id = %s",
        ["Someone else", event_hash(fields), head.pk],
    )
    assert "is not the anchor" in broken("--anchor", f"{head.chain}:{head.seq}:{head.hash}")


def test_events_deleted_from_the_end_are_caught_by_an_anchor(chain, tamper):
    head = chain[-1]
    tamper("DELETE FROM audit_auditevent WHERE chain = %s AND seq >= %s", [head.chain, head.seq - 1])
    assert "events were deleted from the end" in broken("--anchor", f"{head.chain}:{head.seq}:{head.hash}")


def test_a_malformed_anchor_is_refused():
    with pytest.raises(CommandError, match="An anchor is CHAIN:SEQ:HASH"):
        verify("--anchor", "12:abc")


def test_the_report_stops_at_the_first_break(chain, tamper):
    tamper("UPDATE audit_auditevent SET justification = 'x' WHERE id IN (%s, %s)", [chain[1].pk, chain[7].pk])
    report = audit_chain_verify(chunk_size=2).chain(chain[1].chain)
    assert report is not None and report.broken is not None and report.broken.seq == chain[1].seq
    assert report.events == chain[1].seq - 1 and report.last_hash == chain[0].hash
