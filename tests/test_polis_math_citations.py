"""The port's provenance can be followed: every citation of the pol.is notes points at
docs/explanation/polis-math.md and names a section that exists there, the notes pin one pol.is commit,
and every module with a "Pol.is equivalent" note cites them."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTES = ROOT / "docs" / "explanation" / "polis-math.md"
CITED_FROM = [ROOT / "assembly", ROOT / "tests", ROOT / "bench", ROOT / "docs"]
FULL_PATH = "docs/explanation/polis-math.md"

# The notes' file name followed by a chain of sections: "§2.8", "§2.5-§2.6", "§2.8, §2.9", "§2.9, step 4".
CITED_SECTION = r"\s*(?:,|-|–|and)?\s*§\d+(?:\.\d+)*(?:,\s*(?:step|item|check)\s+\d+)?"
CITATION = re.compile(rf"polis-math\.md((?:{CITED_SECTION})+)")
SECTION = re.compile(r"§(\d+(?:\.\d+)*)")
HEADING = re.compile(r"^#{2,4} (\d+(?:\.\d+)*)\.? ", re.MULTILINE)


def _sections() -> set[str]:
    return set(HEADING.findall(NOTES.read_text(encoding="utf-8")))


def _texts() -> dict[Path, str]:
    files = [p for base in CITED_FROM for p in base.rglob("*") if p.suffix in {".py", ".md"} and p.is_file()]
    return {p: p.read_text(encoding="utf-8") for p in sorted(files)}


def _citations() -> list[tuple[Path, int, str, str]]:
    """(file, line, the text before "polis-math.md", section) for every cited section."""
    found = []
    for path, text in _texts().items():
        for match in CITATION.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            before = text[max(0, match.start() - len("docs/explanation/")) : match.start()]
            for section in SECTION.findall(match.group(1)):
                found.append((path, line, before, section))
    return found


def test_the_notes_have_the_sections_the_code_relies_on():
    sections = _sections()
    assert {"1", "2", "2.2", "2.12", "4.3", "5.2", "8"} <= sections


def test_every_cited_section_exists_in_the_notes():
    sections = _sections()
    citations = _citations()
    assert len(citations) >= 35  # the scan finds the citations it should
    missing = [f"{p.relative_to(ROOT)}:{n}: §{s}" for p, n, _, s in citations if s not in sections]
    assert not missing, "sections not in docs/explanation/polis-math.md:\n  " + "\n  ".join(missing)


def test_every_citation_outside_the_notes_gives_the_full_path():
    short = [
        f"{p.relative_to(ROOT)}:{n}"
        for p, n, before, _ in _citations()
        if p != NOTES and p.parent != ROOT / "docs" / "explanation" and before != "docs/explanation/"
    ]
    assert not short, f"cite {FULL_PATH}, not polis-math.md alone:\n  " + "\n  ".join(sorted(set(short)))


def test_the_notes_pin_one_polis_commit_and_name_the_source_files():
    text = NOTES.read_text(encoding="utf-8")
    assert set(re.findall(r"\b[0-9a-f]{40}\b", text)) == {"08e03eb15598259520b80c27ae266eded530718a"}
    for source in ("conversation.clj", "pca.clj", "clusters.clj", "repness.clj", "stats.clj", "export.clj"):
        assert f"`{source}`" in text or f"{source}`" in text, source


def test_every_module_with_a_polis_equivalent_note_cites_the_notes():
    lacking = [
        str(path.relative_to(ROOT))
        for path in sorted((ROOT / "assembly").rglob("*.py"))
        if "pol.is equivalent" in (text := path.read_text(encoding="utf-8")).lower() and FULL_PATH not in text
    ]
    assert not lacking, f"cite {FULL_PATH} (which pins the pol.is commit) in:\n  " + "\n  ".join(lacking)
