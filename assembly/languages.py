"""The interface's languages: the 24 official languages of the European Union, each named in itself,
their number formats, and which of them ship a compiled catalogue.

Plain data and the standard library only: the settings (``LANGUAGES``), the report library (which never
imports Django), the command line (which imports only the standard library at start) and the app that
registers Maltese, which Django's own language table (``django.conf.locale.LANG_INFO``) lacks, all read
it. docs/translations.md says how complete and how reviewed each catalogue is.
"""

from __future__ import annotations

from pathlib import Path

__all__ = [
    "EU_LANGUAGES",
    "LOCALE",
    "MALTESE",
    "NUMBER_SEPARATORS",
    "SOURCE_LANGUAGE",
    "catalogue_languages",
    "register_missing_languages",
]

# Where the catalogues are: <code>/LC_MESSAGES/django.po and the compiled django.mo.
LOCALE = Path(__file__).resolve().parent / "locale"
SOURCE_LANGUAGE = "en"  # every text is written in English; the other languages are translations

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

# Each language's (thousands, decimal) separators: Django's own formats (django/conf/locale/*/formats.py),
# which the web pages print, so a number reads the same on a page and in the report; Maltese, which
# Django lacks, as Malta writes them (10,242.5).
NUMBER_SEPARATORS: dict[str, tuple[str, str]] = {
    "bg": ("\xa0", ","), "cs": ("\xa0", ","), "da": (".", ","), "de": (".", ","), "el": (".", ","),
    "en": (",", "."), "es": ("\xa0", ","), "et": ("\xa0", ","), "fi": ("\xa0", ","), "fr": ("\xa0", ","),
    "ga": (",", "."), "hr": (".", ","), "hu": ("\xa0", ","), "it": (".", ","), "lt": (".", ","),
    "lv": ("\xa0", ","), "mt": (",", "."), "nl": (".", ","), "pl": ("\xa0", ","), "pt": (".", ","),
    "ro": (".", ","), "sk": ("\xa0", ","), "sl": (".", ","), "sv": ("\xa0", ","),
}  # fmt: skip

# Django's LANG_INFO entry for Maltese, in the form of its other entries.
MALTESE = {"bidi": False, "code": "mt", "name": "Maltese", "name_local": "Malti"}


def register_missing_languages(lang_info: dict[str, dict[str, object]]) -> None:
    """Add the EU languages Django's table lacks (Maltese) to ``lang_info``, leaving its own entries."""
    lang_info.setdefault("mt", dict(MALTESE))


def catalogue_languages() -> tuple[str, ...]:
    """English (the source) and, in the order of :data:`EU_LANGUAGES`, every language whose compiled
    catalogue ships: the languages the report is written in (a language without one would print English
    under its own name)."""
    shipped = [code for code, _ in EU_LANGUAGES if (LOCALE / code / "LC_MESSAGES" / "django.mo").is_file()]
    return (SOURCE_LANGUAGE, *(code for code in shipped if code != SOURCE_LANGUAGE))
