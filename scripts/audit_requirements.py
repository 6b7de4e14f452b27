"""Audit ``requirements.lock`` against the known vulnerabilities that PyPI publishes.

Usage::

    python3 scripts/audit_requirements.py [requirements.lock]
    python3 scripts/audit_requirements.py --recorded DIR requirements.lock   # no network

Standard library only, so it runs with any Python 3.11+ and audits nothing of its own.

Where the data comes from, and what it allows us to say
--------------------------------------------------------
pip-audit's default service reads PyPI's per-release JSON (``/pypi/NAME/VERSION/json``), whose
``vulnerabilities`` key lists the advisories (Python Packaging Advisory Database, via OSV) that affect
that release. Where that endpoint cannot be reached, this script reads the project-level JSON
(``/pypi/NAME/json``) instead. Its ``vulnerabilities`` key lists the advisories that affect the
*latest* release only, and each entry carries ``id``, ``aliases``, ``fixed_in`` and ``withdrawn``, but
no affected-version range. So:

* a pin that IS the project's latest release is audited: the list is the list for that very version;
* a pin that is older than the latest release is NOT audited: an advisory fixed between the pin and
  the latest release is absent from the list, and nothing in the entries says which older versions an
  advisory affects. The script says so and fails, rather than passing a pin it knows nothing about;
* a pin that PyPI does not list as a release, or whose project JSON cannot be fetched or read, is NOT
  audited either.

Output: one line per pin (``ok``, ``VULNERABLE`` with the advisory ids, aliases and the versions that
fix it, or ``NOT AUDITED`` with the reason), then a count.

Exit status: 0 every pin audited and none vulnerable; 1 at least one pin has a known vulnerability;
3 no known vulnerability, but at least one pin could not be audited; 2 the command line or the
requirements file is wrong (nothing is fetched then).

``--recorded DIR`` reads ``DIR/<name>.json`` (the project-level JSON saved earlier, the name
normalized as in PEP 503: lower case, runs of ``-_.`` as ``-``) instead of asking PyPI; ``--save DIR``
keeps what was fetched, so an audit can be repeated offline and its evidence kept.
"""

from __future__ import annotations

import argparse
import datetime
import json
import re
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

PYPI_JSON = "https://pypi.org/pypi"
PIN = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>[A-Za-z0-9.+!_-]+)$")

OK = "ok"
VULNERABLE = "VULNERABLE"
NOT_AUDITED = "NOT AUDITED"
EXIT_VULNERABLE = 1
EXIT_USAGE = 2
EXIT_NOT_AUDITED = 3


class LockFileError(ValueError):
    """A line of the requirements file is not ``NAME==VERSION``."""


@dataclass(frozen=True)
class Pin:
    name: str
    version: str

    @property
    def key(self) -> str:
        """The PEP 503 normalized name."""
        return re.sub(r"[-_.]+", "-", self.name).lower()

    def __str__(self) -> str:
        return f"{self.name}=={self.version}"


@dataclass
class Verdict:
    pin: Pin
    status: str
    details: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        return [f"{self.status:<11} {self.pin}", *(f"            {line}" for line in self.details)]


def parse_lock(text: str, source: str) -> list[Pin]:
    """The pins of a requirements file: one ``NAME==VERSION`` a line; blank lines and ``#`` comments."""
    pins = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        match = PIN.match(line)
        if match is None:
            raise LockFileError(f"{source} line {number}: expected NAME==VERSION, found {raw.strip()!r}")
        pins.append(Pin(match["name"], match["version"]))
    if not pins:
        raise LockFileError(f"{source}: no NAME==VERSION line, nothing to audit")
    return pins


def describe(advisory: dict) -> str:
    aliases = ", ".join(advisory.get("aliases") or [])
    fixed = ", ".join(advisory.get("fixed_in") or []) or "no fixed release"
    return f"{advisory.get('id', '?')}" + (f" ({aliases})" if aliases else "") + f": fixed in {fixed}"


