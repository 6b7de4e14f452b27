"""The category and moderation sections of the report (the themes: :mod:`assembly.report.themes`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from assembly.analysis.categories import Thresholds
from assembly.analysis.vocabulary import (
    CATEGORIES,
    Category,
    category_rule,
    category_threshold,
    category_title,
    share_text,
)
from assembly.charts.numbers import format_interval
from assembly.dataset import Dataset
from assembly.report.language import gettext as _
from assembly.report.model import (
    CategoryEntry,
    CategorySection,
    ModerationSection,
    StatementView,
    UnpublishedStatement,
)
from assembly.report.moderation import ModerationRecord, decisions_by_reason, final_decisions
from assembly.report.statements import is_published, uses_strict_moderation

__all__ = ["build_categories", "build_moderation"]


_SHARE_OF = {"consensus": "agree", "majority-disagree": "disagree", "uncertainty": "pass"}


def _measure(key: Category, view: StatementView) -> float:
    if key == "friction":
        return view.friction.difference if view.friction else 0.0
    s = view.shares
    count = {"agree": s.agree, "disagree": s.disagree, "pass": s.passes}[_SHARE_OF[key]]
    return count / s.votes if s.votes else 0.0


def _q_text(q: float) -> str:
    """A q-value as a reader takes it in: "q = 0.012" (two significant digits), or "q < 0.001"."""
    return "q < 0.001" if q < 0.001 else f"q = {q:.2g}"


def _evidence(
    key: Category, view: StatementView, state: str, thresholds: Thresholds, interval_label: str
) -> str:
    t = category_threshold(key, thresholds)
    if key == "friction":
        f = view.friction
        if f is None:
            return _("the groups' support differs")
        lo, hi = f.interval
        # The printed shares are the published groups'; the gap is measured on groups formed without the
        # statement (the test), so it is named as such rather than left for the reader to subtract.
        text = _(
            "%(group1)s %(agree1)s%% agree / %(disagree1)s%% disagree, %(group2)s %(agree2)s%% agree / "
            "%(disagree2)s%% disagree; support %(points)s points apart on groups formed without this "
            "statement (adjusted interval %(interval)s points%(q)s)"
        ) % {
            "group1": f.groups[0],
            "agree1": f.agree_pct[0],
            "disagree1": f.disagree_pct[0],
            "group2": f.groups[1],
            "agree2": f.agree_pct[1],
            "disagree2": f.disagree_pct[1],
            "points": round(f.difference * 100),
            "interval": format_interval(lo, hi)[:-1],
            "q": f", {_q_text(f.q_value)}" if f.q_value is not None else "",
        }
        if state == "inconclusive":
            text += "; " + _(
                "the groups are not shown to differ (the difference could be chance), or they cast too few "
                "votes to be tested"
            )
        return text
    share = _SHARE_OF[key]
    share_name = {"agree": _("agree"), "disagree": _("disagree"), "pass": _("pass")}[share]
    interval = view.intervals.get(share)
    if interval is None:
        return _("%(share)s share meets the threshold") % {"share": share_name}
    words = {"share": share_name, "label": interval_label, "interval": format_interval(*interval)}
    if state == "inconclusive":
        return _("%(share)s: %(label)s %(interval)s, which reaches below the %(threshold)s threshold") % {
            **words,
            "threshold": share_text(t),
        }
    return _("%(share)s: %(label)s %(interval)s") % words


def build_categories(
    views: Sequence[StatementView], thresholds: Thresholds, *, n_groups: int, interval_label: str
) -> list[CategorySection]:
    """One section per category: statements placed ("clear") and inconclusive, strongest first."""
    sections = []
    for key in CATEGORIES:
        flagged = [v for v in views if not v.is_meta and v.flags.get(key) in ("clear", "inconclusive")]
        flagged.sort(key=lambda v: (-_measure(key, v), v.id))
        entries = {
            state: tuple(
                CategoryEntry(v.id, state, _evidence(key, v, state, thresholds, interval_label))
                for v in flagged
                if v.flags[key] == state
            )
            for state in ("clear", "inconclusive")
        }
        note = None
        if key == "friction" and n_groups < 2:
            note = "Friction compares opinion groups, and this analysis found fewer than two."
        sections.append(
            CategorySection(
                key=key,
                title=category_title(key, _),
                rule=category_rule(key, thresholds, _),
                placed=entries["clear"],
                inconclusive=entries["inconclusive"],
                note=note,
            )
        )
    return sections


def build_moderation(
    dataset: Dataset,
    views: Sequence[StatementView],
    votes: Mapping[int, int],
    log: Sequence[ModerationRecord] | None,
) -> ModerationSection:
    """Statements submitted but not published (rejected, or pending and never shown), with reasons when the
    moderation log is known."""
    final = final_decisions(log or [])
    shown = {v.id for v in views}
    strict = uses_strict_moderation(dataset)
    unpublished = tuple(
        UnpublishedStatement(
            id=s.id,
            text=s.text,
            theme=s.theme,
            moderation=s.moderation.value,
            reason=(final.get(s.id, ("", ""))[1] or None),
            votes=votes.get(s.id, 0),
        )
        for s in sorted(dataset.statements, key=lambda s: s.id)
        if s.id not in shown and not is_published(s, votes.get(s.id, 0), strict=strict)
    )
    return ModerationSection(
        criteria_known=log is not None,
        decisions_by_reason=tuple(decisions_by_reason(log or [], [s.id for s in dataset.statements])),
        unpublished=unpublished,
    )
