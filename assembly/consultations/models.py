"""The consultation's tables.

A :class:`Consultation` has themes, statements, participants (anonymous: a token, an optional external
id or an invite), and votes. :class:`Vote` holds each participant's *live* vote on a statement (one
row per pair, guaranteed by a constraint); :class:`VoteEvent` keeps every vote ever cast, re-votes
included, which is what pol.is exports as ``votes.csv`` and what the analysis replays.

Ids that people and exports see are per-consultation numbers (``Statement.number``,
``Participant.number``): imports keep the source's ids there (pol.is ``tid`` and ``pid``).

Pol.is equivalent: conversation, comment, participant, vote
(compdemocracy/polis 08e03eb1, docs/explanation/polis-math.md §1).
"""

from __future__ import annotations

import re
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assembly.analysis.types import Moderation
from assembly.analysis.types import Vote as VoteValue  # the model below is called Vote
from assembly.consultations.defaults import (
    DEFAULT_GUIDELINES,
    default_moderation_criteria,
    default_rejection_wordings,
)
from assembly.disclosure import DEFAULT_MIN_PARTICIPANTS, MIN_CELL, Rule

# A participant's statement is at most this long: the paper's "Clear & concise wording (limited to 140
# characters)", pol.is's limit in its participation client.
SUBMISSION_MAX_LENGTH = 140
# Statements written by facilitators (seeds) or imported may be longer: pol.is does not limit seeds
# (the paper quotes a 250-character one; the open-data exports hold statements of up to 500).
STATEMENT_MAX_LENGTH = 1000
# Seeds typed by facilitators in the interface (page and API) follow the participants' limit: a card
# reads the same whoever wrote it, and a long seed was accepted without a word before (issue 14 item 3).
# Only imports of past conversations keep STATEMENT_MAX_LENGTH, so that their statements arrive whole.
SEED_MAX_LENGTH = SUBMISSION_MAX_LENGTH

_VOTE_LABELS = {
    VoteValue.AGREE: _("Agree"),
    VoteValue.DISAGREE: _("Disagree"),
    VoteValue.PASS: _("Pass / unsure"),
}
# django-stubs types the functional API's labels as str, not lazy translations.
VoteChoice = models.IntegerChoices(  # type: ignore[call-overload]
    "VoteChoice", [(v.name, (int(v), _VOTE_LABELS[v])) for v in VoteValue]
)
"""Choices for vote fields, built from :class:`assembly.analysis.types.Vote` (agree = 1)."""

_MODERATION_LABELS = {
    Moderation.ACCEPTED: _("Accepted"),
    Moderation.PENDING: _("Awaiting moderation"),
    Moderation.REJECTED: _("Rejected"),
}
ModerationChoice = models.TextChoices(  # type: ignore[call-overload]  # as VoteChoice
    "ModerationChoice", [(m.name, (m.value, _MODERATION_LABELS[m])) for m in Moderation]
)
"""Choices for a statement's moderation state, built from :class:`assembly.analysis.types.Moderation`."""


class ModerationMode(models.TextChoices):
    PRE = "pre", _("Pre-moderation: submissions stay hidden until a moderator accepts them")
    POST = "post", _("Post-moderation: submissions are shown until a moderator rejects them")


class ErasurePolicy(models.TextChoices):
    """What happens to a participant's votes when they erase their data (published to participants)."""

    DELETE = "delete", _("Their votes are deleted and leave the results.")
    ANONYMISE = (
        "anonymise",
        _("Their votes stay in the results, anonymously: nothing links them to the person any more."),
    )


# One origin a consultation's embed view may be framed by, as CSP's frame-ancestors writes it:
# scheme, host (optionally "*." for every subdomain) and port; nothing that could end the directive.
EMBED_ORIGIN = re.compile(r"^https?://(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)*(:[0-9]{1,5})?$", re.IGNORECASE)


def site_language() -> str:
    """The default source language of new consultations: the site's ``LANGUAGE_CODE``."""
    return str(settings.LANGUAGE_CODE).split("-")[0]


def site_min_participants() -> int:
    """The default for new consultations: the ``ASSEMBLY_RESULTS_MIN_PARTICIPANTS`` setting, else 20."""
    return int(getattr(settings, "ASSEMBLY_RESULTS_MIN_PARTICIPANTS", DEFAULT_MIN_PARTICIPANTS))


