"""From a consultation to report files: analyse, measure, build, render, write.

Two ways in, one way out:

- :func:`report_from_dataset` takes a :class:`~assembly.dataset.Dataset` (plus an optional moderation log
  and group names). The web platform builds the Dataset from its database and calls this; nothing here
  knows about Django.
- :func:`report_from_export` reads a pol.is export folder (and ``moderation-log.csv`` beside it, if any).
- :func:`render_report` turns a report into file contents, :func:`write_files` puts them on disk.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assembly.analysis.document import AnalysisDocument
from assembly.dataset import Dataset
from assembly.disclosure import PUBLIC, Rule
from assembly.errors import InputError
from assembly.report.build import build_report
from assembly.report.compute import ComputeRecord, measure
from assembly.report.cover import Logo
from assembly.report.model import Report
from assembly.report.moderation import MODERATION_LOG_FILE, ModerationRecord, read_moderation_log
from assembly.report.themes import THEME_NOTES_FILE, ThemeNote, read_theme_notes

__all__ = [
    "FORMATS",
    "Analysed",
    "analyse_dataset",
    "file_checksums",
    "parse_formats",
    "render_report",
    "report_from_dataset",
    "report_from_export",
    "write_files",
]

# Output formats, in the order they are written.
FORMATS = ("html", "pdf", "md", "json")
REPORT_STEM = "report"
COMPUTE_FILE = "compute.json"


@dataclass(frozen=True)
class Analysed:
    """What the analysis produced for one dataset, in the plain forms the report builder takes."""

    document: AnalysisDocument | None  # None when there are no votes (it carries its thresholds)
    positions: Mapping[int, tuple[float, float]] | None
    compute: ComputeRecord | None


def parse_formats(text: str) -> tuple[str, ...]:
    """``"html,pdf"`` -> ``("html", "pdf")``, in :data:`FORMATS` order; unknown names raise InputError."""
    asked = {f.strip().lower() for f in text.split(",") if f.strip()}
    unknown = sorted(asked - set(FORMATS))
    choices = ", ".join(FORMATS)
    if unknown:
        raise InputError(f"--format: unknown format {', '.join(unknown)}; choose from {choices}")
    if not asked:
        raise InputError(f"--format: no format given; choose from {choices}")
    return tuple(f for f in FORMATS if f in asked)


def analyse_dataset(
    dataset: Dataset,
    *,
    method: str = "stable",
    seed: int = 0,
    measure_compute: bool = True,
    polis_groups: bool = False,
) -> Analysed:
    """Run the analysis (timed when ``measure_compute``); return its document and positions.

    With ``polis_groups``, the groups are those the source published (``Dataset.source_groups``).
    """
    from assembly.analysis.serialize import analysis_document, participant_positions, run_record_analysis

    given = dataset.source_groups() if polis_groups else None
    if len(dataset.votes) == 0:
        return Analysed(document=None, positions=None, compute=None)

    def run() -> Any:
        return run_record_analysis(dataset, method=method, seed=seed, given_groups=given)

    if measure_compute:
        result, compute = measure(run)
    else:
        result, compute = run(), None
    return Analysed(
        document=analysis_document(result, dataset),
        positions=participant_positions(result),
        compute=compute,
    )


def file_checksums(path: str | Path) -> dict[str, str]:
    """SHA-256 of the input: every file under a folder (by relative path), or one file."""
    path = Path(path)
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    base = path if path.is_dir() else path.parent
    return {p.relative_to(base).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


def report_from_dataset(
    dataset: Dataset,
    *,
    method: str = "stable",
    seed: int = 0,
    group_names: Mapping[str, str] | None = None,
    moderation_log: Sequence[ModerationRecord] | None = None,
    source_checksums: Mapping[str, str] | Iterable[tuple[str, str]] = (),
    attribution: str | None = None,
    measure_compute: bool = True,
    disclosure: Rule = PUBLIC,
    polis_groups: bool = False,
    institution: str | None = None,
    logo: Logo | str | Path | bytes | None = None,
    statement_texts: Mapping[int, str] | None = None,
    theme_notes: Sequence[ThemeNote] = (),
) -> tuple[Report, Analysed]:
    """Analyse ``dataset`` and build its report. The seam for the web platform's "Report" button.

    The report applies the small-numbers rule ``disclosure`` (by default the public one: results of
    fewer than 20 participants and figures on fewer than 5 are withheld); ``INTERNAL`` lifts it.

    Returns the report and the analysis behind it (its ``compute`` goes to ``compute.json``).
    """
    analysed = analyse_dataset(
        dataset, method=method, seed=seed, measure_compute=measure_compute, polis_groups=polis_groups
    )
    report = build_report(
        dataset,
        analysed.document,
        positions=analysed.positions,
        group_names=group_names,
        moderation_log=moderation_log,
        compute=analysed.compute,
        source_checksums=source_checksums,
        attribution=attribution,
        disclosure=disclosure,
        institution=institution,
        logo=logo,
        statement_texts=statement_texts,
        theme_notes=theme_notes,
    )
    return report, analysed


def report_from_export(
    path: str | Path, **options: Any
) -> tuple[Dataset, Report, Analysed, list[ModerationRecord] | None]:
    """Read a pol.is export (and its ``moderation-log.csv`` and ``theme-notes.csv``, if present) and build
    the report.

    ``options`` are those of :func:`report_from_dataset` (method, seed, group_names, attribution, ...).
    """
    from assembly.polis import read_export

    path = Path(path)
    if not path.exists():
        raise InputError("no such file or folder", file=str(path))
    dataset = read_export(path)
    log_path = path / MODERATION_LOG_FILE if path.is_dir() else None
    log = read_moderation_log(log_path) if log_path is not None and log_path.is_file() else None
    notes_path = path / THEME_NOTES_FILE if path.is_dir() else None
    if notes_path is not None and notes_path.is_file() and "theme_notes" not in options:
        options["theme_notes"] = read_theme_notes(notes_path)
    report, analysed = report_from_dataset(
        dataset, moderation_log=log, source_checksums=file_checksums(path), **options
    )
    return dataset, report, analysed, log


def render_report(
    report: Report,
    formats: Iterable[str],
    *,
    compute: ComputeRecord | None = None,
    prefix: str = "",
    full: bool = False,
) -> dict[str, bytes]:
    """The report's files by relative path: ``report.html``, ``report.pdf``, ``report.md`` (with ``charts/``),
    ``report.json``, and ``compute.json`` when a measurement is given. Nothing is written.

    The HTML, PDF and Markdown are the compact report unless ``full`` (see :mod:`render_html`)."""
    from assembly.report.render_html import render_html
    from assembly.report.render_json import render_json
    from assembly.report.render_markdown import render_markdown

    formats = tuple(formats)
    out: dict[str, bytes] = {}
    html = render_html(report, full=full) if {"html", "pdf"} & set(formats) else None
    if "html" in formats and html is not None:
        out[f"{prefix}{REPORT_STEM}.html"] = html.encode("utf-8")
    if "pdf" in formats:
        from assembly.report.render_pdf import render_pdf

        out[f"{prefix}{REPORT_STEM}.pdf"] = render_pdf(report, html=html)
    if "md" in formats:
        text, charts = render_markdown(report, full=full)
        out[f"{prefix}{REPORT_STEM}.md"] = text.encode("utf-8")
        out.update({f"{prefix}{p}": svg.encode("utf-8") for p, svg in charts.items()})
    if "json" in formats:
        out[f"{prefix}{REPORT_STEM}.json"] = render_json(report).encode("utf-8")
    if compute is not None:
        text = json.dumps(compute.to_dict(), indent=2, sort_keys=True) + "\n"
        out[f"{prefix}{COMPUTE_FILE}"] = text.encode("utf-8")
    return out


def write_files(directory: str | Path, files: Mapping[str, bytes]) -> list[Path]:
    """Write ``files`` (relative path -> bytes) under ``directory``, creating folders; returns the paths."""
    directory = Path(directory)
    written = []
    for rel, content in sorted(files.items()):
        target = directory / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
        written.append(target)
    return written
