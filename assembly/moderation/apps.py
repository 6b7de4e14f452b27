from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModerationConfig(AppConfig):
    name = "assembly.moderation"
    label = "moderation"
    verbose_name = _("Moderation")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        """Add the moderation done about a participant to their own data (the consultations app, which
        builds the download, cannot import this one)."""
        from assembly.consultations import privacy
        from assembly.moderation.services import participant_log

        privacy.add_data_section("moderation_of_participant", participant_log)
