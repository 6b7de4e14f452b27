"""System checks of the settings: ``assembly.E001``, an environment variable with an unusable value.

``python -m django check`` lists them with the rest of Django's checks; :func:`refuse_invalid_settings`
runs them when a server or worker starts, so a bad value stops it with a message naming the variable
instead of running on a default the operator did not choose.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core import checks

from assembly.errors import AssemblyError

# The tag of Assembly's own settings checks (``django-admin check --tag assembly_settings``).
TAG = "assembly_settings"


@checks.register(TAG)
def environment_variables(
    app_configs: Sequence[Any] | None = None, **kwargs: Any
) -> list[checks.CheckMessage]:
    """Every environment variable the settings could not use (assembly.config.environment)."""
    environment = getattr(settings, "ENVIRONMENT", None)
    problems = environment.problems if environment is not None else []
    return [
        checks.Error(
            f"{problem}; the setting was not applied.",
            hint=f"Fix or unset {problem.variable} (docs/reference/settings.md lists every variable).",
            id="assembly.E001",
        )
        for problem in problems
    ]


def refuse_invalid_settings() -> None:
    """Raise :class:`AssemblyError` naming every unusable environment variable, if there is any."""
    errors = [m for m in checks.run_checks(tags=[TAG]) if m.level >= checks.ERROR]
    if errors:
        raise AssemblyError("invalid settings:\n" + "\n".join(f"  {m.id}: {m.msg}" for m in errors))
