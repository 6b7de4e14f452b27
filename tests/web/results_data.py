"""Consultations with known votes, for the results, worker, routing and API tests.

``two_camps`` builds the simplest consultation whose analysis is known by hand: two camps that vote
exactly opposite on six statements. Every participant votes on all six (>= min(7, 6)), so all are
placed; the camps are two distinct points on the map, so the analysis finds exactly two groups, one
per camp, and every statement has as many agrees as disagrees.
"""

from __future__ import annotations

from dataclasses import dataclass

from assembly.consultations import services
from assembly.consultations.models import Consultation, Participant

# Statements #0-#2 are the ``consultation`` fixture's seeds; two_camps adds #3-#5.
CAMP_STATEMENTS = (0, 1, 2, 3, 4, 5)


@dataclass
class Camps:
    """The participants of each camp and their tokens (for the API)."""

    a: list[Participant]
    b: list[Participant]
    tokens: dict[int, str]  # participant number -> token


def two_camps(consultation: Consultation, *, per_camp: int = 10) -> Camps:
    """Add statements #3-#5 and two camps: camp A agrees with #0-#2 and disagrees with #3-#5, camp B
    the opposite. Camp A's participants are numbered first."""
    services.add_seed_statements(consultation, texts=["Seed three", "Seed four", "Seed five"])
    camps: dict[str, list[Participant]] = {"a": [], "b": []}
    tokens: dict[int, str] = {}
    for camp, sign in (("a", 1), ("b", -1)):
        for _i in range(per_camp):
            participant, token = services.create_participant(consultation)
            tokens[participant.number] = token
            for number in CAMP_STATEMENTS:
                value = sign if number < 3 else -sign
                services.cast_vote(participant, statement_number=number, value=value)
            camps[camp].append(participant)
    return Camps(a=camps["a"], b=camps["b"], tokens=tokens)


def group_members(document: dict) -> list[set[int]]:
    """The analysis document's groups as sets of participant numbers, in group order."""
    return [set(group["members"]) for group in document["groups"]]
