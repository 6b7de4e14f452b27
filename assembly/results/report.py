"""The report (:mod:`assembly.report`) of a consultation's latest analysis, for the results page's link.

The report is built from the same snapshot the results page shows (document and positions), the
consultation as it is now (statements, votes, participants), the staff's group names and the
anonymised moderation log. The report lists unpublished submissions in its moderation section; here
their texts are withheld, since a rejected (or still hidden) statement must never appear in results.

It is one self-contained HTML document whose only inline code is its stylesheet;
:func:`report_response` allows exactly that stylesheet by its hash in the Content-Security-Policy; or
the same document laid out as a PDF (:func:`pdf_response`, a download). Both are written in the page's
language, compact unless the full report is asked for.
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import replace

from django.http import HttpResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from assembly.consultations.datasets import export_theme_notes
from assembly.consultations.models import Consultation, Statement
from assembly.moderation.models import ModerationLogEntry
from assembly.report.model import Report
from assembly.report.moderation import ModerationRecord
from assembly.results.assisted import assisted_texts, model_footprint
from assembly.results.models import AnalysisSnapshot, GroupName

__all__ = ["moderation_records", "pdf_response", "render_report", "report_language", "report_response"]

_STYLE = re.compile(r"<style(?: media=\"[^\"]*\")?>(.*?)</style>", re.DOTALL)


def moderation_records(consultation: Consultation) -> list[ModerationRecord]:
    """The moderation log without moderators (statement and participant numbers only), oldest first."""
    rows = (
        ModerationLogEntry.objects.filter(consultation=consultation)
        .order_by("created_at", "id")
        .values_list("action", "statement__number", "participant__number", "reason", "note", "created_at")
    )
    return [
        ModerationRecord(
            action=action,
            statement_id=statement,
            participant_id=participant,
            reason=reason,
            note=note,
            timestamp=created.isoformat(),
        )
        for action, statement, participant, reason, note, created in rows
    ]


def report_language() -> str:
    """The request's language if the report speaks it (it speaks every interface language), else English."""
    from assembly.report.language import LANGUAGES

    code = (get_language() or "en").split("-")[0]
    return code if code in LANGUAGES else "en"


def render_report(
    consultation: Consultation,
    snapshot: AnalysisSnapshot,
    *,
    full: bool = False,
    language: str = "en",
    institution: str | None = None,
    logo: bytes | None = None,
) -> str:
    """The HTML report of ``snapshot`` (which must hold a document), compact unless ``full``, written in
    ``language``, with ``institution`` and ``logo`` (image bytes) on its cover when given."""
    from assembly.report.language import speaking
    from assembly.report.render_html import render_html

    with speaking(language):
        report = _build(consultation, snapshot, institution=institution, logo=logo)
        return render_html(report, full=full)


def _build(
    consultation: Consultation, snapshot: AnalysisSnapshot, *, institution: str | None, logo: bytes | None
) -> Report:
    from assembly.analysis.document import AnalysisDocument
    from assembly.consultations.translations import group_names as translated_group_names
    from assembly.consultations.translations import statement_texts
    from assembly.report.build import build_report
    from assembly.report.language import current_language
    from assembly.results.reading import read_for_analysis

    # The analysis's own reader: all the report needs, and cached in a process that runs the analysis.
    dataset, _last_event = read_for_analysis(consultation)
    visible = set(Statement.objects.visible_to_participants(consultation).values_list("number", flat=True))
    withheld = _("[text withheld: not published]")
    dataset.statements = [s if s.id in visible else replace(s, text=withheld) for s in dataset.statements]
    where = snapshot.position_map()
    if snapshot.document is None:
        raise ValueError(f"snapshot {snapshot.pk} holds no analysis document")
    document = AnalysisDocument.from_json(snapshot.document)
    group_ids = {g.id for g in document.groups}
    names = {
        str(group): name
        for group, name in GroupName.objects.filter(consultation=consultation).values_list("group", "name")
        if group in group_ids
    }
    names = translated_group_names(consultation, names, current_language())
    report = build_report(
        dataset,
        document,
        positions=where,
        group_names=names,
        moderation_log=moderation_records(consultation),
        disclosure=consultation.disclosure_rule(),  # the same small-numbers rule as the results page
        institution=institution,
        logo=logo,
        theme_notes=export_theme_notes(consultation),
        assisted=assisted_texts(consultation),
        model_footprint=model_footprint(consultation),
        statement_texts={
            n: t for n, t in statement_texts(consultation, current_language()).items() if n in visible
        },
    )
    return report


def report_response(html: str) -> HttpResponse:
    """An HTML response whose CSP allows the report's own stylesheet (by hash) and nothing inline else."""
    response = HttpResponse(html, content_type="text/html; charset=utf-8")
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(css.encode()).digest()).decode() + "'"
        for css in _STYLE.findall(html)
    )
    response["Content-Security-Policy"] = (
        f"default-src 'self'; script-src 'none'; style-src 'self' {hashes}; img-src 'self' data:; "
        "form-action 'self'; base-uri 'self'; object-src 'none'; frame-ancestors 'none'"
    )
    return response


def pdf_response(html: str, filename: str) -> HttpResponse:
    """The report laid out as a PDF, sent as a download named ``filename``."""
    from assembly.report.render_pdf import pdf_from_html

    response = HttpResponse(pdf_from_html(html), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
