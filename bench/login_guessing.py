"""How fast can an online attacker guess a staff account's second-factor code (or its password from one
address) under the login lockout (issue 11, item 3)?

Usage::

    .venv/bin/python bench/login_guessing.py            # 30 simulated days
    .venv/bin/python bench/login_guessing.py --days 365

An attacker who tries again the moment each lock ends, against the real
:func:`assembly.accounts.lockout.limited` on a fresh SQLite database; the clock is simulated (Django's
``timezone.now`` is replaced), so a year takes seconds. Prints the guesses checked in the first day and
on average per day, and, for a 6-digit code (3 codes accepted at any time: one 30-second step of drift
either way), how long until the attacker has an even chance of one right guess.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parents[1]
# Codes accepted at one moment (assembly.accounts.totp: the current step and one either side) out of 10^6.
ACCEPTED_CODES = 3


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--days", type=int, default=30, help="simulated days (default 30)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data_dir:
        os.environ |= {
            "ASSEMBLY_DATA_DIR": data_dir,
            "DJANGO_SETTINGS_MODULE": "assembly.config.settings.dev",
        }
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        checked = _attack(timedelta(days=args.days))
    first_day = sum(1 for at in checked if at < timedelta(days=1))
    per_day = len(checked) / args.days
    days = math.log(2) / (per_day * ACCEPTED_CODES / 10**6)
    print(f"guesses checked: {first_day} in the first day, {per_day:.1f} a day over {args.days} days")
    print(f"6-digit code: an even chance of one right guess after {days:,.0f} days ({days / 365:,.0f} years)")
    return 0


def _attack(duration: timedelta) -> list[timedelta]:
    """Wrong codes tried whenever the account is not locked (one a second); when each was checked."""
    from assembly.accounts import lockout

    start = datetime(2026, 1, 1, tzinfo=UTC)
    clock = [start]
    checked: list[timedelta] = []
    with mock.patch("django.utils.timezone.now", lambda: clock[0]):
        while clock[0] - start < duration:
            result = lockout.limited(
                lambda: checked.append(clock[0] - start) is not None,  # a wrong code: False
                username="root",
                address="198.51.100.1",
                scope=lockout.Scope.ACCOUNT,
            )
            if isinstance(result, lockout.Lock):
                clock[0] = result.until  # waits for the lock to end; tries meanwhile change nothing
            else:
                clock[0] += timedelta(seconds=1)
    return checked


if __name__ == "__main__":
    sys.exit(main())
