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
from pathlib import Path

from assembly.errors import InputError

__all__ = ["LANGUAGES", "check_language", "current_language", "gettext", "ngettext", "speaking"]

LANGUAGES = ("en", "fr", "de", "nl")  # English is the source text; the others have catalogues
_LOCALE = Path(__file__).resolve().parents[1] / "locale"
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
    return _gettext.translation("django", localedir=_LOCALE, languages=[language])


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
