"""The moderation log in Django's admin: read-only (entries are written by the moderation services)."""

from django.contrib import admin
from django.http import HttpRequest

from assembly.moderation.models import ModerationLogEntry


@admin.register(ModerationLogEntry)
class ModerationLogEntryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "consultation", "action", "statement", "participant", "actor", "reason"]
    list_filter = ["consultation", "action"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
