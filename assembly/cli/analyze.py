"""``assembly analyze``: analyse a pol.is export (or API dump) and print a summary or the JSON document."""

from __future__ import annotations

import argparse
import json
import sys

from assembly.cli.options import (
    add_analysis_options,
    add_disclosure_options,
    check_analysis_options,
    disclosure_rule,
)
from assembly.cli.output import say, write


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "analyze",
        help="analyse a pol.is export folder and print a summary or JSON",
        description=(
            "Analyse a consultation from a pol.is export folder (CSV) or API dump (JSON): opinion groups, "
            "representative statements, consensus and the categories consensus / majority-disagree / "
            "friction / uncertainty."
        ),
    )
    p.add_argument("path", help="a pol.is export folder (comments.csv, votes.csv, ...) or API dump folder")
    add_analysis_options(p)
    add_disclosure_options(p)
    p.add_argument("--json", action="store_true", help="print the analysis as one JSON document")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from assembly.analysis.serialize import analysis_to_json, run_record_analysis
    from assembly.disclosure import disclose
    from assembly.polis import read_export

    check_analysis_options(args)
    rule = disclosure_rule(args)  # a bad option fails before any work
    dataset = read_export(args.path)
    given = dataset.source_groups() if args.polis_groups else None
    duplicates = dataset.votes.exact_duplicates()
    if duplicates:
        say(
            f"assembly analyze: note: {duplicates} vote rows repeat an earlier row exactly (participant, "
            "statement, vote and time); each such event is counted once, not as a re-vote",
            file=sys.stderr,
        )
    result = run_record_analysis(dataset, method=args.method, seed=args.seed, given_groups=given)
    # Small cells withheld as in every report (assembly.disclosure), unless --internal lifts the rule.
    doc, withheld = disclose(analysis_to_json(result, dataset), rule)
    if withheld.anything:
        for sentence in withheld.sentences():
            say(f"note: {sentence}", file=sys.stderr)
    if args.json:
        # One line, written by the json module's C encoder: indenting would switch it to the pure-Python
        # one, a fifth of the command's time on a small conversation. Pipe through `python -m json.tool`
        # to read it.
        write(json.dumps(doc, ensure_ascii=False) + "\n")
    else:
        from assembly.analysis.document import AnalysisDocument
        from assembly.analysis.summary import format_summary

        write(format_summary(AnalysisDocument.from_json(doc), name=dataset.name or str(args.path)))
    return 0
