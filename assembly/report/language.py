"""The report's language: its texts read from the project's own catalogues, without Django.

The report library never imports Django, yet it must speak the interface's languages: its texts are
marked with :func:`gettext` / :func:`ngettext` (the names ``makemessages`` collects) and translated by
Python's :mod:`gettext` from ``assembly/locale/<language>/LC_MESSAGES/django.mo``, the catalogue the
web pages use, so one translation serves both. The language in force is a context variable set with
:func:`speaking`, so a web request and a CLI run can build reports in different languages side by side.
"""

from __future__ import annotations

import gettext as _gettext
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache

from assembly.charts.words import ChartWords, translated_words
from assembly.errors import InputError
from assembly.languages import LOCALE, NUMBER_SEPARATORS, catalogue_languages

__all__ = [
    "LANGUAGES",
    "chart_words",
    "check_language",
    "current_language",
    "decimal",
    "gettext",
    "integer",
    "ngettext",
    "speaking",
]

# English, and each language whose catalogue ships (assembly.languages, which the CLI's --language reads).
LANGUAGES = catalogue_languages()
# Each language's thousands and decimal separators: Django's own formats, which the web pages print.
SEPARATORS = NUMBER_SEPARATORS
_current: ContextVar[str] = ContextVar("report_language", default="en")


def check_language(language: str) -> str:
    """The language code itself, or an InputError naming the languages the report speaks."""
    code = language.strip().lower().split("-")[0].split("_")[0]
    if code not in LANGUAGES:
        raise InputError(f"the report is not written in {language!r}: choose one of {', '.join(LANGUAGES)}")
    return code


@cache
def _catalogue(language: str) -> _gettext.NullTranslations:
    if language == "en":
        return _gettext.NullTranslations()
    return _gettext.translation("django", localedir=LOCALE, languages=[language])


@contextmanager
def speaking(language: str) -> Iterator[str]:
    """Build and render reports in ``language`` inside this block (a bad code is an InputError)."""
    token = _current.set(check_language(language))
    try:
        yield _current.get()
    finally:
        _current.reset(token)


def current_language() -> str:
    """The language reports are written in here (``en`` outside :func:`speaking`)."""
    return _current.get()


def gettext(message: str) -> str:
    """``message`` in the current language (English when the catalogue has no translation)."""
    return _catalogue(_current.get()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form for ``n``, in the current language."""
    return _catalogue(_current.get()).ngettext(singular, plural, n)


def integer(n: int) -> str:
    """A whole number with the current language's thousands separator: 10,242, 10 242, 10.242."""
    thousands, _ = SEPARATORS[_current.get()]
    return f"{int(n):,}".replace(",", thousands)


def decimal(value: float) -> str:
    """A number to two decimals with the current language's decimal separator: 0.25, 0,25."""
    _, point = SEPARATORS[_current.get()]
    return f"{value:.2f}".replace(".", point)


def chart_words() -> ChartWords:
    """The charts' words and number formats in the current language (the web pages' list and catalogue)."""
    return translated_words(gettext, ngettext, integer=integer, decimal=decimal)
