"""Statement texts: cleaning, the exact-duplicate key, and near-duplicate similarity.

Two statements are *exact duplicates* when their :func:`duplicate_key` is equal: Unicode NFKC
normalisation (full-width letters, ligatures and the like become plain ones), case folding (``ß`` =
``ss``), and every run of white space collapsed to one space. Punctuation still counts, so "AI is
good." and "AI is good!" are different statements.

*Near duplicates* are ranked by :func:`similarity`, the Jaccard index of the two texts' character
trigram sets (letters and digits only, words padded with a space on each side). It needs no
dictionary or language model, works the same in every language, tolerates typos and word order,
and costs a few microseconds per pair, so comparing one draft with thousands of statements on each
keystroke is fast enough in plain Python.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = [
    "SIMILARITY_THRESHOLD",
    "SimilarStatement",
    "SimilarityIndex",
    "clean_text",
    "duplicate_key",
    "most_similar",
    "similarity",
    "trigrams",
]

# Below this Jaccard index two statements rarely say the same thing: at 0.3 a reworded sentence with
# the same key words still scores above it, two statements on the same topic with different claims
# mostly do not. Decidim's "similar proposals" uses 0.25 with PostgreSQL's trigram similarity.
SIMILARITY_THRESHOLD = 0.3
# How many similar statements to show beside the submission box and in the moderation queue.
SIMILAR_LIMIT = 5

_SPACES = re.compile(r"\s+")
_NOT_WORD = re.compile(r"[^\w]+|_")


# Control characters other than white space, and lone surrogates: invisible, and PostgreSQL refuses NUL in
# text (a statement holding one was a server error there, found by schemathesis).
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def clean_text(text: str) -> str:
    """The text as stored: control characters dropped, NFC-normalised, white space collapsed, trimmed;
    case and punctuation kept."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", _CONTROLS.sub("", text))).strip()


def duplicate_key(text: str) -> str:
    """The exact-duplicate key: NFKC, case-folded, white space collapsed and trimmed."""
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip()


def trigrams(text: str) -> frozenset[str]:
    """Character trigrams of the text's words (letters and digits), each word padded with spaces."""
    words = _NOT_WORD.sub(" ", duplicate_key(text)).split()
    grams: set[str] = set()
    for word in words:
        padded = f" {word} "
        grams.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return frozenset(grams)


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """Jaccard index of two trigram sets: 0 (nothing shared) to 1 (same set)."""
    if not a or not b:
        return 0.0
    shared = len(a & b)
    return shared / (len(a) + len(b) - shared)


@dataclass(frozen=True)
class SimilarStatement:
    number: int
    text: str
    score: float


class SimilarityIndex:
    """Statements with their trigram sets computed once, to compare many texts against them."""

    def __init__(self, candidates: Iterable[tuple[int, str]]) -> None:
        self.entries = [(number, text, trigrams(text)) for number, text in candidates]

    def query(
        self,
        text: str,
        *,
        limit: int = SIMILAR_LIMIT,
        threshold: float = SIMILARITY_THRESHOLD,
        exclude: int | None = None,
    ) -> list[SimilarStatement]:
        """The indexed statements most similar to ``text``, best first (ties by statement number).

        Parameters
        ----------
        text : the draft (or the submitted statement being moderated).
        limit : at most this many results.
        threshold : only statements whose :func:`similarity` is at least this.
        exclude : a statement number to skip (the statement itself, in the moderation queue).
        """
        target = trigrams(text)
        if not target:
            return []
        scored = []
        for number, candidate, grams in self.entries:
            if number == exclude:
                continue
            score = similarity(target, grams)
            if score >= threshold:
                scored.append(SimilarStatement(number, candidate, round(score, 3)))
        scored.sort(key=lambda s: (-s.score, s.number))
        return scored[:limit]


def most_similar(
    text: str, candidates: Iterable[tuple[int, str]], **options: object
) -> list[SimilarStatement]:
    """The candidates (number, text) most similar to ``text``; options as :meth:`SimilarityIndex.query`."""
    return SimilarityIndex(candidates).query(text, **options)  # type: ignore[arg-type]
