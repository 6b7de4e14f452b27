"""``assembly report`` and ``assembly bundle``: the results chapter, and the publication bundle around it."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assembly.cli.options import (
    add_analysis_options,
    add_disclosure_options,
    check_analysis_options,
    check_out_folder,
    disclosure_rule,
)
from assembly.cli.output import say
from assembly.languages import catalogue_languages

if TYPE_CHECKING:
    from assembly.dataset import Dataset
    from assembly.report.model import Report
    from assembly.report.moderation import ModerationRecord
    from assembly.report.source import Analysed

# Keep in step with assembly.report.source.FORMATS (not imported here: command modules import only the
# standard library at module level, so that `assembly --help` starts fast).
ALL_FORMATS = "html,pdf,md,json"
# The report's languages: English and every language whose catalogue ships (assembly.report.language's
# LANGUAGES, from the same standard-library module; the report itself is imported only in run()).
REPORT_LANGUAGES = catalogue_languages()


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "source",
        metavar="SOURCE",
        nargs="?",
        help="a pol.is export folder (CSV files) or API dump folder (or use --consultation)",
    )
    p.add_argument(
        "--consultation",
        metavar="SLUG",
        help="report on a consultation of the platform's database instead of an export folder",
    )
    p.add_argument("--out", required=True, metavar="DIR", help="folder to write into (created if missing)")
    add_analysis_options(p)
    add_disclosure_options(p)
    p.add_argument(
        "--group-names",
        metavar="NAMES",
        default="",
        help='staff names for the groups, e.g. "A=Boundary-setters,B=Opportunity-seekers"',
    )
    p.add_argument(
        "--attribution",
        metavar="TEXT",
        default=None,
        help="a credit line the data's licence requires, printed in the report",
    )
    p.add_argument(
        "--institution",
        metavar="NAME",
        default=None,
        help="the institution that circulates the report, printed on its cover",
    )
    p.add_argument(
        "--logo",
        metavar="FILE",
        default=None,
        help="the institution's logo for the cover: a PNG, JPEG, GIF or SVG file of at most 2 MB",
    )
    p.add_argument(
        "--language",
        choices=REPORT_LANGUAGES,
        default="en",
        help="the language the report is written in (default: en)",
    )
    p.add_argument(
        "--no-compute",
        action="store_true",
        help="do not measure the analysis' CPU time and memory (no computing-cost paragraph)",
    )


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "report",
        help="write the results report (HTML, PDF, Markdown, JSON) of a pol.is export",
        description=(
            "Analyse a consultation and write its results chapter: headline figures, opinion groups and the "
            "opinion map, consensus / majority-disagree / friction / uncertainty with intervals, themes, "
            "moderation and the method. The same input, method and seed give byte-identical HTML, Markdown "
            "and JSON. A moderation-log.csv beside the export is used when present."
        ),
    )
    _common(p)
    p.add_argument(
        "--format",
        default=ALL_FORMATS,
        metavar="LIST",
        help=f"comma-separated formats among {ALL_FORMATS} (default: all)",
    )
    p.add_argument(
        "--full",
        action="store_true",
        help="the full report: more charts, and every statement tabled under its category (by default "
        "the compact report charts the strongest few of each category; every statement is in its appendix)",
    )
    p.set_defaults(func=run_report)

    b = sub.add_parser(
        "bundle",
        help="write a publication bundle: report, pol.is CSV data, data card, licence, checksums, DataCite",
        description=(
            "Write everything needed to publish a consultation as a citable dataset: the report in every "
            "format, the votes in pol.is's CSV format with the analysis' group ids, the anonymised "
            "moderation log when known, a data card, a licence, DataCite metadata and SHA256SUMS. Nothing "
            "in it identifies a participant."
        ),
    )
    _common(b)
    b.add_argument("--licence", default="CC-BY-4.0", help="CC-BY-4.0 (default), CC-BY-SA-4.0 or CC0-1.0")
    b.add_argument(
        "--creator",
        action="append",
        default=[],
        metavar="NAME",
        help="a creator for the DataCite metadata (repeat for several)",
    )
    b.add_argument(
        "--publisher", default=None, metavar="NAME", help="the publisher for the DataCite metadata"
    )
    b.add_argument(
        "--archival",
        action="store_true",
        help="write the full archival set: texts of rejected and pending statements, moderators' notes and "
        "exact vote times (by default they are withheld, and times are rounded to the hour)",
    )
    b.set_defaults(func=run_bundle)


def _prepare(args: argparse.Namespace) -> tuple[Dataset, Report, Analysed, list[ModerationRecord] | None]:
    from assembly.report.cover import read_logo
    from assembly.report.source import report_from_export
    from assembly.report.statements import parse_group_names

    names = parse_group_names(args.group_names)
    check_analysis_options(args)
    check_out_folder(args.out)
    if bool(args.source) == bool(args.consultation):
        from assembly.errors import InputError

        raise InputError("give either an export folder (SOURCE) or --consultation SLUG, not both or neither")
    cover = {"institution": args.institution, "logo": read_logo(args.logo) if args.logo else None}
    if args.consultation:
        return _prepare_consultation(args, names, cover)
    return report_from_export(
        args.source,
        method=args.method,
        seed=args.seed,
        group_names=names,
        attribution=args.attribution,
        measure_compute=not args.no_compute,
        disclosure=disclosure_rule(args),
        polis_groups=args.polis_groups,
        **cover,
    )


def _prepare_consultation(
    args: argparse.Namespace, names: dict[str, str], cover: dict[str, Any]
) -> tuple[Dataset, Report, Analysed, list[ModerationRecord] | None]:
    """A consultation of the platform: statements, votes, exclusions, staff group names, moderation log,
    the themes' order and avenues."""
    from assembly.cli.web import setup_database

    setup_database()
    from assembly.consultations.datasets import export_dataset, export_theme_notes
    from assembly.consultations.models import Consultation
    from assembly.consultations.translations import group_names, statement_texts
    from assembly.errors import InputError
    from assembly.report.source import report_from_dataset
    from assembly.results.models import GroupName
    from assembly.results.report import moderation_records

    consultation = Consultation.objects.filter(slug=args.consultation).first()
    if consultation is None:
        raise InputError(f"no consultation has the slug {args.consultation!r}")
    dataset = export_dataset(consultation)
    log = moderation_records(consultation)
    if not names and args.method == "stable" and not args.polis_groups:
        # Staff named the groups of the platform's own analysis (stable method, seed 0): same groups here.
        stored = GroupName.objects.filter(consultation=consultation).values_list("group", "name")
        names = group_names(consultation, {str(group): name for group, name in stored}, args.language)
    report, analysed = report_from_dataset(
        dataset,
        method=args.method,
        seed=args.seed,
        group_names=names,
        moderation_log=log,
        attribution=args.attribution,
        measure_compute=not args.no_compute,
        disclosure=disclosure_rule(args, default=consultation.min_participants),
        polis_groups=args.polis_groups,
        statement_texts=statement_texts(consultation, args.language),
        theme_notes=export_theme_notes(consultation),
        **cover,
    )
    return dataset, report, analysed, log


