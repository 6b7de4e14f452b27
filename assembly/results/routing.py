"""The routing priorities of the latest analysis, for choosing which statement a participant sees next.

The participant pages read them through :func:`assembly.consultations.routing.priorities` (which
calls :func:`latest_priorities`, handed over by :class:`assembly.results.apps.ResultsConfig`), then draw with
:func:`assembly.analysis.priority.pick_next_statement`.
Pol.is equivalent: compdemocracy/polis 08e03eb1, docs/explanation/polis-math.md §2.12.
"""

from __future__ import annotations

from assembly.consultations.models import Consultation
from assembly.consultations.rows import Select
from assembly.results.models import AnalysisSnapshot

__all__ = ["latest_priorities"]

# Read for every next statement a participant is shown: plain SQL (assembly.consultations.rows).
_PRIORITIES = Select(
    AnalysisSnapshot, "consultation_id = %s AND document IS NOT NULL ORDER BY id", fields=["id", "priorities"]
)


def latest_priorities(consultation: Consultation) -> dict[int, float] | None:
    """Statement number -> routing priority from the consultation's latest analysis.

    Returns None until an analysis has succeeded (the draw is then uniform among unseen statements).
    Reads one small column (a few kB for 1,000 statements), not the whole snapshot.

    Pol.is equivalent: the ``comment-priorities`` the server reads from the math worker's output.
    """
    snapshot = _PRIORITIES.first(consultation.pk)
    if snapshot is None:
        return None
    return {
        int(number): float(weight) for number, weight in snapshot.priorities.items() if weight is not None
    }
