"""Write ``requirements.lock``: the exact versions installed for ``assembly[web,pdf,dev]``.

Usage (after ``make setup``)::

    .venv/bin/python scripts/lock_requirements.py > requirements.lock

Like ``pip freeze --exclude-editable``, but only the project's extras and what they need, followed
through the installed packages' own requirements, so a tool installed by hand into the virtualenv does
not slip in. ``pip-audit -r requirements.lock`` checks the result against known vulnerabilities
(docs/reliability-log.md).
"""

from __future__ import annotations

import sys
from importlib import metadata

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

PROJECT = "assembly"
EXTRAS = ("web", "pdf", "dev")


def requirement_closure(root: str, extras: tuple[str, ...]) -> dict[str, metadata.Distribution]:
    """Installed distribution of ``root[extras]`` and of everything it requires, by canonical name."""
    found: dict[str, tuple[metadata.Distribution, frozenset[str]]] = {}
    todo = [(root, frozenset(extras))]
    while todo:
        name, wanted = todo.pop()
        try:
            distribution = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue  # a requirement for another platform or Python, not installed here
        key = canonicalize_name(distribution.metadata["Name"])
        known = found.get(key)
        if known is not None and wanted <= known[1]:
            continue
        extras_now = wanted | (known[1] if known else frozenset())
        found[key] = (distribution, extras_now)
        for line in distribution.requires or []:
            requirement = Requirement(line)
            environments = [{"extra": extra} for extra in (extras_now or {""})]
            if requirement.marker and not any(requirement.marker.evaluate(env) for env in environments):
                continue
            todo.append((requirement.name, frozenset(requirement.extras)))
    return {key: distribution for key, (distribution, _extras) in found.items()}


def main() -> int:
    closure = requirement_closure(PROJECT, EXTRAS)
    pins = sorted(
        (f"{d.metadata['Name']}=={d.version}" for key, d in closure.items() if key != PROJECT), key=str.lower
    )
    python = ".".join(map(str, sys.version_info[:3]))
    print(f"# assembly[{','.join(EXTRAS)}] as installed with Python {python}: scripts/lock_requirements.py")
    print("\n".join(pins))
    return 0


if __name__ == "__main__":
    sys.exit(main())
