"""The project package's app entry: it holds no models or views, only registers the settings checks."""

from __future__ import annotations

from django.apps import AppConfig


class SettingsChecksConfig(AppConfig):
    name = "assembly.config"
    label = "assembly_config"
    verbose_name = "Assembly settings"

    def ready(self) -> None:
        from assembly.config import checks  # noqa: F401 (registers the checks)
