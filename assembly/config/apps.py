"""The project package's app entry: it holds no models or views; it registers the settings checks and
empties SQLite's write-ahead log after each erasure of a participant's data."""

from __future__ import annotations

from django.apps import AppConfig


class SettingsChecksConfig(AppConfig):
    name = "assembly.config"
    label = "assembly_config"
    verbose_name = "Assembly settings"

    def ready(self) -> None:
        from assembly.config import checks  # noqa: F401 (registers the checks)
        from assembly.config.sqlite.files import checkpoint_after_erasure
        from assembly.consultations import privacy

        privacy.after_erasure(checkpoint_after_erasure)
