"""The analysis as a document (:class:`~assembly.analysis.document.AnalysisDocument`) and the map positions.

The document's JSON is documented in ``docs/reference/analysis-json.md``; its top-level keys are fixed.
Statement texts and moderation states come from a *record* of the consultation: any object with a
``statements`` sequence whose items have ``id``, ``text``, ``moderation`` (a :class:`Moderation`) and
``is_meta`` (``assembly.dataset.Dataset`` is one). This module reads no files.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Protocol

import numpy as np

from assembly.analysis.categories import Shares, StatementCategories
from assembly.analysis.document import (
    AnalysisDocument,
    ConsensusEntry,
    GroupEntry,
    PcaAxes,
    RepnessEntry,
    ShareIntervals,
    StatementEntry,
    StatementIntervals,
    StructureEntry,
    VoteCounts,
)
from assembly.analysis.representative import RepresentativeStatement
from assembly.analysis.result import AnalysisResult, StatementInfo
from assembly.analysis.types import Moderation, VoteLog

__all__ = [
    "analysis_document",
    "analysis_to_json",
    "participant_positions",
    "run_record_analysis",
    "statement_infos",
]

JSON = dict[str, Any]


class StatementRecord(Protocol):
    id: int
    text: str
    moderation: Moderation
    is_meta: bool


class ConsultationRecord(Protocol):
    @property
    def statements(self) -> Sequence[StatementRecord]: ...

    @property
    def votes(self) -> VoteLog: ...


def statement_infos(statements: Iterable[StatementRecord]) -> list[StatementInfo]:
    """The moderation facts the analysis needs, from statement records."""
    return [StatementInfo(id=int(s.id), moderation=s.moderation, is_meta=bool(s.is_meta)) for s in statements]


def run_record_analysis(
    record: ConsultationRecord,
    *,
    method: str = "stable",
    seed: int = 0,
    excluded_participant_ids: Iterable[int] = (),
    **options: Any,
) -> AnalysisResult:
    """Run :func:`assembly.analysis.run_analysis` on a consultation record (e.g. a ``Dataset``)."""
    from assembly.analysis.pipeline import run_analysis

    excluded = set(excluded_participant_ids)
    excluded |= set(getattr(record, "excluded_participant_ids", ()) or ())
    return run_analysis(
        record.votes,
        statements=statement_infos(record.statements),
        method=method,  # type: ignore[arg-type]
        seed=seed,
        excluded_participant_ids=sorted(excluded),
        **options,
    )


def _number(x: float) -> float | None:
    """A JSON-safe float: NaN and infinities become null."""
    x = float(x)
    return x if math.isfinite(x) else None


def _intervals(shares: Shares) -> ShareIntervals:
    return ShareIntervals(shares.agree_interval, shares.disagree_interval, shares.pass_interval)


def _counts(shares: Shares) -> VoteCounts:
    return VoteCounts(int(shares.n_agree), int(shares.n_disagree), int(shares.n_pass))


_UNKNOWN = ShareIntervals((0.0, 1.0), (0.0, 1.0), (0.0, 1.0))


def _statement_entry(
    record: StatementRecord,
    column: int | None,
    result: AnalysisResult,
    categories: Sequence[StatementCategories],
) -> StatementEntry:
    sid, text, moderation, is_meta = int(record.id), record.text, record.moderation, bool(record.is_meta)
    if column is None:  # no votes at all: not a column of the matrix
        groups = range(result.n_groups)
        return StatementEntry(
            sid,
            text,
            moderation,
            is_meta,
            counts=VoteCounts(0, 0, 0),
            groups={g: VoteCounts(0, 0, 0) for g in groups},
            group_aware_consensus=None,
            flags={},
            intervals=StatementIntervals(_UNKNOWN, {g: _UNKNOWN for g in groups}, None),
        )
    cat = categories[column]
    return StatementEntry(
        sid,
        text,
        moderation,
        is_meta,
        counts=_counts(cat.overall),
        groups={g: _counts(shares) for g, shares in enumerate(cat.groups)},
        group_aware_consensus=_number(result.group_aware_consensus[column]),
        flags=dict(cat.flags),
        intervals=StatementIntervals(
            _intervals(cat.overall),
            {g: _intervals(shares) for g, shares in enumerate(cat.groups)},
            cat.friction,
        ),
    )


def analysis_document(result: AnalysisResult, record: ConsultationRecord) -> AnalysisDocument:
    """The analysis as the typed document every view reads (docs/reference/analysis-json.md).

    Parameters
    ----------
    result : AnalysisResult
        What :func:`run_analysis` returned for ``record``'s votes.
    record : a consultation record
        Gives statement texts and moderation states; statements without votes are listed with zero counts.

    Deterministic: the same result gives the same document (and the same JSON, key order included).
    """
    matrix = result.matrix
    pids = matrix.participant_ids
    column_of = {int(sid): j for j, sid in enumerate(matrix.statement_ids)}
    labels, stability = result.group_labels, result.group_stability
    groups = tuple(
        GroupEntry(
            id=g,
            members=tuple(sorted(int(p) for p in pids[labels == g])),
            stability=_number(stability[g]) if g < len(stability) else None,
        )
        for g in range(result.n_groups)
    )
    statements = tuple(
        _statement_entry(s, column_of.get(int(s.id)), result, result.categories)
        for s in sorted(record.statements, key=lambda s: int(s.id))
    )
    return AnalysisDocument(
        participants=int(len(pids)),
        in_conv=tuple(sorted(int(p) for p in pids[result.eligible])),
        groups=groups,
        statements=statements,
        repness={g: tuple(_repness(r) for r in reps) for g, reps in enumerate(result.representative)},
        consensus={
            direction: tuple(
                ConsensusEntry(
                    int(c.statement_id),
                    int(c.n_success),
                    int(c.n_trials),
                    _number(c.p_success),
                    _number(c.p_test),
                )
                for c in getattr(result.consensus, direction)
            )
            for direction in ("agree", "disagree")
        },
        pca=PcaAxes(
            center=tuple(_number(x) for x in result.pca.center),
            components=tuple(tuple(_number(x) for x in row) for row in result.pca.components),
            statement_ids=tuple(int(s) for s in matrix.statement_ids),
        ),
        priorities={
            int(sid): _number(p) for sid, p in zip(matrix.statement_ids, result.priorities, strict=True)
        },
        group_source="given" if result.groups_given else "analysis",
        structure=_structure(result),
        method=result.method,
        seed=int(result.seed),
        version=result.version,
        thresholds=result.thresholds,
    )


def analysis_to_json(result: AnalysisResult, record: ConsultationRecord) -> JSON:
    """:func:`analysis_document` as JSON-ready data (:meth:`AnalysisDocument.to_json`)."""
    return analysis_document(result, record).to_json()


def _repness(r: RepresentativeStatement) -> RepnessEntry:
    return RepnessEntry(
        statement=int(r.statement_id),
        direction=r.direction,
        repness=_number(r.repness),
        repness_test=_number(r.repness_test),
        p_success=_number(r.p_success),
        p_test=_number(r.p_test),
        n_success=int(r.n_success),
        n_trials=int(r.n_trials),
        best_agree=bool(r.best_agree),
    )


def _structure(result: AnalysisResult) -> StructureEntry | None:
    """The structure test behind the number of groups (None when it was not run)."""
    test = result.structure
    if test is None:
        return None
    return StructureEntry(
        observed=_number(test.statistic),
        null_max=_number(test.null_max),
        nulls=int(test.n_nulls),
        p_value=_number(test.p_value),
        participants=int(test.n_participants),
        distinct_groups=bool(test.distinct),
    )


def participant_positions(result: AnalysisResult) -> Mapping[int, tuple[float, float]]:
    """Each participant's place on the opinion map (the PCA plane), by participant id."""
    xy = np.asarray(result.participant_projection, dtype=np.float64)
    return {int(p): (float(x), float(y)) for p, (x, y) in zip(result.matrix.participant_ids, xy, strict=True)}
