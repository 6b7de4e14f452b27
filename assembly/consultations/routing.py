"""Where the participant pages get routing priorities from.

The analysis computes, for every statement, how useful another vote on it would be (pol.is's
``comment-priorities``); :func:`assembly.consultations.services.next_statement` then draws the next
statement with those weights. The analysis results are the results app's, which builds on this one:
it hands its reader over at start-up (:func:`provide`, from its ``AppConfig.ready``). Until an analysis
exists, or without a reader, :func:`priorities` returns None and the draw is uniform among unseen
statements.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from assembly.consultations.models import Consultation

__all__ = ["PrioritySource", "priorities", "provide"]

PrioritySource = Callable[[Consultation], Mapping[int, float] | None]
_source: list[PrioritySource] = []  # at most one: the results app's latest_priorities


def provide(source: PrioritySource) -> None:
    """Read routing priorities with ``source`` from now on (replacing any earlier one)."""
    _source[:] = [source]


def priorities(consultation: Consultation) -> Mapping[int, float] | None:
    """Statement number -> routing weight from the latest analysis, or None when there is none yet."""
    return _source[0](consultation) if _source else None
