"""Nothing a unit submitted is ever overwritten or deleted: the database itself
refuses to change or delete a submitted version, to delete a submitted attachment,
or to change the file an attachment row points at."""

from django.db import migrations

FORWARD = """
CREATE FUNCTION dossiers_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'submitted dossier content is immutable (%)', TG_TABLE_NAME
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$;

CREATE TRIGGER dossierversion_immutable
    BEFORE UPDATE OR DELETE ON dossiers_dossierversion
    FOR EACH ROW EXECUTE FUNCTION dossiers_refuse_change();

CREATE TRIGGER attachment_submitted_kept
    BEFORE DELETE ON dossiers_attachment
    FOR EACH ROW WHEN (OLD.is_submitted) EXECUTE FUNCTION dossiers_refuse_change();

CREATE TRIGGER attachment_file_fixed
    BEFORE UPDATE OF file, size, sha256, dossier_id, assessment_id ON dossiers_attachment
    FOR EACH ROW
    WHEN (OLD.file IS DISTINCT FROM NEW.file OR OLD.size IS DISTINCT FROM NEW.size
          OR OLD.sha256 IS DISTINCT FROM NEW.sha256 OR OLD.dossier_id IS DISTINCT FROM NEW.dossier_id
          OR OLD.assessment_id IS DISTINCT FROM NEW.assessment_id)
    EXECUTE FUNCTION dossiers_refuse_change();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS attachment_file_fixed ON dossiers_attachment;
DROP TRIGGER IF EXISTS attachment_submitted_kept ON dossiers_attachment;
DROP TRIGGER IF EXISTS dossierversion_immutable ON dossiers_dossierversion;
DROP FUNCTION IF EXISTS dossiers_refuse_change();
"""


class Migration(migrations.Migration):
    dependencies = [("dossiers", "0001_initial")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
