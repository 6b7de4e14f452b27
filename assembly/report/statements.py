"""Statement and group views: the analysis document's numbers joined with the dataset's texts and themes.

The analysis document is :class:`assembly.analysis.document.AnalysisDocument` (its JSON is documented in
docs/reference/analysis-json.md): statement ids, latest-vote counts for everyone and per
group, intervals, category flags, groups with their members, representative statements.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from assembly.analysis.categories import Friction
from assembly.analysis.document import AnalysisDocument, StatementEntry, VoteCounts
from assembly.analysis.types import Moderation
from assembly.analysis.vocabulary import group_letter, rounded_percent
from assembly.dataset import Dataset, Statement
from assembly.errors import InputError
from assembly.report.model import FrictionView, GroupShares, GroupView, RepresentativeView, StatementView

__all__ = [
    "build_groups",
    "build_statement_views",
    "is_published",
    "uses_strict_moderation",
    "parse_group_names",
    "resolve_group_names",
]


def parse_group_names(text: str) -> dict[str, str]:
    """Parse ``"A=Boundary-setters,B=Opportunity-seekers"`` into ``{"A": "Boundary-setters", ...}``.

    Keys are group letters (A, B, ...) or group numbers (0, 1, ...). Raises InputError naming the
    faulty part.
    """
    out: dict[str, str] = {}
    for part in text.split(","):
        if not part.strip():
            continue
        key, sep, name = part.partition("=")
        key, name = key.strip(), name.strip()
        if not sep or not key or not name:
            raise InputError(
                f"--group-names: {part.strip()!r} is not of the form LETTER=Name (e.g. A=Boundary-setters)"
            )
        if key.upper() in out or key in out:
            raise InputError(f"--group-names: group {key} is named twice")
        out[key.upper() if key.isalpha() else key] = name
    return out


def resolve_group_names(names: Mapping[str, str] | None, group_ids: Sequence[int]) -> dict[int, str]:
    """Map staff names onto group ids; a name for a group the analysis did not find is an error."""
    if not names:
        return {}
    by_key = {group_letter(i): gid for i, gid in enumerate(group_ids)}
    by_key.update({str(gid): gid for gid in group_ids})
    out: dict[int, str] = {}
    for key, name in sorted(names.items()):
        if key not in by_key:
            found = ", ".join(group_letter(i) for i in range(len(group_ids))) or "none"
            raise InputError(
                f"--group-names names group {key}, but the analysis found {len(group_ids)} group(s): {found}"
            )
        out[by_key[key]] = name
    return out


def uses_strict_moderation(dataset: Dataset) -> bool:
    """Whether only accepted statements are shown: pol.is's ``strict_moderation``, the platform's
    pre-moderation (its export records the same key)."""
    return str(dataset.summary.get("strict_moderation", "")).strip().lower() in ("true", "1", "yes")


def is_published(statement: Statement, votes: int, *, strict: bool = False) -> bool:
    """Accepted statements, and pending ones that were shown (they have votes): pol.is shows
    unmoderated statements unless the conversation uses strict moderation (``strict``), where only
    accepted ones are published. Rejected: never."""
    if statement.moderation is Moderation.REJECTED:
        return False
    return statement.moderation is Moderation.ACCEPTED or (votes > 0 and not strict)


def _friction(friction: Friction | None, groups: tuple[GroupShares, ...]) -> FrictionView | None:
    if friction is None:
        return None
    by_id = {g.group_id: g for g in groups}
    g1, g2 = friction.higher_group, friction.lower_group
    if g1 not in by_id or g2 not in by_id:
        raise ValueError(f"friction names groups {g1} and {g2}, not both among the analysis' groups")
    difference = friction.difference
    lo, hi = friction.interval
    if difference < 0:  # put the more-agreeing group first
        g1, g2, difference, lo, hi = g2, g1, -difference, -hi, -lo
    first, second = by_id[g1], by_id[g2]
    return FrictionView(
        groups=(first.label, second.label),
        agree_pct=(first.shares.agree_pct, second.shares.agree_pct),
        disagree_pct=(first.shares.disagree_pct, second.shares.disagree_pct),
        difference=difference,
        interval=(lo, hi),
        q_value=friction.q_value,
    )


def _group_shares(entry: StatementEntry | None, gid: int, label: str, withheld: bool) -> GroupShares:
    """One group's votes on a statement; withheld with the statement, or when its own cell is."""
    if entry is None:
        return GroupShares(group_id=gid, label=label, shares=VoteCounts(0, 0, 0))
    if withheld or gid in entry.withheld_groups:
        return GroupShares(group_id=gid, label=label, shares=VoteCounts(0, 0, 0, withheld=True))
    bounds = entry.intervals.groups.get(gid) if entry.intervals else None
    agree = None if bounds is None else bounds.finite().get("agree")
    return GroupShares(gid, label, entry.groups.get(gid, VoteCounts(0, 0, 0)), agree_interval=agree)


