"""Publishing the chain's head outside the database, and `verify_audit` checking against it by default.

Without a head noted down elsewhere, events cut from the end leave a chain that is
intact as far as it goes. `audit_publish_head` appends the head to an append-only file;
`verify_audit` then names the cut, a rewritten tail, or a damaged anchor file.
"""

from __future__ import annotations

import io
import json
import logging

import pytest
import time_machine
from django.core.management import CommandError, call_command

from openmash.audit.chain import CHAIN_FIELDS, canonical_at, event_hash
from openmash.audit.models import AuditEvent, Verb
from openmash.audit.services import audit_record

pytestmark = pytest.mark.django_db

PUBLISHED_AT = "2026-11-21T06:00:00+00:00"


def run(command, *args):
    out = io.StringIO()
    call_command(command, *args, stdout=out)
    return out.getvalue().strip()


def fails(command, *args):
    with pytest.raises(CommandError) as excinfo:
        run(command, *args)
    assert excinfo.value.returncode == 1
    return str(excinfo.value)


def publish(*args):
    with time_machine.travel(PUBLISHED_AT, tick=False):
        return run("audit_publish_head", *args)


def lines(path):
    return [json.loads(line) for line in path.read_text().splitlines()]


def heads_now() -> list[dict[str, object]]:
    """The last event of every chain, as a publication lists them."""
    heads = []
    for key in AuditEvent.objects.order_by("chain").values_list("chain", flat=True).distinct():
        last = AuditEvent.objects.filter(chain=key).latest("seq")
        heads.append({"chain": key, "seq": last.seq, "hash": last.hash, "at": canonical_at(last.at)})
    return heads


def test_publishing_appends_every_chains_head_as_one_json_line_and_verify_checks_it(cast, chain, anchor_file, caplog):
    head = chain[-1]
    caplog.set_level(logging.INFO, logger="openmash.audit.anchor")
    out = publish()
    assert out.startswith(f"Published the heads of {len(heads_now())} audit chains to {anchor_file}")
    assert f"  chain {cast.hub.pk} ({cast.hub.name}): seq {head.seq}, hash {head.hash}" in out
    assert lines(anchor_file) == [{"v": 2, "published_at": "2026-11-21T06:00:00.000000Z", "heads": heads_now()}]
    assert [r.getMessage() for r in caplog.records if r.name == "openmash.audit.anchor"] == [
        "audit head " + anchor_file.read_text().strip()
    ]
    first = anchor_file.read_bytes()
    newer = audit_record(verb=Verb.SEARCH, actor=None, hub=cast.hub)
    publish()
    assert anchor_file.read_bytes().startswith(first)  # earlier lines are never rewritten
    hub_heads = [h["seq"] for line in lines(anchor_file) for h in line["heads"] if h["chain"] == cast.hub.pk]
    assert hub_heads == [head.seq, newer.seq]
    report = run("verify_audit")
    assert report.startswith(f"Audit trail intact: {AuditEvent.objects.count()} events")
    published = sum(len(line["heads"]) for line in lines(anchor_file))
    assert f"Holds all {published} heads published on 2 lines of {anchor_file}" in report


def test_without_an_anchor_file_verify_says_a_cut_would_not_show(chain, anchor_file):
    report = run("verify_audit")
    assert report.startswith("Audit trail intact")
    assert f"No published heads in {anchor_file}" in report
    assert not anchor_file.exists()


def test_events_cut_from_the_end_fail_against_the_published_head(chain, tamper, anchor_file):
    head = chain[-1]
    publish()
    tamper("DELETE FROM audit_auditevent WHERE chain = %s AND seq >= %s", [head.chain, head.seq - 2])
    assert run("verify_audit", "--no-published-anchor").startswith("Audit trail intact")  # the chain alone cannot tell
    message = fails("verify_audit")
    assert message.startswith(
        f"Audit trail broken in chain {head.chain} at seq {head.seq}: the chain ends at seq {head.seq - 3} "
        f"but an anchor was noted for seq {head.seq}: events were deleted from the end"
    )
    assert f"the head published at 2026-11-21T06:00:00.000000Z, line 1 of {anchor_file}" in message
    # Nor will the cut chain's head be published over it.
    assert f"Not published: Audit trail broken in chain {head.chain} at seq" in fails("audit_publish_head")
    assert len(lines(anchor_file)) == 1


def test_a_tail_rewritten_with_fresh_hashes_fails_against_the_published_head(chain, tamper):
    head = chain[-1]
    publish()
    fields = {field: getattr(head, field) for field in CHAIN_FIELDS} | {"actor_name": "Someone else"}
    tamper(
        "UPDATE audit_auditevent SET actor_name = %s, hash = %s WHERE id = %s",
        ["Someone else", event_hash(fields), head.pk],
    )
    message = fails("verify_audit")
    assert message.startswith(
        f"Audit trail broken in chain {head.chain} at seq {head.seq} (event id {head.pk}): its hash is not the anchor"
    )
    assert "line 1 of" in message


