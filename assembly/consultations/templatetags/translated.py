"""``{% shown obj "field" as var %}``: a consultation's text as the reader sees it.

``var.text`` is the approved translation into the interface language in force, or the original where
none is approved (or the original changed since); ``var.translated``, ``var.original`` and
``var.source_language`` let the page say "translated from Polish, reviewed" and offer the original.
Works for a consultation (title, question, description, guidelines), a statement (text), a theme (name)
and a criterion (``{% shown consultation "criterion" index as var %}``). One query per page and language:
the approved translations are read once and kept on the consultation object.
"""

from __future__ import annotations

from typing import Any

from django import template

from assembly.consultations.languages import viewer_language
from assembly.consultations.models import Consultation, Statement, Theme
from assembly.consultations.translation_models import Translation, TranslationKind
from assembly.consultations.translations import Key, Shown, approved, shown

register = template.Library()
_CACHE = "_approved_translations"


def _catalogue(consultation: Consultation, language: str) -> dict[Key, Translation]:
    cached: dict[str, dict[Key, Translation]] = consultation.__dict__.setdefault(_CACHE, {})
    if language not in cached:
        cached[language] = approved(consultation, language) if len(consultation.all_languages) > 1 else {}
    return cached[language]


def _consultation_of(obj: Any, context: template.Context) -> Consultation:
    current = context.get("consultation")
    if isinstance(current, Consultation) and current.pk == obj.consultation_id:
        return current
    found: Consultation = obj.consultation
    return found


@register.simple_tag(takes_context=True)
def shown_text(context: template.Context, obj: Any, field: str, index: int = 0) -> Shown:
    """The text of ``obj``'s ``field`` as the reader sees it (see the module's docstring)."""
    language = viewer_language()
    if isinstance(obj, Consultation):
        if field == "criterion":
            text, key = str(obj.moderation_criteria[index]), (TranslationKind.CRITERION.value, index, "text")
        else:
            text, key = str(getattr(obj, field) or ""), (TranslationKind.CONSULTATION.value, obj.pk, field)
        return shown(text, obj.source_language, key, language, _catalogue(obj, language))
    consultation = _consultation_of(obj, context)
    if isinstance(obj, Statement):
        key = (TranslationKind.STATEMENT.value, obj.pk, "text")
        source = obj.language or consultation.source_language
        return shown(obj.text, source, key, language, _catalogue(consultation, language))
    if isinstance(obj, Theme):
        key = (TranslationKind.THEME.value, obj.pk, "name")
        return shown(
            obj.name, consultation.source_language, key, language, _catalogue(consultation, language)
        )
    raise template.TemplateSyntaxError(f"shown_text cannot translate {type(obj).__name__}")


@register.inclusion_tag("consultations/_translated_from.html")
def translated_from(text: Shown, anchor: str = "") -> dict[str, object]:
    """The line under a translated text: "Translated from Polish, reviewed", and the original."""
    from assembly.consultations.languages import language_name

    return {"shown": text, "source_name": language_name(text.source_language), "anchor": anchor}
