"""Request and response bodies of the JSON API.

Statements and participants are identified by their per-consultation numbers (as the pages and the
pol.is export show them). Votes are 1 (agree), -1 (disagree) or 0 (pass).
"""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from ninja import Schema
from ninja.schema import DjangoGetter
from pydantic import (
    AfterValidator,
    BeforeValidator,
    Field,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from assembly.consultations.models import (
    SEED_MAX_LENGTH,
    SUBMISSION_MAX_LENGTH,
    Consultation,
    Statement,
    Theme,
)
from assembly.consultations.texts import INVISIBLE_BMP
from assembly.languages import EU_LANGUAGES
from assembly.moderation.services import EXCLUSION_REASONS
from assembly.results.models import GROUP_NAME_MAX_LENGTH

# The EU's 24 official languages, as codes (assembly.languages); a site offering fewer answers 400 naming
# the code it does not offer.
LanguageCode = Literal[tuple(code for code, _name in EU_LANGUAGES)]


class Body(Schema):
    """A request body: a JSON object. (ninja's ``Schema`` reads attributes of any value: a body of
    ``[null]`` or ``"x"`` would pass as an object with every field left out.)"""

    @model_validator(mode="before")
    @classmethod
    def _an_object(cls, value: Any) -> Any:
        if not isinstance(value._obj if isinstance(value, DjangoGetter) else value, dict):
            raise ValueError("the body must be a JSON object")
        return value


# The rules of the site's forms, written as JSON Schema patterns (ECMA 262, Python and Rust agree on
# these): white space as Python's str.strip() and str.split() see it, line breaks as str.splitlines().
SPACE = r"\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
LINE_BREAK = r"\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029"
# Django's text fields refuse the NUL character (PostgreSQL cannot store it).
NO_NUL = r"^[^\x00]*$"
NOT_BLANK = rf"^[^\x00]*[^\x00{SPACE}][^\x00]*$"
# A statement's text keeps something once cleaned (texts.clean_text drops controls and invisible characters,
# then trims; those beyond the BMP cannot be written alike for every engine and are refused by the service).
VISIBLE = rf"[^{SPACE}\x00-\x1f\x7f-\x9f{INVISIBLE_BMP}]"
ONE_LINE = rf"^[^\x00{LINE_BREAK}]*[^\x00{SPACE}][^\x00{LINE_BREAK}]*$"
# Consultation.embed_origins: site addresses (EMBED_ORIGIN) separated by white space.
_ORIGIN = r"[hH][tT][tT][pP][sS]?://(\*\.)?[a-zA-Z0-9-]+(\.[a-zA-Z0-9-]+)*(:[0-9]{1,5})?"
ORIGINS = rf"^[{SPACE}]*({_ORIGIN}([{SPACE}]+{_ORIGIN})*)?[{SPACE}]*$"

# A date and time with its offset (RFC 3339), in years 1900 to 2999: an offset cannot then carry
# it out of the years the database stores (0001-01-01T00:00+01:00 was a server error).
DATE_TIME = (
    r"^(19|2[0-9])[0-9]{2}-[0-9]{2}-[0-9]{2}T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]{1,6})?"
    r"(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$"
)


def _date_time_text(value: object) -> object:
    """Refuse what pydantic would read as a date but the schema does not allow: numbers (Unix times),
    dates without an offset or a time, other years."""
    if not isinstance(value, str) or re.fullmatch(DATE_TIME, value) is None:
        raise ValueError("expected a date and time with its offset, e.g. 2026-05-01T10:00:00+02:00")
    return value


def _in_utc(value: datetime) -> datetime:
    """The same moment in UTC: RFC 3339 allows offsets up to 23:59, PostgreSQL stores only up to
    15:59 (an offset of -19:55 was a server error there)."""
    return value.astimezone(UTC)


Moment = Annotated[
    datetime,
    BeforeValidator(_date_time_text),
    AfterValidator(_in_utc),
    WithJsonSchema({"type": "string", "format": "date-time", "pattern": DATE_TIME}),
]
FreeText = Annotated[str, Field(pattern=NO_NUL)]
Note = Annotated[
    str, Field(max_length=1000, pattern=NO_NUL, description="Optional; published in the log export.")
]
AuthorNote = Annotated[
    str,
    Field(
        max_length=1000,
        pattern=NO_NUL,
        description="Optional, with accept or reject: shown only to their authors; never published.",
    ),
]


def _left_out_only(schema: dict[str, Any]) -> None:
    schema.pop("default", None)


def optional(**constraints: Any) -> Any:
    """A field that may be left out (then it keeps its value) but is never null."""
    return Field(default=None, json_schema_extra=_left_out_only, **constraints)


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
    source_language: LanguageCode = Field(description="The language its texts are written in.")
    languages: list[LanguageCode] = Field(
        description="The other languages its texts and statements are translated into (approved ones shown)."
    )
    moderation_mode: Literal["pre", "post"]
    moderation_criteria: list[str]
    rejection_wordings: list[str] = Field(
        description="What the author of a rejected statement reads, per criterion in their order"
        " (empty: the generic wording)."
    )
    opens_at: datetime | None
    closes_at: datetime | None
    closed_at: datetime | None
    is_open: bool
    is_draft: bool = Field(description="A draft: seen by its staff only, taking no votes until published.")
    published_at: datetime | None
    accepts_submissions: bool
    invite_only: bool
    accepts_xid: bool
    results_public: bool
    min_participants: int = Field(
        description="Participants needed before any vote figure of the results is published (at least 5)."
    )
    erasure_policy: Literal["delete", "anonymise"] = Field(
        description="What erasing one's data does to one's votes: deleted, or kept anonymised (published "
        "to participants)."
    )
    embed_origins: str = Field(
        description="Sites that may embed the consultation, one per line; empty: none but embed_any_site's."
    )
    embed_any_site: bool = Field(description="Any site may embed the consultation (off unless staff chose).")
    themes: list[str]

    @staticmethod
    def resolve_is_open(obj: Consultation) -> bool:
        return obj.is_open()

    @staticmethod
    def resolve_is_draft(obj: Consultation) -> bool:
        return obj.is_draft

    @staticmethod
    def resolve_rejection_wordings(obj: Consultation) -> list[str]:
        return obj.aligned_rejection_wordings()

    @staticmethod
    def resolve_themes(obj: Consultation) -> list[str]:
        return list(obj.themes.values_list("name", flat=True))


Title = Annotated[str, Field(max_length=200, pattern=NOT_BLANK, description="Not blank.")]
Question = Annotated[str, Field(pattern=NOT_BLANK, description="Not blank.")]
Criterion = Annotated[str, Field(pattern=ONE_LINE)]
Wording = Annotated[str, Field(pattern=rf"^[^\x00{LINE_BREAK}]*$", description="One line; may be empty.")]
ThemeName = Annotated[str, Field(max_length=Theme._meta.get_field("name").max_length, pattern=ONE_LINE)]
SeedText = Annotated[str, Field(max_length=SEED_MAX_LENGTH)]


class ConsultationUpdate(Body):
    """The fields to change; fields left out keep their value (the slug never changes). Only the dates
    may be null (no date)."""

    title: Title = optional()
    question: Question = optional()
    description: FreeText = optional()
    guidelines: FreeText = optional()
    source_language: LanguageCode = optional(
        description="One of the site's language codes (a code the site does not offer: 400)."
    )
    languages: list[LanguageCode] = optional(
        description="The whole list of other languages, each one of the site's language codes (else 400)."
    )
    moderation_mode: Literal["pre", "post"] = optional()
    moderation_criteria: list[Criterion] = optional(
        min_length=1, description="At least one; each one line of text, not blank."
    )
    rejection_wordings: list[Wording] = optional(
        description="What the author of a rejected statement reads, one per criterion in the same order"
        " (at most as many as the criteria, else 400); an empty one gives the generic wording."
    )
    opens_at: Moment | None = None
    closes_at: Moment | None = Field(default=None, description="After opens_at (else 409).")
    accepts_submissions: bool = optional()
    invite_only: bool = optional()
    accepts_xid: bool = optional()
    results_public: bool = optional()
    min_participants: int = optional(
        ge=5, le=1_000_000, description="Participants needed before results are shown; at least 5."
    )
    erasure_policy: Literal["delete", "anonymise"] = optional()
    embed_origins: str = optional(
        pattern=ORIGINS, description="Site addresses such as https://example.org, one per line."
    )
    embed_any_site: bool = optional(description="Let any site embed it (clickjacking risk); off by default.")
    themes: list[ThemeName] = optional(description="The whole list, in order; each one line of text.")


class ConsultationCreate(ConsultationUpdate):
    """A new consultation; fields left out get the same defaults as the form (e.g. the guidelines)."""

    slug: str = Field(
        max_length=64, pattern=r"^[-a-zA-Z0-9_]+$", description="Letters, digits, - and _; unique (else 409)."
    )
    title: Title
    question: Question
    seed_statements: list[SeedText] = Field(
        default_factory=list, description="Accepted at once, in order; blank ones are skipped."
    )
    draft: bool = Field(
        default=False,
        description="Start as a draft, seen by its staff only until published (POST …/publish); "
        "by default a consultation made through the API is published at once.",
    )


class SeedsIn(Body):
    statements: list[SeedText] = Field(
        description="One statement each; blank ones are skipped, a repeated one refuses them all (409)."
    )
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
        return obj.theme.name if obj.theme is not None else None


class SubmissionOut(StatementOut):
    """A participant's own statement and what the moderators decided."""

    moderation_reason: str
    rejection: str = Field(description="Why it was rejected, as its author reads it: what was missing.")
    author_note: str = Field(
        description="The moderators' note to the author, if any (only ever sent to them)."
    )
    moderated_at: datetime | None

    @staticmethod
    def resolve_rejection(obj: Statement) -> str:
        return obj.rejection_wording


class NextOut(Schema):
    statement: StatementOut | None = Field(description="Null when there is nothing left to vote on.")
    remaining: int
    total: int


class SubmissionIn(Body):
    text: str = Field(
        description="At most 140 characters; the same text as an existing statement is refused.",
        # Documented for clients (the service checks them itself, with its own messages): some text
        # that is not only spaces and control characters (which the service drops), at most 140.
        json_schema_extra={"minLength": 1, "maxLength": SUBMISSION_MAX_LENGTH, "pattern": VISIBLE},
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


class VoteIn(Body):
    statement: StatementNumber = Field(description="The statement's number.")
    value: VoteValue = Field(description="1 agree, -1 disagree, 0 pass.")


class VoteValueIn(Body):
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
        return obj.author.number if obj.author is not None else None


class ThemeFilingIn(Body):
    statements: list[StatementNumber] = Field(min_length=1)
    theme: str | None = Field(
        description="The name of one of the consultation's themes (else 404); null takes the theme away."
    )
    note: Note = ""


class DecisionIn(Body):
    action: Literal["accept", "reject", "requeue", "meta", "unmeta"]
    statements: list[StatementNumber] = Field(min_length=1)
    reason: str = Field(
        default="",
        validate_default=True,
        description="One of the consultation's moderation criteria (else 404); required to reject.",
    )
    note: Note = ""
    author_note: AuthorNote = ""

    model_config = {
        "json_schema_extra": {
            "if": {"properties": {"action": {"const": "reject"}}, "required": ["action"]},
            "then": {"required": ["reason"], "properties": {"reason": {"pattern": NOT_BLANK}}},
        }
    }

    @field_validator("reason")
    @classmethod
    def _reject_needs_a_reason(cls, reason: str, info: ValidationInfo) -> str:
        if info.data.get("action") == "reject" and not reason.strip():
            raise ValueError("rejecting needs a reason, one of the consultation's moderation criteria")
        return reason


class DecisionOut(Schema):
    changed: list[int] = Field(description="Numbers of the statements whose state changed.")


ExclusionReason = Literal[tuple(EXCLUSION_REASONS)]


class ExclusionIn(Body):
    reason: ExclusionReason
    note: Note = ""


class NoteIn(Body):
    note: Note = ""


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
    """Live counts, defined once in ``assembly.consultations.counts`` (the pages and the report use the
    same figures); ``joined``, ``excluded``, ``submitted``, ``pending`` and ``rejected`` are for staff
    (null for others)."""

    participants: int = Field(description="Participants who voted (excluded ones left out), as the report.")
    joined: int | None = Field(description="Everyone who voted or submitted a statement.")
    excluded: int | None
    votes: int
    statements: int = Field(description="Statements published: those participants can see.")
    submitted: int | None = Field(description="Every statement, whatever its moderation state.")
    pending: int | None
    rejected: int | None
    placed: int | None = Field(description="Participants in opinion groups, from the latest analysis.")


class ResultsOut(Schema):
    status: ResultsStatusOut
    counts: CountsOut
    group_names: dict[str, str]
    analysis: dict[str, Any] | None = Field(
        description="The analysis document (docs/reference/analysis-json.md) without unpublished statements."
    )


GroupName = Annotated[str, Field(max_length=GROUP_NAME_MAX_LENGTH, pattern=NO_NUL)]
GroupNames = Annotated[
    dict[Annotated[str, Field(pattern=r"^[0-9]+$")], GroupName],
    WithJsonSchema(
        {
            "type": "object",
            "propertyNames": {"pattern": r"^[0-9]+$"},
            "additionalProperties": {"type": "string", "maxLength": GROUP_NAME_MAX_LENGTH, "pattern": NO_NUL},
        }
    ),
]


class GroupNamesIn(Body):
    names: GroupNames = Field(
        description='Group id -> name, e.g. {"0": "boundary-setters"}; "" clears. An id the latest '
        "analysis does not have: 404; a name another group has: 409."
    )
