"""Consultations: list and read (anyone; drafts only their staff), create, update, seed, publish, close
and reopen (staff).

Creating and updating go through the facilitator's :class:`ConsultationForm` and the consultation
services, exactly like the "Edit consultation" page.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms.models import model_to_dict
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from ninja import Router, Status

from assembly.accounts.access import Level, declare
from assembly.api.access import (
    moderator_auth,
    readable_consultation,
    readable_consultations,
    staff_auth,
    theme_named,
)
from assembly.api.errors import ApiError, check_form
from assembly.api.schemas import (
    ConsultationCreate,
    ConsultationOut,
    ConsultationUpdate,
    ErrorOut,
    SeedsIn,
    StatementOut,
)
from assembly.consultations import services
from assembly.consultations.forms import ConsultationForm
from assembly.consultations.models import Consultation, Statement, Theme
from assembly.consultations.texts import clean_text, duplicate_key
from assembly.moderation import services as moderation

router = Router(tags=["consultations"])
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut}
# Also refused with 409: a slug in use, a closing date not after the opening date, more rejection wordings
# than criteria, a repeated statement.
WRITE_ERRORS = {**ERRORS, 409: ErrorOut}


def _form_data(consultation: Consultation, changes: dict[str, Any]) -> dict[str, Any]:
    """What the HTML form would post: the consultation's current values, with ``changes`` applied."""
    data = model_to_dict(consultation, fields=ConsultationForm._meta.fields)
    data["themes"] = list(consultation.themes.values_list("name", flat=True)) if consultation.pk else []
    data.update(changes)
    if "rejection_wordings" not in changes:  # the form then keeps them, paired by criterion
        data.pop("rejection_wordings", None)
    for name in ("moderation_criteria", "rejection_wordings", "themes"):  # edited one per line in the form
        if name in data:
            data[name] = "\n".join(data[name] or [])
    return {k: ("" if v is None else v) for k, v in data.items()}


def _slug_taken() -> str:
    """The message the form gives for a slug in use (Django's, translated)."""
    field = Consultation._meta.get_field("slug")
    labels = {"model_name": capfirst(Consultation._meta.verbose_name), "field_label": field.verbose_name}
    return str(field.error_messages["unique"] % labels)


def _check_dates(consultation: Consultation, changes: dict[str, Any]) -> None:
    """ApiError 409 when the closing date would not come after the opening date (the model's rule,
    which a JSON Schema cannot state: the dates may come from the request, the consultation, or both)."""
    opens = changes.get("opens_at", consultation.opens_at)
    closes = changes.get("closes_at", consultation.closes_at)
    if opens is not None and closes is not None and closes <= opens:
        message = _("The closing date must come after the opening date.")
        raise ApiError(409, "dates_conflict", message, "closes_at")


def _repeats(consultation: Consultation, texts: Sequence[str]) -> bool:
    """Whether one of ``texts`` repeats another or one of the consultation's statements (compared as
    the services compare them: :func:`~assembly.consultations.texts.duplicate_key`)."""
    keys = [duplicate_key(text) for text in map(clean_text, texts) if text]
    if len(set(keys)) < len(keys):
        return True
    if consultation.pk is None:
        return False
    return Statement.objects.filter(consultation=consultation, normalised_text__in=keys).exists()


def _add_seeds(
    consultation: Consultation, texts: Sequence[str], *, field: str, theme: Theme | None = None
) -> list[Statement]:
    """Add seed statements, all or nothing; entries that are blank once cleaned (white space and
    control characters only) are skipped like blank lines. Refused with 409 when a statement repeats
    another, else 400; the message lists every refused line."""
    texts = [text if clean_text(text) else "" for text in texts]
    try:
        return services.add_seed_statements(consultation, texts=texts, theme=theme)
    except ValidationError as exc:
        status, code = (409, "duplicate_statement") if _repeats(consultation, texts) else (400, "invalid")
        raise ApiError(status, code, " ".join(exc.messages), field) from None


def _save(request: HttpRequest, consultation: Consultation, changes: dict[str, Any]) -> Consultation:
    """Validate ``changes`` with the facilitator's form and save them with the services (all or nothing)."""
    _check_dates(consultation, changes)
    form = ConsultationForm(_form_data(consultation, changes), instance=consultation)
    if not form.is_valid() and set(form.errors) == {"rejection_wordings"}:
        # More wordings than criteria: the criteria may come from the request or the consultation, so a
        # JSON Schema cannot state the rule; a conflict with the consultation's state, like the dates.
        message = " ".join(form.errors["rejection_wordings"])
        raise ApiError(409, "wordings_conflict", message, "rejection_wordings")
    cleaned = check_form(form)
    fields = {name: value for name, value in cleaned.items() if name != "themes"}
    with transaction.atomic():
        if consultation.pk is None:
            saved = services.create_consultation(
                actor=request.user, published_at=consultation.published_at, **fields
            )
        else:
            fields.pop("slug", None)
            saved = services.update_consultation(consultation, **fields)
        services.set_themes(saved, cleaned["themes"])
    return saved


