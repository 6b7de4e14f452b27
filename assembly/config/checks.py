"""System checks of the settings.

- ``assembly.E001``: an environment variable with an unusable value (assembly.config.environment).
- ``assembly.E002``: a setting of Assembly's own, set in a settings module, with an unusable value
  (``ASSEMBLY_LOGIN_LOCK_MINUTES = "15"``), which would otherwise fail deep inside the code that reads it.

``python -m django check`` lists them with the rest of Django's checks; :func:`refuse_invalid_settings`
runs them when a server or worker starts, so a bad value stops it with a message naming the variable
instead of running on a default the operator did not choose.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.conf import settings
from django.core import checks

from assembly.errors import AssemblyError

# The tag of Assembly's own settings checks (``django-admin check --tag assembly_settings``).
TAG = "assembly_settings"


def _count(value: object, minimum: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= minimum


def _positive_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value > 0


# Assembly's own settings that institutions may set (docs/reference/settings.md): what each must be.
OWN_SETTINGS: dict[str, tuple[Callable[[object], bool], str]] = {
    "RATE_LIMIT_VOTES_PER_MINUTE": (lambda v: _count(v, 0), "a whole number of 0 or more"),
    "RATE_LIMIT_STATEMENTS_PER_MINUTE": (lambda v: _count(v, 0), "a whole number of 0 or more"),
    "RATE_LIMIT_NEW_PARTICIPANTS_PER_HOUR": (lambda v: _count(v, 0), "a whole number of 0 or more"),
    "RATE_LIMIT_SIMILAR_PER_MINUTE": (lambda v: _count(v, 0), "a whole number of 0 or more"),
    "ASSEMBLY_RESULTS_MIN_PARTICIPANTS": (lambda v: _count(v, 5), "a whole number of 5 or more"),
    "ASSEMBLY_TRUSTED_PROXIES": (lambda v: _count(v, 0), "a whole number of 0 or more"),
    "ASSEMBLY_LOGIN_MAX_FAILURES": (lambda v: _count(v, 1), "a whole number of 1 or more"),
    "ASSEMBLY_LOGIN_LOCK_MINUTES": (_positive_number, "a number of minutes above 0"),
    "STAFF_PASSWORD_MIN_LENGTH": (lambda v: _count(v, 1), "a whole number of 1 or more"),
    "ASSEMBLY_LLM_URL": (
        lambda v: isinstance(v, str) and (v == "" or v.startswith(("http://", "https://"))),
        "empty (the assistant off) or an http:// or https:// address",
    ),
    "ASSEMBLY_LLM_TIMEOUT_SECONDS": (_positive_number, "a number of seconds above 0"),
    "ASSEMBLY_LLM_POWER_WATTS": (_positive_number, "a number of watts above 0"),
}


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


@checks.register(TAG)
def own_settings(app_configs: Sequence[Any] | None = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """Every setting of :data:`OWN_SETTINGS` that is set to a value of the wrong kind."""
    messages: list[checks.CheckMessage] = []
    for name, (usable, expected) in OWN_SETTINGS.items():
        if hasattr(settings, name) and not usable(value := getattr(settings, name)):
            messages.append(
                checks.Error(
                    f"the setting {name} = {value!r} is not {expected}.",
                    hint="Fix it in the settings module (docs/reference/settings.md describes it).",
                    id="assembly.E002",
                )
            )
    return messages


def refuse_invalid_settings() -> None:
    """Raise :class:`AssemblyError` naming every unusable environment variable, if there is any."""
    errors = [m for m in checks.run_checks(tags=[TAG]) if m.level >= checks.ERROR]
    if errors:
        raise AssemblyError("invalid settings:\n" + "\n".join(f"  {m.id}: {m.msg}" for m in errors))
