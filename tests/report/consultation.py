"""A small hand-made consultation and its analysis document, written out by hand from the contract.

Ten participants, six statements:

    id  text                                        state     seed  theme       latest votes (a/d/p)
    0   Museums should label AI-generated ...       accepted  yes   Transparency  9 / 0 / 1
    1   AI should never write catalogue records.    accepted  yes   Use cases     4 / 5 / 0  (splits groups)
    2   Heritage data should be open for AI ...     accepted  no    Data          3 / 1 / 5
    3   BUY CHEAP WATCHES                           rejected  no    Data          1 / 1 / 0
    4   I work in a library.                        accepted  no    (meta)        5 / 4 / 0
    5   Museums should close on Mondays.            pending   no    Use cases     no votes (never shown)

Group 0 = participants 0-3, group 1 = participants 4-8; participant 9 has too few votes to be placed.
Participant 0 changed their vote on statement 1 (disagree, then agree): 40 vote records, 39 latest votes.
Intervals are Wilson 95% intervals computed by hand for these counts.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from assembly.analysis.categories import Thresholds
from assembly.analysis.document import FORMAT_VERSION, AnalysisDocument, thresholds_to_json
from assembly.analysis.types import Moderation, VoteLog
from assembly.dataset import Dataset, Participant, Statement
from assembly.report.build import build_report
from assembly.report.model import Report

A, D, P = 1, -1, 0
DAY = 86_400_000
START = 1_748_217_600_000  # 2025-05-26 00:00 UTC

# (statement, participant, vote), in time order
VOTES = (
    [(0, p, A) for p in range(9)]
    + [(0, 9, P)]
    + [(1, 0, D)]
    + [(1, p, A) for p in range(4)]
    + [(1, p, D) for p in range(4, 9)]
    + [(2, 0, D), (2, 1, P), (2, 2, P), (2, 3, P), (2, 4, A), (2, 5, P), (2, 6, A), (2, 7, P), (2, 8, A)]
    + [(3, 0, A), (3, 4, D)]
    + [(4, p, A) for p in range(5)]
    + [(4, p, D) for p in range(5, 9)]
)


def make_dataset() -> Dataset:
    statements = [
        Statement(
            0,
            "Museums should label AI-generated descriptions.",
            is_seed=True,
            theme="Transparency",
            created=START,
        ),
        Statement(
            1, "AI should never write catalogue records.", is_seed=True, theme="Use cases", created=START
        ),
        Statement(
            2, "Heritage data should be open for AI training.", author_id=4, theme="Data", created=START + DAY
        ),
        Statement(
            3,
            "BUY CHEAP WATCHES",
            author_id=9,
            moderation=Moderation.REJECTED,
            theme="Data",
            created=START + DAY,
        ),
        Statement(4, "I work in a library.", is_meta=True, created=START),
        Statement(
            5,
            "Museums should close on Mondays.",
            author_id=7,
            moderation=Moderation.PENDING,
            theme="Use cases",
            created=START + 2 * DAY,
        ),
    ]
    n = len(VOTES)
    votes = VoteLog.from_rows(
        [v[1] for v in VOTES],
        [v[0] for v in VOTES],
        [v[2] for v in VOTES],
        [START + i * 3_600_000 for i in range(n)],  # one vote an hour: the last on 2025-05-27
    )
    participants = [Participant(p, xid=f"secret-{p}") for p in range(10)]
    return Dataset(
        statements=statements,
        votes=votes,
        participants=participants,
        summary={"topic": "Small test consultation", "conversation-description": "A test.\n\nSecond."},
        name="small",
    )


def _counts(a: int, d: int, p: int) -> dict[str, int]:
    return {"agree": a, "disagree": d, "pass": p}


ANALYSIS = {
    "participants": 10,
    "in_conv": list(range(9)),
    "groups": [{"id": 0, "members": [0, 1, 2, 3]}, {"id": 1, "members": [4, 5, 6, 7, 8]}],
    "statements": [
        {
            "id": 0,
            "text": "Museums should label AI-generated descriptions.",
            "moderation": "accepted",
            "is_meta": False,
            **_counts(9, 0, 1),
            "groups": {"0": _counts(4, 0, 0), "1": _counts(5, 0, 0)},
            "group_aware_consensus": 0.595,
            "flags": {"consensus": "inconclusive"},
            "intervals": {
                "agree": [0.5958, 0.9821],
                "disagree": [0.0, 0.2775],
                "pass": [0.0179, 0.4042],
                "groups": {
                    "0": {"agree": [0.5101, 1.0], "disagree": [0.0, 0.4899], "pass": [0.0, 0.4899]},
                    "1": {"agree": [0.5655, 1.0], "disagree": [0.0, 0.4345], "pass": [0.0, 0.4345]},
                },
                "friction": None,
            },
        },
        {
            "id": 1,
            "text": "AI should never write catalogue records.",
            "moderation": "accepted",
            "is_meta": False,
            **_counts(4, 5, 0),
            "groups": {"0": _counts(4, 0, 0), "1": _counts(0, 5, 0)},
            "group_aware_consensus": 0.119,
            "flags": {"friction": "clear"},
            "intervals": {
                "agree": [0.1888, 0.7333],
                "disagree": [0.2667, 0.8112],
                "pass": [0.0, 0.2991],
                "groups": {
                    "0": {"agree": [0.5101, 1.0], "disagree": [0.0, 0.4899], "pass": [0.0, 0.4899]},
                    "1": {"agree": [0.0, 0.4345], "disagree": [0.5655, 1.0], "pass": [0.0, 0.4345]},
                },
                "friction": {"groups": [1, 0], "difference": -1.0, "interval": [-1.0, -0.3452]},
            },
        },
        {
            "id": 2,
            "text": "Heritage data should be open for AI training.",
            "moderation": "accepted",
            "is_meta": False,
            **_counts(3, 1, 5),
            "groups": {"0": _counts(0, 1, 3), "1": _counts(3, 0, 2)},
            "group_aware_consensus": 0.095,
            "flags": {"uncertainty": "inconclusive"},
            "intervals": {
                "agree": [0.1206, 0.6458],
                "disagree": [0.0199, 0.435],
                "pass": [0.2667, 0.8112],
                "groups": {
                    "0": {"agree": [0.0, 0.4899], "disagree": [0.0456, 0.6994], "pass": [0.3006, 0.9544]},
                    "1": {"agree": [0.2307, 0.8824], "disagree": [0.0, 0.4345], "pass": [0.1176, 0.7693]},
                },
                "friction": None,
            },
        },
        {
            "id": 3,
            "text": "BUY CHEAP WATCHES",
            "moderation": "rejected",
            "is_meta": False,
            **_counts(1, 1, 0),
            "groups": {"0": _counts(1, 0, 0), "1": _counts(0, 1, 0)},
            "group_aware_consensus": 0.111,
            "flags": {},
            "intervals": {
                "agree": [0.0945, 0.9055],
                "disagree": [0.0945, 0.9055],
                "pass": [0.0, 0.6576],
                "groups": {},
                "friction": None,
            },
        },
        {
            "id": 4,
            "text": "I work in a library.",
            "moderation": "accepted",
            "is_meta": True,
            **_counts(5, 4, 0),
            "groups": {"0": _counts(4, 0, 0), "1": _counts(1, 4, 0)},
            "group_aware_consensus": 0.238,
            "flags": {},
            "intervals": {
                "agree": [0.2667, 0.8112],
                "disagree": [0.1888, 0.7333],
                "pass": [0.0, 0.2991],
                "groups": {},
                "friction": None,
            },
        },
    ],
    "repness": {
        "0": [
            {
                "statement": 1,
                "direction": "agree",
                "repness": 5.0,
                "repness_test": 2.9,
                "p_success": 0.833,
                "p_test": 2.0,
                "n_success": 4,
                "n_trials": 4,
                "best_agree": True,
            }
        ],
        "1": [
            {
                "statement": 1,
                "direction": "disagree",
                "repness": 4.3,
                "repness_test": 2.9,
                "p_success": 0.857,
                "p_test": 2.3,
                "n_success": 5,
                "n_trials": 5,
                "best_agree": False,
            },
            {
                "statement": 3,
                "direction": "disagree",
                "repness": 1.0,
                "repness_test": 1.0,
                "p_success": 0.5,
                "p_test": 0.5,
                "n_success": 1,
                "n_trials": 1,
                "best_agree": False,
            },
        ],
    },
    "consensus": {
        "agree": [{"statement": 0, "n_success": 9, "n_trials": 10, "p_success": 0.833, "p_test": 2.7}],
        "disagree": [{"statement": 3, "n_success": 1, "n_trials": 2, "p_success": 0.5, "p_test": 0.0}],
    },
    "pca": {
        "center": [0.8, -0.1, 0.22, 0.0, 0.1],
        "components": [[0.1, 0.9, -0.3, 0.0, 0.3], [0.5, 0.1, 0.8, 0.0, 0.2]],
        "statement_ids": [0, 1, 2, 3, 4],
    },
    "priorities": {"0": 1.5, "1": 3.2, "2": 2.0, "3": 0.4, "4": 49.0},
    "method": "stable",
    "seed": 0,
    "version": "0.1.0",
}

POSITIONS = {
    0: (-1.2, 0.1),
    1: (-1.0, -0.2),
    2: (-0.9, 0.3),
    3: (-1.1, 0.0),
    4: (1.0, 0.2),
    5: (0.8, -0.1),
    6: (1.2, 0.0),
    7: (0.9, 0.4),
    8: (1.1, -0.3),
    9: (0.0, 0.9),
}

THRESHOLDS = {
    "consensus": 0.6,
    "majority_disagree": 0.6,
    "friction": 0.3,
    "uncertainty": 0.3,
    "confidence": 0.95,
    "interval": "wilson",
    "min_group_votes": 3,
}


def report_from_json(
    dataset: Dataset,
    analysis: Mapping[str, Any] | None,
    *,
    thresholds: Mapping[str, Any] | Thresholds = THRESHOLDS,
    **options: Any,
) -> Report:
    """:func:`build_report` on a document written as JSON (as :data:`ANALYSIS` is), with ``thresholds``
    written into it."""
    document = None
    if analysis is not None:
        t = thresholds_to_json(thresholds) if isinstance(thresholds, Thresholds) else dict(thresholds)
        document = AnalysisDocument.from_json({**analysis, "format_version": FORMAT_VERSION, "thresholds": t})
    return build_report(dataset, document, **options)
