"""What a moderator needs to judge before excluding a participant (issue 14 item 7).

Exclusion is a moderator's tool against bots and trolls; one click on a bare number gave nothing to
judge by. :func:`evidence` gathers, for one participant: how many votes and how they split, how fast
they came (votes per minute over the active time, and the busiest minute), the share of identical
answers, their submissions and what became of them, the moderation already done about them, and the
flags these figures raise (:data:`FAST_VOTES_PER_MINUTE`, :data:`IDENTICAL_SHARE`). Flags are hints for
a person to weigh, not verdicts: nothing is excluded automatically.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.utils.translation import gettext as _

from assembly.analysis.types import Moderation
from assembly.consultations.models import Participant, Statement, Vote, VoteEvent
from assembly.moderation.models import ModerationLogEntry

__all__ = ["FAST_VOTES_PER_MINUTE", "IDENTICAL_SHARE", "MIN_VOTES_FOR_PATTERN", "Evidence", "evidence"]

# A person reading a statement of up to 140 characters takes a few seconds: 30 votes within one minute
# (one every two seconds, half the platform's rate limit of 60) is faster than reading.
FAST_VOTES_PER_MINUTE = 30
# The same answer on nearly every statement (agree to everything) is what scripted voting looks like.
IDENTICAL_SHARE = 0.95
# Below this many votes, an identical streak is ordinary (someone who agreed with their first 5).
MIN_VOTES_FOR_PATTERN = 10


@dataclass(frozen=True)
class Evidence:
    """One participant's activity, as the exclusion page shows it."""

    participant: Participant
    votes: int  # live votes: one per statement
    agree: int
    disagree: int
    passes: int
    vote_records: int  # every vote cast, changed votes included
    first_vote: datetime | None
    last_vote: datetime | None
    votes_per_minute: float | None  # vote records over the active time (None below two records)
    busiest_minute: int  # most vote records within any 60 seconds
    identical_share: float | None  # share of the most frequent answer among live votes (None: no vote)
    submissions: Sequence[Statement] = ()
    history: Sequence[ModerationLogEntry] = ()
    flags: Sequence[str] = field(default_factory=list)

    @property
    def identical_pct(self) -> int | None:
        return None if self.identical_share is None else round(100 * self.identical_share)


def _busiest_minute(times: Sequence[datetime]) -> int:
    """The most timestamps within any 60-second window (``times`` sorted)."""
    best, start = 0, 0
    for end, moment in enumerate(times):
        while (moment - times[start]).total_seconds() >= 60:
            start += 1
        best = max(best, end - start + 1)
    return best


def evidence(participant: Participant) -> Evidence:
    """The figures and flags for ``participant`` (a few queries; one participant's rows only)."""
    values = Counter(Vote.objects.filter(participant=participant).values_list("value", flat=True))
    votes = sum(values.values())
    times = list(
        VoteEvent.objects.filter(participant=participant)
        .order_by("created_at")
        .values_list("created_at", flat=True)
    )
    span = (times[-1] - times[0]).total_seconds() / 60 if len(times) > 1 else 0.0
    per_minute = len(times) / max(span, 1.0) if len(times) > 1 else None
    busiest = _busiest_minute(times)
    identical = max(values.values()) / votes if votes else None
    submissions = list(Statement.objects.filter(author=participant).order_by("number"))
    history = list(
        ModerationLogEntry.objects.filter(participant=participant)
        .select_related("actor")
        .order_by("created_at")
    )
    flags = []
    if busiest >= FAST_VOTES_PER_MINUTE:
        flags.append(_("%(n)d votes within one minute: faster than statements can be read.") % {"n": busiest})
    if identical is not None and votes >= MIN_VOTES_FOR_PATTERN and identical >= IDENTICAL_SHARE:
        flags.append(
            _("The same answer on %(pct)d%% of %(n)d statements.")
            % {"pct": round(100 * identical), "n": votes}
        )
    rejected = sum(1 for s in submissions if s.moderation == Moderation.REJECTED.value)
    if rejected >= 2 and 2 * rejected > len(submissions):
        flags.append(
            _("%(rejected)d of %(n)d submissions rejected.") % {"rejected": rejected, "n": len(submissions)}
        )
    return Evidence(
        participant=participant,
        votes=votes,
        agree=values.get(1, 0),
        disagree=values.get(-1, 0),
        passes=values.get(0, 0),
        vote_records=len(times),
        first_vote=times[0] if times else None,
        last_vote=times[-1] if times else None,
        votes_per_minute=per_minute,
        busiest_minute=busiest,
        identical_share=identical,
        submissions=submissions,
        history=history,
        flags=flags,
    )
