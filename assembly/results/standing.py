"""Where a participant stands: their place on the opinion map, their group, and the statements where
they vote with their group and where they differ (issue 14 item 1; pol.is's main reward for voting).

Built from the same results page the public sees (:func:`~assembly.results.presentation.build_results_page`,
so the small-numbers rule of :mod:`assembly.disclosure` holds: a participant of a withheld group learns
only that their group is too small to show) plus the participant's own live votes and position, which
only they see: the view that serves this never caches it and marks the response private.

A statement counts as one where the participant is "with" their group when the group has a majority
(more than half of its votes on it) for agree or for disagree and the participant voted the same way;
"differs" when they voted the other way. A pass, theirs or the group's, is no stance and is left out.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from assembly.analysis.document import GroupEntry
from assembly.analysis.eligibility import MIN_VOTES
from assembly.charts import Chart
from assembly.consultations.models import Participant, Vote
from assembly.report.model import StatementView
from assembly.results.presentation import GroupBlock, ResultsPage, chart_words, opinion_map_chart

__all__ = ["MAX_LISTED", "Stance", "Standing", "build_standing"]

# Statements listed as "with your group" and as "where you differ", strongest group majority first.
MAX_LISTED = 5
AGREE, DISAGREE = 1, -1


@dataclass(frozen=True)
class Stance:
    """One statement on which the participant and their group both took a side."""

    view: StatementView
    yours: str  # "agree" or "disagree"
    group_side: str  # the group's majority: "agree" or "disagree"
    group_pct: int  # the share of the group's votes on that side


@dataclass(frozen=True)
class Standing:
    """What the "where do I stand" page says.

    ``state`` is one of: ``"placed"`` (in a group shown on the results), ``"withheld"`` (placed, but the
    results or their group are withheld as too small), ``"waiting"`` (voted enough, not in the latest
    analysis yet), ``"too-few"`` (fewer votes than placing needs) or ``"no-results"`` (no analysis yet).
    """

    state: str
    votes: int  # the participant's live votes
    needed: int  # votes needed to be placed
    group: GroupBlock | None = None
    opinion_map: Chart | None = None
    agree: list[Stance] = field(default_factory=list)
    differ: list[Stance] = field(default_factory=list)

    @property
    def missing(self) -> int:
        return max(self.needed - self.votes, 0)


def _side(value: int) -> str:
    return "agree" if value == AGREE else "disagree"


def _stances(page: ResultsPage, group_id: int, votes: dict[int, int]) -> tuple[list[Stance], list[Stance]]:
    agree: list[Stance] = []
    differ: list[Stance] = []
    for view in page.statements:
        yours = votes.get(view.id)
        if yours not in (AGREE, DISAGREE):
            continue
        cell = next((g.shares for g in view.groups if g.group_id == group_id), None)
        if cell is None or cell.withheld or cell.votes == 0:
            continue
        if cell.agree * 2 > cell.votes:
            side, pct = AGREE, cell.agree_pct
        elif cell.disagree * 2 > cell.votes:
            side, pct = DISAGREE, cell.disagree_pct
        else:
            continue  # the group is split or mostly passes: no side to be with or against
        stance = Stance(view=view, yours=_side(yours), group_side=_side(side), group_pct=pct)
        (agree if yours == side else differ).append(stance)
    return sorted(agree, key=_strongest)[:MAX_LISTED], sorted(differ, key=_strongest)[:MAX_LISTED]


def _strongest(stance: Stance) -> tuple[int, int]:
    """The clearest group majorities first; then by statement number, so the order is reproducible."""
    return (-stance.group_pct, stance.view.id)


def build_standing(page: ResultsPage, participant: Participant | None) -> Standing:
    """Where ``participant`` (None: a visitor who has not voted) stands in the results ``page``."""
    shown = {view.id for view in page.statements}
    votes: dict[int, int] = {}
    if participant is not None:
        votes = dict(Vote.objects.filter(participant=participant).values_list("statement__number", "value"))
    # As the analysis places participants (assembly.analysis.eligibility): seven votes, or every statement
    # when there are fewer; votes on statements no longer shown (rejected) do not count.
    needed = min(MIN_VOTES, max(len(shown), 1))
    counted = sum(1 for number in votes if number in shown)
    if page.withheld is None:
        return Standing("no-results", counted, needed)
    number = participant.number if participant is not None else None
    group_id = page.members.get(number) if number is not None else None
    if group_id is None:
        if number is not None and number in page.withheld.hidden_members:
            return Standing("withheld", counted, needed)
        return Standing("too-few" if counted < needed else "waiting", counted, needed)
    group = next(g for g in page.groups if g.view.id == group_id)
    chart = None
    if number in page.positions:
        labels = {g.view.id: g.label for g in page.groups}
        groups = [GroupEntry(gid, tuple(_members(page, gid))) for gid in labels]
        chart = opinion_map_chart(
            groups, page.positions, labels, page.excluded, chart_words(), you=page.positions[number]
        )
    agree, differ = _stances(page, group_id, votes)
    return Standing("placed", counted, needed, group=group, opinion_map=chart, agree=agree, differ=differ)


def _members(page: ResultsPage, group_id: int) -> list[int]:
    return [p for p, g in page.members.items() if g == group_id]