def _done(paths: list[Path], out: str) -> int:
    say(f"wrote {len(paths)} files to {out}")
    for path in paths:
        say(f"  {path}")
    return 0


def run_report(args: argparse.Namespace) -> int:
    from assembly.report.language import speaking
    from assembly.report.source import parse_formats, render_report, write_files

    formats = parse_formats(args.format)  # fail on a bad option before any work
    with speaking(args.language):
        _, report, analysed, _ = _prepare(args)
        files = render_report(report, formats, compute=analysed.compute, full=args.full)
    return _done(write_files(args.out, files), args.out)


def _translations(args: argparse.Namespace) -> list[Any]:
    """The consultation's translations for the bundle (an export folder has none)."""
    if not args.consultation:
        return []
    from assembly.consultations.models import Consultation
    from assembly.consultations.translations import records

    return records(Consultation.objects.get(slug=args.consultation))


def run_bundle(args: argparse.Namespace) -> int:
    from assembly.report.bundle import bundle_files, check_licence
    from assembly.report.language import speaking
    from assembly.report.source import write_files

    check_licence(args.licence)
    with speaking(args.language):
        dataset, report, analysed, log = _prepare(args)
        files = bundle_files(
            dataset,
            report,
            compute=analysed.compute,
            moderation_log=log,
            licence=args.licence,
            creators=args.creator,
            publisher=args.publisher,
            archival=args.archival,
            translations=_translations(args),
        )
    if not args.creator:
        say(
            "note: no --creator given; datacite.json says 'To be completed by the organisers'",
            file=sys.stderr,
        )
    return _done(write_files(args.out, files), args.out)
