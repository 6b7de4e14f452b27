"""A reader downloads the report from the results page with the keyboard alone, on a laptop and on a
phone: the full web page and the compact PDF, axe finding no violation on the page or on the report
(issue 14 item 10)."""

from __future__ import annotations

import pytest

from tests.accessibility.conftest import BEST_PRACTICE, SLUG, WCAG_21_AA, axe_violations, look
from tests.accessibility.test_keyboard import focus, tab_to

pytestmark = pytest.mark.slow  # a real browser: seconds per page

WIDTHS = [1280, 360]


@pytest.mark.parametrize("width", WIDTHS)
def test_keyboard_reader_downloads_the_full_report_and_the_pdf(open_page, consultation, width):
    """Check that from the results page, Tab reaches the length choice, an arrow key picks "Full",
    Enter on "Web page (HTML)" opens the full report (no axe violation), and Enter on "PDF" downloads
    the compact PDF; focus is visible at every step and axe finds nothing on the results page."""
    page = open_page(f"/c/{SLUG}/results/", width=width)
    look(page, name="report-download")
    assert axe_violations(page, tags=WCAG_21_AA + BEST_PRACTICE) == []

    tab_to(page, tag="input", name="")  # the checked radio of the length choice: Compact
    assert page.evaluate("document.activeElement.value") == "compact"
    page.keyboard.press("ArrowDown")
    assert focus(page)["tag"] == "input" and page.evaluate("document.activeElement.value") == "full"
    tab_to(page, tag="button", name="Web page (HTML)")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "length=full" in page.url and "format=html" in page.url
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_text("The compact report:").count() == 0
    assert axe_violations(page, tags=WCAG_21_AA + BEST_PRACTICE) == []

    page = open_page(f"/c/{SLUG}/results/", width=width)
    tab_to(page, tag="button", name="PDF")
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    assert download.value.suggested_filename == f"{SLUG}-report.pdf"
    assert download.value.path().read_bytes().startswith(b"%PDF-")


def test_the_report_downloaded_from_a_french_page_is_french(open_page, consultation):
    """Check that a reader whose browser speaks French gets the results page's form and the report in
    French, the report's lang set to fr and free of axe violations."""
    page = open_page(f"/c/{SLUG}/results/", width=360, locale="fr-FR")
    page.get_by_role("button", name="Page web (HTML)").click()
    page.wait_for_url("**/report/**")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.get_by_role("heading", name="1. Chiffres clés").count() == 1
    assert axe_violations(page, tags=WCAG_21_AA + BEST_PRACTICE) == []
