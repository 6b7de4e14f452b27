"""The documentation stays reachable and the reliability reference complete.

- The README links every document under docs/ (the example reports are reached from
  docs/examples/README.md, which the README links).
- docs/reference/reliability.md (what is promised, how it is tested) names every test that the dated
  measurement log, docs/reliability-log.md, names; every test it names exists; and it links every
  section of the log.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
EXAMPLES = DOCS / "examples"
REFERENCE = DOCS / "reference" / "reliability.md"
LOG = DOCS / "reliability-log.md"
TEST_PATH = re.compile(r"\btests/[\w/*.]*\w")


def _tests_named(path: Path) -> set[str]:
    """The test files and folders ``path`` names (``tests/x/test_y.py::test_z`` counts as its file)."""
    return {name.rstrip("/") for name in TEST_PATH.findall(path.read_text(encoding="utf-8"))}


def _anchor(heading: str) -> str:
    """The anchor a Markdown viewer (GitHub's) gives a heading."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def test_the_readme_links_every_document() -> None:
    """Check that each Markdown file under docs/ is linked from the README (example reports aside)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    linked = set(re.findall(r"\]\((docs/[^)#\s]+)", readme))
    documents = {
        path.relative_to(ROOT).as_posix()
        for path in DOCS.rglob("*.md")
        if path.parent == DOCS or EXAMPLES not in path.parents
    }
    assert documents - linked == set(), "add these to the README's Documentation list"


def test_the_reliability_reference_names_every_test_the_log_names() -> None:
    """Check that a test the measurement log relies on is listed under the promise it checks."""
    missing = _tests_named(LOG) - _tests_named(REFERENCE)
    assert missing == set(), f"docs/reference/reliability.md does not name {sorted(missing)}"


def test_every_test_the_reliability_reference_names_exists() -> None:
    """Check that no promise points at a test file or folder that was renamed or removed."""
    absent = [name for name in sorted(_tests_named(REFERENCE)) if not list(ROOT.glob(name))]
    assert absent == []


def test_the_reliability_reference_links_every_section_of_the_log() -> None:
    """Check that each dated log section is reachable from the promise it measures."""
    text = REFERENCE.read_text(encoding="utf-8")
    headings = re.findall(r"^## (.+)$", LOG.read_text(encoding="utf-8"), flags=re.MULTILINE)
    unlinked = [h for h in headings if f"../reliability-log.md#{_anchor(h)})" not in text]
    assert unlinked == []
