"""The reference cache (apps.core.reference) also keeps what pages read of the
provinces' processes: the published kinds, the process rules, the deadline
extensions, and which provinces score their units. Statements changing those tables
replace the token too (the function is 0004's)."""

from django.db import migrations

TABLES = (
    "cycles_processversion",
    "cycles_processkind",
    "cycles_processrules",
    "cycles_deadlineextension",
    "scoring_scoringsheet",
)

FORWARD = [
    f"""
    CREATE TRIGGER {table}_reference_changed
        AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table}
        FOR EACH STATEMENT EXECUTE FUNCTION core_reference_changed();
    """
    for table in TABLES
]

BACKWARD = [f"DROP TRIGGER IF EXISTS {table}_reference_changed ON {table};" for table in TABLES]


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_reference_generation"),
        ("scoring", "0003_dossier_kinds"),
    ]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
