"""Staff accounts in the admin (superusers): assign moderators to consultations, see failed logins
(delete them to lift a lock early), and remove a lost authenticator (the account then logs in with
its password alone and may enrol again)."""

from django.contrib import admin

from assembly.accounts.admin_site import ReadOnlyAdmin  # shown and deletable, never edited
from assembly.accounts.models import ConsultationModerator, LoginFailure, TotpDevice


@admin.register(ConsultationModerator)
class ConsultationModeratorAdmin(admin.ModelAdmin):
    list_display = ["user", "consultation", "added_at"]
    list_filter = ["consultation"]
    readonly_fields = ["added_at"]


@admin.register(LoginFailure)
class LoginFailureAdmin(ReadOnlyAdmin):
    list_display = ["at", "username", "ip", "scope"]
    list_filter = ["scope"]
    search_fields = ["username", "ip"]


@admin.register(TotpDevice)
class TotpDeviceAdmin(ReadOnlyAdmin):
    list_display = ["user", "confirmed_at"]
    exclude = ["secret"]
