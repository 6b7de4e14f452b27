"""Ask the configured model for a draft, check it, keep it; approve or discard it; add up the footprint.

A draft is built only from what the results page publishes (the disclosed analysis: statements
participants can see, their rounded shares and categories), so the model never sees a rejected text, a
withheld figure or a participant. Nothing reaches a page until a person approves it (:func:`approve`).
"""

from __future__ import annotations

from collections.abc import Sequence

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from assembly.assistant.endpoint import configured_endpoint, where_text_goes
from assembly.assistant.models import Draft, ModelCall
from assembly.charts.numbers import rounded_percent
from assembly.consultations.models import THEME_NAME_MAX_LENGTH, Consultation, Theme
from assembly.language_model import (
    Endpoint,
    EndpointError,
    Prompt,
    StatementFigures,
    check,
    complete,
    prompt_for,
)
from assembly.language_model.checker import Scope, without_citations
from assembly.report.model import AssistedText, ModelFootprint
from assembly.results.presentation import ResultsPage, build_results_page

__all__ = [
    "DraftError",
    "approve",
    "configured_endpoint",
    "discard",
    "footprint",
    "request_draft",
    "where_text_goes",
]


class DraftError(Exception):
    """No draft could be made; the message tells staff why (and nothing was published)."""


def _figures(page: ResultsPage, theme: Theme | None) -> list[StatementFigures]:
    category = {v.id: c.key for c in page.categories for v, state, _chart in c.entries if state == "clear"}
    figures = []
    for view in page.statements:
        if theme is not None and view.theme != theme.name:
            continue
        s = view.shares
        if s.withheld or not s.votes:
            continue
        figures.append(
            StatementFigures(
                number=view.id,
                text=view.text,
                category=category.get(view.id),
                agree=rounded_percent(s.agree, s.votes),
                disagree=rounded_percent(s.disagree, s.votes),
                passes=rounded_percent(s.passes, s.votes),
                votes=s.votes,
            )
        )
    return figures


def _record_call(consultation: Consultation, kind: str, endpoint: Endpoint, digest: str) -> ModelCall:
    return ModelCall(
        consultation=consultation,
        kind=kind,
        endpoint=endpoint.url,
        model=endpoint.model,
        prompt_sha256=digest,
        made_at=timezone.now(),
    )


def request_draft(consultation: Consultation, kind: str, theme: Theme | None = None) -> Draft:
    """Ask the model for a draft of ``kind`` (for ``theme`` where the kind needs one), check it and keep it.

    Returns the draft, rejected (with the checker's problems) or waiting for approval. Raises
    :class:`DraftError` when the assistant is off, there is nothing to draft from, or the endpoint
    failed; a failed call is still recorded, for the footprint.
    """
    endpoint = configured_endpoint()
    if endpoint is None:
        raise DraftError(_("The assistant is off: set ASSEMBLY_LLM_URL to use it."))
    if kind not in Draft.Kind.values:
        raise DraftError(_("Unknown kind of draft: %(kind)s.") % {"kind": kind})
    if kind != Draft.Kind.TAKEAWAYS and theme is None:
        raise DraftError(_("Choose a theme for this draft."))
    theme = None if kind == Draft.Kind.TAKEAWAYS else theme
    prompt = _prompt(consultation, kind, theme)
    if prompt is None:
        raise DraftError(_("There are no published results to draft from yet."))
    call = _record_call(consultation, kind, endpoint, prompt.sha256)
    try:
        answer = complete(endpoint, list(prompt.messages))
    except EndpointError as exc:
        call.seconds, call.error = exc.seconds, str(exc)
        call.save()
        raise DraftError(
            _("The language model gave no draft: %(reason)s. Nothing was changed.") % {"reason": exc}
        ) from exc
    call.model, call.seconds = answer.model or endpoint.model, answer.seconds
    call.prompt_tokens, call.completion_tokens = answer.prompt_tokens, answer.completion_tokens
    verdict = check(answer.text, prompt.scope)
    with transaction.atomic():
        call.save()
        return Draft.objects.create(
            consultation=consultation,
            kind=kind,
            theme=theme,
            call=call,
            text=answer.text,
            status=Draft.Status.PENDING if verdict.accepted else Draft.Status.REJECTED,
            problems=[
                {"sentence": p.index, "text": p.sentence, "code": p.code, "detail": p.detail}
                for p in verdict.problems
            ],
            cited=sorted(verdict.cited),
        )