@router.get("/consultations", response=list[ConsultationOut], summary="List consultations")
@declare(Level.PUBLIC)
def list_consultations(request: HttpRequest) -> Any:
    """Every consultation anyone can join (staff also see invite-only ones), newest first."""
    return readable_consultations(request).prefetch_related("themes")


@router.get("/consultations/{slug}", response={200: ConsultationOut, **ERRORS}, summary="Read a consultation")
@declare(Level.PUBLIC)
def read_consultation(request: HttpRequest, slug: str) -> Any:
    return readable_consultation(request, slug)


@router.post(
    "/consultations",
    response={201: ConsultationOut, **WRITE_ERRORS},
    auth=staff_auth,
    summary="Create a consultation (staff)",
)
@declare(Level.STAFF)
def create_consultation(request: HttpRequest, payload: ConsultationCreate) -> Any:
    """Validated like the "New consultation" form; ``seed_statements`` are added, accepted, in the same
    transaction (a bad seed refuses the whole request). A slug in use: 409."""
    changes = payload.dict(exclude_unset=True)
    seeds = changes.pop("seed_statements", [])
    draft = changes.pop("draft", False)
    if Consultation.objects.filter(slug=payload.slug).exists():
        raise ApiError(409, "slug_taken", _slug_taken(), "slug")
    with transaction.atomic():
        consultation = _save(request, Consultation(published_at=None) if draft else Consultation(), changes)
        if seeds:
            _add_seeds(consultation, seeds, field="seed_statements")
    return Status(201, consultation)


@router.patch(
    "/consultations/{slug}",
    response={200: ConsultationOut, **WRITE_ERRORS},
    auth=moderator_auth,
    summary="Update a consultation (staff)",
)
@declare(Level.MODERATOR)
def update_consultation(request: HttpRequest, slug: str, payload: ConsultationUpdate) -> Any:
    consultation = get_object_or_404(Consultation, slug=slug)
    return _save(request, consultation, payload.dict(exclude_unset=True))


@router.post(
    "/consultations/{slug}/seeds",
    response={201: list[StatementOut], **WRITE_ERRORS},
    auth=moderator_auth,
    summary="Add seed statements (staff)",
)
@declare(Level.MODERATOR)
def add_seeds(request: HttpRequest, slug: str, payload: SeedsIn) -> Any:
    """All or nothing, like the "Seed statements" form: a repeated statement refuses them all (409)."""
    consultation = get_object_or_404(Consultation, slug=slug)
    theme = theme_named(consultation, payload.theme)
    return Status(201, _add_seeds(consultation, payload.statements, field="statements", theme=theme))


@router.post(
    "/consultations/{slug}/publish",
    response={200: ConsultationOut, **WRITE_ERRORS},
    auth=moderator_auth,
    summary="Publish a draft consultation (staff)",
)
@declare(Level.MODERATOR)
def publish_consultation(request: HttpRequest, slug: str) -> Any:
    """Anyone may see the draft from now on, and take part from its opening date; logged in the
    moderation log. Published already: 409."""
    consultation = get_object_or_404(Consultation, slug=slug)
    if not moderation.publish_consultation(consultation, actor=request.user):
        raise ApiError(409, "published_already", _("This consultation was published already."))
    return consultation


@router.post(
    "/consultations/{slug}/close",
    response={200: ConsultationOut, **ERRORS},
    auth=moderator_auth,
    summary="Close a consultation (staff)",
)
@declare(Level.MODERATOR)
def close_consultation(request: HttpRequest, slug: str) -> Any:
    """Voting and submitting stop; everything recorded and the results stay."""
    return services.close_consultation(get_object_or_404(Consultation, slug=slug))


@router.post(
    "/consultations/{slug}/reopen",
    response={200: ConsultationOut, **ERRORS},
    auth=moderator_auth,
    summary="Reopen a closed consultation (staff)",
)
@declare(Level.MODERATOR)
def reopen_consultation(request: HttpRequest, slug: str) -> Any:
    return services.reopen_consultation(get_object_or_404(Consultation, slug=slug))
