"""The report in the reader's language (issue 15 item 5): its own strings through the catalogues, the
statements in the report's language where approved translations exist, the originals in the appendix;
the results page and its chart labels follow the participant's language too."""

from __future__ import annotations

import shutil
import subprocess
from html import unescape

import pytest
from django.test import Client

from assembly.consultations import services, translations
from assembly.consultations.models import Statement
from assembly.results.report import render_report
from tests.web.results_data import two_camps
from tests.web.test_results_pages import refresh

FRENCH = "Graine zéro, en français"
GREEK = "Πρώτη δήλωση στα ελληνικά"


@pytest.fixture
def translated(settings, consultation, staff):
    """The two-camp consultation analysed, its statement #0 ("Seed zero") approved in French and Greek,
    statement #1 only drafted in French."""
    settings.LANGUAGES = [*settings.LANGUAGES, ("el", "Greek")]
    services.update_consultation(consultation, languages=["fr", "el"], results_public=True)
    two_camps(consultation)
    zero, one = Statement.objects.filter(consultation=consultation, number__in=[0, 1]).order_by("number")
    for statement, language, text, approve in (
        (zero, "fr", FRENCH, True),
        (zero, "el", GREEK, True),
        (one, "fr", "Brouillon non relu", False),
    ):
        item = translations.find_item(consultation, "statement", statement.pk, "text")
        translations.save(consultation, item, language, text, user=staff, approve_it=approve)
    return consultation, refresh(consultation)


def test_the_report_in_french_reads_approved_translations_and_keeps_originals_in_the_appendix(translated):
    consultation, snapshot = translated
    html = unescape(render_report(consultation, snapshot, language="fr", full=True))
    assert '<html lang="fr">' in html and "Chiffres clés" in html
    assert f"“{FRENCH}”" in html
    assert "Original : « Seed zero »" in html  # the appendix
    assert "Brouillon non relu" not in html and "“Seed one”" in html  # a draft is never read


def test_the_report_in_english_has_the_originals_only(translated):
    consultation, snapshot = translated
    html = unescape(render_report(consultation, snapshot, language="en", full=True))
    assert FRENCH not in html and GREEK not in html and "Original:" not in html


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext (poppler-utils)")
def test_the_report_in_greek_has_the_greek_statement_in_html_and_pdf(translated, tmp_path):
    from assembly.report.render_pdf import pdf_from_html

    consultation, snapshot = translated
    html = render_report(consultation, snapshot, language="el", full=True)
    assert '<html lang="el">' in html and GREEK in unescape(html)
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf_from_html(html))
    text = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True).stdout
    assert GREEK in " ".join(text.split())


def _analysis(language: str) -> str:
    client = Client(headers={"accept-language": language})
    return unescape(client.get("/c/heritage/results/live/analysis/").content.decode())


def test_the_results_page_and_its_charts_follow_the_readers_language(translated):
    french = _analysis("fr")
    assert FRENCH in french and 'aria-label="Graine zéro' in french  # its chart is labelled in French too
    assert "Brouillon non relu" not in french
    assert FRENCH not in _analysis("de")


def test_group_names_follow_the_reports_and_the_pages_language(translated, staff):
    from assembly.results.models import GroupName

    consultation, snapshot = translated
    GroupName.objects.create(consultation=consultation, group=0, name="Boundary-setters")
    item = translations.find_item(consultation, "group", 0, "name")
    translations.save(consultation, item, "fr", "Gardiens des limites", user=staff, approve_it=True)
    assert "Gardiens des limites" in unescape(render_report(consultation, snapshot, language="fr"))
    assert "Boundary-setters" in unescape(render_report(consultation, snapshot, language="en"))
    assert "Gardiens des limites" in _analysis("fr")
