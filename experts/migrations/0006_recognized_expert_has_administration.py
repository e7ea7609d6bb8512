"""A Recognized Expert must be an officer of a member administration: their person record names a
home administration. The rule spans two tables (``experts_expert.kind`` and
``wcocb_person.administration_id``), which a CHECK constraint cannot see, so it is a constraint
trigger on both tables, deferred to the end of the transaction (a service may change the person
and the expert in either order) and re-reading the committed-to-be rows."""

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION experts_recognized_has_administration() RETURNS trigger AS $$
BEGIN
    IF EXISTS (
        SELECT 1 FROM experts_expert e JOIN wcocb_person p ON p.id = e.person_id
        WHERE e.kind = 'recognized' AND p.administration_id IS NULL
            AND (CASE WHEN TG_TABLE_NAME = 'experts_expert' THEN e.id ELSE p.id END) = NEW.id
    ) THEN
        RAISE EXCEPTION USING
            ERRCODE = 'check_violation',
            CONSTRAINT = 'expert_recognized_has_administration',
            MESSAGE = 'Only a currently serving officer of a member administration can be a Recognized Expert.';
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE CONSTRAINT TRIGGER expert_recognized_has_administration
    AFTER INSERT OR UPDATE OF kind, person_id ON experts_expert
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION experts_recognized_has_administration();

CREATE CONSTRAINT TRIGGER person_recognized_expert_has_administration
    AFTER UPDATE OF administration_id ON wcocb_person
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION experts_recognized_has_administration();
"""

REVERSE = """
DROP TRIGGER IF EXISTS person_recognized_expert_has_administration ON wcocb_person;
DROP TRIGGER IF EXISTS expert_recognized_has_administration ON experts_expert;
DROP FUNCTION IF EXISTS experts_recognized_has_administration();
"""


def refuse_existing_violations(apps, schema_editor):
    """Like adding a CHECK constraint, refuse to install the rule over rows that break it: name them."""
    Expert = apps.get_model("experts", "Expert")
    offending = list(
        Expert.objects.filter(kind="recognized", person__administration__isnull=True)
        .order_by("external_id")
        .values_list("external_id", flat=True)[:50]
    )
    if offending:
        raise RuntimeError(
            "Recognized Experts without a home administration must be corrected (give the administration, "
            f"or change the kind) before this migration: {', '.join(offending)}"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("experts", "0005_search_tags"),
    ]

    operations = [
        migrations.RunPython(refuse_existing_violations, migrations.RunPython.noop),
        migrations.RunSQL(FUNCTION, REVERSE),
    ]
