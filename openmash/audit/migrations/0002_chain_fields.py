"""Room for the hash chain, and audit rows that nothing else can change.

`actor` and `hub` lose their database foreign key constraints and SET_NULL:
deleting a user or a hub must not UPDATE audit rows (migration 0004 makes the
database refuse that on PostgreSQL), and the hash covers the ids.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_initial"),
        ("hubs", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="auditevent",
            name="actor",
            field=models.ForeignKey(
                db_constraint=False,
                help_text="Who did it; empty for the system. Kept as an id after the user is deleted.",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="hub",
            field=models.ForeignKey(
                db_constraint=False,
                help_text="The hub the person was acting in; empty for events outside any hub (signing in).",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="hubs.hub",
            ),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="seq",
            field=models.BigIntegerField(null=True),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="hub_name",
            field=models.CharField(blank=True, default="", help_text="The hub's name when it happened.", max_length=160),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditevent",
            name="previous_hash",
            field=models.CharField(default="", max_length=64),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="hash",
            field=models.CharField(default="", max_length=64),
        ),
        # Meanings only (help_text): no change to the database.
        migrations.AlterField(
            model_name="auditevent",
            name="at",
            field=models.DateTimeField(db_index=True, help_text="When it happened (UTC)."),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="actor_name",
            field=models.CharField(blank=True, help_text="The actor's name when it happened.", max_length=160),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="agency_name",
            field=models.CharField(blank=True, help_text="The actor's agency when it happened.", max_length=160),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="role",
            field=models.CharField(blank=True, help_text="The actor's role in the hub when it happened.", max_length=20),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="target_type",
            field=models.CharField(blank=True, help_text="The kind of record acted on.", max_length=40),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="target_label",
            field=models.CharField(blank=True, help_text="How the record read when it happened.", max_length=160),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="justification",
            field=models.TextField(blank=True, help_text="Why, in the person's words, where a reason is required."),
        ),
    ]
