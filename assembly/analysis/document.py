"""The analysis document: the typed contract between the analysis and everything that shows it.

:func:`assembly.analysis.serialize.analysis_document` builds an :class:`AnalysisDocument` from an
analysis run; the report, the results page, the API and ``assembly analyze`` read one. Its JSON form
(:meth:`AnalysisDocument.to_json`, :meth:`AnalysisDocument.from_json`) is what snapshots store and what
``assembly analyze --json`` prints; every key is documented in docs/reference/analysis-json.md.

Format versions (``format_version``):

- 1: the documents written before the key existed (no ``format_version``, no ``thresholds``: the
  categories were always computed with the default :class:`Thresholds`, which is what is read back).
- 2: adds ``format_version`` and ``thresholds``; every other key is unchanged.

A document of an unknown version is refused (:class:`DocumentFormatError`) rather than half read.
The same types describe a *disclosed* document (:func:`assembly.disclosure.disclose`): withheld
statements carry ``withheld`` and a statement's withheld group cells ``withheld_groups``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, cast, get_args

from assembly.analysis.categories import Friction, Thresholds
from assembly.analysis.intervals import IntervalMethod
from assembly.analysis.types import Moderation
from assembly.analysis.vocabulary import CATEGORIES, Category, Evidence, rounded_percent

__all__ = [
    "FORMAT_VERSION",
    "AnalysisDocument",
    "Bounds",
    "ConsensusEntry",
    "DocumentFormatError",
    "GroupEntry",
    "PcaAxes",
    "RepnessEntry",
    "ShareIntervals",
    "StatementEntry",
    "StatementIntervals",
    "StructureEntry",
    "VoteCounts",
    "thresholds_from_json",
    "thresholds_to_json",
]

FORMAT_VERSION = 2
"""The format this code writes; it reads this one and every earlier one (see the module docstring)."""

JSON = dict[str, Any]
Bounds = tuple[float | None, float | None]
"""An interval of shares, [low, high]; a bound is None where it was not finite (JSON has no NaN)."""


class DocumentFormatError(ValueError):
    """A document this code cannot read: an unknown format version, or a key missing or malformed."""


def _number(x: float | None) -> float | None:
    """A JSON-safe float: None, NaN and infinities become null."""
    if x is None:
        return None
    x = float(x)
    return x if math.isfinite(x) else None


def _optional(value: Any) -> float | None:
    return None if value is None else float(value)


def _bounds(value: Any) -> Bounds:
    return (_optional(value[0]), _optional(value[1]))


def _bounds_json(bounds: Bounds) -> list[float | None]:
    return [_number(bounds[0]), _number(bounds[1])]


@dataclass(frozen=True)
class VoteCounts:
    """Latest-vote counts on one statement, of everyone or of one group, with the paper's rounded shares.

    ``withheld``: the disclosure rule (:mod:`assembly.disclosure`) withheld them (the counts are then 0).
    """

    agree: int
    disagree: int
    passes: int
    withheld: bool = False

    @property
    def votes(self) -> int:
        return self.agree + self.disagree + self.passes

    @property
    def agree_pct(self) -> int:
        return rounded_percent(self.agree, self.votes)

    @property
    def disagree_pct(self) -> int:
        return rounded_percent(self.disagree, self.votes)

    @property
    def pass_pct(self) -> int:
        return rounded_percent(self.passes, self.votes)

    @classmethod
    def from_json(cls, raw: Mapping[str, Any] | None) -> VoteCounts:
        if not raw:
            return cls(0, 0, 0)
        return cls(int(raw.get("agree", 0)), int(raw.get("disagree", 0)), int(raw.get("pass", 0)))

    def to_json(self) -> JSON:
        return {"agree": self.agree, "disagree": self.disagree, "pass": self.passes}


@dataclass(frozen=True)
class ShareIntervals:
    """Intervals of the agree, disagree and pass shares."""

    agree: Bounds
    disagree: Bounds
    passes: Bounds

    @classmethod
    def from_json(cls, raw: Mapping[str, Any]) -> ShareIntervals:
        return cls(_bounds(raw["agree"]), _bounds(raw["disagree"]), _bounds(raw["pass"]))

    def to_json(self) -> JSON:
        return {
            "agree": _bounds_json(self.agree),
            "disagree": _bounds_json(self.disagree),
            "pass": _bounds_json(self.passes),
        }

    def finite(self) -> dict[str, tuple[float, float]]:
        """The intervals whose bounds are both known, by share name ("agree", "disagree", "pass")."""
        pairs = {"agree": self.agree, "disagree": self.disagree, "pass": self.passes}
        return {k: (lo, hi) for k, (lo, hi) in pairs.items() if lo is not None and hi is not None}


def _friction_from_json(raw: Mapping[str, Any] | None) -> Friction | None:
    if not raw:
        return None
    g1, g2 = (int(g) for g in raw["groups"])
    low, high = _bounds(raw["interval"])
    if raw.get("difference") is None or low is None or high is None:
        return None
    return Friction(
        g1,
        g2,
        float(raw["difference"]),
        (low, high),
        _optional(raw.get("p_value")),
        _optional(raw.get("q_value")),
    )


def _friction_to_json(friction: Friction | None) -> JSON | None:
    if friction is None:
        return None
    return {
        "groups": [friction.higher_group, friction.lower_group],
        "difference": _number(friction.difference),
        "interval": _bounds_json(friction.interval),
        "p_value": _number(friction.p_value),
        "q_value": _number(friction.q_value),
    }


@dataclass(frozen=True)
class StatementIntervals:
    """A statement's share intervals, for everyone and per group, and its friction test."""

    overall: ShareIntervals
    groups: dict[int, ShareIntervals]
    friction: Friction | None

    @classmethod
    def from_json(cls, raw: Mapping[str, Any]) -> StatementIntervals:
        groups = raw.get("groups") or {}
        return cls(
            overall=ShareIntervals.from_json(raw),
            groups={int(g): ShareIntervals.from_json(v) for g, v in groups.items()},
            friction=_friction_from_json(raw.get("friction")),
        )

    def to_json(self) -> JSON:
        return {
            **self.overall.to_json(),
            "groups": {str(g): v.to_json() for g, v in self.groups.items()},
            "friction": _friction_to_json(self.friction),
        }


