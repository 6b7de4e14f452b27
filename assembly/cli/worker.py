"""``assembly worker``: keep every consultation's analysis up to date, in the foreground.

In production run one (or more) beside the web processes, against the same database
(``DATABASE_URL``); ``assembly serve`` runs the same loop in a thread, so a single machine needs none.
"""

from __future__ import annotations

import argparse
import os
import sys

from assembly.cli.output import say

# Settings used unless DJANGO_SETTINGS_MODULE says otherwise (the same as ``assembly serve``).
DEFAULT_SETTINGS = "assembly.config.settings.production"


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "worker",
        help="run the background analysis of the web platform's consultations",
        description=(
            "Re-analyse every consultation whose votes or moderation changed, again and again, until "
            "interrupted. Several workers may run against one database: each consultation is analysed "
            "by one worker at a time."
        ),
    )
    p.add_argument(
        "--once", action="store_true", help="check every consultation once, analyse what changed, and exit"
    )
    p.add_argument(
        "--poll",
        type=float,
        default=None,
        metavar="SECONDS",
        help="pause between passes that found nothing to do (default 1)",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", DEFAULT_SETTINGS)
    import threading

    import django

    django.setup()
    from assembly.config.checks import refuse_invalid_settings
    from assembly.results import runner

    refuse_invalid_settings()

    owner = runner.default_owner("worker")
    if args.once:
        report = runner.run_pass(owner=owner)
        for slug, outcome in report.outcomes.items():
            say(f"{slug}: {outcome.status} in {outcome.seconds:.2f} s {outcome.error}".rstrip())
        say(f"checked {len(report.checked)} consultations, analysed {report.refreshed}")
        return 1 if any(o.status == "failed" for o in report.outcomes.values()) else 0
    if args.poll is not None and args.poll <= 0:
        say("assembly worker: error: --poll must be a positive number of seconds", file=sys.stderr)
        return 2
    say(f"assembly worker {owner}: analysing consultations as they change (Ctrl+C to stop)", flush=True)
    stop = threading.Event()
    try:
        runner.run_forever(owner=owner, stop=stop, poll_seconds=args.poll or runner.POLL_SECONDS)
    except KeyboardInterrupt:
        stop.set()
    return 0
