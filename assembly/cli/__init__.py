"""The ``assembly`` command.

Each sub-command lives in its own module under ``assembly.cli`` and exposes ``register(subparsers)``,
which adds its parser and sets ``func`` to a ``run(args) -> int`` function. Command modules import
only the standard library at module level, so ``assembly --help`` and every command start fast:
heavy imports (numpy, Django, WeasyPrint) happen inside ``run``.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from assembly import __version__
from assembly.cli.output import say
from assembly.errors import AssemblyError

# Module names under assembly.cli, in the order they appear in --help.
COMMANDS = ("analyze", "simulate", "polis_io", "report", "web", "worker")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="assembly",
        description="Run alignment assemblies and analyse them reproducibly.",
    )
    parser.add_argument("--version", action="version", version=f"assembly {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        module = importlib.import_module(f"assembly.cli.{name}")
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except AssemblyError as exc:
        say(f"assembly {args.command}: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