def _flags(raw: Mapping[str, Any]) -> dict[Category, Evidence]:
    evidence = get_args(Evidence)
    out: dict[Category, Evidence] = {}
    for key, value in raw.items():
        if key not in CATEGORIES or value not in evidence:
            raise DocumentFormatError(f"flag {key!r}: {value!r} is not a category with clear/inconclusive")
        out[key] = cast(Evidence, value)
    return out


@dataclass(frozen=True)
class StatementEntry:
    """One statement of the consultation with its latest votes, intervals and category flags.

    ``intervals`` is None for a withheld statement (disclosed documents); ``withheld_groups`` lists the
    groups whose counts on it were withheld."""

    id: int
    text: str
    moderation: Moderation
    is_meta: bool
    counts: VoteCounts
    groups: dict[int, VoteCounts]
    group_aware_consensus: float | None
    flags: dict[Category, Evidence]
    intervals: StatementIntervals | None
    withheld_groups: tuple[int, ...] = ()

    @classmethod
    def from_json(cls, raw: Mapping[str, Any]) -> StatementEntry:
        counts = VoteCounts.from_json(raw)
        if raw.get("withheld"):
            counts = VoteCounts(counts.agree, counts.disagree, counts.passes, withheld=True)
        intervals = raw.get("intervals")
        return cls(
            id=int(raw["id"]),
            text=str(raw["text"]),
            moderation=Moderation(raw["moderation"]),
            is_meta=bool(raw["is_meta"]),
            counts=counts,
            groups={int(g): VoteCounts.from_json(c) for g, c in (raw.get("groups") or {}).items()},
            group_aware_consensus=_optional(raw.get("group_aware_consensus")),
            flags=_flags(raw.get("flags") or {}),
            intervals=StatementIntervals.from_json(intervals) if intervals else None,
            withheld_groups=tuple(int(g) for g in raw.get("withheld_groups") or ()),
        )

    def to_json(self) -> JSON:
        out: JSON = {
            "id": self.id,
            "text": self.text,
            "moderation": self.moderation.value,
            "is_meta": self.is_meta,
            **self.counts.to_json(),
            "groups": {str(g): c.to_json() for g, c in self.groups.items()},
            "group_aware_consensus": _number(self.group_aware_consensus),
            "flags": dict(self.flags),
            "intervals": {} if self.intervals is None else self.intervals.to_json(),
        }
        if self.counts.withheld:
            out["withheld"] = True
        if self.withheld_groups:
            out["withheld_groups"] = list(self.withheld_groups)
        return out


@dataclass(frozen=True)
class GroupEntry:
    """An opinion group: its members (participant ids, ascending) and its stability (None: not measured)."""

    id: int
    members: tuple[int, ...]
    stability: float | None = None

    @property
    def size(self) -> int:
        return len(self.members)


