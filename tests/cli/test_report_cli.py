"""The 'assembly report' and 'assembly bundle' commands, run in-process."""

import json
from pathlib import Path

import pytest

from assembly.cli import main
from assembly.polis import write_csv_export
from tests.report.consultation import make_dataset


@pytest.fixture
def export(tmp_path):
    folder = tmp_path / "export"
    write_csv_export(make_dataset(), folder)
    return folder


def _files(folder):
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_report_reruns_are_byte_identical(export, tmp_path, capsys):
    """Check that the same export, method and seed give byte-identical HTML, Markdown, JSON and charts."""
    args = [
        "report",
        str(export),
        "--format",
        "html,md,json",
        "--seed",
        "3",
        "--no-compute",
        "--group-names",
        "A=Boundary-setters",
    ]
    assert main([*args, "--out", str(tmp_path / "one")]) == 0
    assert main([*args, "--out", str(tmp_path / "two")]) == 0
    one, two = _files(tmp_path / "one"), _files(tmp_path / "two")
    assert {"report.html", "report.md", "report.json"} <= set(one)
    assert one == two
    assert "wrote" in capsys.readouterr().out


def test_report_measures_compute_by_default(export, tmp_path):
    """Check that without --no-compute the report states the computing cost and compute.json holds it."""
    assert main(["report", str(export), "--out", str(tmp_path / "r"), "--format", "json"]) == 0
    measured = json.loads((tmp_path / "r" / "compute.json").read_text())
    assert measured["cpu_seconds"] >= 0 and measured["peak_memory_bytes"] > 0
    doc = json.loads((tmp_path / "r" / "report.json").read_text())
    assert doc["report"]["method"]["compute"]["cpu_seconds_bound"].startswith("under ")


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--format", "docx"], "unknown format docx"),
        (["--group-names", "Z"], "not of the form LETTER=Name"),
        (["--group-names", "E=Fifth"], "names group E"),
    ],
)
def test_bad_options_exit_1_and_write_nothing(export, tmp_path, capsys, extra, message):
    """Check that a bad --format or --group-names exits 1 with a clear message and creates no output."""
    out = tmp_path / "out"
    assert main(["report", str(export), "--out", str(out), "--no-compute", *extra]) == 1
    assert message in capsys.readouterr().err
    assert not out.exists()


def test_missing_or_empty_source_exits_1(tmp_path, capsys):
    """Check that a missing folder and an empty one both exit 1 with an error naming the path."""
    assert main(["report", str(tmp_path / "nowhere"), "--out", str(tmp_path / "o")]) == 1
    assert "no such file or folder" in capsys.readouterr().err
    (tmp_path / "empty").mkdir()
    assert main(["report", str(tmp_path / "empty"), "--out", str(tmp_path / "o")]) == 1
    assert "assembly report: error:" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()


def test_bundle_writes_every_part(export, tmp_path):
    """Check that 'assembly bundle' writes the report, data, data card, licence, DataCite and sums."""
    out = tmp_path / "bundle"
    assert (
        main(
            [
                "bundle",
                str(export),
                "--out",
                str(out),
                "--no-compute",
                "--creator",
                "Europeana Foundation",
                "--licence",
                "CC-BY-SA-4.0",
                "--min-participants",
                "10",  # the hand-made consultation's 10 voters (the default, 20, refuses the bundle)
            ]
        )
        == 0
    )
    names = set(_files(out))
    assert {
        "README.md",
        "LICENSE",
        "datacite.json",
        "SHA256SUMS",
        "data/comments.csv",
        "data/votes.csv",
        "data/participants-votes.csv",
        "report/report.html",
        "report/report.pdf",
    } <= names
    assert "ShareAlike" in (out / "LICENSE").read_text()


def test_bundle_refuses_an_unknown_licence_before_any_work(export, tmp_path, capsys):
    """Check that an unknown --licence exits 1 naming the choices, and writes nothing."""
    assert main(["bundle", str(export), "--out", str(tmp_path / "b"), "--licence", "GPL"]) == 1
    assert "choose from CC-BY-4.0, CC-BY-SA-4.0, CC0-1.0" in capsys.readouterr().err
    assert not (tmp_path / "b").exists()


