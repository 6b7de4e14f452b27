"""The project package's app entry: it holds no models or views; it registers the settings checks and
empties SQLite's write-ahead log after each erasure of a participant's data, and registers the EU
languages Django's language table lacks (Maltese), so the language switcher and ``get_language_info``
know every language of settings.LANGUAGES."""

from __future__ import annotations

from django.apps import AppConfig


class SettingsChecksConfig(AppConfig):
    name = "assembly.config"
    label = "assembly_config"
    verbose_name = "Assembly settings"

    def ready(self) -> None:
        from django.conf.locale import LANG_INFO

        from assembly.config import checks  # noqa: F401 (registers the checks)
        from assembly.config.sqlite.files import checkpoint_after_erasure
        from assembly.consultations import privacy
        from assembly.languages import register_missing_languages

        privacy.after_erasure(checkpoint_after_erasure)
        register_missing_languages(LANG_INFO)