def audit_pin(pin: Pin, project: dict | None, problem: str = "") -> Verdict:
    """The verdict on one pin given its project-level PyPI JSON (``None`` when it could not be had)."""
    if project is None:
        return Verdict(pin, NOT_AUDITED, [problem or "no PyPI data"])
    try:
        latest = project["info"]["version"]
        advisories = project["vulnerabilities"]
    except (KeyError, TypeError):
        return Verdict(pin, NOT_AUDITED, ["PyPI JSON without info.version or vulnerabilities"])
    releases = project.get("releases")
    if isinstance(releases, dict) and pin.version not in releases:
        return Verdict(pin, NOT_AUDITED, [f"{pin.version} is not a release of {pin.name} on PyPI"])
    current = [a for a in advisories if not a.get("withdrawn")]
    if pin.version != latest:
        details = [
            f"older than the latest release {latest}; PyPI lists vulnerabilities of the latest release only"
        ]
        details += [f"affects {latest}, maybe {pin.version} too: {describe(a)}" for a in current]
        return Verdict(pin, NOT_AUDITED, details)
    if current:
        return Verdict(pin, VULNERABLE, [describe(a) for a in current])
    return Verdict(pin, OK, [])


def fetch_pypi(pin: Pin, base: str = PYPI_JSON, timeout: float = 30) -> dict:
    url = f"{base}/{urllib.parse.quote(pin.key)}/json"
    if not url.startswith(("https://", "http://")):
        raise ValueError(f"not an http(s) URL: {url}")
    with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 (scheme checked above)
        return json.load(response)


def reader(recorded: Path) -> Callable[[Pin], dict]:
    def read(pin: Pin) -> dict:
        return json.loads((recorded / f"{pin.key}.json").read_text(encoding="utf-8"))

    return read


def audit(pins: Iterable[Pin], load: Callable[[Pin], dict], save: Path | None = None) -> list[Verdict]:
    def one(pin: Pin) -> Verdict:
        try:
            project = load(pin)
        except (OSError, ValueError, urllib.error.URLError) as error:
            return audit_pin(pin, None, f"could not get PyPI data: {error}")
        if save is not None:
            (save / f"{pin.key}.json").write_text(json.dumps(project, sort_keys=True), encoding="utf-8")
        return audit_pin(pin, project)

    with ThreadPoolExecutor(max_workers=4) as pool:
        return list(pool.map(one, pins))


def report(verdicts: list[Verdict], source: str) -> tuple[str, int]:
    """The printed report and the exit status."""
    counts = {status: sum(v.status == status for v in verdicts) for status in (OK, VULNERABLE, NOT_AUDITED)}
    today = datetime.datetime.now(datetime.UTC).date().isoformat()
    lines = [f"Audit of {len(verdicts)} pins against {source} on {today}"]
    lines += [line for verdict in verdicts for line in verdict.lines()]
    lines.append(
        f"{len(verdicts)} pins: {counts[OK]} audited with no known vulnerability, "
        f"{counts[VULNERABLE]} vulnerable, {counts[NOT_AUDITED]} not audited"
    )
    if counts[VULNERABLE]:
        return "\n".join(lines), EXIT_VULNERABLE
    if counts[NOT_AUDITED]:
        return "\n".join(lines), EXIT_NOT_AUDITED
    return "\n".join(lines), 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("requirements", nargs="?", default="requirements.lock", type=Path)
    parser.add_argument("--recorded", type=Path, help="read DIR/<name>.json instead of asking PyPI")
    parser.add_argument("--save", type=Path, help="keep each project JSON fetched as DIR/<name>.json")
    parser.add_argument("--index", default=PYPI_JSON, help=f"PyPI JSON API base (default {PYPI_JSON})")
    args = parser.parse_args(argv)
    try:
        pins = parse_lock(args.requirements.read_text(encoding="utf-8"), str(args.requirements))
    except (OSError, UnicodeDecodeError, LockFileError) as error:
        print(f"audit_requirements: {error}", file=sys.stderr)
        return EXIT_USAGE
    if args.recorded is not None:
        if not args.recorded.is_dir():
            print(f"audit_requirements: --recorded {args.recorded}: not a directory", file=sys.stderr)
            return EXIT_USAGE
        load, source = reader(args.recorded), f"the PyPI JSON recorded in {args.recorded}"
    else:
        load, source = (lambda pin: fetch_pypi(pin, args.index.rstrip("/"))), args.index
    if args.save is not None:
        args.save.mkdir(parents=True, exist_ok=True)
    text, status = report(audit(pins, load, args.save), source)
    print(text)
    return status


if __name__ == "__main__":
    sys.exit(main())
