"""Build the report from a consultation's data and its analysis document.

This is the one entry point the CLI and the web platform share: it takes plain inputs (a
:class:`~assembly.dataset.Dataset`, the analysis document with its thresholds, participant positions)
and depends on no analysis internals.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from assembly import __version__
from assembly.analysis.categories import Thresholds
from assembly.analysis.document import AnalysisDocument, PcaAxes
from assembly.analysis.types import Moderation
from assembly.analysis.vocabulary import group_letter
from assembly.dataset import Dataset
from assembly.disclosure import Rule, disclose
from assembly.report.compute import ComputeRecord, compute_view
from assembly.report.cover import Logo, read_logo
from assembly.report.language import current_language, gettext
from assembly.report.method import eligibility_rule, explain_method, threshold_rules
from assembly.report.model import (
    AssistedText,
    GroupView,
    Headline,
    MapPoints,
    MethodSection,
    ModelFootprint,
    Report,
    StatementView,
    group_label,
    interval_label,
)
from assembly.report.moderation import ModerationRecord
from assembly.report.sections import build_categories, build_moderation
from assembly.report.statements import build_groups, build_statement_views, resolve_group_names
from assembly.report.themes import ThemeNote, build_theme_chapter

__all__ = ["build_report", "without_statements"]

# The source link the report shows comes from the export's summary.csv, which anyone can write: only a
# plain web address becomes a link (no javascript: or data: URL, nothing that ends a Markdown autolink).
SOURCE_URL = re.compile(r"^https?://[^\s<>\"'`]+$", re.IGNORECASE)


def _date(ms: float) -> str:
    return datetime.fromtimestamp(float(ms) / 1000, tz=UTC).date().isoformat()


def _headline(
    dataset: Dataset,
    doc: AnalysisDocument | None,
    views: Sequence[StatementView],
    groups: Sequence[GroupView],
) -> Headline:
    excluded = dataset.excluded_participant_ids
    latest = dataset.votes.latest()
    keep = ~np.isin(latest.participant_ids, np.fromiter(excluded, np.int64, len(excluded)))
    voters = len(np.unique(latest.participant_ids[keep]))
    timestamps = dataset.votes.timestamps
    has_times = timestamps is not None and len(timestamps) > 0
    statements = dataset.statements
    published = list(views)
    seed = sum(1 for v in published if v.is_seed)
    return Headline(
        participants=doc.participants if doc else voters,
        placed=sum(g.size for g in groups),
        excluded_participants=len(excluded),
        votes=int(keep.sum()),
        vote_records=len(dataset.votes),
        groups=len(groups),
        statements_submitted=len(statements),
        statements_published=len(published),
        published_seed=seed,
        published_by_participants=len(published) - seed,
        seed_known=any(s.is_seed for s in statements),
        accepted=sum(1 for s in statements if s.moderation is Moderation.ACCEPTED),
        rejected=sum(1 for s in statements if s.moderation is Moderation.REJECTED),
        pending=sum(1 for s in statements if s.moderation is Moderation.PENDING),
        meta=sum(1 for s in statements if s.is_meta),
        first_vote=_date(timestamps.min()) if has_times else None,  # type: ignore[union-attr]
        last_vote=_date(timestamps.max()) if has_times else None,  # type: ignore[union-attr]
    )


def _notices(headline: Headline, doc: AnalysisDocument | None) -> list[str]:
    if headline.votes == 0:
        return [
            gettext(
                "No votes have been cast yet, so there are no opinion groups or categories to report. "
                "This report lists the statements and the method only."
            )
        ]
    out = []
    if doc is None:
        out.append(gettext("The analysis did not run on these votes; only counts are reported."))
    elif headline.groups == 0:
        out.append(
            gettext(
                "No participant has voted on enough statements to be placed in an opinion group yet, "
                "so there is no opinion map and no friction between groups."
            )
        )
    elif headline.groups == 1:
        out.append(
            gettext(
                "The analysis found a single opinion group: the votes show no division into groups, so "
                "there is no friction between groups to report."
            )
        )
    return out


def without_statements(doc: AnalysisDocument, hidden: set[int]) -> AnalysisDocument:
    """The analysis document with the hidden (rejected) statements removed everywhere."""
    keep = [i for i, s in enumerate(doc.pca.statement_ids) if s not in hidden]
    return dataclasses.replace(
        doc,
        statements=tuple(s for s in doc.statements if s.id not in hidden),
        repness={g: tuple(r for r in rows if r.statement not in hidden) for g, rows in doc.repness.items()},
        consensus={
            d: tuple(r for r in rows if r.statement not in hidden) for d, rows in doc.consensus.items()
        },
        priorities={k: v for k, v in doc.priorities.items() if k not in hidden},
        pca=PcaAxes(
            center=tuple(doc.pca.center[i] for i in keep),
            components=tuple(tuple(row[i] for i in keep) for row in doc.pca.components),
            statement_ids=tuple(doc.pca.statement_ids[i] for i in keep),
        ),
    )


def _map_points(
    doc: AnalysisDocument | None, positions: Mapping[int, tuple[float, float]] | None, excluded: set[int]
) -> MapPoints | None:
    if not doc or not positions or not doc.groups:
        return None
    groups = sorted(doc.groups, key=lambda g: g.id)
    placed = {m for g in groups for m in g.members}

    def series(ids: Iterable[int]) -> tuple[tuple[float, ...], tuple[float, ...]]:
        pts = [positions[i] for i in sorted(ids) if i in positions]
        return (tuple(float(p[0]) for p in pts), tuple(float(p[1]) for p in pts))

    unplaced_ids = [p for p in positions if p not in placed and p not in excluded]
    return MapPoints(
        groups=tuple(series(g.members) for g in groups),
        unplaced=series(unplaced_ids) if unplaced_ids else None,
    )


def build_report(
    dataset: Dataset,
    analysis_doc: AnalysisDocument | None,
    *,
    positions: Mapping[int, tuple[float, float]] | None,
    group_names: Mapping[str, str] | None = None,
    moderation_log: Sequence[ModerationRecord] | None = None,
    compute: ComputeRecord | None = None,
    source_checksums: Mapping[str, str] | Iterable[tuple[str, str]] = (),
    attribution: str | None = None,
    disclosure: Rule | None = None,
    institution: str | None = None,
    logo: Logo | str | Path | bytes | None = None,
    theme_notes: Sequence[ThemeNote] = (),
    assisted: Sequence[AssistedText] = (),
    model_footprint: ModelFootprint | None = None,
    statement_texts: Mapping[int, str] | None = None,
) -> Report:
    """Assemble the report: headline figures, groups, categories, themes, moderation and method.

    Parameters
    ----------
    dataset : Dataset
        The consultation: statement texts, themes, moderation states, the vote log, participants.
    analysis_doc : AnalysisDocument or None
        The analysis document (``analysis_document``), which carries the thresholds the categories were
        computed with; ``None`` when there are no votes to analyse.
    positions : mapping of participant id to (x, y), or None
        Participants on the PCA plane, for the opinion map.
    group_names : mapping, optional
        Staff names for groups, keyed by letter ("A") or group id ("0").
    moderation_log : sequence of ModerationRecord, optional
        The anonymised moderation log, when known: gives the reasons for decisions.
    compute : ComputeRecord, optional
        What the analysis cost; shown as stable upper bounds with an energy estimate.
    source_checksums : mapping or pairs of (file name, SHA-256)
        The input files, for the method section.
    attribution : str, optional
        A credit line the data's licence requires.
    disclosure : Rule, optional
        The small-numbers rule (:mod:`assembly.disclosure`) every published report applies: figures on
        too few participants are withheld and the report's notices say what and why. ``None`` builds the
        report from the document as given (for a document already disclosed, or the tests of layout).
    institution : str, optional
        The name printed on the cover: who circulates the report.
    logo : Logo, file path or bytes, optional
        The institution's logo for the cover (PNG, JPEG, GIF or SVG; see :func:`read_logo`).
    assisted : sequence of AssistedText, optional
        Language-model text that staff approved (key takeaways, theme summaries), printed with its label.
    model_footprint : ModelFootprint, optional
        The language model's calls, added to the computing cost.
    theme_notes : sequence of ThemeNote, optional
        The staff's themes in their order, with their avenues for further work (the per-theme chapter).
    statement_texts : mapping of statement id to text, optional
        Approved translations of statements into the report's language: the report reads them, and its
        appendix gives each one's original too.

    The report is written in the language in force (:func:`assembly.report.language.speaking`).

    Returns
    -------
    Report

    Raises
    ------
    InputError
        A group name for a group the analysis did not find; a logo that is not an image.
    """
    cover_logo = logo if isinstance(logo, Logo) or logo is None else read_logo(logo)
    doc = analysis_doc
    # Names are checked against the groups the analysis found, withheld ones included (naming a group
    # is not an error because the rule below hides it).
    found = sorted(g.id for g in doc.groups) if doc is not None else []
    all_names = resolve_group_names(group_names, found)
    withheld = None
    if doc is not None and disclosure is not None:
        disclosed, withheld = disclose(doc.to_json(), disclosure)
        doc = AnalysisDocument.from_json(disclosed)
        if positions is not None and withheld.hidden_members:
            positions = {p: xy for p, xy in positions.items() if p not in withheld.hidden_members}
    thresholds = doc.thresholds if doc is not None else Thresholds()
    interval = interval_label(thresholds.confidence)
    group_ids = sorted(g.id for g in doc.groups) if doc is not None else []
    names = {gid: name for gid, name in all_names.items() if gid in group_ids}
    labels = {gid: names.get(gid) or group_label(group_letter(i)) for i, gid in enumerate(group_ids)}
    views, votes = build_statement_views(dataset, doc, labels, statement_texts)
    groups = build_groups(doc, names, views, positions)
    headline = _headline(dataset, doc, views, groups)
    rejected = {s.id for s in dataset.statements if s.moderation is Moderation.REJECTED}
    checksums = source_checksums.items() if isinstance(source_checksums, Mapping) else source_checksums
    summary = dataset.summary
    method = doc.method if doc is not None else ""
    seed = doc.seed if doc is not None else 0
    categories = tuple(build_categories(views, thresholds, n_groups=len(groups), interval_label=interval))
    return Report(
        title=summary.get("topic") or dataset.name or "Consultation",
        description=summary.get("conversation-description") or summary.get("description") or "",
        source_name=dataset.name,
        source_url=summary.get("url") if SOURCE_URL.match(summary.get("url") or "") else None,
        attribution=attribution,
        as_of=headline.last_vote,
        notices=tuple(
            withheld.sentences(gettext) + ([] if withheld.everything else _notices(headline, doc))
            if withheld
            else _notices(headline, doc)
        ),
        headline=headline,
        groups=tuple(groups),
        statements=tuple(views),
        categories=categories,
        themes=tuple(build_theme_chapter(dataset, views, categories, theme_notes)),
        moderation=build_moderation(dataset, views, votes, moderation_log),
        method=MethodSection(
            method=method,
            seed=seed,
            software_version=__version__,
            analysis_version=doc.version if doc is not None else "",
            explanation=tuple(explain_method(method, seed, groups_given=doc.groups_given)) if doc else (),
            eligibility_rule=eligibility_rule(),
            rules=tuple(threshold_rules(thresholds)),
            checksums=tuple(sorted((str(k), str(v)) for k, v in checksums)),
            compute=compute_view(compute) if compute is not None else None,
        ),
        confidence=thresholds.confidence,
        map_points=_map_points(doc, positions, dataset.excluded_participant_ids),
        analysis=without_statements(doc, rejected) if doc else None,
        withheld=withheld.to_dict() if withheld else None,
        institution=" ".join(institution.split()) or None if institution else None,
        logo=cover_logo,
        language=current_language(),
        assisted=tuple(assisted),
        model_footprint=model_footprint,
    )
