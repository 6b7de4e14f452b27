"""Which language a participant wrote in, detected on the server (py3langid: its model ships in the
package, so no text leaves the server and nothing is downloaded).

Detection only suggests: the participant confirms or corrects the language on the submission form.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Any

__all__ = ["MIN_CONFIDENCE", "detect_language"]

# Below this probability (among the consultation's languages) the guess is not offered: short texts in
# close languages (Dutch and German, Czech and Slovak) are often ambiguous.
MIN_CONFIDENCE = 0.6


@cache
def _identifier(languages: frozenset[str]) -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier  # type: ignore[import-untyped]

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    known = languages & set(identifier.labels)
    if len(known) < 1:
        return None
    identifier.set_languages(sorted(known))
    return identifier


def detect_language(text: str, languages: Iterable[str]) -> str | None:
    """The language of ``languages`` that ``text`` is most likely written in, or None when no language
    reaches :data:`MIN_CONFIDENCE` (or only one is possible: nothing to detect)."""
    candidates = frozenset(languages)
    if len(candidates) < 2 or not text.strip():
        return None
    identifier = _identifier(candidates)
    if identifier is None:
        return None
    code, probability = identifier.classify(text)
    return str(code) if float(probability) >= MIN_CONFIDENCE else None
