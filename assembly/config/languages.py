"""The interface's languages: the 24 official languages of the European Union, each named in itself.

Plain data (no Django import), read by the settings (``LANGUAGES``) and by the app that registers
Maltese, which Django's own language table (``django.conf.locale.LANG_INFO``) does not know.
"""

from __future__ import annotations

__all__ = ["EU_LANGUAGES", "MALTESE", "register_missing_languages"]

# (code, endonym), in the EU's protocol order (alphabetical by the language's own name), which is the
# order of the language lists on the EU institutions' sites; English is the source of every text.
EU_LANGUAGES: tuple[tuple[str, str], ...] = (
    ("bg", "български"),
    ("es", "español"),
    ("cs", "čeština"),
    ("da", "dansk"),
    ("de", "Deutsch"),
    ("et", "eesti"),
    ("el", "Ελληνικά"),
    ("en", "English"),
    ("fr", "français"),
    ("ga", "Gaeilge"),
    ("hr", "hrvatski"),
    ("it", "italiano"),
    ("lv", "latviešu"),
    ("lt", "lietuvių"),
    ("hu", "magyar"),
    ("mt", "Malti"),
    ("nl", "Nederlands"),
    ("pl", "polski"),
    ("pt", "português"),
    ("ro", "română"),
    ("sk", "slovenčina"),
    ("sl", "slovenščina"),
    ("fi", "suomi"),
    ("sv", "svenska"),
)

# Django's LANG_INFO entry for Maltese, in the form of its other entries.
MALTESE = {"bidi": False, "code": "mt", "name": "Maltese", "name_local": "Malti"}


def register_missing_languages(lang_info: dict[str, dict[str, object]]) -> None:
    """Add the EU languages Django's table lacks (Maltese) to ``lang_info``, leaving its own entries."""
    lang_info.setdefault("mt", dict(MALTESE))
