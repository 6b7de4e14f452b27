"""Options several commands share, declared once (standard library only, like every command module)."""

from __future__ import annotations

import argparse


def add_analysis_options(p: argparse.ArgumentParser) -> None:
    """``--method`` and ``--seed``: how the analysis forms groups, and its random seed."""
    p.add_argument(
        "--method",
        choices=("stable", "polis"),
        default="stable",
        help="stable: groups independent of input order (default); polis: reproduce pol.is",
    )
    p.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
