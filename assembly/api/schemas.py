"""Request and response bodies of the JSON API.

Statements and participants are identified by their per-consultation numbers (as the pages and the
pol.is export show them). Votes are 1 (agree), -1 (disagree) or 0 (pass).
"""

from __future__ import annotations

import math
from datetime import datetime
from typing import Annotated, Any, Literal

from ninja import Schema
from pydantic import BeforeValidator, Field, WithJsonSchema

from assembly.consultations.models import SUBMISSION_MAX_LENGTH, Consultation, Statement


class ErrorOut(Schema):
    """Every refusal: a stable code, a translated message, the offending field or null."""

    code: str
    message: str
    field: str | None = None


# --------------------------------------------------------------------------------------------------
# Consultations


class ConsultationOut(Schema):
    slug: str
    title: str
    question: str
    description: str
    guidelines: str
    moderation_mode: Literal["pre", "post"]
    moderation_criteria: list[str]
    opens_at: datetime | None
    closes_at: datetime | None
    closed_at: datetime | None
    is_open: bool
    accepts_submissions: bool
    invite_only: bool
    accepts_xid: bool
    results_public: bool
    erasure_policy: Literal["delete", "anonymise"] = Field(
        description="What erasing one's data does to one's votes: deleted, or kept anonymised (published "
        "to participants)."
    )
    embed_origins: str = Field(description="Sites that may embed the consultation, one per line; empty: any.")
    themes: list[str]

    @staticmethod
    def resolve_is_open(obj: Consultation) -> bool:
        return obj.is_open()

    @staticmethod
    def resolve_themes(obj: Consultation) -> list[str]:
        return list(obj.themes.values_list("name", flat=True))


class ConsultationUpdate(Schema):
    """The fields to change; fields left out keep their value (the slug never changes)."""

    title: str | None = None
    question: str | None = None
    description: str | None = None
    guidelines: str | None = None
    moderation_mode: Literal["pre", "post"] | None = None
    moderation_criteria: list[str] | None = None
    opens_at: datetime | None = None
    closes_at: datetime | None = None
    accepts_submissions: bool | None = None
    invite_only: bool | None = None
    accepts_xid: bool | None = None
    results_public: bool | None = None
    erasure_policy: Literal["delete", "anonymise"] | None = None
    embed_origins: str | None = Field(default=None, description="One site address per line.")
    themes: list[str] | None = Field(default=None, description="The whole list, in order.")


class ConsultationCreate(ConsultationUpdate):
    """A new consultation; fields left out get the same defaults as the form (e.g. the guidelines)."""

    slug: str
    title: str
    question: str
    seed_statements: list[str] = Field(default_factory=list, description="Accepted at once, in order.")


class SeedsIn(Schema):
    statements: list[str] = Field(description="One statement each; blank ones are skipped.")
    theme: str | None = Field(default=None, description="The name of one of the consultation's themes.")


# --------------------------------------------------------------------------------------------------
# Statements, votes, submissions


class StatementOut(Schema):
    number: int
    text: str
    moderation: Literal["accepted", "pending", "rejected"]
    is_seed: bool
    is_meta: bool
    theme: str | None
    created_at: datetime

    @staticmethod
    def resolve_theme(obj: Statement) -> str | None:
        return obj.theme.name if obj.theme_id else None


class SubmissionOut(StatementOut):
    """A participant's own statement and what the moderators decided."""

    moderation_reason: str
    moderated_at: datetime | None


class NextOut(Schema):
    statement: StatementOut | None = Field(description="Null when there is nothing left to vote on.")
    remaining: int
    total: int


class SubmissionIn(Schema):
    text: str = Field(
        description="At most 140 characters; the same text as an existing statement is refused.",
        # Documented for clients (the service checks them itself, with its own messages): some text
        # that is not only spaces, at most 140 characters.
        json_schema_extra={"minLength": 1, "maxLength": SUBMISSION_MAX_LENGTH, "pattern": r"\S"},
    )
    theme: str | None = Field(default=None, description="The name of one of the consultation's themes.")


