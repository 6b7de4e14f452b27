"""The routing priorities of the latest analysis, for choosing which statement a participant sees next.

The participant pages read them through :func:`assembly.consultations.routing.priorities` (which
calls :func:`latest_priorities`), then draw with
:func:`assembly.analysis.priority.pick_next_statement`.
"""

from __future__ import annotations

from assembly.consultations.models import Consultation
from assembly.results.models import AnalysisSnapshot

__all__ = ["latest_priorities"]


def latest_priorities(consultation: Consultation) -> dict[int, float] | None:
    """Statement number -> routing priority from the consultation's latest analysis.

    Returns None until an analysis has succeeded (the draw is then uniform among unseen statements).
    Reads one small column (a few kB for 1,000 statements), not the whole snapshot.

    Pol.is equivalent: the ``comment-priorities`` the server reads from the math worker's output.
    """
    stored = (
        AnalysisSnapshot.objects.filter(consultation=consultation, document__isnull=False)
        .values_list("priorities", flat=True)
        .first()
    )
    if stored is None:
        return None
    return {int(number): float(weight) for number, weight in stored.items() if weight is not None}
