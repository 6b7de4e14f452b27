"""What the results page shows, built from the database (counts, moderation) and the latest snapshot.

The statement, group and category views come from the report's builders
(:mod:`assembly.report.statements`, :mod:`assembly.report.sections`), and the charts from
:mod:`assembly.charts`, so the results page and the report agree number for number. This module only
adds what is live: today's counts and moderation states (a statement rejected after the analysis ran
disappears at once), the staff's group names, and how fresh the analysis is.

Only statements participants can see appear (accepted ones, plus pending ones in post-moderation):
a rejected statement never does, nor one still hidden by pre-moderation.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import cast

from django.core.cache import cache
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from assembly.analysis.categories import Thresholds
from assembly.analysis.document import AnalysisDocument, GroupEntry
from assembly.analysis.summary import stability_band
from assembly.analysis.vocabulary import Category, category_rule, category_title, group_name
from assembly.charts import BarRow, Chart, ChartWords, MapSeries, group_letter, opinion_map, vote_bars
from assembly.charts.words import translated_words
from assembly.consultations.counts import count
from assembly.consultations.datasets import statement_records
from assembly.consultations.languages import viewer_language
from assembly.consultations.models import Consultation, Participant, Statement
from assembly.consultations.translations import group_names as translated_group_names
from assembly.consultations.translations import statement_texts
from assembly.dataset import Dataset
from assembly.disclosure import Withheld, disclose
from assembly.report.build import without_statements
from assembly.report.model import GroupView, RepresentativeView, StatementView
from assembly.report.sections import build_categories
from assembly.report.statements import build_groups, build_statement_views
from assembly.results.models import AnalysisSnapshot, GroupName
from assembly.results.snapshots import change_marker, needs_refresh

__all__ = [
    "MAX_PER_CATEGORY",
    "STALE_WARNING_SECONDS",
    "CategoryBlock",
    "Counts",
    "Freshness",
    "GroupBlock",
    "ResultsPage",
    "Status",
    "Summary",
    "build_results_page",
    "build_status",
    "cached_status",
    "chart_words",
    "disclosed_document",
    "group_labels",
    "opinion_map_chart",
    "published_document",
]

# Results that lag behind the votes for longer than this are flagged as old: the runner refreshes
# within a few seconds, so a longer lag means the analysis has stopped or keeps failing.
STALE_WARNING_SECONDS = 30
# Statements listed per category on the page, strongest first (the report lists them all); five, like
# the pol.is report's lists, keeps the live page short enough to refresh.
MAX_PER_CATEGORY = 5
# Statements the plain-language summary names per finding (what most agree on, where groups split):
# the strongest few; the categories below list more, the report all.
SUMMARY_ITEMS = 3
# Live counts and freshness are reused this long across requests: at most one count per second per
# process, however many people watch the results page.
STATUS_CACHE_SECONDS = 1


@dataclass(frozen=True)
class Counts:
    """Live counts from the database, each as :mod:`assembly.consultations.counts` defines it."""

    participants: int  # participants who voted (excluded ones left out), as the report counts them
    joined: int  # everyone who voted or submitted a statement
    excluded: int  # participants a moderator excluded from the analysis
    votes: int  # live votes: one per participant and statement
    statements: int  # statements published: shown to participants
    submitted: int  # every statement, whatever its state
    pending: int  # submissions awaiting moderation
    rejected: int
    placed: int | None  # participants in opinion groups, from the analysis (None before the first)


@dataclass(frozen=True)
class Freshness:
    """How current the results are."""

    finished_at: datetime | None
    age_seconds: float | None
    duration_seconds: float | None
    behind: bool  # votes or moderation changed since the analysis
    old: bool  # behind for longer than STALE_WARNING_SECONDS: the analysis may have stopped
    failed: bool  # the latest run failed
    error: str  # its error (shown to staff only)


@dataclass(frozen=True)
class GroupBlock:
    view: GroupView
    label: str
    representative: list[tuple[StatementView, RepresentativeView]]
    stability: str = ""  # the stability figure with its reading, "" when not measured
    name: str = ""  # the staff's name for the group ("" when it goes by its letter), for the naming field


@dataclass(frozen=True)
class CategoryBlock:
    key: str
    title: str
    rule: str
    entries: list[tuple[StatementView, str, Chart]]  # statement, "clear"/"inconclusive", its bars
    more: int  # entries left out (beyond MAX_PER_CATEGORY)
    level: str = "95"  # the intervals' confidence level in percent, from the document's thresholds


@dataclass(frozen=True)
class Summary:
    """The results in plain words, read first (issue 14 item 2): the clear findings only, strongest first.

    Taken from the categories' clear entries, so the summary never says more than the categories do."""

    agreed: list[StatementView]  # clear consensus: most agree
    disagreed: list[StatementView]  # clear majority disagree
    split: list[StatementView]  # clear friction: the groups differ (``view.friction`` names the pair)

    @property
    def anything(self) -> bool:
        return bool(self.agreed or self.disagreed or self.split)