@pytest.mark.django_db(transaction=True)
def test_report_on_a_platform_consultation_by_slug(tmp_path, capsys):
    """Check that `report --consultation SLUG` reports on a consultation of the database."""
    from assembly.consultations.datasets import import_dataset
    from assembly.polis import read_export

    source = Path(__file__).resolve().parents[2] / "data" / "polis-open-data" / "london.youth.policing"
    import_dataset(read_export(source), slug="london-report")
    out = tmp_path / "r"
    assert main(["report", "--consultation", "london-report", "--out", str(out), "--format", "json,md"]) == 0
    document = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert "analysis" in document and document["analysis"]["participants"] == 26
    assert (out / "report.md").exists()


@pytest.mark.django_db(transaction=True)
def test_a_platform_consultations_report_has_its_themes_avenues(tmp_path, capsys):
    """Check that `report --consultation SLUG` carries the staff's theme order and avenues (issue 16)."""
    from assembly.consultations import services
    from assembly.consultations.datasets import import_dataset
    from assembly.consultations.models import Statement
    from assembly.polis import read_export

    source = Path(__file__).resolve().parents[2] / "data" / "polis-open-data" / "london.youth.policing"
    consultation = import_dataset(read_export(source), slug="london-themes")
    (policing,) = services.set_themes(consultation, ["Policing"])
    policing.avenues = "Meet the youth panel."
    policing.save()
    Statement.objects.filter(consultation=consultation, number__in=[0, 1]).update(theme=policing)
    out = tmp_path / "r"
    assert main(["report", "--consultation", "london-themes", "--out", str(out), "--format", "json,md"]) == 0
    themes = json.loads((out / "report.json").read_text(encoding="utf-8"))["report"]["themes"]
    assert (themes[0]["name"], themes[0]["submitted"], themes[0]["avenues"]) == (
        "Policing",
        2,
        "Meet the youth panel.",
    )
    assert "Meet the youth panel." in (out / "report.md").read_text(encoding="utf-8")


def test_report_needs_exactly_one_source(tmp_path, capsys):
    """Check that giving neither a folder nor --consultation is a clear error."""
    assert main(["report", "--out", str(tmp_path / "r")]) == 1
    assert "--consultation" in capsys.readouterr().err


@pytest.mark.django_db(transaction=True)
def test_report_and_bundle_on_a_consultation_in_french_read_its_approved_translations(tmp_path, capsys):
    """Check that `report --consultation SLUG --language fr` quotes a statement's approved French
    translation with its original in the appendix, and that `bundle` carries data/translations.csv
    beside comments.csv, which keeps the original."""
    from assembly.consultations import translations
    from assembly.consultations.datasets import import_dataset
    from assembly.consultations.models import Consultation, Statement
    from assembly.polis import read_export

    source = Path(__file__).resolve().parents[2] / "data" / "polis-open-data" / "london.youth.policing"
    import_dataset(read_export(source), slug="london-report")
    consultation = Consultation.objects.get(slug="london-report")
    consultation.languages = ["fr"]
    consultation.save(update_fields=["languages"])
    statement = Statement.objects.filter(consultation=consultation, moderation="accepted").order_by("number")[
        0
    ]
    item = translations.find_item(consultation, "statement", statement.pk, "text")
    translations.save(consultation, item, "fr", "Une proposition traduite en français", approve_it=True)
    out = tmp_path / "r"
    assert (
        main(
            [
                "report",
                "--consultation",
                "london-report",
                "--out",
                str(out),
                "--format",
                "md",
                "--language",
                "fr",
            ]
        )
        == 0
    )
    markdown = (out / "report.md").read_text(encoding="utf-8")
    assert "Une proposition traduite en français" in markdown and "Original : « " in markdown
    bundle = tmp_path / "b"
    assert main(["bundle", "--consultation", "london-report", "--out", str(bundle), "--language", "fr"]) == 0
    assert "Une proposition traduite en français" in (bundle / "data" / "translations.csv").read_text(
        encoding="utf-8"
    )
    assert "Une proposition traduite en français" not in (bundle / "data" / "comments.csv").read_text(
        encoding="utf-8"
    )