def _view(
    statement: Statement,
    entry: StatementEntry | None,
    group_labels: Mapping[int, str],
    translation: str | None = None,
) -> StatementView:
    """``translation``: the statement's approved translation into the reader's language, read instead of
    the original, which the view keeps in ``original``."""
    shares = entry.counts if entry is not None else VoteCounts(0, 0, 0)
    intervals = entry.intervals if entry is not None else None
    groups = tuple(_group_shares(entry, gid, label, shares.withheld) for gid, label in group_labels.items())
    flags = (
        {} if statement.is_meta or entry is None else {str(k): str(v) for k, v in sorted(entry.flags.items())}
    )
    return StatementView(
        id=statement.id,
        text=statement.text if translation is None else translation,
        theme=statement.theme,
        is_seed=statement.is_seed,
        is_meta=statement.is_meta,
        moderation=statement.moderation.value,
        shares=shares,
        intervals={} if intervals is None else intervals.overall.finite(),
        groups=groups,
        flags=flags,
        friction=None if intervals is None else _friction(intervals.friction, groups),
        group_aware_consensus=None if entry is None else entry.group_aware_consensus,
        original=None if translation is None else statement.text,
    )


def build_statement_views(
    dataset: Dataset,
    doc: AnalysisDocument | None,
    group_labels: Mapping[int, str],
    texts: Mapping[int, str] | None = None,
) -> tuple[list[StatementView], dict[int, int]]:
    """Views of the published statements (by id), and every statement's latest-vote count.

    Rejected statements get no view: they appear only in the moderation section. ``texts``: statement
    id -> its approved translation into the reader's language; such a view reads the translation, and
    keeps the original in ``original``.
    """
    texts = texts or {}
    entries = {s.id: s for s in (doc.statements if doc is not None else ())}
    known = {s.id for s in dataset.statements}
    stray = sorted(set(entries) - known)
    if stray:
        raise ValueError(f"the analysis has statement ids the dataset lacks: {stray[:5]}")
    views, votes = [], {}
    strict = uses_strict_moderation(dataset)
    for statement in sorted(dataset.statements, key=lambda s: s.id):
        entry = entries.get(statement.id)
        shares = entry.counts if entry is not None else VoteCounts(0, 0, 0)
        votes[statement.id] = shares.votes
        # A statement whose counts are withheld was voted on: it was shown.
        if is_published(statement, max(shares.votes, int(shares.withheld)), strict=strict):
            views.append(_view(statement, entry, group_labels, texts.get(statement.id)))
    return views, votes


def supported_direction(inside: VoteCounts, polis_direction: str) -> str:
    """The direction a representative statement is printed in: the one the group's own votes support
    ("agree" when more of the group agree than disagree, "disagree" when fewer; pol.is's direction
    on a tie).

    pol.is picks the direction that sets the group apart from the rest, and its best-agree rule can
    finalise a statement the group mostly agrees with as "disagree" (the group agrees less than the
    others do); printed as "leans to: disagree" beside "91% agree", that misreads the group. The
    analysis JSON keeps pol.is's direction (parity); pages and reports print this one.
    """
    if inside.agree > inside.disagree:
        return "agree"
    if inside.disagree > inside.agree:
        return "disagree"
    return polis_direction


def _sum_shares(parts: Sequence[VoteCounts]) -> VoteCounts:
    return VoteCounts(
        sum(p.agree for p in parts), sum(p.disagree for p in parts), sum(p.passes for p in parts)
    )


def _representative(
    doc: AnalysisDocument, gid: int, by_statement: Mapping[int, StatementView]
) -> tuple[RepresentativeView, ...]:
    out = []
    for r in doc.repness.get(gid, ()):
        view = by_statement.get(r.statement)
        if view is None:  # rejected or unknown: never shown outside the moderation section
            continue
        inside = next(s.shares for s in view.groups if s.group_id == gid)
        outside = _sum_shares([s.shares for s in view.groups if s.group_id != gid])
        direction = supported_direction(inside, r.direction)
        out.append(RepresentativeView(view.id, direction, inside, outside))
    return tuple(out)


def build_groups(
    doc: AnalysisDocument | None,
    names: Mapping[int, str],
    views: Sequence[StatementView],
    positions: Mapping[int, tuple[float, float]] | None,
) -> list[GroupView]:
    """The opinion groups in id order, lettered A, B, ...: sizes, centres, representative statements."""
    if doc is None:
        return []
    by_statement = {v.id: v for v in views}
    out = []
    for i, g in enumerate(sorted(doc.groups, key=lambda g: g.id)):
        points = [positions[m] for m in g.members if positions and m in positions]
        centre = None
        if points:
            centre = (sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points))
        out.append(
            GroupView(
                id=g.id,
                letter=group_letter(i),
                name=names.get(g.id),
                size=g.size,
                share_pct=rounded_percent(g.size, doc.placed),
                centre=centre,
                representative=_representative(doc, g.id, by_statement),
                stability=g.stability,
            )
        )
    return out