def _extra_numbers(page: ResultsPage) -> Sequence[float]:
    return (float(page.status.counts.participants), float(len(page.groups))) if page.groups else ()


def _prompt(consultation: Consultation, kind: str, theme: Theme | None) -> Prompt | None:
    """The prompt for a draft of ``kind`` about ``theme`` (None: the whole consultation), from the results
    page as it is published now; None when no statement in scope has votes to show."""
    page = build_results_page(consultation)
    figures = _figures(page, theme)
    if not figures:
        return None
    topic = theme.name if theme is not None else consultation.question
    return prompt_for(kind, figures, topic=topic, extra_numbers=_extra_numbers(page))


def approve(draft: Draft, *, actor: object, text: str | None = None) -> Draft:
    """Approve ``draft``, as edited (``text``) or as written. The approved text must pass the same check
    as the model's (staff edits cannot add an uncited sentence or a number the analysis does not have);
    a theme name approved renames its theme. Raises ``ValidationError`` naming the problem."""
    if draft.status != Draft.Status.PENDING:
        raise ValidationError(_("Only a draft waiting for approval can be approved."))
    final = (text if text is not None else draft.text).strip()
    verdict = check(final, _scope_of(draft))
    if not verdict.accepted:
        p = verdict.problems[0]
        raise ValidationError(_("Sentence %(n)s: %(detail)s.") % {"n": p.index, "detail": p.detail})
    with transaction.atomic():
        draft.approved_text, draft.status = final, Draft.Status.APPROVED
        draft.approved_by, draft.approved_at = actor, timezone.now()  # type: ignore[assignment]
        draft.save()
        if draft.kind == Draft.Kind.THEME_NAME and draft.theme is not None:
            _rename(draft.theme, without_citations(final))
        # One approved text per place: an earlier approval for the same place is superseded.
        Draft.objects.filter(
            consultation=draft.consultation, kind=draft.kind, theme=draft.theme, status=Draft.Status.APPROVED
        ).exclude(pk=draft.pk).update(status=Draft.Status.DISCARDED)
    return draft


def _rename(theme: Theme, name: str) -> None:
    clash = Theme.objects.filter(consultation=theme.consultation, name=name).exclude(pk=theme.pk).exists()
    if not name or clash or len(name) > THEME_NAME_MAX_LENGTH:
        raise ValidationError(
            _("The theme cannot be renamed to %(name)s: empty, too long or taken.") % {"name": name}
        )
    theme.name = name
    theme.save(update_fields=["name"])


def _scope_of(draft: Draft) -> Scope:
    prompt = _prompt(draft.consultation, draft.kind, draft.theme)
    if prompt is None:
        topic = draft.theme.name if draft.theme is not None else draft.consultation.question
        return Scope(statements=frozenset(), name=topic)
    return prompt.scope


def discard(draft: Draft) -> None:
    """Set a draft aside (kept, for the record and the footprint)."""
    draft.status = Draft.Status.DISCARDED
    draft.save(update_fields=["status"])


def footprint(consultation: Consultation) -> ModelFootprint:
    """Every call of the consultation added up, with the power the settings assume for its energy."""
    total = ModelCall.objects.filter(consultation=consultation).aggregate(
        calls=Count("id"),
        prompt=Sum("prompt_tokens"),
        completion=Sum("completion_tokens"),
        seconds=Sum("seconds"),
    )
    return ModelFootprint(
        calls=total["calls"],
        prompt_tokens=total["prompt"] or 0,
        completion_tokens=total["completion"] or 0,
        seconds=total["seconds"] or 0.0,
        watts=float(getattr(settings, "ASSEMBLY_LLM_POWER_WATTS", 350)),
    )


def approved_texts(consultation: Consultation) -> list[AssistedText]:
    """The consultation's approved drafts as the results page and the report print them."""
    approved = Draft.objects.filter(consultation=consultation, status=Draft.Status.APPROVED).select_related(
        "call", "theme"
    )
    return [
        AssistedText(
            kind=d.kind,
            text=d.approved_text,
            model=d.call.model,
            prompt_sha256=d.call.prompt_sha256,
            approved_on=d.approved_at.date().isoformat() if d.approved_at else "",
            theme=d.theme.name if d.theme is not None else None,
        )
        for d in approved
        if d.kind != Draft.Kind.THEME_NAME  # an approved name is the theme's name itself
    ]


def report_footprint(consultation: Consultation) -> ModelFootprint | None:
    """The footprint for the report's computing cost; None when the model was never called."""
    total = footprint(consultation)
    return total if total.calls else None
