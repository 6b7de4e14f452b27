"""Options several commands share, declared once (standard library only, like every command module)."""

from __future__ import annotations

import argparse
import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assembly.disclosure import Rule


def add_analysis_options(p: argparse.ArgumentParser) -> None:
    """``--method`` and ``--seed``: how the analysis forms groups, and its random seed."""
    p.add_argument(
        "--method",
        choices=("stable", "polis"),
        default="stable",
        help="stable: groups independent of input order (default); polis: reproduce pol.is",
    )
    p.add_argument("--seed", type=int, default=0, help="random seed, 0 or more (default 0)")
    p.add_argument(
        "--polis-groups",
        action="store_true",
        help="use the opinion groups pol.is published (participants-votes.csv group-id) instead of "
        "forming groups; everything else is computed for those groups",
    )


def check_analysis_options(args: argparse.Namespace) -> None:
    """Refuse a negative ``--seed`` (numpy's generators take none) before any work is done.

    Raises
    ------
    UsageError
    """
    from assembly.errors import UsageError

    if args.seed < 0:
        raise UsageError(f"--seed must be 0 or more, got {args.seed}")


def check_out_folder(path: str | None, option: str = "--out") -> None:
    """Refuse an output folder that names an existing file (or something else that is not a folder),
    before any work is done; a missing folder is fine (it is created).

    Raises
    ------
    UsageError
    """
    from assembly.errors import UsageError

    if path is not None and os.path.lexists(path) and not os.path.isdir(path):
        raise UsageError(f"{option} {path} exists and is not a folder; give a folder (created if missing)")


def add_disclosure_options(p: argparse.ArgumentParser) -> None:
    """``--min-participants`` and ``--internal``: the small-numbers rule of assembly.disclosure, which a
    report applies by default (a report on a file is often published like one made by the platform)."""
    p.add_argument(
        "--min-participants",
        type=int,
        default=None,
        metavar="N",
        help="withhold every vote figure when fewer than N people voted (default: the consultation's "
        "setting, else 20; at least 5). Figures on fewer than 5 people are always withheld",
    )
    p.add_argument(
        "--internal",
        action="store_true",
        help="lift the small-numbers rule for an internal report: every figure is shown, and the "
        "report says it must not be published",
    )


def disclosure_rule(args: argparse.Namespace, default: int | None = None) -> Rule:
    """The :class:`assembly.disclosure.Rule` the options ask for; a threshold below 5 is a UsageError."""
    from assembly.disclosure import DEFAULT_MIN_PARTICIPANTS, MIN_CELL, Rule
    from assembly.errors import UsageError

    if args.internal:
        return Rule(lifted=True)
    wanted = args.min_participants
    if wanted is not None and wanted < MIN_CELL:
        raise UsageError(
            f"--min-participants: {wanted} is below {MIN_CELL}, the smallest group ever published"
        )
    return Rule(min_participants=wanted or default or DEFAULT_MIN_PARTICIPANTS)
