from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "assembly.accounts"
    label = "accounts"
    verbose_name = _("Staff accounts")
    default_auto_field = "django.db.models.BigAutoField"


class AssemblyAdminConfig(AdminConfig):
    """Django's admin with Assembly's site: superusers only, logging in through the staff login."""

    default_site = "assembly.accounts.admin_site.AssemblyAdminSite"
