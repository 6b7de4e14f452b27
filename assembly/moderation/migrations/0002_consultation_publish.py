# Issue 14 item 5: publishing a draft consultation is logged with the moderation actions.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("moderation", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="moderationlogentry",
            name="action",
            field=models.CharField(
                choices=[
                    ("statement.accept", "Accepted a statement"),
                    ("statement.reject", "Rejected a statement"),
                    ("statement.requeue", "Returned a statement to the queue"),
                    ("statement.meta", "Marked a statement as meta"),
                    ("statement.unmeta", "Unmarked a meta statement"),
                    ("participant.exclude", "Excluded a participant"),
                    ("participant.include", "Included an excluded participant again"),
                    ("consultation.publish", "Published the consultation"),
                ],
                max_length=32,
                verbose_name="action",
            ),
        ),
    ]