@dataclass(frozen=True)
class Status:
    """The cheap part of the page, refreshed every few seconds: counts and freshness."""

    counts: Counts
    freshness: Freshness

    @property
    def version(self) -> str:
        """Identifies the analysis shown: changes exactly when a new analysis is stored."""
        finished = self.freshness.finished_at
        return finished.isoformat() if finished else "none"


@dataclass(frozen=True)
class ResultsPage:
    consultation: Consultation
    status: Status
    groups: list[GroupBlock]
    opinion_map: Chart | None
    categories: list[CategoryBlock]
    statements: list[StatementView]
    withheld: Withheld | None = None  # what the disclosure rule kept off the page (None: no analysis yet)
    structure: str = ""  # what the structure test found, "" when it did not run
    # Participant number -> group id, for the groups shown; and the map positions that may be shown
    # (withheld groups' members left out). Read by "where do I stand" (assembly.results.standing).
    members: dict[int, int] = field(default_factory=dict)
    positions: dict[int, tuple[float, float]] = field(default_factory=dict)
    excluded: frozenset[int] = frozenset()
    summary: Summary | None = None  # None before the first analysis or when every figure is withheld
    thresholds: Thresholds | None = None  # the analysis document's (None before the first analysis)


def _counts(consultation: Consultation, snapshot: AnalysisSnapshot | None) -> Counts:
    live = count(consultation)
    return Counts(
        participants=live.participants_voted,
        joined=live.participants_joined,
        excluded=live.participants_excluded,
        votes=live.votes,
        statements=live.statements_published,
        submitted=live.statements_submitted,
        pending=live.statements_pending,
        rejected=live.statements_rejected,
        placed=snapshot.placed if snapshot is not None and snapshot.has_results else None,
    )


def _freshness(consultation: Consultation, snapshot: AnalysisSnapshot | None) -> Freshness:
    if snapshot is None:
        return Freshness(None, None, None, behind=True, old=False, failed=False, error="")
    now = timezone.now()
    age = snapshot.age_seconds(now)
    behind = needs_refresh(snapshot, change_marker(consultation), now=now) or (
        snapshot.failed_last and snapshot.has_results
    )
    reference = snapshot.finished_at or consultation.created_at
    old = behind and (now - reference).total_seconds() > STALE_WARNING_SECONDS
    return Freshness(
        finished_at=snapshot.finished_at,
        age_seconds=age,
        duration_seconds=snapshot.duration_seconds,
        behind=behind,
        old=old,
        failed=snapshot.failed_last,
        error=snapshot.error,
    )


def _status(consultation: Consultation, snapshot: AnalysisSnapshot | None) -> Status:
    return Status(counts=_counts(consultation, snapshot), freshness=_freshness(consultation, snapshot))


def build_status(consultation: Consultation) -> Status:
    """The live counts and how fresh the latest analysis is (a few small queries)."""
    snapshot = (
        AnalysisSnapshot.objects.filter(consultation=consultation).defer("document", "positions").first()
    )
    return _status(consultation, snapshot)


def cached_status(consultation: Consultation) -> Status:
    """:func:`build_status`, reused for :data:`STATUS_CACHE_SECONDS` by every request of this process
    (every open results page polls it)."""
    key = f"results-status:{consultation.pk}:{consultation.created_at.isoformat()}"
    status: Status | None = cache.get(key)
    if status is None:
        status = build_status(consultation)
        cache.set(key, status, STATUS_CACHE_SECONDS)
    return status


