"""``assembly simulate``: write a synthetic consultation with planted opinion groups as a pol.is export.

Numbers are parsed here rather than by argparse so that a bad value exits with status 1 and a
message naming the option, like every other input error, and nothing is written.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TypeVar

from assembly.cli.output import say
from assembly.cli.progress import progress_callback
from assembly.errors import InputError

_N = TypeVar("_N", int, float)

HELP = "write a synthetic consultation with planted opinion groups (pol.is CSV export)"
DESCRIPTION = """\
Draw a consultation with planted opinion groups and write it as a pol.is CSV export (comments.csv,
votes.csv, participants-votes.csv, summary.csv, and themes.csv when statements have themes).
Participants' planted groups are the group-id column. With --marginals, statements, themes and
overall vote shares come from a CSV of published figures (data/culture-for-ai/paper-statements.csv
is one). The summary says the data is simulated. The same arguments give byte-identical files.
"""


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser(
        "simulate", help=HELP, description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--participants", required=True, metavar="N", help="number of participants")
    p.add_argument("--statements", metavar="S", help="number of statements (not needed with --marginals)")
    p.add_argument("--groups", default="2", metavar="K", help="number of planted opinion groups (default 2)")
    p.add_argument("--seed", default="0", metavar="X", help="random seed (default 0)")
    p.add_argument("--out", required=True, metavar="DIR", help="directory to write the export to")
    p.add_argument("--marginals", metavar="FILE", help="CSV of published per-statement figures to match")
    p.add_argument(
        "--group-shares", metavar="A,B,...", help="share of each group, summing to 1 (default equal)"
    )
    p.add_argument(
        "--votes-per-participant",
        default="20-60",
        metavar="LO-HI",
        help="range of statements each participant votes on (default 20-60)",
    )
    p.add_argument("--pass-rate", metavar="R", help="mean share of passes per statement (default 0.15)")
    p.add_argument(
        "--revote-rate", metavar="R", help="share of votes that replace an earlier vote (default 0.01)"
    )
    p.add_argument("--start", metavar="YYYY-MM-DD", help="first day (default 2025-05-26)")
    p.add_argument("--end", metavar="YYYY-MM-DD", help="last day, inclusive (default 2025-07-04)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from assembly.polis import write_csv_export
    from assembly.simulate import (
        DEFAULT_PASS_RATE,
        DEFAULT_REVOTE_RATE,
        read_marginals,
        simulate_consultation,
    )

    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise InputError(f"--out {args.out} exists and is not a directory")
    dataset = simulate_consultation(
        participants=_number("--participants", args.participants, int),
        statements=None if args.statements is None else _number("--statements", args.statements, int),
        groups=_number("--groups", args.groups, int),
        seed=_number("--seed", args.seed, int),
        group_shares=None if args.group_shares is None else _shares(args.group_shares),
        marginals=None if args.marginals is None else read_marginals(args.marginals),
        votes_per_participant=_range(args.votes_per_participant),
        pass_rate=DEFAULT_PASS_RATE
        if args.pass_rate is None
        else _number("--pass-rate", args.pass_rate, float),
        revote_rate=(
            DEFAULT_REVOTE_RATE
            if args.revote_rate is None
            else _number("--revote-rate", args.revote_rate, float)
        ),
        start=args.start,
        end=args.end,
    )
    with progress_callback(f"writing {out} (rows)") as progress:
        write_csv_export(dataset, out, progress=progress)
    groups = len({p.group_id for p in dataset.participants})
    say(
        f"Wrote a SIMULATED consultation to {out}: {len(dataset.participants)} participants in "
        f"{groups} planted group{'s' * (groups > 1)}, {len(dataset.statements)} statements, "
        f"{len(dataset.votes)} votes."
    )
    return 0


def _number(option: str, text: str, kind: type[_N]) -> _N:
    try:
        return kind(text)
    except ValueError:
        noun = "an integer" if kind is int else "a number"
        raise InputError(f"{option} must be {noun}, got {text!r}") from None


def _shares(text: str) -> list[float]:
    return [_number("--group-shares", part.strip(), float) for part in text.split(",")]


def _range(text: str) -> tuple[int, int]:
    parts = text.split("-") if "-" in text else [text, text]
    try:
        lo, hi = (int(part) for part in parts)
    except ValueError:
        raise InputError(
            f"--votes-per-participant must be LO-HI, two integers such as 20-60, got {text!r}"
        ) from None
    return lo, hi
