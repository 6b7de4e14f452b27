"""The settings' environment variables, read without raising.

A bad value (``ASSEMBLY_RATE_LIMIT_VOTES_PER_MINUTE=sixty``) used to stop the settings module with a
bare ``ValueError`` and a traceback that named neither the variable nor what it should be. Here the
value is checked, the default kept, and the problem recorded; the system check ``assembly.E001``
(:mod:`assembly.config.checks`) then reports every bad variable at once, by name, and ``assembly serve``,
``assembly worker`` and the WSGI/ASGI entry points refuse to start. This module does not import Django.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

__all__ = ["Environment", "Problem"]


@dataclass(frozen=True)
class Problem:
    """One environment variable whose value cannot be used."""

    variable: str
    value: str
    expected: str

    def __str__(self) -> str:
        return f"{self.variable}={self.value!r} is not {self.expected}"


@dataclass
class Environment:
    """Reads settings from environment variables and keeps the problems found, in reading order."""

    environ: Mapping[str, str] = field(default_factory=lambda: os.environ)
    problems: list[Problem] = field(default_factory=list)

    def _record(self, problem: Problem) -> None:
        # A variable read twice (the test settings rebuild the database entry) is one problem.
        if problem not in self.problems:
            self.problems.append(problem)

    def text(self, name: str, default: str) -> str:
        """The variable's value, or ``default`` when it is unset or empty."""
        return self.environ.get(name) or default

    def count(self, name: str, default: int, *, minimum: int = 0) -> int:
        """A whole number >= ``minimum`` (``0`` switches a limit off); ``default`` when unset or invalid."""
        raw = self.environ.get(name)
        if raw is None or raw.strip() == "":
            return default
        try:
            value = int(raw.strip())
        except ValueError:
            value = minimum - 1
        if value < minimum:
            self._record(Problem(name, raw, f"a whole number of {minimum} or more"))
            return default
        return value

    def choice(self, name: str, default: str, choices: Iterable[str]) -> str:
        """One of ``choices`` (any case; returned upper-case); ``default`` when unset or invalid."""
        raw = self.environ.get(name)
        if raw is None or raw.strip() == "":
            return default
        allowed = tuple(choices)
        if raw.strip().upper() not in allowed:
            self._record(Problem(name, raw, "one of " + ", ".join(allowed)))
            return default
        return raw.strip().upper()

    def switch(self, name: str) -> bool:
        """``1`` turns an option on; unset, empty or ``0`` leaves it off; anything else is a problem."""
        raw = self.environ.get(name)
        if raw is None or raw.strip() in ("", "0"):
            return False
        if raw.strip() != "1":
            self._record(Problem(name, raw, "1 (on) or 0 (off)"))
            return False
        return True
