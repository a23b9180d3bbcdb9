"""Chain the events written before the chain existed, oldest first.

Each event gets seq 1, 2, 3, ... in the order (at, id), its hub's name, and its
hash, exactly as `audit_record` would have written them. It runs in its own
migration (its own transaction on PostgreSQL) between adding the columns and
tightening them, so no schema change shares a transaction with the UPDATEs.
"""

from django.db import migrations

from openmash.audit.chain import CHAIN_FIELDS, GENESIS_HASH, LEGACY_CHAIN, event_hash

BATCH = 1000


def backfill(apps, schema_editor):
    AuditEvent = apps.get_model("audit", "AuditEvent")
    Hub = apps.get_model("hubs", "Hub")
    db = schema_editor.connection.alias
    events = AuditEvent.objects.using(db)
    hub_names = dict(Hub.objects.using(db).values_list("id", "name"))
    ids = list(events.order_by("at", "id").values_list("id", flat=True))
    previous, seq = GENESIS_HASH, 0
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        rows = events.in_bulk(batch)
        changed = []
        for pk in batch:
            event = rows[pk]
            seq += 1
            event.seq = seq
            event.hub_name = hub_names.get(event.hub_id, "")[:160] if event.hub_id else ""
            event.previous_hash = previous
            # Format 1: these events are (after 0006) chain -1, hashed without a chain key.
            fields = {field: getattr(event, field) for field in CHAIN_FIELDS if field != "chain"}
            event.hash = event_hash(fields | {"chain": LEGACY_CHAIN})
            previous = event.hash
            changed.append(event)
        events.bulk_update(changed, ["seq", "hub_name", "previous_hash", "hash"])


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_chain_fields")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop, elidable=False)]
