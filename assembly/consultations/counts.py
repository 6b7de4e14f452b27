"""One definition for each figure a consultation is counted by, read by every page, the API and the report.

Pages used to count on their own: the manage list counted every statement ever written (42) where the
results page counted those shown to participants (35), and the results page counted everyone who ever
acted (373) where the report counted those who voted (372). Each figure now has one name and one
definition here; where two pages show two different figures on purpose, they carry these names as labels.

Statements
    ``statements_submitted``: every statement, whatever its state (seeds and participants' submissions).
    ``statements_published``: the ones participants can see and vote on (accepted, plus pending ones in
    post-moderation): what the results page, the API's ``statements`` and the report call "published".
    ``statements_seed``: seeds among the published ones, as the report counts them.
Participants
    ``participants_joined``: everyone who voted or submitted a statement (a participant is created at
    their first act; passers-by are not counted).
    ``participants_voted``: those with at least one vote, moderators' exclusions left out: the rows of
    the analysis, so the report's "participants who voted" is this figure as of its analysis.
    ``participants_placed`` (not here: it needs the analysis): those the analysis placed in opinion groups,
    :attr:`assembly.results.models.AnalysisSnapshot.placed`.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q

from assembly.analysis.types import Moderation
from assembly.consultations.models import Consultation, Participant, Statement, Vote

__all__ = ["ConsultationCounts", "count"]


@dataclass(frozen=True)
class ConsultationCounts:
    """A consultation's live figures, each defined in the module docstring."""

    statements_submitted: int
    statements_published: int
    statements_seed: int
    statements_pending: int  # awaiting moderation (visible meanwhile in post-moderation)
    statements_rejected: int
    participants_joined: int
    participants_voted: int
    participants_excluded: int
    votes: int  # live votes (one per participant and statement), excluded participants' included


def count(consultation: Consultation) -> ConsultationCounts:
    """Every figure of :class:`ConsultationCounts`, in four queries."""
    published_states = list(consultation.visible_moderation_states)
    statements = Statement.objects.filter(consultation=consultation).aggregate(
        submitted=Count("id"),
        published=Count("id", filter=Q(moderation__in=published_states)),
        seed=Count("id", filter=Q(moderation__in=published_states, is_seed=True)),
        pending=Count("id", filter=Q(moderation=Moderation.PENDING.value)),
        rejected=Count("id", filter=Q(moderation=Moderation.REJECTED.value)),
    )
    people = Participant.objects.filter(consultation=consultation).aggregate(
        joined=Count("id"), excluded=Count("id", filter=Q(excluded=True))
    )
    voted = (
        Vote.objects.filter(consultation=consultation, participant__excluded=False)
        .values("participant")
        .distinct()
        .count()
    )
    return ConsultationCounts(
        statements_submitted=statements["submitted"],
        statements_published=statements["published"],
        statements_seed=statements["seed"],
        statements_pending=statements["pending"],
        statements_rejected=statements["rejected"],
        participants_joined=people["joined"],
        participants_voted=voted,
        participants_excluded=people["excluded"],
        votes=Vote.objects.filter(consultation=consultation).count(),
    )
