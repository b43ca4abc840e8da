from django.db import migrations


def add_first_period(apps, schema_editor):
    """The guidance's first five-year period, with its conference in 2025."""
    Period = apps.get_model("decisions", "CommendationPeriod")
    Period.objects.get_or_create(start_year=2021, end_year=2025, defaults={"conference_year": 2025})


class Migration(migrations.Migration):
    dependencies = [("decisions", "0001_initial")]

    operations = [migrations.RunPython(add_first_period, migrations.RunPython.noop)]
