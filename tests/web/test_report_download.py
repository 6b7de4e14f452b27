"""The results page offers the report for download (issue 14 item 10): a web page or a PDF, compact or
full, in the page's language, to the public when results are public and to staff; refusals as before."""

from __future__ import annotations

from html import unescape

import pytest
from django.test import Client

from assembly.consultations import services
from tests.web.results_data import two_camps
from tests.web.test_results_pages import refresh

REPORT = "/c/heritage/results/report/"


@pytest.fixture
def public(consultation):
    """The consultation with two camps of ten, analysed, results public."""
    two_camps(consultation)
    services.update_consultation(consultation, results_public=True)
    refresh(consultation)
    return consultation


def test_the_results_page_offers_the_report_as_web_page_or_pdf_compact_or_full(public):
    """Check that the public results page has the download form: length compact (checked) or full,
    and a button for each format, all sent to the report route."""
    html = Client().get("/c/heritage/results/").content.decode()
    form = html[html.index('id="report-download"') :]
    form = form[: form.index("</section>")]
    assert f'action="{REPORT}"' in form and 'method="get"' in form
    assert 'name="length" value="compact" checked' in form and 'name="length" value="full"' in form
    assert 'name="format" value="html"' in form and 'name="format" value="pdf"' in form


def test_the_pdf_download_is_a_pdf_attachment(public):
    """Check that ?format=pdf answers a PDF file to download, named after the consultation and length."""
    compact = Client().get(REPORT, {"format": "pdf"})
    assert compact.status_code == 200 and compact["Content-Type"] == "application/pdf"
    assert compact.content.startswith(b"%PDF-")
    assert compact["Content-Disposition"] == 'attachment; filename="heritage-report.pdf"'
    full = Client().get(REPORT, {"format": "pdf", "length": "full"})
    assert full["Content-Disposition"] == 'attachment; filename="heritage-report-full.pdf"'


def test_the_report_is_compact_unless_full_is_asked(public):
    """Check that the web page is the compact report by default and the full one with length=full."""
    assert "The compact report:" in Client().get(REPORT).content.decode()
    assert "The compact report:" not in Client().get(REPORT, {"length": "full"}).content.decode()


@pytest.mark.parametrize(
    ("language", "heading"),
    [
        ("fr", "Chiffres clés"),
        ("de", "Kennzahlen"),
        ("nl", "Kerncijfers"),
        ("en", "Headline figures"),
        ("pl", "Najważniejsze liczby"),
        ("el", "Βασικοί αριθμοί"),
    ],
)
def test_the_report_speaks_the_pages_language(public, language, heading):
    """Check that the report is written in the request's language, with lang= set."""
    html = Client(headers={"accept-language": language}).get(REPORT).content.decode()
    assert f'<html lang="{language}">' in html and f"1. {heading}</h2>" in html


def test_an_unknown_language_gives_the_english_report(public):
    """Check that a browser asking for a language the site does not speak gets the English report."""
    html = Client(headers={"accept-language": "ja"}).get(REPORT).content.decode()
    assert '<html lang="en">' in html


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ({"format": "docx"}, "format cannot be 'docx': choose one of html, pdf"),
        ({"length": "short"}, "length cannot be 'short': choose one of compact, full"),
    ],
)
def test_a_bad_choice_is_refused_naming_it(public, query, named):
    """Check that an unknown format or length is a 400 naming the parameter, its value and the choices."""
    response = Client().get(REPORT, query)
    assert response.status_code == 400
    assert named in response.content.decode()


def test_private_results_refuse_every_download(consultation):
    """Check that while results are private the report, in either format and length, sends the public
    to the staff login."""
    two_camps(consultation)
    refresh(consultation)
    for query in ({}, {"format": "pdf"}, {"format": "pdf", "length": "full"}):
        response = Client().get(REPORT, query)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_staff_download_private_results(staff_client, consultation):
    """Check that a moderator downloads the PDF of private results and sees the form."""
    two_camps(consultation)
    refresh(consultation)
    assert 'id="report-download"' in staff_client.get("/c/heritage/results/").content.decode()
    assert staff_client.get(REPORT, {"format": "pdf"})["Content-Type"] == "application/pdf"


def test_the_report_withholds_small_numbers_in_every_format(consultation):
    """Check that below the consultation's minimum the public report, compact or full, in French too,
    withholds every vote figure (the disclosure rule the report applies) and says so in its language."""
    two_camps(consultation, per_camp=4)
    services.update_consultation(consultation, results_public=True)
    refresh(consultation)
    for query in ({}, {"length": "full"}):
        for client, notice in (
            (Client(), "Results are withheld: 8 participant(s) voted, fewer than the 20"),
            (
                Client(headers={"accept-language": "fr"}),
                "Les résultats ne sont pas publiés : 8 participant(s)",
            ),
        ):
            html = unescape(client.get(REPORT, query).content.decode())
            assert notice in html
            assert "% agree" not in html and "% d'accord" not in html


def test_the_web_report_takes_the_sites_institution_and_logo(public):
    """Check the seam the site's branding uses: render_report puts a given institution and logo on the
    cover; without a site identity saved by staff, the downloaded report has no institution."""
    from assembly.results.models import AnalysisSnapshot
    from assembly.results.report import render_report

    snapshot = AnalysisSnapshot.objects.get(consultation=public)
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40
    html = render_report(public, snapshot, institution="Rijksmuseum", logo=png)
    assert "<span>Rijksmuseum</span>" in html and 'src="data:image/png;base64,' in html
    assert 'class="institution"' not in Client().get(REPORT).content.decode()


def test_the_downloaded_report_carries_the_site_identity_on_its_cover(public):
    """Check that the institution staff named in the site identity, and its logo, are on the cover of
    the report the results page downloads."""
    import io

    from PIL import Image

    from assembly.branding.models import SiteSettings

    image = io.BytesIO()
    Image.new("RGB", (40, 20), "navy").save(image, format="PNG")
    site = SiteSettings.load()
    site.site_name, site.logo = "Rijksmuseum", image.getvalue()
    site.save()
    html = Client().get(REPORT).content.decode()
    assert "<span>Rijksmuseum</span>" in html and 'src="data:image/png;base64,' in html
