"""The ``assembly simulate`` command."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from assembly.cli import main

PAPER = Path(__file__).resolve().parents[2] / "data" / "culture-for-ai" / "paper-statements.csv"
EXPORT_FILES = {"comments.csv", "votes.csv", "participants-votes.csv", "summary.csv"}


def simulate(out: Path, *extra: str) -> int:
    return main(["simulate", "--participants", "60", "--statements", "12", "--out", str(out), *extra])


def read_rows(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def test_writes_the_polis_export_files(tmp_path, capsys):
    """Check that the command writes the four export files, with planted groups and a simulated summary."""
    out = tmp_path / "sim"
    assert simulate(out, "--groups", "3", "--seed", "4") == 0
    assert {p.name for p in out.iterdir()} == EXPORT_FILES  # no themes without marginals
    participants = read_rows(out / "participants-votes.csv")
    assert len(participants) == 61
    assert {row[1] for row in participants[1:]} == {"0", "1", "2"}  # group-id: the planted groups
    assert len(read_rows(out / "comments.csv")) == 13
    summary = dict(read_rows(out / "summary.csv"))
    assert "SIMULATED" in summary["topic"] and "not real votes" in summary["conversation-description"]
    assert "60 participants" in capsys.readouterr().out


def test_marginals_give_texts_themes_and_rejected_statements(tmp_path):
    """Check that --marginals writes the paper's statements, themes.csv and unpublished rows as rejected."""
    out = tmp_path / "paper"
    code = main(
        ["simulate", "--participants", "372", "--marginals", str(PAPER), "--group-shares", "0.32,0.68"]
        + ["--votes-per-participant", "15-40", "--seed", "1", "--out", str(out)]
    )
    assert code == 0
    assert {p.name for p in out.iterdir()} == EXPORT_FILES | {"themes.csv"}
    comments = read_rows(out / "comments.csv")
    header = comments[0]
    by_id = {row[header.index("comment-id")]: row for row in comments[1:]}
    assert len(by_id) == 40
    assert by_id["21"][header.index("moderated")] == "-1"  # published = no
    assert by_id["21"][header.index("agrees")] == "0" and by_id["21"][header.index("disagrees")] == "0"
    assert by_id["0"][header.index("comment-body")].startswith("The cultural heritage sector should")
    assert ["10", "Climate"] in read_rows(out / "themes.csv")


def test_same_arguments_give_byte_identical_files_and_another_seed_does_not(tmp_path):
    """Check that two runs with the same seed write identical bytes, and a new seed changes the votes."""
    assert simulate(tmp_path / "a", "--seed", "9") == 0
    assert simulate(tmp_path / "b", "--seed", "9") == 0
    assert simulate(tmp_path / "c", "--seed", "10") == 0
    for name in EXPORT_FILES:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    assert (tmp_path / "a" / "votes.csv").read_bytes() != (tmp_path / "c" / "votes.csv").read_bytes()


@pytest.mark.parametrize(
    ("arguments", "words"),
    [
        (["--participants", "-5", "--statements", "12"], "participants must be an integer of at least 1"),
        (["--participants", "60", "--statements", "-1"], "statements must be"),
        (["--participants", "many", "--statements", "12"], "--participants must be an integer, got 'many'"),
        (["--participants", "60", "--statements", "12", "--groups", "-2"], "groups must be"),
        (["--participants", "60", "--statements", "12", "--group-shares", "0.5,0.6"], "add up to 1"),
        (["--participants", "60", "--statements", "12", "--group-shares", "a,b"], "--group-shares"),
        (["--participants", "60", "--statements", "12", "--votes-per-participant", "60-20"], "lo <= hi"),
        (["--participants", "60", "--statements", "12", "--votes-per-participant", "x"], "LO-HI"),
        (["--participants", "60", "--statements", "12", "--end", "2020-01-01"], "before start"),
        (["--participants", "60"], "statements is required"),
        (["--participants", "60", "--marginals", "MARGINALS"], "unknown column"),
    ],
)
def test_bad_arguments_exit_1_with_a_message_and_write_nothing(tmp_path, capsys, arguments, words):
    """Check that each bad argument exits with status 1, says what is wrong and creates no files."""
    marginals = tmp_path / "marginals.csv"
    marginals.write_text(
        "statement,agree_pct,disagree_pct,pass_pct,votes\nS,50,30,20,100\n", encoding="utf-8"
    )
    out = tmp_path / "out"
    arguments = [str(marginals) if a == "MARGINALS" else a for a in arguments]
    assert main(["simulate", *arguments, "--out", str(out)]) == 1
    error = capsys.readouterr().err
    assert error.startswith("assembly simulate: error:") and words in error
    assert not out.exists()


def test_out_that_is_a_file_is_refused(tmp_path, capsys):
    """Check that --out naming an existing file exits 2 (a bad option) and leaves the file alone."""
    out = tmp_path / "taken"
    out.write_text("keep", encoding="utf-8")
    assert simulate(out) == 2
    assert "exists and is not a folder" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "keep"
