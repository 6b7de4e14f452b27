"""The report (:mod:`assembly.report`) of a consultation's latest analysis, for the results page's link.

The report is built from the same snapshot the results page shows (document and positions), the
consultation as it is now (statements, votes, participants), the staff's group names and the
anonymised moderation log. The report lists unpublished submissions in its moderation section; here
their texts are withheld, since a rejected (or still hidden) statement must never appear in results.

It is one self-contained HTML document whose only inline code is its stylesheet;
:func:`report_response` allows exactly that stylesheet by its hash in the Content-Security-Policy.
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import replace

from django.http import HttpResponse
from django.utils.translation import gettext as _

from assembly.consultations.models import Consultation, Statement
from assembly.moderation.models import ModerationLogEntry
from assembly.report.moderation import ModerationRecord
from assembly.results.models import AnalysisSnapshot, GroupName

__all__ = ["moderation_records", "render_report", "report_response"]

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


def render_report(consultation: Consultation, snapshot: AnalysisSnapshot) -> str:
    """The HTML report of ``snapshot`` (which must hold a document)."""
    from assembly.analysis.categories import Thresholds
    from assembly.report.build import build_report
    from assembly.report.render_html import render_html
    from assembly.results.reading import read_for_analysis

    # The analysis's own reader: all the report needs, and cached in a process that runs the analysis.
    dataset, _last_event = read_for_analysis(consultation)
    visible = set(Statement.objects.visible_to_participants(consultation).values_list("number", flat=True))
    withheld = _("[text withheld: not published]")
    dataset.statements = [s if s.id in visible else replace(s, text=withheld) for s in dataset.statements]
    where = snapshot.position_map()
    group_ids = {int(g["id"]) for g in snapshot.document["groups"]}
    names = {
        str(group): name
        for group, name in GroupName.objects.filter(consultation=consultation).values_list("group", "name")
        if group in group_ids
    }
    report = build_report(
        dataset,
        snapshot.document,
        positions=where,
        thresholds=Thresholds(),
        group_names=names,
        moderation_log=moderation_records(consultation),
        disclosure=consultation.disclosure_rule(),  # the same small-numbers rule as the results page
    )
    return render_html(report)


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
