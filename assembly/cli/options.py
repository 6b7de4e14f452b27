"""Options several commands share, declared once (standard library only, like every command module)."""

from __future__ import annotations

import argparse
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
    p.add_argument("--seed", type=int, default=0, help="random seed (default 0)")


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
    """The :class:`assembly.disclosure.Rule` the options ask for; a threshold below 5 is an InputError."""
    from assembly.disclosure import DEFAULT_MIN_PARTICIPANTS, MIN_CELL, Rule
    from assembly.errors import InputError

    if args.internal:
        return Rule(lifted=True)
    wanted = args.min_participants
    if wanted is not None and wanted < MIN_CELL:
        raise InputError(
            f"--min-participants: {wanted} is below {MIN_CELL}, the smallest group ever published"
        )
    return Rule(min_participants=wanted or default or DEFAULT_MIN_PARTICIPANTS)
