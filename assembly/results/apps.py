from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResultsConfig(AppConfig):
    name = "assembly.results"
    label = "results"
    verbose_name = _("Results")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        """Hand the participant pages this app's reader of routing priorities, and the translation queue
        the staff's group names (the consultations app cannot import this one)."""
        from assembly.consultations import routing, translations
        from assembly.results.routing import latest_priorities
        from assembly.results.translations import group_name_items

        routing.provide(latest_priorities)
        translations.provide_items(group_name_items)
