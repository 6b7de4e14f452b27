"""The JSON report for machines: the report's sections and the analysis, without rejected statements."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from assembly.analysis.document import VoteCounts
from assembly.report.model import Report, notation, shares_dict

__all__ = ["FORMAT_VERSION", "render_json", "report_to_dict"]

# Bumped when a key changes meaning or disappears (adding keys does not bump it).
FORMAT_VERSION = 1


def _plain(value: Any) -> Any:
    """Dataclasses, dicts and tuples as JSON-ready data; vote counts with their rounded percents."""
    if isinstance(value, VoteCounts):
        return shares_dict(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def report_to_dict(report: Report) -> dict[str, Any]:
    """The report as plain data. Participant coordinates (``map_points``) are left out: they can be
    100,000 rows and identify nothing a reader needs; the group centres are in ``groups``. The logo's
    image is left out too (``institution`` stays)."""
    sections = {
        f.name: _plain(getattr(report, f.name))
        for f in dataclasses.fields(report)
        if f.name not in ("map_points", "analysis", "logo")
    }
    if not report.assisted:  # keys of the optional assistant, only when it was used
        del sections["assisted"]
    if report.model_footprint is None:
        del sections["model_footprint"]
    else:
        sections["model_footprint"]["energy_wh"] = report.model_footprint.energy_wh
    for g, group in zip(sections["groups"], report.groups, strict=True):
        g["label"] = group.label
        g["heading"] = group.heading
    for s, statement in zip(sections["statements"], report.statements, strict=True):
        s["notation"] = notation(statement.shares)
    return {
        "format": "assembly-report",
        "format_version": FORMAT_VERSION,
        "report": sections,
        "analysis": {} if report.analysis is None else report.analysis.to_json(),
    }


def render_json(report: Report) -> str:
    """Deterministic JSON text: sorted keys, two-space indent, UTF-8 characters kept, final newline."""
    return (
        json.dumps(report_to_dict(report), sort_keys=True, indent=2, ensure_ascii=False, allow_nan=False)
        + "\n"
    )
