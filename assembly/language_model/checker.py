"""The faithfulness check, in plain code: a draft passes only if every sentence is grounded.

A sentence is grounded when it cites at least one statement, as ``(#12)`` or ``(#12, #15)``; every
statement it cites is in scope (the theme's or category's statements the prompt listed); and every other
number it writes (``72%``, ``3 groups``, ``0.4``) is one of the figures the prompt printed. A draft with
any ungrounded sentence is rejected as a whole, and each problem is kept, with the sentence, for staff to
read. The check is deliberately literal: a number written in words ("seven") is not seen, and a true
figure the prompt did not print is refused; staff can still write such a sentence themselves.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["Problem", "Scope", "Verdict", "check", "citations", "sentences", "without_citations"]

_CITATION = re.compile(r"\(\s*#\d+(?:\s*[,;]\s*#?\d+)*\s*\)")
_CITED = re.compile(r"\d+")
_NUMBER = re.compile(r"(?<![\w#.])(\d+(?:[.,]\d+)?)\s*%?")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
_BULLET = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+")


@dataclass(frozen=True)
class Scope:
    """What a draft may rest on: the statements' numbers and the figures the prompt printed."""

    statements: frozenset[int]
    numbers: frozenset[float] = field(default_factory=frozenset)
    name: str = ""


@dataclass(frozen=True)
class Problem:
    """Why one sentence (``index`` from 1) was refused: ``code`` is ``no-citation``, ``out-of-scope``,
    ``unknown-number`` or ``empty``; ``detail`` says which statement or number."""

    index: int
    sentence: str
    code: str
    detail: str


@dataclass(frozen=True)
class Verdict:
    """The draft's sentences and the problems found; accepted when there are none."""

    sentences: tuple[str, ...]
    problems: tuple[Problem, ...]

    @property
    def accepted(self) -> bool:
        return not self.problems

    @property
    def cited(self) -> frozenset[int]:
        return frozenset(n for s in self.sentences for n in citations(s))


def citations(sentence: str) -> list[int]:
    """The statement numbers a sentence cites, in order."""
    return [int(n) for group in _CITATION.findall(sentence) for n in _CITED.findall(group)]


def without_citations(text: str) -> str:
    """The text with its citations taken out (a theme name as it is shown)."""
    return " ".join(_CITATION.sub(" ", text).split()).strip(" .")


def sentences(text: str) -> tuple[str, ...]:
    """The draft split into sentences; a citation left after a full stop joins the sentence before it."""
    parts: list[str] = []
    for raw in _SENTENCE_END.split(text.strip()):
        piece = _BULLET.sub("", raw).strip()
        if not piece:
            continue
        if parts and _CITATION.sub("", piece).strip(" .") == "":
            parts[-1] = f"{parts[-1]} {piece}"
        else:
            parts.append(piece)
    return tuple(parts)


def _number(token: str) -> float:
    return float(token.replace(",", "."))


def _sentence_problems(index: int, sentence: str, scope: Scope) -> list[Problem]:
    cited = citations(sentence)
    problems = []
    if not cited:
        problems.append(Problem(index, sentence, "no-citation", "cites no statement"))
    for n in cited:
        if n not in scope.statements:
            where = f" {scope.name!r}" if scope.name else ""
            problems.append(
                Problem(index, sentence, "out-of-scope", f"statement {n} is not in{where or ' scope'}")
            )
    for token in _NUMBER.findall(_CITATION.sub(" ", sentence)):
        if _number(token) not in scope.numbers:
            problems.append(
                Problem(index, sentence, "unknown-number", f"{token} is not a figure of the analysis")
            )
    return problems


def check(text: str, scope: Scope) -> Verdict:
    """Check a draft against its scope; see the module's docstring for the rules."""
    parts = sentences(text)
    if not parts:
        return Verdict((), (Problem(0, "", "empty", "the draft has no sentence"),))
    problems = [p for i, s in enumerate(parts, start=1) for p in _sentence_problems(i, s, scope)]
    return Verdict(parts, tuple(problems))