def test_a_rewritten_event_in_the_middle_is_still_named_with_a_published_head(chain, tamper):
    publish()
    victim = chain[3]
    tamper("UPDATE audit_auditevent SET justification = 'x' WHERE id = %s", [victim.pk])
    assert "was modified after it was written" in fails("verify_audit")


def test_an_explicit_anchor_that_disagrees_with_the_file_is_named(chain):
    head = chain[-1]
    publish()
    message = fails("verify_audit", "--anchor", f"{head.chain}:{head.seq}:{'a' * 64}")
    assert message.startswith(
        f"--anchor {head.chain}:{head.seq}:{'a' * 64} disagrees with the head published for seq {head.seq} "
        f"of chain {head.chain}"
    )


GOOD = {"v": 1, "hash": "a" * 64, "at": "2026-11-21T05:00:00.000000Z", "published_at": "2026-11-21T06:00:00.000000Z"}


def line(**fields):
    """A format 1 line: the head of the single chain, read as chain -1."""
    return json.dumps(GOOD | fields) + "\n"


def head(seq, **fields):
    return {"seq": seq, "hash": "a" * 64, "at": "2026-11-21T05:00:00.000000Z"} | fields


def line2(*heads):
    """A format 2 line: a head per chain."""
    return json.dumps({"v": 2, "published_at": "2026-11-21T06:00:00.000000Z", "heads": list(heads)}) + "\n"


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("not json\n", "line 1 is not JSON"),
        ("[1, 2]\n", "line 1 is not a JSON object"),
        (line(seq=1) + "\n", "line 2 is empty"),
        (line(seq=1).rstrip("\n"), "its last line does not end with a newline"),
        (line(seq=0), "line 1: seq must be a whole number from 1, not 0"),
        (line(seq="3"), "line 1: seq must be a whole number from 1, not '3'"),
        (line(seq=1, hash="XYZ"), "line 1: hash must be 64 lowercase hex digits"),
        (line(seq=1, at="yesterday"), "line 1: at must be a UTC time"),
        (line(seq=1, v=3), "line 1 has format version 3"),
        (
            line(seq=5) + line(seq=3),
            "line 2 has seq 3 for chain -1, lower than seq 5 on line 1: heads must be in increasing seq",
        ),
        (line(seq=5) + line(seq=5, hash="b" * 64), "line 2 gives seq 5 of chain -1 a different hash from line 1"),
        (line2(), "line 1: heads must be a list of at least one head"),
        (line2(head(1, chain=4), head(2, chain=4)), "line 1 gives a chain more than one head"),
        (line2(head(1, chain=-2)), "line 1: chain must be a whole number from -1, not -2"),
        (line2(head(1, chain="4")), "line 1: chain must be a whole number from -1, not '4'"),
        (line2(head(5, chain=4)) + line2(head(3, chain=4)), "line 2 has seq 3 for chain 4, lower than seq 5"),
    ],
)
def test_a_damaged_anchor_file_is_a_clear_error_not_a_traceback(chain, anchor_file, content, problem):
    anchor_file.parent.mkdir(parents=True)
    anchor_file.write_text(content)
    message = fails("verify_audit")
    assert message.startswith(f"The anchor file {anchor_file} cannot be trusted: {problem}")
    assert fails("audit_publish_head").startswith(f"Not published: the anchor file {anchor_file} is damaged: {problem}")
    assert anchor_file.read_text() == content  # left exactly as found
    assert run("verify_audit", "--no-published-anchor").startswith("Audit trail intact")


def test_an_anchor_file_that_is_not_text_is_a_clear_error(chain, anchor_file):
    anchor_file.parent.mkdir(parents=True)
    anchor_file.write_bytes(b"\xff\xfe\n")
    assert "cannot be trusted: it is not UTF-8 text" in fails("verify_audit")


def test_publishing_elsewhere_and_verifying_against_it(chain, tmp_path):
    path = tmp_path / "elsewhere.jsonl"
    publish("--to", str(path))
    assert {"chain": chain[-1].chain, "seq": chain[-1].seq} in [
        {"chain": h["chain"], "seq": h["seq"]} for h in lines(path)[0]["heads"]
    ]
    assert f"heads published on 1 lines of {path}" in run("verify_audit", "--anchor-file", str(path))


def test_an_empty_trail_publishes_nothing(anchor_file):
    assert AuditEvent.objects.count() == 0
    assert publish() == "Nothing published: the audit trail is empty."
    assert not anchor_file.exists()
