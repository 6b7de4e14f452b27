"""The report as data: every number and sentence the renderers print, and nothing about layout.

:func:`assembly.report.build.build_report` fills these records from a dataset and an analysis
document; the HTML, Markdown, JSON and PDF renderers only format them. Everything is sorted and
free of "now", so the same inputs give the same report.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from assembly.analysis.document import AnalysisDocument, VoteCounts
from assembly.analysis.vocabulary import group_name
from assembly.report.cover import Logo
from assembly.report.language import gettext as _


def group_label(letter: str) -> str:
    """A group's name when staff gave none: "Group A"."""
    return group_name(letter, _)


def interval_label(confidence: float) -> str:
    """The intervals' name at a confidence level: "95% interval"."""
    return _("%(level)s%% interval") % {"level": f"{round(confidence * 100):d}"}


__all__ = [
    "CategoryEntry",
    "CategorySection",
    "ComputeView",
    "FrictionView",
    "GroupShares",
    "GroupView",
    "Headline",
    "MapPoints",
    "MethodSection",
    "ModerationSection",
    "Report",
    "RepresentativeView",
    "StatementView",
    "ThemeCategory",
    "ThemeSection",
    "UnpublishedStatement",
    "notation",
    "shares_dict",
]


def notation(shares: VoteCounts) -> str:
    """The paper's notation, e.g. "(91% agree, 3% disagree, 5% pass)"; "(no votes)" when empty."""
    if shares.withheld:
        # Too few voters on it (assembly.disclosure), or in the consultation: the notices say which.
        return _("(withheld: too few participants)")
    if shares.votes == 0:
        return _("(no votes)")
    return _("(%(agree)s%% agree, %(disagree)s%% disagree, %(pass)s%% pass)") % {
        "agree": shares.agree_pct,
        "disagree": shares.disagree_pct,
        "pass": shares.pass_pct,
    }


def shares_dict(shares: VoteCounts) -> dict[str, int | bool]:
    """A statement's or group's counts as report.json writes them, with the rounded percents."""
    if shares.withheld:
        return {"withheld": True}
    return {
        "agree": shares.agree,
        "disagree": shares.disagree,
        "pass": shares.passes,
        "votes": shares.votes,
        "agree_pct": shares.agree_pct,
        "disagree_pct": shares.disagree_pct,
        "pass_pct": shares.pass_pct,
    }


@dataclass(frozen=True)
class GroupShares:
    """One opinion group's votes on a statement."""

    group_id: int
    label: str
    shares: VoteCounts
    agree_interval: tuple[float, float] | None = None


@dataclass(frozen=True)
class FrictionView:
    """The pair of groups whose support for a statement differs most convincingly, as the report prints it
    (the analysis' own record is :class:`assembly.analysis.categories.Friction`).

    ``difference`` and ``interval`` are measured on groups refitted without the statement (the
    analysis' friction test), so they need not equal the gap between the printed shares."""

    groups: tuple[str, str]  # labels, the more-supporting group first
    agree_pct: tuple[int, int]
    disagree_pct: tuple[int, int]
    difference: float  # half the net-support gap, (agree - disagree) / votes, >= 0
    interval: tuple[float, float]  # adjusted for the pairs and statements tested
    q_value: float | None = None  # None in documents written before the test was adjusted


@dataclass(frozen=True)
class StatementView:
    """A published statement with its votes, intervals, per-group shares and category flags."""

    id: int
    text: str
    theme: str | None
    is_seed: bool
    is_meta: bool
    moderation: str
    shares: VoteCounts
    intervals: dict[str, tuple[float, float]]
    groups: tuple[GroupShares, ...]
    flags: dict[str, str]
    friction: FrictionView | None
    group_aware_consensus: float | None
    # The text as its author wrote it, when ``text`` is an approved translation into the report's language.
    original: str | None = None


@dataclass(frozen=True)
class CategoryEntry:
    """A statement's place in one category: "clear" (placed) or "inconclusive", and why."""

    statement_id: int
    state: str
    evidence: str


@dataclass(frozen=True)
class CategorySection:
    key: str
    title: str
    rule: str
    placed: tuple[CategoryEntry, ...]
    inconclusive: tuple[CategoryEntry, ...]
    note: str | None = None


@dataclass(frozen=True)
class RepresentativeView:
    """A statement that sets a group apart, with its agree share inside and outside the group."""

    statement_id: int
    direction: str  # "agree" or "disagree": how the group's own votes lean (statements.supported_direction)
    inside: VoteCounts
    outside: VoteCounts


@dataclass(frozen=True)
class GroupView:
    id: int
    letter: str
    name: str | None
    size: int
    share_pct: int  # of the voters placed in groups, rounded the paper's way
    centre: tuple[float, float] | None
    representative: tuple[RepresentativeView, ...]
    stability: float | None = None  # mean bootstrap Jaccard, 0-1; None when not measured

    @property
    def label(self) -> str:
        """The staff's name for the group, else "Group A"."""
        return self.name or group_label(self.letter)

    @property
    def heading(self) -> str:
        return f"{group_label(self.letter)}: {self.name}" if self.name else group_label(self.letter)


