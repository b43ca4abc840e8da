import django.db.models.deletion
from django.db import migrations, models

FILL = """
UPDATE brightspots_registrationrouting AS routing
   SET cycle_id = list.cycle_id
  FROM brightspots_registrationlist AS list
 WHERE list.id = routing.registration_list_id
"""


class Migration(migrations.Migration):
    """Routings carry their list's cycle, so the inbox filters a year on its own index;
    the bright spots' order ends on the id, so pages of equal names never overlap."""

    dependencies = [
        ("brightspots", "0005_search_text"),
        ("cycles", "0001_initial"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="brightspot",
            options={
                "ordering": ["-cycle__year", "unit__path", "kind", "name", "id"],
                "verbose_name": "bright spot",
                "verbose_name_plural": "bright spots",
            },
        ),
        migrations.AddField(
            model_name="registrationrouting",
            name="cycle",
            field=models.ForeignKey(
                db_index=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="cycles.cycle",
            ),
        ),
        migrations.RunSQL(FILL, migrations.RunSQL.noop),
        migrations.AlterField(
            model_name="registrationrouting",
            name="cycle",
            field=models.ForeignKey(
                db_index=False,
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="cycles.cycle",
            ),
        ),
        migrations.AddIndex(
            model_name="registrationrouting",
            index=models.Index(fields=["cycle", "-sent_at", "-id"], name="routing_inbox_idx"),
        ),
    ]
