"""The per-theme chapter on the results page and in the web report (issue 16 item 1): each theme's
submitted and published counts, its statements clearly in a category, and the staff's avenues; within
the disclosure rule (no category below the consultation's minimum of participants)."""

from __future__ import annotations

from html import unescape

from django.test import Client

from assembly.consultations import services
from assembly.moderation import themes
from tests.web.results_data import two_camps
from tests.web.test_results_pages import refresh


def _themed(consultation, staff, *, per_camp: int) -> None:
    """Two camps; theme "Heritage" on #0 and #3 (with avenues), a rejected submission #6 in it too."""
    two_camps(consultation, per_camp=per_camp)
    services.set_themes(consultation, ["Heritage", "Unused"])
    author = services.create_participant(consultation)[0]
    services.submit_statement(author, text="Never shown")
    heritage = consultation.themes.get(name="Heritage")
    themes.file_under_theme(consultation, [0, 3, 6], heritage, actor=staff)
    themes.save_avenues(heritage, "Write a shared licence.\n\nAsk the archives.")
    services.update_consultation(consultation, results_public=True)
    refresh(consultation)


def test_the_results_page_has_the_per_theme_chapter(consultation, staff):
    """Check the results page: the theme with statements, 3 submitted and 2 published, its friction
    statements (the camps split on every statement), the avenues as paragraphs; the theme with no
    statement and no avenues is left out, the never-published text never appears."""
    _themed(consultation, staff, per_camp=10)
    html = unescape(Client().get("/c/heritage/results/").content.decode())
    chapter = html[html.index('id="themes-title"') :]
    assert "Heritage" in chapter and "Unused" not in chapter
    assert "3 statements submitted, 2 published." in chapter
    friction = chapter[chapter.index("Friction between opinion groups") :]
    assert "#0" in friction and "#3" in friction
    assert "<p>Write a shared licence.</p>" in chapter and "<p>Ask the archives.</p>" in chapter
    assert "Never shown" not in html


def test_the_web_report_has_the_per_theme_chapter_with_avenues(consultation, staff):
    """Check the HTML report: the theme's counts, its friction statements and the avenues."""
    _themed(consultation, staff, per_camp=10)
    html = unescape(Client().get("/c/heritage/results/report/").content.decode())
    chapter = html[html.index('id="themes-h"') : html.index('id="moderation-h"')]
    assert "3 statements submitted, 2 published." in chapter
    assert "Friction between opinion groups" in chapter
    assert "Avenues for further work" in chapter and "Ask the archives." in chapter


def test_below_the_minimum_the_chapter_gives_counts_but_no_category(consultation, staff):
    """Check that with 8 voters (fewer than the 20 the rule asks) the chapter still counts statements but
    places none in a category, on the page and in the report."""
    _themed(consultation, staff, per_camp=4)
    page = unescape(Client().get("/c/heritage/results/").content.decode())
    chapter = page[page.index('id="themes-title"') :]
    assert "3 statements submitted, 2 published." in chapter
    assert "No statement of this theme is clearly in a category yet." in chapter
    report = unescape(Client().get("/c/heritage/results/report/").content.decode())
    report_chapter = report[report.index('id="themes-h"') : report.index('id="moderation-h"')]
    assert "Friction between opinion groups" not in report_chapter


def test_the_export_carries_the_themes_avenues_to_the_command_line_report(
    staff_client, consultation, staff, tmp_path
):
    """Check that the facilitator's download has theme-notes.csv, and that a report built from the
    unpacked download (as `assembly report` does) has the theme's avenues and counts."""
    import io
    import zipfile

    from assembly.report.source import report_from_export

    _themed(consultation, staff, per_camp=10)
    archive = zipfile.ZipFile(io.BytesIO(staff_client.get("/manage/heritage/export/").content))
    assert "heritage/theme-notes.csv" in archive.namelist()
    archive.extractall(tmp_path)
    _dataset, report, _analysed, _log = report_from_export(tmp_path / "heritage", measure_compute=False)
    heritage = report.themes[0]
    assert (heritage.name, heritage.submitted, heritage.published) == ("Heritage", 3, 2)
    assert heritage.avenues == "Write a shared licence.\n\nAsk the archives."
