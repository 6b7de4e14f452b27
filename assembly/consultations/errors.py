"""What the consultation write paths raise when a request cannot be honoured.

    AssemblyError                         (assembly.errors)
    └── ConsultationError                 (assembly.errors) status 400; every one changes nothing
        ├── ConsultationClosedError       409: voting or submitting outside the open period
        │   └── ConsultationDraftError    409: voting or submitting in a draft (its staff's preview)
        ├── SubmissionsDisabledError      409: the consultation takes no new statements
        ├── StatementNotFoundError        404: no such statement, or not shown to participants
        ├── InvalidVoteError              400: a vote value other than agree, disagree or pass
        ├── NothingToUndoError            409: an undo of a vote that is not the participant's last one
        ├── InvalidStatementError         400: empty or too long
        ├── DuplicateStatementError       409: the same text (after normalising) exists already
        ├── ParticipationRefusedError     403: invite-only consultation without a valid invite
        ├── CrossSiteRequestError         403: a participant write sent by a page of another site
        └── UnknownLinkError              404: a link's participant token that belongs to nobody

Each carries a stable ``code`` (for the JSON API) and an HTTP ``status``; its message is translated
and says what to do next. Views show the message with the status; the API returns both.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from assembly.errors import ConsultationError  # the base, defined there for the rate limits too


class ConsultationClosedError(ConsultationError):
    code = "consultation_closed"
    status = 409

    def __init__(self, slug: str) -> None:
        self.slug = slug
        super().__init__(_("This consultation is not open: votes and new statements are not accepted."))


class ConsultationDraftError(ConsultationClosedError):
    """A vote or statement sent to a draft: only its staff reach it, from the preview, which writes
    nothing."""

    code = "consultation_draft"

    def __init__(self, slug: str) -> None:
        self.slug = slug
        ConsultationError.__init__(
            self, _("This is a preview of a draft: votes and statements are recorded once it is published.")
        )


class SubmissionsDisabledError(ConsultationError):
    code = "submissions_disabled"
    status = 409

    def __init__(self, slug: str) -> None:
        self.slug = slug
        super().__init__(_("This consultation does not take new statements."))


class StatementNotFoundError(ConsultationError):
    code = "statement_not_found"
    status = 404

    def __init__(self, slug: str, statement: object) -> None:
        self.slug = slug
        self.statement = statement
        super().__init__(
            _("Statement %(statement)s is not part of this consultation, or is not open for voting.")
            % {"statement": statement}
        )


class InvalidVoteError(ConsultationError):
    code = "invalid_vote"
    status = 400

    def __init__(self, value: object) -> None:
        self.value = value
        super().__init__(
            _("%(value)r is not a vote: use 1 (agree), -1 (disagree) or 0 (pass).") % {"value": value}
        )


class NothingToUndoError(ConsultationError):
    code = "nothing_to_undo"
    status = 409

    def __init__(self, statement: object) -> None:
        self.statement = statement
        super().__init__(
            _("Only your last vote can be undone, and your vote on statement %(statement)s is not it.")
            % {"statement": statement}
        )


class InvalidStatementError(ConsultationError):
    code = "invalid_statement"
    status = 400


class DuplicateStatementError(ConsultationError):
    code = "duplicate_statement"
    status = 409

    def __init__(self, existing_number: int) -> None:
        self.existing_number = existing_number
        super().__init__(
            _("This statement has already been submitted. Vote on it instead, or say something new.")
        )


class ParticipationRefusedError(ConsultationError):
    code = "invite_required"
    status = 403

    def __init__(self, slug: str) -> None:
        self.slug = slug
        super().__init__(_("This consultation is by invitation only: open the link from your invitation."))


class CrossSiteRequestError(ConsultationError):
    """A vote, submission or erasure that a page of another site made the browser send (a forged form,
    or a script making its visitors vote): refused, so no one acts, or becomes a participant, unknowingly."""

    code = "cross_site_request"
    status = 403

    def __init__(self, slug: str) -> None:
        self.slug = slug
        super().__init__(
            _("This request came from another website. Vote and write from this site's own pages.")
        )


class UnknownLinkError(ConsultationError):
    code = "unknown_link"
    status = 404

    def __init__(self, slug: str) -> None:
        self.slug = slug
        super().__init__(
            _("This link belongs to no one in this consultation: open the consultation's own address.")
        )
