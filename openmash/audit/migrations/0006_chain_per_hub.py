"""One chain per hub (and chain 0 for events outside any hub), so hubs write in parallel.

Existing events are **not** rewritten. Every event already in the table joins chain
-1, the old single chain, exactly as it was: same seq, same previous_hash, same hash,
hashed in format 1 (without a chain key). Adding the column with a constant default
is one ALTER TABLE: PostgreSQL (11+) records the default in the catalogue instead of
updating each row, and row triggers do not fire for ALTER TABLE, so the append-only
trigger of 0004 stays in place and is never bypassed; Django then drops the column's
default, so nothing written later lands in chain -1 by accident. On SQLite Django
copies the table into a new one with the column added, values unchanged.

Why not re-chain the old events per hub, as 0003 backfilled them: that would have to
switch the append-only trigger off and UPDATE seq, previous_hash and hash of every
event ever written. The proof that those events are as they were written would then
rest on trusting this migration, and every head already published to the anchor file
or noted by hand (seq and hash of the single chain) would stop matching anything.
Kept as chain -1, they still verify against those heads (format-1 anchor lines and
`--anchor SEQ:HASH` mean chain -1).

Chain -1 is sealed: the first event of every new chain stores the last hash of chain
-1 as its previous_hash (64 zeros if chain -1 is empty, as on a new installation), so
events cut from the end of chain -1 or appended to it break the first link of every
other chain.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0005_more_verbs"),
        ("hubs", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditevent",
            name="chain",
            field=models.BigIntegerField(
                default=-1,
                help_text="Which chain the event is in: its hub's id, 0 for events outside any hub, "
                "-1 for events written before each hub had its own chain.",
            ),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="seq",
            field=models.BigIntegerField(
                help_text="Position in its chain: 1 for the first event, then up by exactly 1."
            ),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="previous_hash",
            field=models.CharField(
                help_text="The hash of the event with seq one lower in the same chain.", max_length=64
            ),
        ),
        migrations.AddConstraint(
            model_name="auditevent",
            constraint=models.UniqueConstraint(fields=("chain", "seq"), name="audit_chain_seq_unique"),
        ),
        migrations.AddConstraint(
            model_name="auditevent",
            constraint=models.CheckConstraint(
                condition=models.Q(chain=-1)
                | models.Q(hub__isnull=True, chain=0)
                | models.Q(hub__isnull=False, chain=models.F("hub")),
                name="audit_chain_is_the_hub",
            ),
        ),
    ]
