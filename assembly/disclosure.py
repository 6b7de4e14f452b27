"""What results may be published: the one rule that keeps a small number of people from being singled out.

With one participant, "Group A: 1 participant, 100% agree" is that person's vote. The rule, applied by
:func:`disclose` to the analysis document before anything public reads it (the results page, the
public results API, the report in every format and the publication bundle), is:

- **Too few participants**: below ``min_participants`` voters (default :data:`DEFAULT_MIN_PARTICIPANTS`,
  set per consultation, never below :data:`MIN_CELL`) no vote figure is published at all: no counts or
  shares per statement, no groups, no categories, no map.
- **Small cells**: no figure stands on fewer than :data:`MIN_CELL` participants. A cell is
  a group (its size, its members on the map, its representative statements: groups smaller than
  MIN_CELL are withheld whole), a statement's overall counts (withheld when 1 to MIN_CELL - 1 people
  voted on it), and a group's counts on a statement (withheld when 1 to MIN_CELL - 1 of its members
  voted on it).
- **Differencing**: a statement's overall counts minus the group counts shown leave the votes of
  everyone outside the shown groups (withheld groups and participants not placed). When that remainder
  is 1 to MIN_CELL - 1 voters, the smallest shown group figure on that statement is withheld too
  (secondary suppression), so a withheld cell cannot be recovered by subtraction. Figures that combine
  all groups (group-aware consensus) and the friction between a withheld group and another are
  withheld with the cells they come from. The count of participants in groups (``in_conv``, and the
  status's "in opinion groups") leaves out withheld groups' members, so their size is no difference.

What it does not guard against is documented in docs/reliability-log.md (issue 11 item 9): the number of
participants outside the shown groups can be computed (it is a number of people, not their votes),
and two reports of the same consultation at different times can be differenced.

This module imports nothing from Django or the analysis, so the CLI's report, the web platform and the
bundle share it. Staff-only views may bypass it; each one says so where it does.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "DEFAULT_MIN_PARTICIPANTS",
    "INTERNAL",
    "MIN_CELL",
    "PUBLIC",
    "Rule",
    "Withheld",
    "disclose",
    "public_document",
    "shown_placed",
]

# The smallest number of participants any published figure may rest on: the usual small-cell threshold
# of official statistics (and of the report's meta table since it was written). One site-wide value:
# institutions differ in how many participants they need before publishing, not in what a small cell is.
MIN_CELL = 5
# Results are published once this many participants voted, unless the consultation sets another number
# (the site's default can be changed with the ASSEMBLY_RESULTS_MIN_PARTICIPANTS setting).
DEFAULT_MIN_PARTICIPANTS = 20


@dataclass(frozen=True)
class Rule:
    """How much a publication may show. ``lifted`` (an analyst's internal report) shows every figure."""

    min_participants: int = DEFAULT_MIN_PARTICIPANTS
    min_cell: int = MIN_CELL
    lifted: bool = False

    def __post_init__(self) -> None:
        if self.min_cell < 1:
            raise ValueError(f"min_cell must be at least 1, not {self.min_cell}")
        if self.min_participants < self.min_cell:
            raise ValueError(
                f"min_participants ({self.min_participants}) cannot be below the small-cell threshold "
                f"({self.min_cell})"
            )


PUBLIC = Rule()
INTERNAL = Rule(lifted=True)


def _english(message: str) -> str:
    """The source text itself: the notices' language when the caller gives no translation."""
    return message


@dataclass(frozen=True)
class Withheld:
    """What :func:`disclose` left out, and why (the report prints it; the API returns :meth:`to_dict`)."""

    rule: Rule
    participants: int  # voters in the analysis
    everything: bool = False  # fewer than rule.min_participants: no vote figure at all
    groups: int = 0  # groups withheld whole (fewer than rule.min_cell members)
    statements: tuple[int, ...] = ()  # statements whose counts are withheld (1 to min_cell - 1 voters)
    group_cells: int = 0  # group-by-statement counts withheld (small, or recoverable by subtraction)
    # Members of withheld groups: internal only (kept off the opinion map), never published.
    hidden_members: frozenset[int] = field(default=frozenset(), repr=False)

    @property
    def anything(self) -> bool:
        return self.everything or bool(self.groups or self.statements or self.group_cells)

    def to_dict(self) -> dict[str, Any]:
        """For the API and report.json: the thresholds and how much was withheld (no participant ids)."""
        return {
            "lifted": self.rule.lifted,
            "min_participants": self.rule.min_participants,
            "min_cell": self.rule.min_cell,
            "everything": self.everything,
            "groups": self.groups,
            "statements": list(self.statements),
            "group_cells": self.group_cells,
        }

    def sentences(self, gettext: Callable[[str], str] = _english) -> list[str]:
        """What was withheld and why (the report's notices), in English or through ``gettext``.

        The texts are marked here (``makemessages`` collects them) and translated by the caller's
        ``gettext``, so this module stays free of Django: the report passes its own catalogue reader.
        """
        r = self.rule
        if r.lifted:
            return [
                gettext(
                    "Internal report: the publication rule was lifted, so figures resting on fewer than "
                    "%(cell)s participants are shown. Do not publish this report."
                )
                % {"cell": r.min_cell}
            ]
        if self.everything:
            return [
                gettext(
                    "Results are withheld: %(participants)s participant(s) voted, fewer than the "
                    "%(needed)s this consultation requires before any vote figure is published, "
                    "so that no one's votes can be told from the figures."
                )
                % {"participants": self.participants, "needed": r.min_participants}
            ]
        out = []
        if self.groups:
            out.append(
                gettext(
                    "%(groups)s opinion group(s) of fewer than %(cell)s participants are not shown "
                    "(no size, shares or map marks)."
                )
                % {"groups": self.groups, "cell": r.min_cell}
            )
        if self.statements:
            out.append(
                gettext(
                    "The votes on %(statements)s statement(s) are withheld: fewer than %(cell)s "
                    "participants voted on each."
                )
                % {"statements": len(self.statements), "cell": r.min_cell}
            )
        if self.group_cells:
            out.append(
                gettext(
                    "%(cells)s group figure(s) on single statements are withheld: they rest on fewer "
                    "than %(cell)s participants, or could be worked out from the figures shown."
                )
                % {"cells": self.group_cells, "cell": r.min_cell}
            )
        return out


def _total(counts: Mapping[str, Any] | None) -> int:
    if not counts:
        return 0
    return int(counts.get("agree", 0)) + int(counts.get("disagree", 0)) + int(counts.get("pass", 0))


def _small(n: int, rule: Rule) -> bool:
    """A cell that may not be published: someone, but fewer than min_cell people."""
    return 0 < n < rule.min_cell


def _withhold_statement(entry: dict[str, Any]) -> None:
    entry.update(
        {"agree": 0, "disagree": 0, "pass": 0, "groups": {}, "intervals": {}, "flags": {}, "withheld": True}
    )
    entry["group_aware_consensus"] = None


def _disclose_statement(entry: dict[str, Any], group_ids: list[str], rule: Rule) -> int:
    """Withhold the statement's small cells (in place); returns the number of group cells withheld."""
    cells = entry.get("groups") or {}
    shown = {g: cells[g] for g in group_ids if g in cells and not _small(_total(cells[g]), rule)}
    remainder = _total(entry) - sum(_total(c) for c in shown.values())
    while _small(remainder, rule) and shown:
        # The withheld votes would be the total minus the shown ones: withhold the smallest shown cell
        # too (secondary suppression), so what is left to subtract rests on min_cell people or more.
        smallest = min(shown, key=lambda g: (_total(shown[g]), g))
        remainder += _total(shown.pop(smallest))
    hidden = [g for g in group_ids if g not in shown]
    entry["groups"] = shown
    intervals = entry.get("intervals") or {}
    if intervals.get("groups"):
        intervals["groups"] = {g: v for g, v in intervals["groups"].items() if g in shown}
    friction = intervals.get("friction")
    if friction and not all(str(g) in shown for g in friction.get("groups", [])):
        intervals["friction"] = None
        (entry.get("flags") or {}).pop("friction", None)
    if hidden or len(cells) > len(shown):
        entry["group_aware_consensus"] = None  # a product over every group, withheld ones included
    if hidden:
        entry["withheld_groups"] = [int(g) for g in hidden]
    return len(hidden)


def _pca_without(pca: Mapping[str, Any] | None, hidden: set[int]) -> dict[str, Any] | None:
    """The map's axes without the withheld statements: a statement's ``center`` is the mean vote of those
    who voted on it (one voter: their vote), and its loadings rest on the same few votes."""
    if not pca:
        return None if pca is None else dict(pca)
    keep = [i for i, s in enumerate(pca.get("statement_ids", [])) if int(s) not in hidden]
    return {
        **pca,
        "statement_ids": [pca["statement_ids"][i] for i in keep],
        "center": [pca["center"][i] for i in keep],
        "components": [[row[i] for i in keep] for row in pca.get("components", [])],
    }


def disclose(document: Mapping[str, Any], rule: Rule) -> tuple[dict[str, Any], Withheld]:
    """The analysis document as it may be published under ``rule``, and what was withheld.

    Returns a deep copy; ``document`` is not changed. Withheld statements keep their id and text and get
    ``"withheld": true`` with zero counts; a statement's withheld group cells are listed in
    ``"withheld_groups"``; withheld groups are gone from ``groups``, ``repness`` and every statement.
    Under a lifted rule the document is returned as it is (copied).
    """
    # A deep copy by pickling: the same result as copy.deepcopy, three times faster on a JSON document
    # (the bytes are our own, made on the line itself: nothing untrusted is unpickled).
    out: dict[str, Any] = pickle.loads(pickle.dumps(dict(document), protocol=pickle.HIGHEST_PROTOCOL))  # noqa: S301
    participants = int(out.get("participants", 0))
    if rule.lifted:
        return out, Withheld(rule, participants)
    statements = out.get("statements", [])
    if participants < rule.min_participants:
        members = frozenset(int(m) for g in out.get("groups", []) for m in g["members"])
        for entry in statements:
            _withhold_statement(entry)
        out.update(
            {
                "groups": [],
                "in_conv": [],
                "repness": {},
                "consensus": {"agree": [], "disagree": []},
                "priorities": {},
                "pca": _pca_without(out.get("pca"), {int(s["id"]) for s in statements}),
            }
        )
        return out, Withheld(
            rule,
            participants,
            everything=True,
            statements=tuple(int(s["id"]) for s in statements),
            hidden_members=members,
        )
    small_groups = [g for g in out.get("groups", []) if len(g["members"]) < rule.min_cell]
    hidden_members = frozenset(int(m) for g in small_groups for m in g["members"])
    out["groups"] = [g for g in out.get("groups", []) if len(g["members"]) >= rule.min_cell]
    # Eligible minus placed in shown groups must not give a withheld group's size either.
    out["in_conv"] = [p for p in out.get("in_conv", []) if int(p) not in hidden_members]
    group_ids = [str(g["id"]) for g in out["groups"]]
    withheld_statements, cells = [], 0
    for entry in statements:
        if _small(_total(entry), rule):
            _withhold_statement(entry)
            withheld_statements.append(int(entry["id"]))
        else:
            cells += _disclose_statement(entry, group_ids, rule)
    by_id = {int(s["id"]): s for s in statements}

    def shown_for(group: str, statement: int) -> bool:
        entry = by_id.get(statement, {})
        return not entry.get("withheld") and not entry.get("withheld_groups") and group in entry["groups"]

    out["repness"] = {
        g: [r for r in rows if shown_for(g, int(r["statement"]))]
        for g, rows in (out.get("repness") or {}).items()
        if g in group_ids
    }
    hidden = set(withheld_statements)
    out["consensus"] = {
        d: [r for r in rows if int(r["statement"]) not in hidden]
        for d, rows in (out.get("consensus") or {}).items()
    }
    out["priorities"] = {k: v for k, v in (out.get("priorities") or {}).items() if int(k) not in hidden}
    out["pca"] = _pca_without(out.get("pca"), hidden)
    return out, Withheld(
        rule,
        participants,
        groups=len(small_groups),
        statements=tuple(withheld_statements),
        group_cells=cells,
        hidden_members=hidden_members,
    )


def public_document(document: Mapping[str, Any]) -> dict[str, Any]:
    """A disclosed document without participant ids: groups give their size instead of their members,
    and the list of participants eligible for a group (``in_conv``) becomes its length."""
    out = dict(document)
    out["groups"] = [{"id": g["id"], "size": len(g["members"])} for g in document.get("groups", [])]
    out["in_conv"] = len(document.get("in_conv") or [])
    return out


def shown_placed(document: Mapping[str, Any], rule: Rule = PUBLIC) -> int:
    """Participants in the groups a publication shows (withheld groups' members are not counted)."""
    if rule.lifted:
        return sum(len(g["members"]) for g in document.get("groups", []))
    if int(document.get("participants", 0)) < rule.min_participants:
        return 0
    return sum(len(g["members"]) for g in document.get("groups", []) if len(g["members"]) >= rule.min_cell)
