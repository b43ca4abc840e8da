import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """Apart from 0006: PostgreSQL refuses to alter a table holding rows updated in the
    same transaction (pending foreign-key checks)."""

    dependencies = [
        ("cycles", "0006_process_versions"),
    ]

    operations = [
        migrations.AlterField(
            model_name="cycle",
            name="process",
            field=models.ForeignKey(
                help_text="The version of the province's process the year opened with.",
                on_delete=django.db.models.deletion.PROTECT,
                related_name="cycles",
                to="cycles.processversion",
                verbose_name="process version",
            ),
        ),
    ]