def _json_integer(value: object) -> int:
    """What JSON Schema calls an integer: 3 or 3.0; not true, "3" or 3.5 (which Python would convert)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError("expected a whole number")
    if isinstance(value, float) and not (math.isfinite(value) and value.is_integer()):
        raise ValueError("expected a whole number")
    return int(value)


def _not_a_boolean(value: object) -> object:
    """Refuse true and false, which Python equates with 1 and 0."""
    if isinstance(value, bool):
        raise ValueError("a vote is 1 (agree), -1 (disagree) or 0 (pass), not true or false")
    return value


# Statement and participant numbers are stored as positive 32-bit integers (PositiveIntegerField): a
# larger number cannot name anything, and some databases refuse it in a query (a server error).
NUMBER_MAX = 2**31 - 1
StatementNumber = Annotated[int, Field(ge=0, le=NUMBER_MAX), BeforeValidator(_json_integer)]
VoteValue = Annotated[
    int | float | str,
    BeforeValidator(_not_a_boolean),
    WithJsonSchema({"enum": [1, -1, 0, "1", "-1", "0"]}),
]
"""1 agree, -1 disagree, 0 pass (numbers or their text). Other values reach the vote service, which
refuses them with its own message (code ``invalid_vote``)."""


class VoteIn(Schema):
    statement: StatementNumber = Field(description="The statement's number.")
    value: VoteValue = Field(description="1 agree, -1 disagree, 0 pass.")


class VoteValueIn(Schema):
    value: VoteValue = Field(description="1 agree, -1 disagree, 0 pass.")


class VoteOut(Schema):
    statement: int
    value: int


class ActedOut(Schema):
    """Returned by participant actions; ``participant_token`` only when this call created the participant."""

    participant_token: str | None = Field(
        default=None, description=f"Send it as the {'X-Participant-Token'} header from now on."
    )


class VoteCastOut(ActedOut, VoteOut):
    pass


class SubmissionCreatedOut(ActedOut):
    statement: SubmissionOut


# --------------------------------------------------------------------------------------------------
# Moderation


class SimilarOut(Schema):
    number: int
    text: str
    score: float


class QueueItemOut(SubmissionOut):
    author: int | None = Field(description="The author's participant number; null for seeds.")
    similar: list[SimilarOut] = Field(description="The most similar other statements (not rejected).")

    @staticmethod
    def resolve_author(obj: Statement) -> int | None:
        return obj.author.number if obj.author_id else None


class DecisionIn(Schema):
    action: Literal["accept", "reject", "requeue", "meta", "unmeta"]
    statements: list[StatementNumber] = Field(min_length=1)
    reason: str = Field(default="", description="One of the consultation's moderation criteria.")
    note: str = ""


class DecisionOut(Schema):
    changed: list[int] = Field(description="Numbers of the statements whose state changed.")


class ExclusionIn(Schema):
    reason: str = Field(description="spam, coordinated-voting, multiple-accounts or other.")
    note: str = ""


class NoteIn(Schema):
    note: str = ""


class ParticipantStateOut(Schema):
    number: int
    excluded: bool


# --------------------------------------------------------------------------------------------------
# Results


class ResultsStatusOut(Schema):
    finished_at: datetime | None
    age_seconds: float | None
    duration_seconds: float | None
    behind: bool = Field(description="Votes or moderation changed since the analysis.")
    old: bool = Field(description="Behind for long: the analysis may have stopped.")
    failed: bool
    error: str | None = Field(description="The latest run's error (staff only).")


class CountsOut(Schema):
    """Live counts; ``excluded``, ``pending`` and ``rejected`` are for staff (null for others)."""

    participants: int
    excluded: int | None
    votes: int
    statements: int
    pending: int | None
    rejected: int | None
    placed: int | None


class ResultsOut(Schema):
    status: ResultsStatusOut
    counts: CountsOut
    group_names: dict[str, str]
    analysis: dict[str, Any] | None = Field(
        description="The analysis document (docs/reference/analysis-json.md) without unpublished statements."
    )


class GroupNamesIn(Schema):
    names: dict[str, str] = Field(description='Group id -> name, e.g. {"0": "boundary-setters"}; "" clears.')
