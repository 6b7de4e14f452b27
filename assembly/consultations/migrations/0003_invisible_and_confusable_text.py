"""Statements stored before invisible characters were dropped and look-alikes folded in the duplicate key.

Each statement's text loses the invisible format characters :func:`~assembly.consultations.texts.clean_text`
now drops (a stored U+202E kept reversing how it was shown), and its exact-duplicate key is computed again
with the TR39 skeleton, so a later submission written with Cyrillic look-alikes or zero-width spaces is
recognised as a repeat of it. Erased statements (empty key) stay as they are. Statements that were already
look-alike duplicates of each other both stay: moderators decide about them, nothing is deleted.
"""

from django.db import migrations, models

# Statements read and written per round trip.
CHUNK = 2_000


def refold(apps, schema_editor):
    from assembly.consultations.texts import duplicate_key, strip_invisible

    statement_model = apps.get_model("consultations", "Statement")
    changed = []
    rows = statement_model.objects.exclude(normalised_text="").only("id", "text", "normalised_text")
    for statement in rows.order_by("id").iterator(chunk_size=CHUNK):
        text = strip_invisible(statement.text)
        key = duplicate_key(text)
        if (text, key) != (statement.text, statement.normalised_text):
            statement.text, statement.normalised_text = text, key
            changed.append(statement)
        if len(changed) >= CHUNK:
            statement_model.objects.bulk_update(changed, ["text", "normalised_text"])
            changed = []
    statement_model.objects.bulk_update(changed, ["text", "normalised_text"])


class Migration(migrations.Migration):
    dependencies = [
        ("consultations", "0002_privacy_and_embedding"),
    ]

    operations = [
        migrations.AlterField(
            model_name="statement",
            name="normalised_text",
            field=models.TextField(
                default="",
                editable=False,
                help_text=(
                    "NFKC, casefolded, look-alikes folded (TR39 skeleton), spaces collapsed: "
                    "the exact-duplicate key."
                ),
            ),
        ),
        migrations.RunPython(refold, migrations.RunPython.noop, elidable=True),
    ]
