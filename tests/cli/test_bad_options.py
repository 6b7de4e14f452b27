"""Bad command-line options are one-line errors with exit status 2, and change nothing (issue 12, item 7).

``--seed -5`` (numpy's generators take no negative seed: it used to end in a traceback) and ``--out``
naming an existing file (``report`` used to fail half-way with a traceback) are refused before any
work, by every command that takes them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from assembly.cli import main

ROOT = Path(__file__).resolve().parents[2]
EXPORT = str(ROOT / "data" / "polis-open-data" / "london.youth.policing")

SEED_COMMANDS = {
    "analyze": ["analyze", EXPORT],
    "report": ["report", EXPORT, "--out", "OUT", "--no-compute"],
    "bundle": ["bundle", EXPORT, "--out", "OUT", "--no-compute"],
    "simulate": ["simulate", "--participants", "20", "--out", "OUT"],
}
OUT_COMMANDS = {
    "report": ["report", EXPORT, "--no-compute"],
    "bundle": ["bundle", EXPORT, "--no-compute"],
    "simulate": ["simulate", "--participants", "20"],
    "import": ["import", EXPORT],
    "export": ["export", EXPORT],
}


def _one_line_error(err: str, command: str) -> str:
    assert err.count("\n") == 1 and err.endswith("\n"), err
    assert err.startswith(f"assembly {command}: error: ")
    assert "Traceback" not in err
    return err


@pytest.mark.parametrize("command", SEED_COMMANDS)
def test_negative_seed_is_a_one_line_error_with_status_2(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Check that --seed -5 exits 2 with one line naming the option and its value, and writes nothing."""
    out = tmp_path / "out"
    argv = [str(out) if a == "OUT" else a for a in SEED_COMMANDS[command]]
    assert main([*argv, "--seed", "-5"]) == 2
    captured = capsys.readouterr()
    assert "--seed must be 0 or more, got -5" in _one_line_error(captured.err, command)
    assert captured.out == ""
    assert not out.exists()


@pytest.mark.parametrize("command", OUT_COMMANDS)
def test_out_naming_an_existing_file_is_a_one_line_error_with_status_2(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Check that --out naming an existing file exits 2 with one line naming it, and leaves it alone."""
    taken = tmp_path / "taken.txt"
    taken.write_text("keep", encoding="utf-8")
    assert main([*OUT_COMMANDS[command], "--out", str(taken)]) == 2
    captured = capsys.readouterr()
    assert f"--out {taken} exists and is not a folder" in _one_line_error(captured.err, command)
    assert captured.out == ""
    assert taken.read_text(encoding="utf-8") == "keep"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["taken.txt"]


def test_out_naming_an_existing_folder_is_still_written_into(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Check that an existing folder stays a valid --out (the check refuses files only)."""
    assert main(["export", EXPORT, "--out", str(tmp_path)]) == 0
    assert (tmp_path / "votes.csv").exists()
