"""The PDF report (WeasyPrint) and its text."""

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
