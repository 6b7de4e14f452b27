from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssistantConfig(AppConfig):
    name = "assembly.assistant"
    label = "assistant"
    verbose_name = _("Assistant")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from assembly.assistant.services import approved_texts, report_footprint
        from assembly.results import assisted

        assisted.provide(texts=approved_texts, footprint=report_footprint)
