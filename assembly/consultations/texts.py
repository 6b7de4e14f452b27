"""Statement texts: cleaning, the exact-duplicate key, and near-duplicate similarity.

:func:`clean_text` is the text as stored and shown: control characters and invisible format characters
dropped (zero-width spaces, bidi overrides such as U+202E that reorder what a reader sees, tag
characters...), except where a script or an emoji needs them (see :func:`strip_invisible`).

Two statements are *exact duplicates* when their :func:`duplicate_key` is equal: Unicode NFKC
normalisation (full-width letters, ligatures and the like become plain ones), case folding (``ß`` =
``ss``), every invisible character dropped, look-alike characters folded to one prototype (the
:func:`skeleton` of Unicode TR39: Cyrillic ``а`` and Latin ``a`` are the same letter here), and every run
of white space collapsed to one space. Punctuation still counts, so "AI is good." and "AI is good!" are
different statements.

*Near duplicates* are ranked by :func:`similarity`, the Jaccard index of the two texts' character
trigram sets (letters and digits only, words padded with a space on each side). It needs no
dictionary or language model, works the same in every language, tolerates typos and word order,
and costs a few microseconds per pair, so comparing one draft with thousands of statements on each
keystroke is fast enough in plain Python.
"""

from __future__ import annotations

import functools
import pathlib
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass

__all__ = [
    "INVISIBLE_BMP",
    "SIMILARITY_THRESHOLD",
    "SimilarStatement",
    "SimilarityIndex",
    "clean_text",
    "duplicate_key",
    "most_similar",
    "similarity",
    "skeleton",
    "strip_invisible",
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


# Characters that display as nothing: Unicode's Default_Ignorable_Code_Point property (DerivedCoreProperties,
# Unicode 17; Python's unicodedata does not have it), plus the interlinear annotation marks U+FFF9-FFFB,
# which hide the text between them. Among them: zero-width space and joiners, bidi marks, embeddings,
# overrides and isolates (U+202E reverses what follows), word joiner, BOM, variation selectors, Hangul
# fillers, tag characters.
# INVISIBLE_BMP is those of the Basic Multilingual Plane, as a regular expression character class body
# that Python, ECMA 262 and Rust read alike (the API's JSON Schema patterns use it too).
INVISIBLE_BMP = (
    r"\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f"
    r"\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb"
)
_INVISIBLE = re.compile(rf"[{INVISIBLE_BMP}\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff]")
# An emoji tag sequence (the flags of England, Scotland, Wales): black flag, tag letters, cancel tag.
_EMOJI_TAG_SEQUENCE = re.compile("\U0001f3f4[\U000e0020-\U000e007e]+\U000e007f")
_ZWNJ, _ZWJ, _VS16 = "\u200c", "\u200d", "\ufe0f"
_VARIATION_SELECTORS = re.compile("[\u180b-\u180d\u180f\ufe00-\ufe0f\U000e0100-\U000e01ef]")
_SKIN_TONES = range(0x1F3FB, 0x1F400)


def _joins(char: str) -> bool:
    """A letter or mark of a script that joins or separates letters with ZWJ and ZWNJ: uncased (Arabic,
    Persian, Indic, Mongolian...), unlike Latin, Greek or Cyrillic letters, which never need them."""
    return unicodedata.category(char)[0] in "LM" and char.lower() == char.upper()


def _is_emoji(char: str) -> bool:
    """An emoji a ZWJ may join: a symbol (So), a skin tone modifier, or the emoji presentation selector."""
    return unicodedata.category(char) == "So" or ord(char) in _SKIN_TONES or char == _VS16


def _keeps(text: str, at: int) -> bool:
    """Whether the invisible character at ``at`` is one a script or an emoji needs.

    - ZWJ between two emoji (👩‍💻, ❤️‍🔥, 🏳️‍🌈), and ZWJ or ZWNJ between two letters of a script that
      joins or separates letters with them (Persian, Indic scripts...; not between Latin letters);
    - one variation selector right after a visible character (text or emoji presentation ❤️, CJK
      ideographic variants); a second one, or one after a space or at the start, carries nothing.
    """
    char = text[at]
    before = text[at - 1] if at > 0 else " "
    after = text[at + 1] if at + 1 < len(text) else " "
    if char in (_ZWJ, _ZWNJ):
        if _joins(before) and _joins(after):
            return True
        return char == _ZWJ and _is_emoji(before) and unicodedata.category(after) == "So"
    if _VARIATION_SELECTORS.match(char):
        return not before.isspace() and not _INVISIBLE.match(before)
    return False


def strip_invisible(text: str) -> str:
    """The text without invisible format characters, except those emoji sequences and scripts need.

    Everything :data:`_INVISIBLE` matches is dropped (a bidi override can make a statement read
    differently from what it says; a zero-width space hides inside a word), except what
    :func:`_keeps` allows and the tag characters of an emoji tag sequence (🏴󠁧󠁢󠁳󠁣󠁴󠁿).
    """
    if not _INVISIBLE.search(text):
        return text
    kept: list[str] = []
    start = 0
    for sequence in _EMOJI_TAG_SEQUENCE.finditer(text):
        kept.append(_strip_outside_tags(text, start, sequence.start()))
        kept.append(sequence.group())
        start = sequence.end()
    kept.append(_strip_outside_tags(text, start, len(text)))
    return "".join(kept)


def _strip_outside_tags(text: str, start: int, end: int) -> str:
    parts: list[str] = []
    position = start
    for found in _INVISIBLE.finditer(text, start, end):
        parts.append(text[position : found.start()])
        if _keeps(text, found.start()):
            parts.append(found.group())
        position = found.end()
    parts.append(text[position:end])
    return "".join(parts)


def clean_text(text: str) -> str:
    """The text as stored: control characters and invisible format characters dropped
    (:func:`strip_invisible`), NFC-normalised, white space collapsed, trimmed; case and punctuation kept."""
    visible = strip_invisible(unicodedata.normalize("NFC", _CONTROLS.sub("", text)))
    return _SPACES.sub(" ", visible).strip()


_CONFUSABLES = pathlib.Path(__file__).with_name("unicode") / "confusables.txt"


@functools.cache
def _prototypes() -> dict[int, str]:
    """Unicode's confusables.txt (UTS #39 data, shipped in ``unicode/`` with its licence) as a
    :meth:`str.translate` table: each look-alike character to its prototype (Cyrillic ``а`` to ``a``)."""
    table: dict[int, str] = {}
    for line in _CONFUSABLES.read_text(encoding="utf-8-sig").splitlines():
        fields = line.split("#", 1)[0].split(";")
        if len(fields) >= 2 and fields[0].strip():
            table[int(fields[0], 16)] = "".join(chr(int(code, 16)) for code in fields[1].split())
    return table


def skeleton(text: str) -> str:
    """The TR39 skeleton (UTS #39, section 4): NFD, invisible characters removed, each character replaced
    by its prototype from confusables.txt, NFD again. Two texts that look alike have the same skeleton:
    ``skeleton("раураl") == skeleton("paypal")`` (the first one is Cyrillic)."""
    decomposed = unicodedata.normalize("NFD", _INVISIBLE.sub("", text))
    return unicodedata.normalize("NFD", decomposed.translate(_prototypes()))


@functools.cache
def _capital_prototypes() -> dict[int, str]:
    """The prototypes of capitals that are capitals themselves (Greek ``Μ`` to ``M``, Cyrillic ``А`` to
    ``A``), to replace before case folding: folded first, Greek ``Μ`` would become ``μ``, which looks
    like no Latin letter."""
    return {
        code: prototype
        for code, prototype in _prototypes().items()
        if chr(code).casefold() != chr(code) and prototype.casefold() != prototype
    }


def duplicate_key(text: str) -> str:
    """The exact-duplicate key: NFKC, look-alike capitals replaced by their capital prototype, case-folded,
    the TR39 :func:`skeleton` (which drops invisible characters and folds look-alikes), case-folded
    again (some prototypes are capitals: ``0`` is ``O``), twice, white space collapsed and trimmed.

    TR39 skeletons are case-sensitive and case folding is not a skeleton-preserving map, so the order
    matters: the skeleton of ``I`` is ``l``, hence case is folded before the skeleton ("AI" and "ai" are
    one statement); capitals whose own lower case looks different (Greek ``Μ``, Cyrillic ``В``) are
    replaced by their prototype first; a second round folds what the first one produced (Cherokee ``Ꮇ`` to
    ``M`` to ``m`` to ``rn``, the skeleton of ``m``).
    """
    key = unicodedata.normalize("NFD", unicodedata.normalize("NFKC", text)).translate(_capital_prototypes())
    for _round in range(2):
        key = skeleton(key.casefold()).casefold()
    return _SPACES.sub(" ", key).strip()


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

    def __init__(
        self, candidates: Iterable[tuple[int, str]], *, grams: Callable[[str], frozenset[str]] = trigrams
    ) -> None:
        """``grams`` computes a text's trigram set: :func:`trigrams`, or a look-up of sets computed before
        (:mod:`assembly.consultations.similar` keeps them between rebuilds)."""
        self.entries = [(number, text, grams(text)) for number, text in candidates]

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
