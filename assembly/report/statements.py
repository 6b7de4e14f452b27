"""Statement and group views: the analysis document's numbers joined with the dataset's texts and themes.

The analysis document is the contract of :func:`assembly.analysis.serialize.analysis_to_json`
(documented in docs/reference/analysis-json.md): statement ids, latest-vote counts for everyone and per
group, intervals, category flags, groups with their members, representative statements.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from assembly.analysis.types import Moderation
from assembly.charts.numbers import rounded_percent
from assembly.charts.palette import group_letter
from assembly.dataset import Dataset, Statement
from assembly.errors import InputError
from assembly.report.model import Friction, GroupShares, GroupView, RepresentativeView, Shares, StatementView

__all__ = [
    "build_groups",
    "build_statement_views",
    "is_published",
    "uses_strict_moderation",
    "parse_group_names",
    "resolve_group_names",
]

Doc = Mapping[str, Any]


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


def shares_of(counts: Mapping[str, Any] | None, *, withheld: bool = False) -> Shares:
    if withheld:
        return Shares(0, 0, 0, withheld=True)
    if not counts:
        return Shares(0, 0, 0)
    return Shares(int(counts.get("agree", 0)), int(counts.get("disagree", 0)), int(counts.get("pass", 0)))


def _pair(value: Any) -> tuple[float, float] | None:
    """An interval from the document; ``None`` when absent or not finite (the document writes NaN as null)."""
    if not value or value[0] is None or value[1] is None:
        return None
    return (float(value[0]), float(value[1]))


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


def _friction(raw: Mapping[str, Any] | None, groups: tuple[GroupShares, ...]) -> Friction | None:
    if not raw:
        return None
    by_id = {g.group_id: g for g in groups}
    g1, g2 = (int(g) for g in raw["groups"])
    if g1 not in by_id or g2 not in by_id:
        raise ValueError(f"friction names groups {g1} and {g2}, not both among the analysis' groups")
    interval = _pair(raw.get("interval"))
    if raw.get("difference") is None or interval is None:
        return None
    difference = float(raw["difference"])
    lo, hi = interval
    if difference < 0:  # put the more-agreeing group first
        g1, g2, difference, lo, hi = g2, g1, -difference, -hi, -lo
    first, second = by_id[g1], by_id[g2]
    return Friction(
        groups=(first.label, second.label),
        agree_pct=(first.shares.agree_pct, second.shares.agree_pct),
        disagree_pct=(first.shares.disagree_pct, second.shares.disagree_pct),
        difference=difference,
        interval=(lo, hi),
        q_value=None if raw.get("q_value") is None else float(raw["q_value"]),
    )


def build_statement_views(
    dataset: Dataset,
    doc: Doc | None,
    group_labels: Mapping[int, str],
    texts: Mapping[int, str] | None = None,
) -> tuple[list[StatementView], dict[int, int]]:
    """Views of the published statements (by id), and every statement's latest-vote count.

    Rejected statements get no view: they appear only in the moderation section. ``texts``: statement
    id -> its approved translation into the reader's language; such a view reads the translation, and
    keeps the original in ``original``.
    """
    texts = texts or {}
    entries = {int(s["id"]): s for s in (doc or {}).get("statements", [])}
    known = {s.id for s in dataset.statements}
    stray = sorted(set(entries) - known)
    if stray:
        raise ValueError(f"the analysis has statement ids the dataset lacks: {stray[:5]}")
    views, votes = [], {}
    strict = uses_strict_moderation(dataset)
    for statement in sorted(dataset.statements, key=lambda s: s.id):
        entry = entries.get(statement.id, {})
        shares = shares_of(entry, withheld=bool(entry.get("withheld")))
        votes[statement.id] = shares.votes
        # A statement whose counts are withheld was voted on: it was shown.
        if not is_published(statement, max(shares.votes, int(shares.withheld)), strict=strict):
            continue
        intervals = entry.get("intervals") or {}
        group_intervals = intervals.get("groups") or {}
        groups = tuple(
            GroupShares(
                group_id=gid,
                label=label,
                shares=shares_of(
                    (entry.get("groups") or {}).get(str(gid)),
                    withheld=shares.withheld or gid in (entry.get("withheld_groups") or ()),
                ),
                agree_interval=_pair((group_intervals.get(str(gid)) or {}).get("agree")),
            )
            for gid, label in group_labels.items()
        )
        flags = (
            {}
            if statement.is_meta
            else {str(k): str(v) for k, v in sorted((entry.get("flags") or {}).items())}
        )
        gac = entry.get("group_aware_consensus")
        views.append(
            StatementView(
                id=statement.id,
                text=texts.get(statement.id, statement.text),
                theme=statement.theme,
                is_seed=statement.is_seed,
                is_meta=statement.is_meta,
                moderation=statement.moderation.value,
                shares=shares,
                intervals={k: v for k in ("agree", "disagree", "pass") if (v := _pair(intervals.get(k)))},
                groups=groups,
                flags=flags,
                friction=_friction(intervals.get("friction"), groups),
                group_aware_consensus=None if gac is None else float(gac),
                original=statement.text if statement.id in texts else None,
            )
        )
    return views, votes


def supported_direction(inside: Shares, polis_direction: str) -> str:
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


def _sum_shares(parts: Sequence[Shares]) -> Shares:
    return Shares(sum(p.agree for p in parts), sum(p.disagree for p in parts), sum(p.passes for p in parts))


def build_groups(
    doc: Doc | None,
    names: Mapping[int, str],
    views: Sequence[StatementView],
    positions: Mapping[int, tuple[float, float]] | None,
) -> list[GroupView]:
    """The opinion groups in id order, lettered A, B, ...: sizes, centres, representative statements."""
    raw = sorted((doc or {}).get("groups", []), key=lambda g: int(g["id"]))
    placed = sum(len(g["members"]) for g in raw)
    by_statement = {v.id: v for v in views}
    out = []
    for i, g in enumerate(raw):
        gid = int(g["id"])
        members = [int(m) for m in g["members"]]
        points = [positions[m] for m in members if positions and m in positions]
        centre = None
        if points:
            centre = (sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points))
        representative = []
        for r in (doc or {}).get("repness", {}).get(str(gid), []):
            view = by_statement.get(int(r["statement"]))
            if view is None:  # rejected or unknown: never shown outside the moderation section
                continue
            inside = next(s.shares for s in view.groups if s.group_id == gid)
            outside = _sum_shares([s.shares for s in view.groups if s.group_id != gid])
            representative.append(
                RepresentativeView(
                    statement_id=view.id,
                    direction=supported_direction(inside, str(r["direction"])),
                    inside=inside,
                    outside=outside,
                )
            )
        out.append(
            GroupView(
                id=gid,
                letter=group_letter(i),
                name=names.get(gid),
                size=len(members),
                share_pct=rounded_percent(len(members), placed),
                centre=centre,
                representative=tuple(representative),
                stability=None if g.get("stability") is None else float(g["stability"]),
            )
        )
    return out