def published_document(consultation: Consultation, document: AnalysisDocument) -> AnalysisDocument:
    """The analysis document without the statements participants cannot see (rejected ones, and
    pending ones under pre-moderation): not in the statement list, the representative and consensus
    lists, the priorities or the map's axes (the report hides rejected ones the same way)."""
    visible = set(Statement.objects.visible_to_participants(consultation).values_list("number", flat=True))
    hidden = {s.id for s in document.statements} - visible
    return without_statements(document, hidden)


def disclosed_document(
    consultation: Consultation, document: AnalysisDocument
) -> tuple[AnalysisDocument, Withheld]:
    """The analysis document as the public may see it: :func:`published_document` (no statement
    participants cannot see), then the consultation's small-numbers rule (:mod:`assembly.disclosure`).
    The results page shows this to staff too, so they see exactly what the public sees."""
    published = published_document(consultation, document).to_json()
    disclosed, withheld = disclose(published, consultation.disclosure_rule())
    return AnalysisDocument.from_json(disclosed), withheld


def group_labels(consultation: Consultation, group_ids: list[int]) -> dict[int, str]:
    """Group id -> the staff's name for it, or "Group A", "Group B", ... in id order."""
    names = dict(GroupName.objects.filter(consultation=consultation).values_list("group", "name"))
    names = translated_group_names(consultation, names, viewer_language())
    return {gid: names.get(gid) or group_name(group_letter(i), _) for i, gid in enumerate(sorted(group_ids))}


def chart_words() -> ChartWords:
    """The words and number formats of the charts, in the active language (English included: the
    counts' nouns agree with them, "1 vote")."""

    def integer(n: int) -> str:
        return number_format(n, force_grouping=True)

    def decimal(value: float) -> str:
        # Rounded as the report rounds (f"{:.2f}"), then written with the language's decimal separator.
        return number_format(Decimal(f"{value:.2f}"), decimal_pos=2)

    return translated_words(_, ngettext, integer=integer, decimal=decimal)


def opinion_map_chart(
    groups: Sequence[GroupEntry],
    where: dict[int, tuple[float, float]],
    labels: dict[int, str],
    excluded: set[int] | frozenset[int],
    words: ChartWords,
    *,
    you: tuple[float, float] | None = None,
) -> Chart | None:
    """The opinion map of ``groups`` (a document's); ``you`` rings one participant's own position (their
    "where do I stand" page only), under another chart id so both maps may share a page."""
    if not groups or not where:
        return None
    series, placed = [], set()
    for group in sorted(groups, key=lambda g: g.id):
        members = [m for m in group.members if m in where]
        placed.update(members)
        series.append(
            MapSeries(
                label=labels[group.id],
                x=[where[m][0] for m in members],
                y=[where[m][1] for m in members],
            )
        )
    rest = [p for p in where if p not in placed and p not in excluded]
    unplaced = (
        MapSeries(label=_("Not placed yet"), x=[where[p][0] for p in rest], y=[where[p][1] for p in rest])
        if rest
        else None
    )
    title = _("Participants on the opinion map, by group")
    if you is None:
        return opinion_map(series, chart_id="opinion-map", title=title, unplaced=unplaced, words=words)
    return opinion_map(
        series,
        chart_id="your-map",
        title=_("You on the opinion map"),
        unplaced=unplaced,
        words=words,
        you=you,
        you_label=_("You"),
    )


def _bars(view: StatementView, chart_id: str, words: ChartWords, interval_name: str) -> Chart:
    rows = [BarRow(_("All participants"), view.shares.agree, view.shares.disagree, view.shares.passes)]
    rows += [
        BarRow(g.label, g.shares.agree, g.shares.disagree, g.shares.passes, agree_interval=g.agree_interval)
        for g in view.groups
        if not g.shares.withheld  # too few voters to publish (assembly.disclosure): no bar
    ]
    return vote_bars(rows, chart_id=chart_id, title=view.text, interval_name=interval_name, words=words)


def _stability_text(stability: float | None) -> str:
    """A group's stability figure with its reading (Hennig's bands), in the page's language."""
    if stability is None:
        return ""
    bands = {
        "highly stable": _("highly stable"),
        "stable": _("stable"),
        "doubtful": _("doubtful"),
        "dissolves": _("dissolves"),
    }
    return _(
        "Stability %(value)s (%(band)s): how well this group is found again when the participants are "
        "resampled (1 = always the same members; 0.75 or more is stable, 0.5 or less means the group "
        "dissolves)."
    ) % {"value": number_format(Decimal(f"{stability:.2f}"), 2), "band": bands[stability_band(stability)]}


