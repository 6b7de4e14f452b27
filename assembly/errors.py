"""Assembly's exceptions.

    AssemblyError                 base of everything Assembly raises on purpose
    ├── InputError                bad input data; names the file, 1-based line and column
    │   ├── ImportFormatError     a pol.is export or API dump that cannot be read
    │   └── UsageError            a bad command-line option (the command exits with 2, as argparse does)
    ├── AnalysisError             the analysis cannot run on these inputs
    └── ConsultationError         a request to the web platform that cannot be honoured (a stable code
                                  and HTTP status); its kinds are in assembly.consultations.errors and
                                  assembly.ratelimit.limits (RateLimitedError)

Messages say what is wrong, where, and what to do next.
"""

from __future__ import annotations

__all__ = [
    "AnalysisError",
    "AssemblyError",
    "ConsultationError",
    "ImportFormatError",
    "InputError",
    "UsageError",
]


class AssemblyError(Exception):
    """Base class of Assembly's own errors."""


class InputError(AssemblyError):
    """Bad input, located as precisely as the format allows."""

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        column: str | None = None,
    ) -> None:
        self.message = message
        self.file = file
        self.line = line
        self.column = column
        where = []
        if file is not None:
            where.append(str(file))
        if line is not None:
            where.append(f"line {line}")
        if column is not None:
            where.append(f"column {column!r}")
        super().__init__(f"{', '.join(where)}: {message}" if where else message)


class ImportFormatError(InputError):
    """A pol.is export or API dump that cannot be read; nothing was loaded."""


class UsageError(InputError):
    """A command-line option with a value the command cannot use; nothing was done."""


class AnalysisError(AssemblyError):
    """The analysis cannot run on these inputs."""


class ConsultationError(AssemblyError):
    """Base class: a request a participant or facilitator made that cannot be honoured.

    ``code`` is stable (the JSON API returns it), ``status`` the HTTP status; the message is translated
    by whoever raises it, and says what to do next. Nothing was changed.
    """

    code = "invalid"
    status = 400

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)