class Consultation(models.Model):
    """One alignment assembly: a question, its statements, participants and votes."""

    slug = models.SlugField(
        _("short name"),
        max_length=64,
        unique=True,
        help_text=_("Used in the link: /c/<short name>/. Letters, digits and hyphens."),
    )
    title = models.CharField(_("title"), max_length=200)
    question = models.TextField(
        _("question"), help_text=_("What participants are asked, shown above every statement.")
    )
    description = models.TextField(_("description"), blank=True)
    guidelines = models.TextField(
        _("participation guidelines"),
        blank=True,
        default=DEFAULT_GUIDELINES,
        help_text=_(
            "Shown beside the submission box. Prefilled with the guidelines of "
            "the Europeana Alignment Assembly (2025)."
        ),
    )
    source_language = models.CharField(
        _("language of its texts"),
        max_length=8,
        default=site_language,
        help_text=_("The language staff write the title, question, guidelines and seed statements in."),
    )
    languages = models.JSONField(
        _("other languages"),
        default=list,
        blank=True,
        help_text=_(
            "Languages its texts and statements are translated into; each translation is shown once approved."
        ),
    )
    moderation_mode = models.CharField(
        _("moderation mode"), max_length=4, choices=ModerationMode.choices, default=ModerationMode.PRE
    )
    moderation_criteria = models.JSONField(
        _("moderation criteria"),
        default=default_moderation_criteria,
        help_text=_("Published to participants; moderators give one of them as the reason of each decision."),
    )
    rejection_wordings = models.JSONField(
        _("rejection wordings"),
        default=default_rejection_wordings,
        blank=True,
        help_text=_(
            "What the author of a rejected statement reads for each criterion: what was missing. A criterion"
            " without one gives “Does not meet the criterion” and the criterion."
        ),
    )
    opens_at = models.DateTimeField(
        _("opens at"), null=True, blank=True, help_text=_("Empty: open as soon as it is saved.")
    )
    closes_at = models.DateTimeField(
        _("closes at"), null=True, blank=True, help_text=_("Empty: open until a facilitator closes it.")
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, editable=False)
    accepts_submissions = models.BooleanField(_("participants may submit statements"), default=True)
    invite_only = models.BooleanField(
        _("invite only"), default=False, help_text=_("Only people with an invite link can take part.")
    )
    accepts_xid = models.BooleanField(
        _("accept external ids"),
        default=False,
        help_text=_(
            "Let an embedding site identify participants with an ?xid= "
            "parameter. Anyone who knows an id can act as that "
            "participant: use only with ids that are hard to guess."
        ),
    )
    results_public = models.BooleanField(_("results are public"), default=False)
    min_participants = models.PositiveIntegerField(
        _("participants needed before results are shown"),
        default=site_min_participants,
        validators=[MinValueValidator(MIN_CELL), MaxValueValidator(1_000_000)],
        help_text=_(
            "Until this many people have voted, the results pages, the results API and the report show "
            "no vote figures, so that no one's votes can be told from them. At least 5."
        ),
    )
    erasure_policy = models.CharField(
        _("when a participant erases their data"),
        max_length=10,
        choices=ErasurePolicy.choices,
        default=ErasurePolicy.DELETE,
        help_text=_(
            "Shown to participants before they take part. Either way their statements lose any link "
            "to them, and unpublished ones lose their text."
        ),
    )
    embed_origins = models.TextField(
        _("sites that may embed it"),
        blank=True,
        default="",
        help_text=_(
            "One address per line, e.g. https://www.europeana.eu, for the sites allowed to show the "
            "embed view in a frame. Empty: no other site (unless any site is allowed below)."
        ),
    )
    embed_any_site = models.BooleanField(
        _("any site may embed it"),
        default=False,
        help_text=_(
            "Lets every website show the embed view in a frame, so any site could trick its visitors "
            "into voting (clickjacking). Leave it off and list the sites above instead."
        ),
    )
    # None: a draft, seen by its staff only (a 404 to everyone else) and taking no votes or statements.
    # Made in the interface a consultation starts as a draft and is published as a step of its own;
    # made any other way (import, demo, API, admin) it is published on save unless asked otherwise.
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, default=timezone.now)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["-created_at"]

    def rejection_wording(self, criterion: str) -> str:
        """What the author of a statement rejected for ``criterion`` reads: what was missing.

        The wording stored for that criterion (by its text, so editing or reordering the criteria never
        pairs a decision with another criterion's wording); else the generic "Does not meet the
        criterion “…”", so that every decision, old ones included, stays readable."""
        criterion = (criterion or "").strip()
        if not criterion:
            return ""
        wording = str((self.rejection_wordings or {}).get(criterion, "")).strip()
        return wording or _("Does not meet the criterion “%(criterion)s”.") % {"criterion": criterion}

    def aligned_rejection_wordings(self) -> list[str]:
        """The wording of each current criterion, in their order ("" where it has none): how the form
        and the API show them."""
        wordings = self.rejection_wordings or {}
        return [str(wordings.get(str(c), "")) for c in self.moderation_criteria]

    def disclosure_rule(self) -> Rule:
        """The small-numbers rule (:mod:`assembly.disclosure`) of everything published about this
        consultation's results."""
        return Rule(min_participants=self.min_participants)

    def __str__(self) -> str:
        return self.title

    @property
    def all_languages(self) -> list[str]:
        """The source language first, then the others it offers."""
        return [self.source_language, *[c for c in self.languages or [] if c != self.source_language]]

    def clean(self) -> None:
        from assembly.consultations.languages import check_language

        try:
            self.source_language = check_language(self.source_language, where=str(_("language of its texts")))
            self.languages = [
                check_language(c, where=str(_("other languages"))) for c in self.languages or []
            ]
        except ValidationError as exc:
            raise ValidationError({"languages": exc.messages}) from None
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("The closing date must come after the opening date.")})
        if not isinstance(self.moderation_criteria, list) or not all(
            isinstance(c, str) and c.strip() for c in self.moderation_criteria
        ):
            raise ValidationError({"moderation_criteria": _("Give the criteria as a list of texts.")})
        wordings = self.rejection_wordings
        if not isinstance(wordings, dict) or not all(
            isinstance(k, str) and isinstance(w, str) and "\n" not in w for k, w in wordings.items()
        ):
            message = _("Give the rejection wordings as one line of text per criterion.")
            raise ValidationError({"rejection_wordings": message})
        wrong = [o for o in self.embed_origins.split() if not EMBED_ORIGIN.match(o)]
        if wrong:
            raise ValidationError(
                {
                    "embed_origins": _(
                        "“%(origin)s” is not a site address: write it as https://example.org, one per line."
                    )
                    % {"origin": wrong[0]}
                }
            )

    def frame_ancestors(self) -> str:
        """The embed view's CSP ``frame-ancestors``: ``*`` when staff allowed any site, else the listed
        sites, else ``'self'`` (no other site: a frame on any site could make its visitors vote by
        clickjacking, so that is never the default)."""
        if self.embed_any_site:
            return "*"
        origins = [o for o in self.embed_origins.split() if EMBED_ORIGIN.match(o)]
        return " ".join(origins) or "'self'"

    def is_open(self, now: datetime | None = None) -> bool:
        """True while participants may vote and submit: published, opened, not past its closing date, not
        closed."""
        now = now or timezone.now()
        if self.is_draft or self.closed_at is not None:
            return False
        if self.opens_at is not None and now < self.opens_at:
            return False
        return not (self.closes_at is not None and now >= self.closes_at)

    @property
    def is_draft(self) -> bool:
        """True until published: only its staff see it (:func:`~assembly.consultations.identity.
        check_published`), and it takes no votes or statements."""
        return self.published_at is None

    @property
    def is_scheduled(self) -> bool:
        """True before the opening date."""
        return self.closed_at is None and self.opens_at is not None and timezone.now() < self.opens_at

    @property
    def shows_pending_statements(self) -> bool:
        """Post-moderation shows statements until rejected; pre-moderation hides them until accepted."""
        return self.moderation_mode == ModerationMode.POST

    @property
    def visible_moderation_states(self) -> tuple[str, ...]:
        """The moderation states of the statements participants see and vote on: accepted, plus pending
        in post-moderation (never rejected)."""
        if self.shows_pending_statements:
            return (Moderation.ACCEPTED.value, Moderation.PENDING.value)
        return (Moderation.ACCEPTED.value,)


