"""The languages a consultation's content is written in, checked against the site's interface languages.

A consultation has a *source* language (the one its staff write in) and may offer others; every code is
one of ``settings.LANGUAGES`` (the interface languages), never a list of its own, so content and
interface speak the same set.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext as _

__all__ = ["check_language", "language_name", "site_languages", "viewer_language"]


def site_languages() -> dict[str, str]:
    """The interface languages, code -> name as settings.LANGUAGES gives it (not translated)."""
    return {code: str(name) for code, name in settings.LANGUAGES}


def check_language(code: object, *, where: str) -> str:
    """``code`` (lower-cased, trimmed) when it is one of the site's languages, else a ValidationError
    naming the code, where it was given and the codes accepted."""
    value = str(code or "").strip().lower()
    if value not in site_languages():
        raise ValidationError(
            _("“%(code)s” (%(where)s) is not one of this site's languages: %(known)s.")
            % {"code": value or code, "where": where, "known": ", ".join(site_languages())}
        )
    return value


def language_name(code: str) -> str:
    """The language's name in the interface language in force ("Polish", "polonais"), else the code."""
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return site_languages().get(code, code)


def viewer_language() -> str:
    """The interface language of the request being served (its base code: "fr" for "fr-be")."""
    return (get_language() or settings.LANGUAGE_CODE).split("-")[0]
