"""Consultations: list and read (anyone), create, update, seed, close and reopen (staff).

Creating and updating go through the facilitator's :class:`ConsultationForm` and the consultation
services, exactly like the "Edit consultation" page.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.forms.models import model_to_dict
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Status

from assembly.accounts.access import Level, declare
from assembly.api.access import (
    moderator_auth,
    readable_consultation,
    readable_consultations,
    staff_auth,
    theme_named,
)
from assembly.api.errors import check_form
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
from assembly.consultations.models import Consultation

router = Router(tags=["consultations"])
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut}


def _form_data(consultation: Consultation, changes: dict[str, Any]) -> dict[str, Any]:
    """What the HTML form would post: the consultation's current values, with ``changes`` applied."""
    data = model_to_dict(consultation, fields=ConsultationForm._meta.fields)
    data["themes"] = list(consultation.themes.values_list("name", flat=True)) if consultation.pk else []
    data.update(changes)
    for name in ("moderation_criteria", "themes"):  # edited one per line in the form
        data[name] = "\n".join(data[name] or [])
    return {k: ("" if v is None else v) for k, v in data.items()}


def _save(request: HttpRequest, consultation: Consultation, changes: dict[str, Any]) -> Consultation:
    """Validate ``changes`` with the facilitator's form and save them with the services (all or nothing)."""
    form = ConsultationForm(_form_data(consultation, changes), instance=consultation)
    cleaned = check_form(form)
    fields = {name: value for name, value in cleaned.items() if name != "themes"}
    with transaction.atomic():
        if consultation.pk is None:
            saved = services.create_consultation(actor=request.user, **fields)
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
    response={201: ConsultationOut, **ERRORS},
    auth=staff_auth,
    summary="Create a consultation (staff)",
)
@declare(Level.STAFF)
def create_consultation(request: HttpRequest, payload: ConsultationCreate) -> Any:
    """Validated like the "New consultation" form; ``seed_statements`` are added, accepted, in the same
    transaction (a bad seed refuses the whole request)."""
    changes = payload.dict(exclude_unset=True)
    seeds = changes.pop("seed_statements", [])
    with transaction.atomic():
        consultation = _save(request, Consultation(), changes)
        if seeds:
            services.add_seed_statements(consultation, texts=seeds)
    return Status(201, consultation)


@router.patch(
    "/consultations/{slug}",
    response={200: ConsultationOut, **ERRORS},
    auth=moderator_auth,
    summary="Update a consultation (staff)",
)
@declare(Level.MODERATOR)
def update_consultation(request: HttpRequest, slug: str, payload: ConsultationUpdate) -> Any:
    consultation = get_object_or_404(Consultation, slug=slug)
    return _save(request, consultation, payload.dict(exclude_unset=True))


@router.post(
    "/consultations/{slug}/seeds",
    response={201: list[StatementOut], **ERRORS},
    auth=moderator_auth,
    summary="Add seed statements (staff)",
)
@declare(Level.MODERATOR)
def add_seeds(request: HttpRequest, slug: str, payload: SeedsIn) -> Any:
    """All or nothing, like the "Seed statements" form: a too-long or repeated line refuses them all."""
    consultation = get_object_or_404(Consultation, slug=slug)
    theme = theme_named(consultation, payload.theme)
    return Status(201, services.add_seed_statements(consultation, texts=payload.statements, theme=theme))


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
