"""The words every view of the analysis shares: category order, titles and rules, group letters, percents.

Defined once here, free of Django, so that the report, the results page and ``assembly analyze`` print
the same category under the same title with the same rule. Texts are English source strings marked with
:func:`gettext_noop` (an identity function that ``makemessages`` collects, as Django's own marker of that
name); each caller translates them where it renders, passing its own ``gettext`` as ``translate``. The
numbers in the rules are read from the :class:`~assembly.analysis.categories.Thresholds` the analysis ran
with, never typed into a sentence.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:  # categories imports this module: the type only, no import cycle at run time
    from assembly.analysis.categories import Thresholds

__all__ = [
    "CATEGORIES",
    "Category",
    "Evidence",
    "category_heading",
    "category_rule",
    "category_threshold",
    "category_title",
    "gettext_noop",
    "group_letter",
    "group_name",
    "points_text",
    "rounded_percent",
    "share_text",
]

Category = Literal["consensus", "majority-disagree", "friction", "uncertainty"]
Evidence = Literal["clear", "inconclusive"]

CATEGORIES: tuple[Category, ...] = ("consensus", "majority-disagree", "friction", "uncertainty")
"""Every category, in the order the paper presents them (and flags, sections and headings are listed)."""


def gettext_noop(message: str) -> str:
    """Mark ``message`` for translation without translating it (``makemessages`` collects the name)."""
    return message


def _identity(message: str) -> str:
    return message


_TITLES: dict[Category, str] = {
    "consensus": gettext_noop("Consensus"),
    "majority-disagree": gettext_noop("Majority disagrees"),
    "friction": gettext_noop("Friction between opinion groups"),
    "uncertainty": gettext_noop("Uncertainty"),
}

_GROUP = gettext_noop("Group %(letter)s")
_AT_LEAST = gettext_noop("at least %(share)s")
_RULES: dict[Category, str] = {
    "consensus": gettext_noop("Statements where %(share)s of all votes agree."),
    "majority-disagree": gettext_noop("Statements where %(share)s of all votes disagree."),
    "uncertainty": gettext_noop("Statements where %(share)s of all votes are passes: open questions."),
    "friction": gettext_noop(
        "Statements on which two opinion groups' support differs by %(points)s or more (support: agree "
        "minus disagree, a pass counting as neutral), and a test on groups formed without the statement "
        "shows that they differ, with the false discovery rate held at 5%% across statements."
    ),
}

# The short form ``assembly analyze`` prints after each title (English only, as the rest of its summary).
_SHORT_RULES: dict[Category, str] = {
    "consensus": "{share} or more agree",
    "majority-disagree": "{share} or more disagree",
    "friction": "support differs by {points} or more",
    "uncertainty": "{share} or more pass",
}


def share_text(value: float) -> str:
    """A threshold given as a share (0.6) in percent: "60%"."""
    return f"{float(value) * 100:g}%"


def points_text(value: float) -> str:
    """A threshold on a difference of shares (0.3) in percentage points: "30 points"."""
    return f"{float(value) * 100:g} points"


def category_threshold(key: Category, thresholds: Thresholds) -> float:
    """The threshold of ``key``'s rule (a share, or for friction a gap in support)."""
    return {
        "consensus": thresholds.consensus,
        "majority-disagree": thresholds.majority_disagree,
        "friction": thresholds.friction,
        "uncertainty": thresholds.uncertainty,
    }[key]


def category_title(key: Category, translate: Callable[[str], str] = _identity) -> str:
    """The category's title, e.g. "Majority disagrees"."""
    return translate(_TITLES[key])


def category_rule(key: Category, thresholds: Thresholds, translate: Callable[[str], str] = _identity) -> str:
    """The category's rule as one sentence, its number read from ``thresholds``.

    >>> from assembly.analysis.categories import Thresholds
    >>> category_rule("consensus", Thresholds(consensus=0.75))
    'Statements where at least 75% of all votes agree.'
    """
    value = category_threshold(key, thresholds)
    if key == "friction":
        return translate(_RULES[key]) % {"points": points_text(value)}
    return translate(_RULES[key]) % {"share": translate(_AT_LEAST) % {"share": share_text(value)}}


def category_heading(key: Category, thresholds: Thresholds) -> str:
    """Title and short rule, as ``assembly analyze`` prints them: "Consensus (60% or more agree)"."""
    value = category_threshold(key, thresholds)
    short = _SHORT_RULES[key].format(share=share_text(value), points=points_text(value))
    return f"{category_title(key)} ({short})"


def group_letter(index: int) -> str:
    """The default name of group ``index``: 0 -> "A", 1 -> "B", ... 25 -> "Z", 26 -> "AA"."""
    if index < 0:
        raise ValueError(f"group index must be >= 0, not {index}")
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def group_name(letter: str, translate: Callable[[str], str] = _identity) -> str:
    """A group's name when staff gave none: "Group A" (``letter`` from :func:`group_letter`)."""
    return translate(_GROUP) % {"letter": letter}


def rounded_percent(part: int, whole: int) -> int:
    """``100 * part / whole`` rounded half up to an integer (as the paper prints shares); 0 when ``whole``
    is 0. Computed in integers, so no floating-point edge can flip a digit.

    Examples
    --------
    >>> rounded_percent(170, 187), rounded_percent(1, 8), rounded_percent(0, 0)
    (91, 13, 0)
    """
    part, whole = int(part), int(whole)
    if whole < 0 or part < 0 or part > whole:
        raise ValueError(f"cannot take a share of {part} out of {whole}")
    if whole == 0:
        return 0
    return (200 * part + whole) // (2 * whole)
