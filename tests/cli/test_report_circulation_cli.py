"""'assembly report' options for a report a curator circulates (issue 14 item 10): --language,
--institution, --logo and --full; bad values change nothing."""

from __future__ import annotations

import pytest

from assembly.cli import main
from assembly.cli.report import REPORT_LANGUAGES
from assembly.polis import write_csv_export
from assembly.report.language import LANGUAGES
from tests.report.consultation import make_dataset

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40


@pytest.fixture
def export(tmp_path):
    folder = tmp_path / "export"
    write_csv_export(make_dataset(), folder)
    return folder


def _report(export, out, *options):
    return main(
        [
            "report",
            str(export),
            "--out",
            str(out),
            "--format",
            "html,md",
            "--no-compute",
            "--internal",
            *options,
        ]
    )


def test_report_in_french_with_a_cover(export, tmp_path):
    """Check that --language fr writes the HTML and Markdown sentences in French, lang="fr", and that
    --institution and --logo put the name and the embedded image on the cover."""
    logo = tmp_path / "logo.png"
    logo.write_bytes(PNG)
    out = tmp_path / "fr"
    assert (
        _report(export, out, "--language", "fr", "--institution", "Musée de Test", "--logo", str(logo)) == 0
    )
    html = (out / "report.html").read_text()
    assert '<html lang="fr">' in html and "1. Chiffres clés</h2>" in html
    assert "<span>Musée de Test</span>" in html and 'src="data:image/png;base64,' in html
    assert "propositions ont été soumises" in (out / "report.md").read_text()


def test_full_report_on_request(export, tmp_path):
    """Check that the report is compact by default and --full writes the full one."""
    assert _report(export, tmp_path / "compact") == 0
    assert _report(export, tmp_path / "full", "--full") == 0
    compact = (tmp_path / "compact" / "report.html").read_text()
    full = (tmp_path / "full" / "report.html").read_text()
    assert "The compact report:" in compact and "The compact report:" not in full


def test_an_unknown_language_exits_2_and_writes_nothing(export, tmp_path, capsys):
    """Check that --language ja is a usage error (exit 2) naming the choices, with nothing written."""
    with pytest.raises(SystemExit) as stopped:
        _report(export, tmp_path / "ja", "--language", "ja")
    assert stopped.value.code == 2
    assert "invalid choice: 'ja'" in capsys.readouterr().err
    assert not (tmp_path / "ja").exists()


def test_a_logo_that_is_not_an_image_is_refused_before_any_work(export, tmp_path, capsys):
    """Check that a text file given as --logo fails with a message naming it, and nothing is written."""
    logo = tmp_path / "logo.png"
    logo.write_text("not an image")
    assert _report(export, tmp_path / "out", "--logo", str(logo)) != 0
    assert f"{logo}: the logo is not a PNG, JPEG, GIF or SVG image" in capsys.readouterr().err
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_the_cli_offers_exactly_the_report_languages():
    """Check that the CLI's --language choices (kept without importing the report) match the library's."""
    assert REPORT_LANGUAGES == LANGUAGES
