"""Where the participant pages get routing priorities from.

The analysis computes, for every statement, how useful another vote on it would be (pol.is's
``comment-priorities``); :func:`assembly.consultations.services.next_statement` then draws the next
statement with those weights. Until an analysis exists this returns None and the draw is uniform
among unseen statements.
"""

from __future__ import annotations

from collections.abc import Mapping

from assembly.consultations.models import Consultation


def priorities(consultation: Consultation) -> Mapping[int, float] | None:
    """Statement number -> routing weight from the latest analysis, or None when there is none yet."""
    from assembly.results.routing import latest_priorities  # the results app builds on this one

    return latest_priorities(consultation)