THEME_NAME_MAX_LENGTH = 200


class Theme(models.Model):
    """A theme statements can be filed under (the paper's seven themes, for example)."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="themes")
    name = models.CharField(_("name"), max_length=THEME_NAME_MAX_LENGTH)
    position = models.PositiveIntegerField(_("position"), default=0)
    avenues = models.TextField(
        _("avenues for further work"),
        blank=True,
        max_length=5000,
        help_text=_("Written by staff; printed under the theme on the results page and in the report."),
    )

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["position", "name"]
        constraints = [models.UniqueConstraint(fields=["consultation", "name"], name="theme_name_unique")]

    def __str__(self) -> str:
        return self.name


class ThemeSuggestion(models.Model):
    """A candidate theme computed without any model (:mod:`assembly.assist.suggest`): keyword labels and the
    submissions it groups. Nothing is applied until staff accept, rename, merge or discard it."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="theme_suggestions")
    label = models.CharField(_("label"), max_length=200)
    keywords = models.JSONField(_("keywords"), default=list)
    statement_numbers = models.JSONField(_("statements"), default=list)
    position = models.PositiveIntegerField(_("position"), default=0)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("theme suggestion")
        verbose_name_plural = _("theme suggestions")
        ordering = ["consultation", "position", "id"]

    def __str__(self) -> str:
        return self.label


