"""The prompts the assistant sends, built only from what the analysis published, and their hash.

A prompt lists the statements in scope, each with its number, text, category and rounded shares, and asks
for sentences that cite statement numbers as ``(#12)`` or ``(#12, #15)``. The same figures become the
checker's :class:`~assembly.language_model.checker.Scope`, so the model is told exactly the numbers it may
use and the checker accepts exactly those. The prompt's SHA-256 is stored with every draft and printed
beside approved text, so a reader can tell which instructions and data produced it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass

from assembly.language_model.checker import Scope

__all__ = ["KINDS", "Prompt", "StatementFigures", "prompt_for"]

#: What the assistant can draft: a theme's name, a theme's summary, the report's key takeaways.
KINDS = ("theme-name", "theme-summary", "takeaways")

_INSTRUCTIONS = {
    "theme-name": (
        "Propose one short name (at most six words) for the theme these statements share. Answer with one "
        "line: the name, then the numbers of the two or three statements that best show it, like: "
        "Access to heritage data (#3, #8)."
    ),
    "theme-summary": (
        "Write two to four sentences summarising where participants agree, disagree, split or are unsure "
        "on this theme."
    ),
    "takeaways": (
        "Write three to five key takeaways of the whole consultation, one sentence each, one per line."
    ),
}

_RULES = (
    "Rules: every sentence ends with the numbers of the statements it rests on, in parentheses, before "
    "the full stop, like (#12) or (#12, #15); cite only statements listed below; use no number, "
    "percentage or count that is not printed below; do not invent facts; write in {language}."
)


@dataclass(frozen=True)
class StatementFigures:
    """One statement in scope as the analysis published it: shares are whole percentages of its votes."""

    number: int
    text: str
    category: str | None
    agree: int
    disagree: int
    passes: int
    votes: int


@dataclass(frozen=True)
class Prompt:
    """The chat messages, their SHA-256 and the scope the answer is checked against."""

    kind: str
    messages: tuple[dict[str, str], ...]
    sha256: str
    scope: Scope


def _line(s: StatementFigures) -> str:
    category = f"; {s.category}" if s.category else ""
    return (
        f"#{s.number}: {s.text} [agree {s.agree}%, disagree {s.disagree}%, pass {s.passes}%, "
        f"{s.votes} votes{category}]"
    )


def prompt_for(
    kind: str,
    statements: Sequence[StatementFigures],
    *,
    topic: str,
    language: str = "English",
    extra_numbers: Sequence[float] = (),
) -> Prompt:
    """The prompt for one draft of ``kind`` about ``topic`` (a theme's name, or the consultation's question).

    ``extra_numbers`` are further figures printed in the prompt that a sentence may use (the number of
    participants, of opinion groups).
    """
    if kind not in KINDS:
        raise ValueError(f"unknown draft kind {kind!r}; expected one of {', '.join(KINDS)}")
    if not statements:
        raise ValueError("a prompt needs at least one statement in scope")
    figures = "\n".join(_line(s) for s in statements)
    context = f"Topic: {topic}\n"
    if extra_numbers:
        context += "Other figures: " + ", ".join(f"{n:g}" for n in extra_numbers) + "\n"
    messages = (
        {"role": "system", "content": _RULES.format(language=language)},
        {"role": "user", "content": f"{_INSTRUCTIONS[kind]}\n\n{context}Statements:\n{figures}"},
    )
    digest = hashlib.sha256(json.dumps(messages, ensure_ascii=False, sort_keys=True).encode()).hexdigest()
    numbers = {float(n) for s in statements for n in (s.agree, s.disagree, s.passes, s.votes)}
    numbers.update(float(n) for n in extra_numbers)
    scope = Scope(statements=frozenset(s.number for s in statements), numbers=frozenset(numbers), name=topic)
    return Prompt(kind, messages, digest, scope)
