"""From a dataset or an export folder to report files."""

import hashlib

import pytest

from assembly.analysis.types import VoteLog
from assembly.dataset import Dataset, Statement
from assembly.errors import InputError
from assembly.polis import write_csv_export
from assembly.report.source import (
    file_checksums,
    parse_formats,
    render_report,
    report_from_dataset,
    report_from_export,
)


def test_parse_formats_keeps_the_canonical_order():
    """Check that "json, HTML" gives ("html", "json"); an unknown format lists the choices."""
    assert parse_formats("json, HTML") == ("html", "json")
    with pytest.raises(InputError, match="unknown format docx; choose from html, pdf, md, json"):
        parse_formats("html,docx")


def test_file_checksums_are_sha256_of_every_file_by_relative_path(tmp_path):
    """Check the SHA-256 of each file of a folder, keyed by its path inside the folder."""
    (tmp_path / "a.csv").write_bytes(b"abc")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.csv").write_bytes(b"")
    assert file_checksums(tmp_path) == {
        "a.csv": "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        "sub/b.csv": hashlib.sha256(b"").hexdigest(),
    }


def test_report_from_export_reads_the_moderation_log_beside_it(tmp_path, dataset):
    """Check that an export folder's moderation-log.csv gives the reasons, and its files are checksummed."""
    write_csv_export(dataset, tmp_path)
    (tmp_path / "moderation-log.csv").write_text("action,statement-id,reason\nstatement.reject,3,spam\n")
    _, report, analysed, log = report_from_export(tmp_path, measure_compute=False)
    assert [r.reason for r in log] == ["spam"]
    assert report.moderation.unpublished[0].reason == "spam"
    assert "moderation-log.csv" in dict(report.method.checksums)
    assert analysed.compute is None and report.method.compute is None


def test_a_missing_source_is_a_clear_error(tmp_path):
    """Check that a path that does not exist is an InputError naming it."""
    with pytest.raises(InputError, match="no such file or folder"):
        report_from_export(tmp_path / "nowhere")


def test_identical_voters_give_a_one_group_report_with_its_map(tmp_path):
    """Check that when everyone votes alike the report has one group, says so, and still draws its map."""
    statements = [Statement(i, f"Statement {i}") for i in range(8)]
    rows = [(p, s, 1 if s % 2 else -1) for p in range(20) for s in range(8)]
    votes = VoteLog.from_rows(*zip(*rows, strict=True), [1.7e12 + i for i in range(len(rows))])
    report, _ = report_from_dataset(Dataset(statements=statements, votes=votes, name="alike"))
    assert [(g.letter, g.size) for g in report.groups] == [("A", 20)]
    assert any("single opinion group" in n for n in report.notices)
    html = render_report(report, ["html"])["report.html"].decode()
    assert 'id="opinion-map"' in html


def test_no_votes_gives_a_report_in_every_format(dataset):
    """Check that a consultation without votes renders in all four formats without running the analysis."""
    dataset.votes = VoteLog.empty()
    report, analysed = report_from_dataset(dataset)
    assert analysed.document is None
    files = render_report(report, ["html", "pdf", "md", "json"])
    assert sorted(files) == ["report.html", "report.json", "report.md", "report.pdf"]
