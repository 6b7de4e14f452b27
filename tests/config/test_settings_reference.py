"""docs/reference/settings.md is complete: every ``ASSEMBLY_*`` name in the package, every environment
variable the package reads and every setting of Assembly's own has a row there.

Names are found in the source, not listed here, so a setting added anywhere in the package fails this
test until it is documented; the failure names each missing one.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from django.conf import global_settings

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "assembly"
SETTINGS_MODULES = sorted((PACKAGE / "config" / "settings").glob("*.py"))
REFERENCE = ROOT / "docs" / "reference" / "settings.md"

ASSEMBLY_NAME = re.compile(r"\bASSEMBLY_[A-Z0-9_]*[A-Z0-9]\b")
ENVIRONMENT_READ = re.compile(
    r"""(?:\bos\.environ(?:\.get|\.setdefault|\.pop)?\(|\bos\.environ\[|getenv\(|"""
    r"""(?:ENVIRONMENT|environment)\.(?:text|count|choice|switch)\()\s*["']([A-Z][A-Z0-9_]*)["']"""
)
SETTING_READ = re.compile(
    r"""\bsettings\.([A-Z][A-Z0-9_]+)\b|getattr\(settings,\s*["']([A-Z][A-Z0-9_]+)["']"""
)
# Third-party packages' own settings, documented by them.
THIRD_PARTY_PREFIXES = ("WHITENOISE_",)
# Django settings that django.conf.global_settings leaves out (required, so without a default).
DJANGO_WITHOUT_DEFAULT = frozenset({"ROOT_URLCONF"})


def _sources() -> dict[Path, str]:
    return {path: path.read_text(encoding="utf-8") for path in sorted(PACKAGE.rglob("*.py"))}


def _assigned_settings(source: str) -> set[str]:
    """Upper-case names a settings module assigns at module level (in ``if`` blocks too)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names.update(t.id for t in targets if isinstance(t, ast.Name) and t.id.isupper())
    return {name for name in names if not name.startswith("_")}  # private to the module


def _own(name: str) -> bool:
    django = hasattr(global_settings, name) or name in DJANGO_WITHOUT_DEFAULT
    return not django and not name.startswith(THIRD_PARTY_PREFIXES)


def _documented() -> set[str]:
    return set(re.findall(r"`([A-Z][A-Z0-9_]+)`", REFERENCE.read_text(encoding="utf-8")))


def _missing(found: dict[str, set[str]]) -> list[str]:
    documented = _documented()
    return [
        f"{name} (in {', '.join(sorted(where))})"
        for name, where in sorted(found.items())
        if name not in documented
    ]


def _where(path: Path) -> str:
    return str(path.relative_to(ROOT))


def test_every_assembly_name_in_the_package_is_documented():
    found: dict[str, set[str]] = {}
    for path, source in _sources().items():
        for name in ASSEMBLY_NAME.findall(source):
            found.setdefault(name, set()).add(_where(path))
    assert "ASSEMBLY_RATE_LIMIT_VOTES_PER_MINUTE" in found  # the scan finds what it should
    missing = _missing(found)
    assert not missing, "add these to docs/reference/settings.md:\n  " + "\n  ".join(missing)


def test_every_environment_variable_the_package_reads_is_documented():
    found: dict[str, set[str]] = {}
    for path, source in _sources().items():
        for name in ENVIRONMENT_READ.findall(source):
            found.setdefault(name, set()).add(_where(path))
    assert {"DATABASE_URL", "DJANGO_SETTINGS_MODULE", "ASSEMBLY_HTTPS"} <= set(found)
    missing = _missing(found)
    assert not missing, "add these to docs/reference/settings.md:\n  " + "\n  ".join(missing)


def test_every_assembly_variable_the_tests_and_benchmarks_read_is_documented():
    found: dict[str, set[str]] = {}
    for path in sorted([*(ROOT / "tests").rglob("*.py"), *(ROOT / "bench").rglob("*.py")]):
        for name in ENVIRONMENT_READ.findall(path.read_text(encoding="utf-8")):
            if name.startswith("ASSEMBLY_"):
                found.setdefault(name, set()).add(_where(path))
    assert {"ASSEMBLY_FUZZ_EXAMPLES", "ASSEMBLY_LONG"} <= set(found)
    missing = _missing(found)
    assert not missing, "add these to docs/reference/settings.md:\n  " + "\n  ".join(missing)


def test_every_setting_of_assemblys_own_is_documented():
    found: dict[str, set[str]] = {}
    for path in SETTINGS_MODULES:
        for name in _assigned_settings(path.read_text(encoding="utf-8")):
            found.setdefault(name, set()).add(_where(path))
    for path, source in _sources().items():
        for match in SETTING_READ.finditer(source):
            found.setdefault(match.group(1) or match.group(2), set()).add(_where(path))
    own = {name: where for name, where in found.items() if _own(name)}
    assert {"RATE_LIMIT_VOTES_PER_MINUTE", "ASSEMBLY_LOGIN_MAX_FAILURES", "STAFF_PASSWORD_MIN_LENGTH"} <= set(
        own
    )
    assert (
        "DEBUG" not in own and "WHITENOISE_USE_FINDERS" not in own
    )  # Django's and third parties' are theirs
    missing = _missing(own)
    assert not missing, "add these to docs/reference/settings.md:\n  " + "\n  ".join(missing)


def test_the_readme_links_the_reference():
    assert "docs/reference/settings.md" in (ROOT / "README.md").read_text(encoding="utf-8")