def _structure_text(document: AnalysisDocument) -> str:
    """What the structure test found, with its p-value, in the page's language ("" when it did not run)."""
    test = document.structure
    if test is None:
        return ""
    p_value = number_format(Decimal(f"{test.p_value:.2f}"), 2)
    if test.distinct_groups:
        return _(
            "A test confirms that the votes hold opinion groups (p = %(p)s): they are more strongly "
            "patterned than shuffled copies that keep every statement's votes but break the links between "
            "statements."
        ) % {"p": p_value}
    return _(
        "The votes show no distinct opinion groups (p = %(p)s): they are no more patterned than shuffled "
        "copies that keep every statement's votes but break the links between statements, so everyone is "
        "shown as one group."
    ) % {"p": p_value}


def build_results_page(consultation: Consultation) -> ResultsPage:
    """Everything the results page shows for ``consultation``, as of now: live counts, freshness, and
    from the latest snapshot the opinion map, the groups, the categories and every visible statement.
    """
    snapshot = AnalysisSnapshot.objects.filter(consultation=consultation).first()
    status = _status(consultation, snapshot)
    if snapshot is None or snapshot.document is None:
        return ResultsPage(consultation, status, [], None, [], [])

    document, withheld = disclosed_document(consultation, AnalysisDocument.from_json(snapshot.document))
    group_ids = sorted(g.id for g in document.groups)
    labels = group_labels(consultation, group_ids)
    record = Dataset(statements=statement_records(consultation), name=consultation.slug)
    language = viewer_language()
    views, _votes = build_statement_views(record, document, labels, statement_texts(consultation, language))
    visible = set(Statement.objects.visible_to_participants(consultation).values_list("number", flat=True))
    views = [v for v in views if v.id in visible]
    by_id = {v.id: v for v in views}
    group_views = build_groups(document, {}, views, None)
    names = dict(GroupName.objects.filter(consultation=consultation).values_list("group", "name"))
    groups = [
        GroupBlock(
            view=g,
            label=labels[g.id],
            representative=[(by_id[r.statement_id], r) for r in g.representative],
            stability=_stability_text(g.stability),
            name=names.get(g.id, ""),
        )
        for g in group_views
    ]
    excluded = frozenset(
        Participant.objects.filter(consultation=consultation, excluded=True).values_list("number", flat=True)
    )
    words = chart_words()
    where = {p: xy for p, xy in snapshot.position_map().items() if p not in withheld.hidden_members}
    chart = opinion_map_chart(document.groups, where, labels, excluded, words)
    categories = []
    thresholds = document.thresholds
    # The intervals' level is the document's, in the page's language (the report's own words are its own).
    level = f"{round(thresholds.confidence * 100):d}"
    label = _("%(level)s%% interval") % {"level": level}
    for section in build_categories(views, thresholds, n_groups=len(group_ids), interval_label=label):
        entries = list(section.placed) + list(section.inconclusive)
        key = cast(Category, section.key)
        shown = [by_id[e.statement_id] for e in entries[:MAX_PER_CATEGORY]]
        categories.append(
            CategoryBlock(
                key=section.key,
                title=category_title(key, _),
                rule=category_rule(key, thresholds, _),
                entries=[
                    (view, entry.state, _bars(view, f"{section.key}-{view.id}", words, label))
                    for view, entry in zip(shown, entries, strict=False)
                ],
                more=max(len(entries) - MAX_PER_CATEGORY, 0),
                level=level,
            )
        )
    clear = {c.key: [view for view, state, _chart in c.entries if state == "clear"] for c in categories}
    summary = Summary(
        agreed=clear.get("consensus", [])[:SUMMARY_ITEMS],
        disagreed=clear.get("majority-disagree", [])[:SUMMARY_ITEMS],
        split=[v for v in clear.get("friction", []) if v.friction is not None][:SUMMARY_ITEMS],
    )
    return ResultsPage(
        consultation=consultation,
        status=status,
        summary=None if withheld.everything else summary,
        groups=groups,
        opinion_map=chart,
        categories=categories,
        statements=views,
        withheld=withheld,
        structure=_structure_text(document),
        members=document.group_of(),
        positions=where,
        excluded=excluded,
        thresholds=thresholds,
    )
