"""The in-memory record of one consultation: statements, the vote log and participants.

Importers (:mod:`assembly.polis`), the simulator, the web platform's exporter and the report all speak
this one shape, so each pair of them needs no converter of its own. Ids are the source's own.
Pol.is equivalents named below: compdemocracy/polis 08e03eb1, docs/explanation/polis-math.md §1.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from assembly.analysis.types import Moderation, VoteLog
from assembly.errors import InputError

__all__ = ["Dataset", "Participant", "Statement"]


@dataclass
class Statement:
    """A statement put (or submitted) to the consultation.

    pol.is equivalent: a comment (``tid``); ``moderated`` maps to :class:`Moderation`.
    """

    id: int
    text: str
    author_id: int | None = None
    created: float | None = None  # ms since the epoch
    moderation: Moderation = Moderation.ACCEPTED
    is_meta: bool = False
    is_seed: bool = False
    theme: str | None = None
    # Tallies as printed by the source (pol.is counts every vote row, re-votes included); None if unknown.
    source_agrees: int | None = None
    source_disagrees: int | None = None


@dataclass
class Participant:
    """A participant, identified by the source's id.

    ``group_id`` is the opinion group the *source* assigned (pol.is's ``group-id``), kept for
    comparison; Assembly's own groups come from the analysis.
    """

    id: int
    xid: str | None = None
    group_id: int | None = None
    excluded: bool = False
    n_statements: int | None = None  # statements authored, as the source printed it


@dataclass
class Dataset:
    """One consultation's data.

    Attributes
    ----------
    statements : list of Statement, in id order.
    votes : VoteLog, every vote event (re-votes kept where the source has them).
    participants : list of Participant, in the source's order (pol.is: first-appearance order).
    summary : dict of str to str: pol.is ``summary.csv`` keys (topic, url, views, description, ...).
    name : a short name for the consultation (the export folder's name, or a slug).
    """

    statements: list[Statement] = field(default_factory=list)
    votes: VoteLog = field(default_factory=VoteLog.empty)
    participants: list[Participant] = field(default_factory=list)
    summary: dict[str, str] = field(default_factory=dict)
    name: str = ""

    def source_groups(self) -> dict[int, int]:
        """The opinion group the source assigned to each participant who has one (pol.is's published
        groups: ``group-id`` of participants-votes.csv), for ``--polis-groups``.

        Raises
        ------
        InputError
            When the source assigns no group to anyone (no participants-votes.csv, or an empty
            ``group-id`` column): there is nothing to reproduce.
        """
        groups = {p.id: p.group_id for p in self.participants if p.group_id is not None}
        if not groups:
            raise InputError(
                "--polis-groups: the source assigns no opinion groups (participants-votes.csv missing, "
                "or its group-id column empty)"
            )
        return groups

    def statement(self, statement_id: int) -> Statement:
        for s in self.statements:
            if s.id == statement_id:
                return s
        raise KeyError(statement_id)

    @property
    def excluded_participant_ids(self) -> set[int]:
        return {p.id for p in self.participants if p.excluded}
