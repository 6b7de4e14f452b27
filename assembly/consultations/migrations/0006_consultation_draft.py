# Issue 14 item 5: a consultation made in the interface starts as a draft (published_at empty) and is
# published as a step. Existing consultations were live already: they count as published when created.

import django.utils.timezone
from django.db import migrations, models


def published_when_created(apps, schema_editor):
    Consultation = apps.get_model("consultations", "Consultation")
    Consultation.objects.filter(published_at__isnull=True).update(published_at=models.F("created_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("consultations", "0005_embed_any_site"),
    ]

    operations = [
        migrations.AddField(
            model_name="consultation",
            name="published_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="published at"),
        ),
        migrations.RunPython(published_when_created, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="consultation",
            name="published_at",
            field=models.DateTimeField(
                blank=True, default=django.utils.timezone.now, null=True, verbose_name="published at"
            ),
        ),
    ]
