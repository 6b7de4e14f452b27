from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BrandingConfig(AppConfig):
    name = "assembly.branding"
    label = "branding"
    verbose_name = _("Site identity")
    default_auto_field = "django.db.models.BigAutoField"
