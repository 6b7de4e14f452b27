"""Exact duplicate vote rows are counted and reported, not passed off as re-votes (issue 12, item 7)."""

from __future__ import annotations

from pathlib import Path

import pytest

from assembly.analysis.types import VoteLog
from assembly.cli import main

VOTES_HEADER = "timestamp,datetime,comment-id,voter-id,vote\n"
COMMENTS = (
    "timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body\n"
    "1,x,0,1,0,0,1,First\n"
    "1,x,1,1,0,0,1,Second\n"
)


def _export(folder: Path, rows: list[str]) -> Path:
    folder.mkdir()
    (folder / "comments.csv").write_text(COMMENTS, encoding="utf-8")
    (folder / "votes.csv").write_text(VOTES_HEADER + "".join(rows), encoding="utf-8")
    return folder


# Participant 1 re-votes on statement 0 (agree, then disagree); the row of participant 2 on statement 1
# is written twice, identical in every field.
ROWS = ["10,x,0,1,1\n", "20,x,0,1,-1\n", "30,x,1,2,1\n", "30,x,1,2,1\n", "40,x,0,2,0\n"]


def test_exact_duplicates_count_rows_identical_in_every_field() -> None:
    """Check the count: a repeated row counts once per repetition; a re-vote (another time or vote)
    and the same vote at another time do not count."""
    log = VoteLog.from_rows(
        [1, 1, 2, 2, 2, 2, 3], [0, 0, 1, 1, 1, 1, 0], [1, -1, 1, 1, 1, 1, 1], [10, 20, 30, 30, 30, 31, 5]
    )
    assert log.exact_duplicates() == 2
    assert (
        VoteLog.from_rows([1, 1], [0, 0], [1, 1]).exact_duplicates() == 1
    )  # no timestamps: all fields given
    assert VoteLog.from_rows([1], [0], [1]).exact_duplicates() == 0


def test_import_reports_duplicate_rows_apart_from_re_votes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Check that ``assembly import`` counts the duplicated row as a duplicate, not as a re-vote."""
    assert main(["import", str(_export(tmp_path / "e", ROWS))]) == 0
    out = capsys.readouterr().out
    assert "vote rows:    5 (3 latest votes, 1 re-votes, 1 exact duplicate rows)" in out


def test_analyze_notes_duplicate_rows_and_counts_each_event_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Check that ``assembly analyze`` reports the duplicated row on stderr and that statement 1 holds
    one agree, not two (--internal: two participants are far below the public small-numbers rule)."""
    import json

    assert main(["analyze", str(_export(tmp_path / "e", ROWS)), "--json", "--internal"]) == 0
    captured = capsys.readouterr()
    assert "note: 1 vote rows repeat an earlier row exactly" in captured.err
    statement = next(s for s in json.loads(captured.out)["statements"] if s["id"] == 1)
    assert (statement["agree"], statement["disagree"], statement["pass"]) == (1, 0, 0)


def test_no_note_without_duplicates(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Check that a clean export gets no duplicate note and no duplicate count."""
    rows = [r for i, r in enumerate(ROWS) if i != 3]
    assert main(["import", str(_export(tmp_path / "e", rows))]) == 0
    assert "duplicate" not in capsys.readouterr().out
    assert main(["analyze", str(tmp_path / "e")]) == 0
    assert "duplicate" not in capsys.readouterr().err
