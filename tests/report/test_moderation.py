"""The anonymised moderation log file."""

import pytest

from assembly.errors import InputError
from assembly.report.moderation import (
    ModerationRecord,
    final_decisions,
    read_moderation_log,
    write_moderation_log,
)


def test_log_round_trips_through_its_csv_file(tmp_path):
    """Check that writing then reading the log gives the same records, empty ids staying empty."""
    records = [
        ModerationRecord(
            "statement.reject", 57, None, "distinct from published statements", "", "2025-06-02T09:14:00Z"
        ),
        ModerationRecord("participant.exclude", None, 12, "coordinated voting", "note, with comma", ""),
    ]
    path = write_moderation_log(records, tmp_path / "moderation-log.csv")
    assert path.read_text().splitlines()[0] == "timestamp,action,statement-id,participant-id,reason,note"
    assert read_moderation_log(path) == records


def test_a_non_numeric_id_is_located(tmp_path):
    """Check that a statement id that is not a number names the file, the line and the column."""
    path = tmp_path / "log.csv"
    path.write_text("action,statement-id\nstatement.accept,1\nstatement.reject,x7\n")
    with pytest.raises(
        InputError, match=r"log.csv, line 3, column 'statement-id': 'x7' is not a whole number"
    ):
        read_moderation_log(path)


def test_a_log_without_actions_is_refused(tmp_path):
    """Check that a file without an 'action' column is an error on line 1."""
    path = tmp_path / "log.csv"
    path.write_text("statement-id,reason\n1,x\n")
    with pytest.raises(InputError, match="line 1: missing the 'action' column"):
        read_moderation_log(path)


def test_final_decision_is_the_last_accept_or_reject():
    """Check that a later reject overrides an earlier accept, and that other actions are ignored."""
    log = [
        ModerationRecord("statement.accept", 1),
        ModerationRecord("statement.meta", 1),
        ModerationRecord("statement.reject", 1, reason="jargon"),
        ModerationRecord("statement.accept", 2),
    ]
    assert final_decisions(log) == {1: ("rejected", "jargon"), 2: ("accepted", "")}
