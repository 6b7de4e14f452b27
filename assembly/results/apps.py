from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResultsConfig(AppConfig):
    name = "assembly.results"
    label = "results"
    verbose_name = _("Results")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        """Hand the participant pages this app's reader of routing priorities (they cannot import it)."""
        from assembly.consultations import routing
        from assembly.results.routing import latest_priorities

        routing.provide(latest_priorities)