@dataclass(frozen=True)
class RepnessEntry:
    """A statement that represents a group (pol.is's repness; see docs/reference/analysis-json.md)."""

    statement: int
    direction: Literal["agree", "disagree"]
    repness: float | None
    repness_test: float | None
    p_success: float | None
    p_test: float | None
    n_success: int
    n_trials: int
    best_agree: bool

    @classmethod
    def from_json(cls, raw: Mapping[str, Any]) -> RepnessEntry:
        direction = raw["direction"]
        if direction not in ("agree", "disagree"):
            raise DocumentFormatError(f"repness direction {direction!r} is not 'agree' or 'disagree'")
        return cls(
            int(raw["statement"]),
            direction,
            _optional(raw["repness"]),
            _optional(raw["repness_test"]),
            _optional(raw["p_success"]),
            _optional(raw["p_test"]),
            int(raw["n_success"]),
            int(raw["n_trials"]),
            bool(raw["best_agree"]),
        )

    def to_json(self) -> JSON:
        return {
            "statement": self.statement,
            "direction": self.direction,
            "repness": _number(self.repness),
            "repness_test": _number(self.repness_test),
            "p_success": _number(self.p_success),
            "p_test": _number(self.p_test),
            "n_success": self.n_success,
            "n_trials": self.n_trials,
            "best_agree": self.best_agree,
        }


@dataclass(frozen=True)
class ConsensusEntry:
    """A statement on pol.is's consensus list of one direction."""

    statement: int
    n_success: int
    n_trials: int
    p_success: float | None
    p_test: float | None

    def to_json(self) -> JSON:
        return {
            "statement": self.statement,
            "n_success": self.n_success,
            "n_trials": self.n_trials,
            "p_success": _number(self.p_success),
            "p_test": _number(self.p_test),
        }


@dataclass(frozen=True)
class PcaAxes:
    """The opinion map's axes over the statements in ``statement_ids`` order."""

    center: tuple[float | None, ...] = ()
    components: tuple[tuple[float | None, ...], ...] = ()
    statement_ids: tuple[int, ...] = ()

    def to_json(self) -> JSON:
        return {
            "center": [_number(x) for x in self.center],
            "components": [[_number(x) for x in row] for row in self.components],
            "statement_ids": list(self.statement_ids),
        }


@dataclass(frozen=True)
class StructureEntry:
    """The permutation test of whether the votes hold opinion groups at all."""

    observed: float | None
    null_max: float | None
    nulls: int
    p_value: float | None
    participants: int
    distinct_groups: bool

    TEST = "permutation parallel analysis"
    STATISTIC = "largest eigenvalue of the centred vote matrix's cross-product"

    def to_json(self) -> JSON:
        return {
            "test": self.TEST,
            "statistic": self.STATISTIC,
            "observed": _number(self.observed),
            "null_max": _number(self.null_max),
            "nulls": self.nulls,
            "p_value": _number(self.p_value),
            "participants": self.participants,
            "distinct_groups": self.distinct_groups,
        }


def thresholds_to_json(thresholds: Thresholds) -> JSON:
    """The thresholds as the document stores them (every field of :class:`Thresholds`)."""
    return {
        "consensus": thresholds.consensus,
        "majority_disagree": thresholds.majority_disagree,
        "friction": thresholds.friction,
        "uncertainty": thresholds.uncertainty,
        "confidence": thresholds.confidence,
        "interval": thresholds.interval,
        "min_group_votes": thresholds.min_group_votes,
    }


def thresholds_from_json(raw: Mapping[str, Any]) -> Thresholds:
    """Thresholds from the document; a missing field takes its default, a bad one is refused."""
    defaults = thresholds_to_json(Thresholds())
    unknown = sorted(set(raw) - set(defaults))
    if unknown:
        raise DocumentFormatError(f"thresholds: unknown key(s) {', '.join(unknown)}")
    merged = {**defaults, **raw}
    try:
        return Thresholds(
            consensus=float(merged["consensus"]),
            majority_disagree=float(merged["majority_disagree"]),
            friction=float(merged["friction"]),
            uncertainty=float(merged["uncertainty"]),
            confidence=float(merged["confidence"]),
            interval=cast(IntervalMethod, str(merged["interval"])),
            min_group_votes=int(merged["min_group_votes"]),
        )
    except (TypeError, ValueError) as error:
        raise DocumentFormatError(f"thresholds: {error}") from error


