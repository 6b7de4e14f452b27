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
from assembly.errors import AssemblyError, UsageError

# Module names under assembly.cli, in the order they appear in --help.
COMMANDS = ("analyze", "simulate", "polis_io", "report", "web", "worker")


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The ``assembly`` parser; with ``only`` (a module of :data:`COMMANDS`), that module's commands alone
    (importing the others costs about 20 ms of a 0.4 s ``assembly analyze`` on a small conversation)."""
    return _build(only)[0]


def _build(only: str | None) -> tuple[argparse.ArgumentParser, set[str]]:
    """The parser and the names of the commands it has."""
    parser = argparse.ArgumentParser(
        prog="assembly",
        description="Run alignment assemblies and analyse them reproducibly.",
    )
    parser.add_argument("--version", action="version", version=f"assembly {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        if only is None or name == only:
            module = importlib.import_module(f"assembly.cli.{name}")
            module.register(sub)
    return parser, set(sub.choices)


def _parser_for(argv: Sequence[str]) -> argparse.ArgumentParser:
    """The parser of the command ``argv`` names when its module has the same name and registers it (its
    options, help and errors are the subcommand's own either way), else the whole parser."""
    first = argv[0] if argv else ""
    if first in COMMANDS:
        parser, names = _build(first)
        if first in names:
            return parser
    return build_parser()


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = _parser_for(argv)
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except UsageError as exc:  # a bad option: exit status 2, as argparse gives for its own checks
        say(f"assembly {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except AssemblyError as exc:
        say(f"assembly {args.command}: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
