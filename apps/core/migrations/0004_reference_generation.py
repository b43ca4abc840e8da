"""The generation token of the reference cache (apps.core.reference): one row whose
token every statement changing units, memberships or cycles replaces, in that
statement's transaction, so an entry kept under the old token is never read again."""

from django.db import migrations

TABLES = ("units_unit", "accounts_membership", "cycles_cycle")

FORWARD = [
    """
    CREATE TABLE core_reference_generation (
        id smallint PRIMARY KEY CHECK (id = 1),
        token uuid NOT NULL
    );
    INSERT INTO core_reference_generation (id, token) VALUES (1, gen_random_uuid());

    CREATE FUNCTION core_reference_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO core_reference_generation (id, token) VALUES (1, gen_random_uuid())
            ON CONFLICT (id) DO UPDATE SET token = EXCLUDED.token;
        RETURN NULL;
    END;
    $$;
    """,
    *(
        f"""
        CREATE TRIGGER {table}_reference_changed
            AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table}
            FOR EACH STATEMENT EXECUTE FUNCTION core_reference_changed();
        """
        for table in TABLES
    ),
]

BACKWARD = [
    *(f"DROP TRIGGER IF EXISTS {table}_reference_changed ON {table};" for table in TABLES),
    "DROP FUNCTION IF EXISTS core_reference_changed();",
    "DROP TABLE IF EXISTS core_reference_generation;",
]


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_audit_time_default"),
        ("accounts", "0002_membership_dates_two_factor"),
        ("cycles", "0008_enterprise_and_trade_union_choices"),
        ("units", "0007_board_path_index"),
    ]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