@dataclass(frozen=True)
class AnalysisDocument:
    """The whole analysis as the rest of Assembly reads it (see docs/reference/analysis-json.md).

    ``statements`` are by id; ``repness`` maps a group id to its representative statements;
    ``consensus`` maps "agree" and "disagree" to pol.is's consensus lists; ``priorities`` maps a
    statement id to its routing priority."""

    participants: int
    in_conv: tuple[int, ...]
    groups: tuple[GroupEntry, ...]
    statements: tuple[StatementEntry, ...]
    repness: dict[int, tuple[RepnessEntry, ...]]
    consensus: dict[str, tuple[ConsensusEntry, ...]]
    pca: PcaAxes
    priorities: dict[int, float | None]
    group_source: Literal["analysis", "given"]
    structure: StructureEntry | None
    method: str
    seed: int
    version: str
    thresholds: Thresholds = field(default_factory=Thresholds)

    @property
    def groups_given(self) -> bool:
        """The groups were given to the analysis (pol.is's published ones), not formed by it."""
        return self.group_source == "given"

    @property
    def placed(self) -> int:
        """Participants in the document's opinion groups."""
        return sum(g.size for g in self.groups)

    def group_of(self) -> dict[int, int]:
        """Each placed participant's group id."""
        return {m: g.id for g in self.groups for m in g.members}

    def statement(self, statement_id: int) -> StatementEntry | None:
        return next((s for s in self.statements if s.id == statement_id), None)

    def to_json(self) -> JSON:
        """The JSON-ready document (format :data:`FORMAT_VERSION`); deterministic, key order included."""
        return {
            "participants": self.participants,
            "in_conv": list(self.in_conv),
            "groups": [
                {"id": g.id, "members": list(g.members), "stability": _number(g.stability)}
                for g in self.groups
            ],
            "statements": [s.to_json() for s in self.statements],
            "repness": {str(g): [r.to_json() for r in rows] for g, rows in self.repness.items()},
            "consensus": {d: [c.to_json() for c in rows] for d, rows in self.consensus.items()},
            "pca": self.pca.to_json(),
            "priorities": {str(s): _number(p) for s, p in self.priorities.items()},
            "group_source": self.group_source,
            "structure": None if self.structure is None else self.structure.to_json(),
            "method": self.method,
            "seed": self.seed,
            "version": self.version,
            "format_version": FORMAT_VERSION,
            "thresholds": thresholds_to_json(self.thresholds),
        }

    @classmethod
    def from_json(cls, raw: Mapping[str, Any]) -> AnalysisDocument:
        """Read a document of any known format version (see the module docstring).

        Raises
        ------
        DocumentFormatError
            An unknown format version, or a key missing or of the wrong type (named in the message).
        """
        version = raw.get("format_version", 1)
        if isinstance(version, bool) or not isinstance(version, int) or not 1 <= version <= FORMAT_VERSION:
            raise DocumentFormatError(
                f"analysis document format_version {version!r} is unknown: this Assembly reads versions 1 to "
                f"{FORMAT_VERSION} (a newer Assembly wrote it?)"
            )
        try:
            return _document(raw, version)
        except DocumentFormatError:
            raise
        except (KeyError, TypeError, ValueError, IndexError) as error:
            raise DocumentFormatError(
                f"analysis document (format {version}): bad or missing {error}"
            ) from error


def _document(raw: Mapping[str, Any], version: int) -> AnalysisDocument:
    pca = raw.get("pca") or {}
    structure = raw.get("structure")
    source = raw.get("group_source", "analysis")
    if source not in ("analysis", "given"):
        raise DocumentFormatError(f"group_source {source!r} is not 'analysis' or 'given'")
    return AnalysisDocument(
        participants=int(raw["participants"]),
        in_conv=tuple(int(p) for p in raw["in_conv"]),
        groups=tuple(
            GroupEntry(int(g["id"]), tuple(int(m) for m in g["members"]), _optional(g.get("stability")))
            for g in raw["groups"]
        ),
        statements=tuple(StatementEntry.from_json(s) for s in raw["statements"]),
        repness={
            int(g): tuple(RepnessEntry.from_json(r) for r in rows) for g, rows in raw["repness"].items()
        },
        consensus={
            str(d): tuple(
                ConsensusEntry(
                    int(c["statement"]),
                    int(c["n_success"]),
                    int(c["n_trials"]),
                    _optional(c["p_success"]),
                    _optional(c["p_test"]),
                )
                for c in rows
            )
            for d, rows in raw["consensus"].items()
        },
        pca=PcaAxes(
            center=tuple(_optional(x) for x in pca.get("center", ())),
            components=tuple(tuple(_optional(x) for x in row) for row in pca.get("components", ())),
            statement_ids=tuple(int(s) for s in pca.get("statement_ids", ())),
        ),
        priorities={int(s): _optional(p) for s, p in raw["priorities"].items()},
        group_source=source,
        structure=None
        if structure is None
        else StructureEntry(
            _optional(structure["observed"]),
            _optional(structure["null_max"]),
            int(structure["nulls"]),
            _optional(structure["p_value"]),
            int(structure["participants"]),
            bool(structure["distinct_groups"]),
        ),
        method=str(raw["method"]),
        seed=int(raw["seed"]),
        version=str(raw["version"]),
        thresholds=Thresholds() if version < 2 else thresholds_from_json(raw["thresholds"]),
    )
