"""The PDF report (WeasyPrint) and its text."""

import logging
import re
import shutil
import subprocess

import pytest

from assembly.report.render_pdf import render_pdf

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext (poppler-utils)")


def _text(pdf: bytes, tmp_path, name: str) -> str:
    path = tmp_path / name
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def test_pdf_text_is_identical_across_renders_and_holds_the_report(report, tmp_path):
    """Check that two renders extract to the same text, which holds the title and the shares."""
    first, second = render_pdf(report), render_pdf(report)
    assert first.startswith(b"%PDF")
    text = _text(first, tmp_path, "a.pdf")
    assert text == _text(second, tmp_path, "b.pdf")
    assert "Small test consultation" in text
    assert "(33% agree, 11% disagree, 56% pass)" in " ".join(text.split())


def test_pdf_render_logs_no_stylesheet_error_or_unknown_option(report, caplog):
    """Check that WeasyPrint reads the whole stylesheet: an escaped ``<style>`` (``&#34;DejaVu Sans&#34;``)
    made it log one error per rule it could not parse, and an unknown write option a warning."""
    caplog.set_level(logging.WARNING, logger="weasyprint")
    render_pdf(report)
    problems = [r.getMessage() for r in caplog.records if r.name.startswith("weasyprint")]
    assert problems == []


def test_pdf_has_page_numbers_and_the_stylesheet_font(report, tmp_path):
    """Check that every page after the cover carries "page / pages" at its foot, the cover none, and that
    the text is set in DejaVu Sans."""
    pdf = render_pdf(report)
    text = _text(pdf, tmp_path, "report.pdf")
    sheets = text.split("\f")[:-1]  # pdftotext ends every page with a form feed
    pages = len(sheets)
    assert pages > 1
    assert "Small test consultation" in sheets[0] and not re.search(rf"\b1 ?/ ?{pages}\b", sheets[0])
    for page in range(2, pages + 1):
        assert re.search(rf"\b{page} ?/ ?{pages}\b", sheets[page - 1]), f"no page number {page} / {pages}"
    path = tmp_path / "fonts.pdf"
    path.write_bytes(pdf)
    fonts = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True).stdout
    assert re.search(r"DejaVu-?Sans(?!-Mono)", fonts), fonts


# Statements in the EU's other scripts and its rarer Latin letters: Greek, Bulgarian (Cyrillic), Maltese
# (ħ ġ ż) and Romanian (ș ț with the comma below).
OTHER_SCRIPTS = {
    0: "Τα μουσεία πρέπει να επισημαίνουν τις περιγραφές που γράφει η τεχνητή νοημοσύνη.",
    1: "Изкуственият интелект никога не бива да пише каталожни записи.",
    2: "Il-ħażna tad-data tal-wirt għandha tkun miftuħa; ġabra żgħira. Datele să fie ținute deschise și așa.",
}


def test_pdf_sets_greek_cyrillic_and_every_eu_latin_letter_in_dejavu(
    dataset, analysis, positions, thresholds, tmp_path, caplog
):
    """Check that statements in Greek, Bulgarian, Maltese and Romanian come out of the PDF as written (the
    text extracts, so the glyphs are real, not boxes) and that every font embedded is DejaVu: a script
    DejaVu lacked would be set in some fallback font, which would be listed (and missing on another
    machine). scripts/ensure-system-packages.sh installs fonts-dejavu-core; report.css names it first."""
    from tests.report.consultation import report_from_json

    for statement in dataset.statements:
        statement.text = OTHER_SCRIPTS.get(statement.id, statement.text)
    report = report_from_json(dataset, analysis, positions=positions, thresholds=thresholds)
    caplog.set_level(logging.WARNING, logger="weasyprint")
    pdf = render_pdf(report, full=True)
    text = " ".join(_text(pdf, tmp_path, "scripts.pdf").split())
    for written in OTHER_SCRIPTS.values():
        assert written in text, written
    path = tmp_path / "fonts.pdf"
    path.write_bytes(pdf)
    listing = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True).stdout
    fonts = [line.split()[0] for line in listing.splitlines()[2:]]
    assert fonts and all(re.fullmatch(r"[A-Z]{6}\+DejaVu[A-Za-z-]*", font) for font in fonts), listing
    assert [r.getMessage() for r in caplog.records if r.name.startswith("weasyprint")] == []


@pytest.mark.parametrize(("language", "heading"), [("el", "Βασικοί αριθμοί"), ("bg", "Основни стойности")])
def test_pdf_report_in_greek_and_bulgarian(pdf_in, language, heading, tmp_path):
    """Check that a report written in Greek or Bulgarian (its headings and sentences from the catalogue)
    comes out of the PDF in that script, set in DejaVu only."""
    pdf = pdf_in(language)
    text = " ".join(_text(pdf, tmp_path, f"{language}.pdf").split())
    assert f"1. {heading}" in text
    path = tmp_path / "fonts.pdf"
    path.write_bytes(pdf)
    listing = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True).stdout
    assert all(
        re.fullmatch(r"[A-Z]{6}\+DejaVu[A-Za-z-]*", line.split()[0]) for line in listing.splitlines()[2:]
    )


@pytest.fixture
def pdf_in(dataset, analysis, positions, thresholds):
    """The hand-made consultation's full PDF report, built and rendered in a language."""
    from assembly.report.language import speaking
    from tests.report.consultation import report_from_json

    def build(language: str) -> bytes:
        with speaking(language):
            report = report_from_json(dataset, analysis, positions=positions, thresholds=thresholds)
            return render_pdf(report, full=True)

    return build
