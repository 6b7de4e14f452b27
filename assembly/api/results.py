"""Results: the latest analysis of a consultation (staff, or anyone when its results are public), and
the staff's names for its opinion groups."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router

from assembly.accounts.access import Level, declare
from assembly.analysis.document import AnalysisDocument
from assembly.api.access import moderator_auth
from assembly.api.errors import ApiError, check_form
from assembly.api.schemas import ErrorOut, GroupNamesIn, ResultsOut
from assembly.consultations.access import can_moderate
from assembly.consultations.identity import published_or_404
from assembly.consultations.models import Consultation
from assembly.disclosure import public_document
from assembly.results.forms import GroupNamesForm
from assembly.results.models import AnalysisSnapshot, GroupName
from assembly.results.presentation import build_status, disclosed_document, published_document

router = Router(tags=["results"])
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut}
# Naming groups is also refused with 409: two groups with the same name.
NAMING_ERRORS = {**ERRORS, 409: ErrorOut}
# Counts only staff see on the results page.
STAFF_COUNTS = ("pending", "rejected", "excluded", "joined", "submitted")


def _analysis(
    consultation: Consultation, document: AnalysisDocument, *, staff: bool
) -> tuple[dict[str, Any], set[int]]:
    """Staff get the whole document (participant numbers and small cells included: they run the
    consultation and answer for it); everyone else the disclosed one (assembly.disclosure) without any
    participant number, with ``withheld`` saying what was left out and why. With it, the groups shown."""
    if staff:
        published = published_document(consultation, document)
        return published.to_json(), {g.id for g in published.groups}
    disclosed, withheld = disclosed_document(consultation, document)
    shown = {g.id for g in disclosed.groups}
    return {**public_document(disclosed.to_json()), "withheld": withheld.to_dict()}, shown


def _names(consultation: Consultation) -> dict[str, str]:
    return {
        str(g): n for g, n in GroupName.objects.filter(consultation=consultation).values_list("group", "name")
    }


@router.get("/consultations/{slug}/results", response={200: ResultsOut, **ERRORS}, summary="Latest results")
@declare(Level.MODERATOR)
def results(request: HttpRequest, slug: str) -> Any:
    """The latest analysis document (statements participants cannot see removed), how fresh it is, the
    live counts and the group names. ``analysis`` is null before the first analysis."""
    consultation = published_or_404(request, slug)
    staff = can_moderate(request.user, consultation)
    if not (consultation.results_public or staff):
        raise ApiError(403, "results_not_public", _("The results of this consultation are not public."))
    status = build_status(consultation)
    document = (
        AnalysisSnapshot.objects.filter(consultation=consultation).values_list("document", flat=True).first()
    )
    freshness = asdict(status.freshness)
    if not staff:
        freshness["error"] = None
    counts = asdict(status.counts)
    analysis: dict[str, Any] | None = None
    shown: set[int] = set()
    if document:
        analysis, shown = _analysis(consultation, AnalysisDocument.from_json(document), staff=staff)
    names = _names(consultation)
    if not staff:  # no name of a group the public may not see
        names = {g: n for g, n in names.items() if int(g) in shown}
    return {
        "status": freshness,
        "counts": counts if staff else {k: (None if k in STAFF_COUNTS else v) for k, v in counts.items()},
        "group_names": names,
        "analysis": analysis,
    }


@router.put(
    "/consultations/{slug}/results/group-names",
    response={200: dict[str, str], **NAMING_ERRORS},
    auth=moderator_auth,
    summary="Name the opinion groups (staff)",
)
@declare(Level.MODERATOR)
def name_groups(request: HttpRequest, slug: str, payload: GroupNamesIn) -> Any:
    """Names for the groups of the latest analysis, validated like the results page's form; groups left
    out keep their name, an empty name gives the letter back. Returns every name. A group the latest
    analysis does not have: 404; a name another group has: 409."""
    consultation = get_object_or_404(Consultation, slug=slug)
    current = _names(consultation)
    form = GroupNamesForm(
        {f"group_{g}": n for g, n in {**current, **payload.names}.items()}, consultation=consultation
    )
    unknown = sorted(set(payload.names) - {str(g) for g in form.group_ids})
    if unknown:
        message = _("The latest analysis has no group %(group)s.") % {"group": unknown[0]}
        raise ApiError(404, "unknown_group", message, "names")
    named = [" ".join(name.split()).casefold() for name in {**current, **payload.names}.values()]
    named = [name for name in named if name]
    if len(set(named)) < len(named):  # the form's rule, answered as a conflict between groups
        raise ApiError(409, "duplicate_group_name", _("Two groups cannot have the same name."), "names")
    check_form(form, field="names")
    form.save()
    return _names(consultation)