@dataclass(frozen=True)
class MapPoints:
    """Participants' coordinates for the opinion map (kept out of the JSON: it can be 100,000 rows)."""

    groups: tuple[tuple[tuple[float, ...], tuple[float, ...]], ...]  # per group: (xs, ys)
    unplaced: tuple[tuple[float, ...], tuple[float, ...]] | None


@dataclass(frozen=True)
class Headline:
    participants: int  # voters: anyone with at least one vote
    placed: int  # voters placed in an opinion group
    excluded_participants: int
    votes: int  # latest vote of each participant on each statement
    vote_records: int  # every vote row, changed votes included
    groups: int
    statements_submitted: int
    statements_published: int
    published_seed: int
    published_by_participants: int
    seed_known: bool  # whether the source marks seed statements at all
    accepted: int
    rejected: int
    pending: int
    meta: int
    first_vote: str | None  # ISO dates (UTC), None when the source has no times
    last_vote: str | None


@dataclass(frozen=True)
class ThemeCategory:
    """A theme's statements clearly placed in one category (the paper's "high consensus areas", "friction
    points"...), strongest first."""

    key: str  # a key of assembly.analysis.categories.CATEGORIES
    title: str
    statement_ids: tuple[int, ...]


@dataclass(frozen=True)
class ThemeSection:
    """One theme of the paper's per-theme chapter (built by :mod:`assembly.report.themes`)."""

    name: str
    statement_ids: tuple[int, ...]  # published statements in this theme
    unpublished: int  # submitted but not published (listed in the moderation section)
    submitted: int = 0  # every statement filed under it, published or not (meta statements left out)
    categories: tuple[ThemeCategory, ...] = ()  # only the categories that hold one of its statements
    avenues: str = ""  # the staff's "potential avenues for further work"

    @property
    def published(self) -> int:
        return len(self.statement_ids)


@dataclass(frozen=True)
class UnpublishedStatement:
    id: int
    text: str
    theme: str | None
    moderation: str
    reason: str | None
    votes: int  # latest votes it received before it was taken out (0 if never shown)


@dataclass(frozen=True)
class ModerationSection:
    criteria_known: bool
    decisions_by_reason: tuple[tuple[str, str, int], ...]  # (decision, reason, count)
    unpublished: tuple[UnpublishedStatement, ...]


@dataclass(frozen=True)
class ComputeView:
    """What the analysis cost, as bounds that stay the same from run to run, and the energy estimate."""

    cpu_seconds_bound: str
    peak_memory_bound: str
    energy_bound: str
    carbon_bound: str
    assumptions: tuple[str, ...]


@dataclass(frozen=True)
class MethodSection:
    method: str
    seed: int
    software_version: str
    analysis_version: str
    explanation: tuple[str, ...]  # plain-language paragraphs for curators
    eligibility_rule: str
    rules: tuple[tuple[str, str], ...]  # (name, rule with its threshold)
    checksums: tuple[tuple[str, str], ...]  # (file name, SHA-256)
    compute: ComputeView | None


@dataclass(frozen=True)
class AssistedText:
    """A text a language model drafted and staff approved (assembly.assistant): where it goes (``kind``:
    ``theme-summary``, ``theme-name`` or ``takeaways``; ``theme`` for a theme's), the approved words, and
    its provenance, printed beside it."""

    kind: str
    text: str
    model: str
    prompt_sha256: str
    approved_on: str  # ISO date
    theme: str | None = None


@dataclass(frozen=True)
class ModelFootprint:
    """Every language-model call made for the consultation, added up, and the power assumed for energy."""

    calls: int
    prompt_tokens: int
    completion_tokens: int
    seconds: float
    watts: float

    @property
    def energy_wh(self) -> float:
        return self.seconds * self.watts / 3600


@dataclass(frozen=True)
class Report:
    """The whole report. Sections follow the Alignment Assembly paper's results chapter."""

    title: str
    description: str
    source_name: str
    source_url: str | None
    attribution: str | None
    as_of: str | None  # the last vote's date: the report never says "today"
    notices: tuple[str, ...]
    headline: Headline
    groups: tuple[GroupView, ...]
    statements: tuple[StatementView, ...]  # published statements, by id
    categories: tuple[CategorySection, ...]
    themes: tuple[ThemeSection, ...]
    moderation: ModerationSection
    method: MethodSection
    confidence: float
    map_points: MapPoints | None = None
    analysis: AnalysisDocument | None = None  # the analysis document, rejected statements removed
    withheld: dict[str, Any] | None = None  # what the disclosure rule withheld (Withheld.to_dict), if applied
    institution: str | None = None  # who circulates the report: printed on the cover
    logo: Logo | None = None  # the institution's logo, embedded in the cover
    language: str = "en"  # the language its texts were written in (assembly.report.language)
    assisted: tuple[AssistedText, ...] = ()  # approved language-model text, labelled where shown
    model_footprint: ModelFootprint | None = None  # the language model's calls (None: never used)

    def assisted_for(self, kind: str, theme: str | None = None) -> AssistedText | None:
        """The approved text for one place (the key takeaways; a theme's summary), if any."""
        return next((a for a in self.assisted if a.kind == kind and a.theme == theme), None)

    def statement(self, statement_id: int) -> StatementView:
        for s in self.statements:
            if s.id == statement_id:
                return s
        raise KeyError(statement_id)

    @property
    def confidence_label(self) -> str:
        """E.g. "95% interval"."""
        return interval_label(self.confidence)
