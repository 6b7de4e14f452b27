"""The analysis as plain data: the ``assembly analyze --json`` document and the opinion-map positions.

The document's schema is documented in ``docs/reference/analysis-json.md``; its top-level keys are fixed.
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
from assembly.analysis.result import AnalysisResult, StatementInfo
from assembly.analysis.types import Moderation, VoteLog

__all__ = [
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


def _interval(pair: tuple[float, float]) -> list[float | None]:
    return [_number(pair[0]), _number(pair[1])]


def _counts(shares: Shares) -> JSON:
    return {"agree": int(shares.n_agree), "disagree": int(shares.n_disagree), "pass": int(shares.n_pass)}


def _share_intervals(shares: Shares) -> JSON:
    return {
        "agree": _interval(shares.agree_interval),
        "disagree": _interval(shares.disagree_interval),
        "pass": _interval(shares.pass_interval),
    }


def _statement_entry(
    record: StatementRecord,
    column: int | None,
    result: AnalysisResult,
    categories: Sequence[StatementCategories],
) -> JSON:
    entry: JSON = {
        "id": int(record.id),
        "text": record.text,
        "moderation": record.moderation.value,
        "is_meta": bool(record.is_meta),
    }
    if column is None:  # no votes at all: not a column of the matrix
        entry.update(
            agree=0,
            disagree=0,
            **{"pass": 0},
            groups={str(g): {"agree": 0, "disagree": 0, "pass": 0} for g in range(result.n_groups)},
            group_aware_consensus=None,
            flags={},
            intervals={
                "agree": [0.0, 1.0],
                "disagree": [0.0, 1.0],
                "pass": [0.0, 1.0],
                "groups": {
                    str(g): {"agree": [0.0, 1.0], "disagree": [0.0, 1.0], "pass": [0.0, 1.0]}
                    for g in range(result.n_groups)
                },
                "friction": None,
            },
        )
        return entry
    cat = categories[column]
    entry.update(_counts(cat.overall))
    entry["groups"] = {str(g): _counts(shares) for g, shares in enumerate(cat.groups)}
    entry["group_aware_consensus"] = _number(result.group_aware_consensus[column])
    entry["flags"] = {name: str(evidence) for name, evidence in cat.flags.items()}
    intervals = _share_intervals(cat.overall)
    intervals["groups"] = {str(g): _share_intervals(shares) for g, shares in enumerate(cat.groups)}
    intervals["friction"] = (
        None
        if cat.friction is None
        else {
            "groups": [int(cat.friction.higher_group), int(cat.friction.lower_group)],
            "difference": _number(cat.friction.difference),
            "interval": _interval(cat.friction.interval),
            "p_value": None if cat.friction.p_value is None else _number(cat.friction.p_value),
            "q_value": None if cat.friction.q_value is None else _number(cat.friction.q_value),
        }
    )
    entry["intervals"] = intervals
    return entry


def analysis_to_json(result: AnalysisResult, record: ConsultationRecord) -> JSON:
    """The analysis as one JSON-ready document (schema: docs/reference/analysis-json.md).

    Parameters
    ----------
    result : AnalysisResult
        What :func:`run_analysis` returned for ``record``'s votes.
    record : a consultation record
        Gives statement texts and moderation states; statements without votes are listed with zero counts.

    Returns
    -------
    dict
        Keys: participants, in_conv, groups, statements, repness, consensus, pca, priorities, method, seed,
        version. Deterministic: the same result gives the same document, key order included.
    """
    matrix = result.matrix
    pids = matrix.participant_ids
    column_of = {int(sid): j for j, sid in enumerate(matrix.statement_ids)}
    labels = result.group_labels
    groups = [
        {"id": g, "members": sorted(int(p) for p in pids[labels == g])} for g in range(result.n_groups)
    ]
    categories = result.categories
    statements = [
        _statement_entry(s, column_of.get(int(s.id)), result, categories)
        for s in sorted(record.statements, key=lambda s: int(s.id))
    ]
    repness = {
        str(g): [
            {
                "statement": int(r.statement_id),
                "direction": r.direction,
                "repness": _number(r.repness),
                "repness_test": _number(r.repness_test),
                "p_success": _number(r.p_success),
                "p_test": _number(r.p_test),
                "n_success": int(r.n_success),
                "n_trials": int(r.n_trials),
                "best_agree": bool(r.best_agree),
            }
            for r in reps
        ]
        for g, reps in enumerate(result.representative)
    }
    consensus = {
        direction: [
            {
                "statement": int(c.statement_id),
                "n_success": int(c.n_success),
                "n_trials": int(c.n_trials),
                "p_success": _number(c.p_success),
                "p_test": _number(c.p_test),
            }
            for c in getattr(result.consensus, direction)
        ]
        for direction in ("agree", "disagree")
    }
    pca = {
        "center": [_number(x) for x in result.pca.center],
        "components": [[_number(x) for x in row] for row in result.pca.components],
        "statement_ids": [int(s) for s in matrix.statement_ids],
    }
    priorities = {
        str(int(sid)): _number(p) for sid, p in zip(matrix.statement_ids, result.priorities, strict=True)
    }
    return {
        "participants": int(len(pids)),
        "in_conv": sorted(int(p) for p in pids[result.eligible]),
        "groups": groups,
        "statements": statements,
        "repness": repness,
        "consensus": consensus,
        "pca": pca,
        "priorities": priorities,
        "method": result.method,
        "seed": int(result.seed),
        "version": result.version,
    }


def participant_positions(result: AnalysisResult) -> Mapping[int, tuple[float, float]]:
    """Each participant's place on the opinion map (the PCA plane), by participant id."""
    xy = np.asarray(result.participant_projection, dtype=np.float64)
    return {int(p): (float(x), float(y)) for p, (x, y) in zip(result.matrix.participant_ids, xy, strict=True)}
