"""A spot carries its unit's tree path (``unit_path``), kept by the database: a year's
list is then read in its order from the (cycle, unit_path) index and stops after a
page, instead of joining every unit of the province to sort (docs/architecture.md,
"Deadline day"). Triggers keep it: every insert and every update naming the spot's
unit or path takes the unit's path; a unit whose path changes (treebeard's move, a
merge) rewrites its spots'."""

from django.conf import settings
from django.db import migrations, models


FORWARD = """
UPDATE brightspots_brightspot SET unit_path = units_unit.path
    FROM units_unit WHERE units_unit.id = brightspots_brightspot.unit_id;

CREATE FUNCTION brightspots_take_unit_path() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.unit_path := (SELECT path FROM units_unit WHERE id = NEW.unit_id);
    RETURN NEW;
END;
$$;

CREATE TRIGGER brightspot_unit_path
    BEFORE INSERT OR UPDATE OF unit_id, unit_path ON brightspots_brightspot
    FOR EACH ROW EXECUTE FUNCTION brightspots_take_unit_path();

CREATE FUNCTION units_path_to_spots() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE brightspots_brightspot SET unit_path = NEW.path WHERE unit_id = NEW.id;
    RETURN NULL;
END;
$$;

CREATE TRIGGER unit_path_to_spots
    AFTER UPDATE OF path ON units_unit
    FOR EACH ROW WHEN (OLD.path IS DISTINCT FROM NEW.path)
    EXECUTE FUNCTION units_path_to_spots();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS unit_path_to_spots ON units_unit;
DROP FUNCTION IF EXISTS units_path_to_spots();
DROP TRIGGER IF EXISTS brightspot_unit_path ON brightspots_brightspot;
DROP FUNCTION IF EXISTS brightspots_take_unit_path();
"""


class Migration(migrations.Migration):

    dependencies = [
        ('brightspots', '0012_unit_status_index'),
        ('criteria', '0004_process_versions'),
        ('cycles', '0008_enterprise_and_trade_union_choices'),
        ('units', '0007_board_path_index'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='brightspot',
            options={'ordering': ['-cycle__year', 'unit_path', 'kind', 'name', 'id'], 'verbose_name': 'bright spot', 'verbose_name_plural': 'bright spots'},
        ),
        migrations.AddField(
            model_name='brightspot',
            name='unit_path',
            field=models.CharField(db_collation='C', default='', editable=False, max_length=255),
        ),
        migrations.RunSQL(FORWARD, BACKWARD),
        migrations.AddIndex(
            model_name='brightspot',
            index=models.Index(fields=['cycle', 'unit_path'], name='spot_cycle_unit_path_idx'),
        ),
    ]
