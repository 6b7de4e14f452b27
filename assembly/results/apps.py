from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResultsConfig(AppConfig):
    name = "assembly.results"
    label = "results"
    verbose_name = _("Results")
    default_auto_field = "django.db.models.BigAutoField"
