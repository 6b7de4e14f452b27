"""The log's action ``statement.correct``: staff corrected a typo in a statement (issue 14 item 7)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("moderation", "0002_consultation_publish"),
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
                    ("statement.correct", "Corrected the text of a statement"),
                ],
                max_length=32,
                verbose_name="action",
            ),
        ),
    ]