class Invite(models.Model):
    """A single-use invite for invite-only consultations; whoever opens it becomes its participant.

    Only a hash of the token is stored: the token itself exists in the link handed out.
    """

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="invites")
    token_hash = models.CharField(max_length=64, unique=True)
    label = models.CharField(
        _("label"),
        max_length=200,
        blank=True,
        help_text=_("For the facilitator only, e.g. the mailing it went out with."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("invite")
        verbose_name_plural = _("invites")


class Participant(models.Model):
    """Someone taking part, without an account.

    Identified by a random token kept in a cookie (only its SHA-256 hash is stored), or by an invite,
    or by an external id (``xid``) given by an embedding site. Imported participants have none of these.
    """

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="participants")
    number = models.PositiveIntegerField(_("number"))
    token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    xid = models.CharField(_("external id"), max_length=255, null=True, blank=True)
    invite = models.OneToOneField(
        Invite, on_delete=models.SET_NULL, null=True, blank=True, related_name="participant"
    )
    excluded = models.BooleanField(_("excluded from the analysis"), default=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    erased_at = models.DateTimeField(
        _("erased at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When the participant erased their data (assembly.consultations.privacy)."),
    )

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["consultation", "number"]
        constraints = [
            models.UniqueConstraint(fields=["consultation", "number"], name="participant_number_unique"),
            models.UniqueConstraint(
                fields=["consultation", "xid"], condition=Q(xid__isnull=False), name="participant_xid_unique"
            ),
        ]

    def __str__(self) -> str:
        return _("Participant %(number)s") % {"number": self.number}


class StatementQuerySet(models.QuerySet["Statement"]):
    def visible_to_participants(self, consultation: Consultation) -> StatementQuerySet:
        """Statements participants can see and vote on: accepted ones, plus pending ones in post-moderation.

        A rejected statement never appears.
        """
        return self.filter(consultation=consultation, moderation__in=consultation.visible_moderation_states)


class Statement(models.Model):
    """A statement put to the vote: a seed written by facilitators, or a participant's submission.

    Pol.is equivalent: a comment (``tid`` = ``number``; ``moderated`` = ``moderation``).
    """

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="statements")
    number = models.PositiveIntegerField(_("number"))
    text = models.TextField(_("text"), max_length=STATEMENT_MAX_LENGTH)
    normalised_text = models.TextField(
        editable=False,
        default="",
        help_text=(
            "NFKC, casefolded, look-alikes folded (TR39 skeleton), spaces collapsed: the exact-duplicate key."
        ),
    )
    author = models.ForeignKey(
        Participant,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="statements",
        verbose_name=_("author"),
    )
    # "": the consultation's source language (seeds, imports); a participant's own, detected and confirmed.
    language = models.CharField(_("language"), max_length=8, blank=True, default="")
    is_seed = models.BooleanField(_("seed statement"), default=False)
    moderation = models.CharField(
        _("moderation"), max_length=8, choices=ModerationChoice.choices, default=Moderation.PENDING.value
    )
    moderation_reason = models.CharField(
        _("reason"), max_length=500, blank=True, help_text=_("The criterion given with the latest decision.")
    )
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True)
    author_note = models.TextField(
        _("note to the author"),
        blank=True,
        help_text=_(
            "Given with the latest decision; shown only to the statement's author, on their own page."
            " Never in the results, the exports or the log."
        ),
    )
    is_meta = models.BooleanField(
        _("meta statement"),
        default=False,
        help_text=_(
            "About the participants rather than the topic (e.g. their role): "
            "shown and voted on, but left out of the opinion groups."
        ),
    )
    theme = models.ForeignKey(
        Theme,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="statements",
        verbose_name=_("theme"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    objects = StatementQuerySet.as_manager()

    class Meta:
        verbose_name = _("statement")
        verbose_name_plural = _("statements")
        ordering = ["consultation", "number"]
        constraints = [
            models.UniqueConstraint(fields=["consultation", "number"], name="statement_number_unique"),
            models.CheckConstraint(
                condition=Q(moderation__in=[m.value for m in Moderation]), name="statement_moderation_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.number} {self.text[:60]}"

    @property
    def rejection_wording(self) -> str:
        """Why it was rejected, as its author reads it (:meth:`Consultation.rejection_wording`)."""
        if self.moderation != Moderation.REJECTED.value:
            return ""
        return self.consultation.rejection_wording(self.moderation_reason)

    def clean(self) -> None:
        limit = STATEMENT_MAX_LENGTH if self.author_id is None else SUBMISSION_MAX_LENGTH
        if len(self.text) > limit:
            raise ValidationError(
                {
                    "text": _("A statement has at most %(limit)d characters; this one has %(length)d.")
                    % {"limit": limit, "length": len(self.text)}
                }
            )

    @property
    def moderation_state(self) -> Moderation:
        return Moderation(self.moderation)

    @property
    def written_in(self) -> str:
        """The language its text is written in."""
        return self.language or self.consultation.source_language


class Vote(models.Model):
    """A participant's live vote on a statement: one row per (participant, statement).

    ``consultation`` repeats the statement's consultation so the analysis reads all votes of a
    consultation from one index, without a join.
    """

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="votes")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="votes")
    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="votes")
    value = models.SmallIntegerField(_("vote"), choices=VoteChoice.choices)
    created_at = models.DateTimeField(_("first cast at"), default=timezone.now)
    updated_at = models.DateTimeField(_("last changed at"), default=timezone.now)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [
            models.UniqueConstraint(fields=["participant", "statement"], name="one_live_vote_per_statement"),
            models.CheckConstraint(
                condition=Q(value__in=[int(v) for v in VoteValue]), name="vote_value_valid"
            ),
        ]


VOTE_ORDER = ("created_at", "id")
"""The order of a participant's votes on a statement, the one every reader of the history uses: by
time, then id. It is the order in which the votes committed, so the latest event is the live vote:
each vote is stamped under the live vote's row lock, never earlier than the vote it replaces, and its
event id is assigned after that lock (:func:`assembly.consultations.services.cast_vote`). Imports insert
events in time order, so within a participant's votes on a statement, id order is this order too."""


class VoteEvent(models.Model):
    """One vote as cast, kept forever: the history behind :class:`Vote` (pol.is ``votes.csv``).

    Read it in :data:`VOTE_ORDER`.
    """

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="vote_events")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="vote_events")
    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="vote_events")
    value = models.SmallIntegerField(_("vote"), choices=VoteChoice.choices)
    created_at = models.DateTimeField(_("cast at"), default=timezone.now)

    class Meta:
        verbose_name = _("vote event")
        verbose_name_plural = _("vote events")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(value__in=[int(v) for v in VoteValue]), name="vote_event_value_valid"
            ),
        ]


from assembly.consultations.translation_models import Translation  # noqa: E402, F401  (registers the model)
