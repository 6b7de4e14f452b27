"""``assembly import`` and ``assembly export``: read pol.is data, check it, write the pol.is CSV set."""

from __future__ import annotations

import argparse
import os
import sys
import warnings
from collections import Counter
from typing import Any

from assembly.cli.output import say
from assembly.cli.progress import progress_callback

# Reading progress is shown in megabytes (the library reports bytes).
BYTES_PER_MB = 1_000_000

_SOURCE_HELP = "a pol.is CSV export folder, an API JSON folder, or one votes.csv / participants-votes.csv"
_AGREE_HELP = (
    "the number meaning 'agree' in the vote files (default: +1 for CSV exports, detected for API JSON); "
    "use it when the sign check says agree and disagree look swapped"
)


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "import",
        help="read a pol.is export or API dump, check it and print a summary",
        description=(
            "Read a pol.is export (CSV) or API dump (JSON), check it (every file, line and column; "
            "the vote sign) and print what it holds. With --out, also write the normalised pol.is CSV set."
        ),
    )
    p.add_argument("path", help=_SOURCE_HELP)
    p.add_argument("--out", metavar="DIR", help="also write the pol.is CSV set to this folder")
    p.add_argument(
        "--slug",
        help="import into the platform's database as a new consultation with this short name (its link)",
    )
    p.add_argument("--agree-value", type=int, choices=(1, -1), help=_AGREE_HELP)
    p.set_defaults(func=run_import)

    p = sub.add_parser(
        "export",
        help="write any supported source as a pol.is CSV export",
        description=(
            "Read any supported source and write comments.csv, votes.csv, participants-votes.csv and "
            "summary.csv in pol.is's export format (plus themes.csv when statements have themes)."
        ),
    )
    p.add_argument(
        "path",
        metavar="SOURCE",
        help=_SOURCE_HELP + ", or the slug of a consultation in the platform's database",
    )
    p.add_argument("--out", metavar="DIR", required=True, help="folder to write the pol.is CSV set to")
    p.add_argument("--agree-value", type=int, choices=(1, -1), help=_AGREE_HELP)
    p.set_defaults(func=run_export)


def _read(args: argparse.Namespace) -> Any:
    from assembly.polis import PolisSignWarning, read_export

    with (
        warnings.catch_warnings(record=True) as caught,
        progress_callback(f"reading {args.path} (MB)", scale=BYTES_PER_MB) as progress,
    ):
        warnings.simplefilter("always", PolisSignWarning)
        dataset = read_export(args.path, agree_value=args.agree_value, progress=progress)
    for warning in caught:
        if issubclass(warning.category, PolisSignWarning):
            say(
                f"assembly {args.command}: warning: {warning.message} "
                "(if so, run again with --agree-value -1)",
                file=sys.stderr,
            )
        else:
            message = warnings.formatwarning(
                warning.message, warning.category, warning.filename, warning.lineno
            )
            say(message.rstrip("\n"), file=sys.stderr)
    return dataset


def _write(dataset: Any, out: str) -> None:
    from assembly.polis import write_csv_export

    with progress_callback(f"writing {out} (rows)") as progress:
        paths = write_csv_export(dataset, out, progress=progress)
    say(f"wrote {', '.join(p.name for p in paths)} to {out}")


def run_import(args: argparse.Namespace) -> int:
    from assembly.polis import check_vote_sign

    dataset = _read(args)
    votes = dataset.votes
    latest = len(votes.latest())
    moderation = Counter(s.moderation.value for s in dataset.statements)
    grouped = [p.group_id for p in dataset.participants if p.group_id is not None]
    states = ", ".join(f"{moderation[state]} {state}" for state in ("accepted", "pending", "rejected"))
    meta = sum(s.is_meta for s in dataset.statements)
    seed = sum(s.is_seed for s in dataset.statements)
    lines = [
        f"{dataset.name or args.path}",
        f"  statements:   {len(dataset.statements)} ({states}; {meta} meta, {seed} seed)",
        f"  participants: {len(dataset.participants)}"
        + (f" ({len(grouped)} in {len(set(grouped))} pol.is groups)" if grouped else ""),
        f"  vote rows:    {len(votes)} ({latest} latest votes, {len(votes) - latest} re-votes"
        + (", no timestamps" if votes.timestamps is None else "")
        + ")",
        f"  sign check:   {check_vote_sign(dataset).message}",
    ]
    if dataset.summary.get("topic"):
        lines.insert(1, f"  topic:        {dataset.summary['topic']}")
    say("\n".join(lines))
    if args.out:
        _write(dataset, args.out)
    if args.slug:
        from assembly.cli.web import setup_database

        setup_database()
        from assembly.consultations.datasets import import_dataset

        consultation = import_dataset(dataset, slug=args.slug)
        say(f"imported into the platform as consultation '{consultation.slug}'")
    return 0


def run_export(args: argparse.Namespace) -> int:
    if os.path.exists(args.path):
        _write(_read(args), args.out)
        return 0
    # Not a file or folder: the slug of a consultation in the platform's database.
    from assembly.cli.web import setup_database

    setup_database()
    from assembly.consultations.datasets import export_dataset
    from assembly.consultations.models import Consultation
    from assembly.errors import InputError

    consultation = Consultation.objects.filter(slug=args.path).first()
    if consultation is None:
        raise InputError(f"{args.path!r} is neither a file or folder nor the slug of a consultation")
    _write(export_dataset(consultation), args.out)
    return 0
