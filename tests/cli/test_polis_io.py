"""The ``assembly import`` and ``assembly export`` commands, run in-process."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assembly.cli import main

ROOT = Path(__file__).parents[2]
BG2050 = ROOT / "data/polis-open-data/bg2050-volunteers"
API_DUMP = ROOT / "tests/fixtures/polis-math/below-100-ptpts"
POLIS_FILES = ["comments.csv", "participants-votes.csv", "summary.csv", "votes.csv"]


def test_import_prints_a_summary(capsys: pytest.CaptureFixture[str]) -> None:
    """Check the import summary of bg2050: statements by state, participants, vote rows, re-votes, sign."""
    assert main(["import", str(BG2050)]) == 0
    out = capsys.readouterr().out
    assert "bg2050-volunteers" in out
    # comments.csv: 371 rows, 55 with moderated = -1, 1 is-meta, 25 is-seed.
    assert "371 (316 accepted, 0 pending, 55 rejected; 1 meta, 25 seed)" in out
    # participants-votes.csv: 126 rows, 108 with a group-id in 2 groups (docs/explanation/polis-math.md §4.5).
    assert "126 (108 in 2 pol.is groups)" in out
    # votes.csv: 14,341 rows, 14,283 unique (participant, statement) pairs.
    assert "14341 (14283 latest votes, 58 re-votes)" in out
    assert "100.0% of 346" in out


def test_import_with_out_writes_the_polis_set(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Check that import --out writes the four pol.is files of an API dump."""
    assert main(["import", str(API_DUMP), "--out", str(tmp_path / "out")]) == 0
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == POLIS_FILES
    assert "wrote comments.csv, votes.csv, participants-votes.csv, summary.csv" in capsys.readouterr().out


def test_export_writes_the_polis_set(tmp_path: Path) -> None:
    """Check that export writes files that are pol.is's own (summary.csv byte for byte)."""
    assert main(["export", str(BG2050), "--out", str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == POLIS_FILES
    assert (tmp_path / "summary.csv").read_bytes() == (BG2050 / "summary.csv").read_bytes()


def test_export_requires_out(capsys: pytest.CaptureFixture[str]) -> None:
    """Check that export without --out is a usage error."""
    with pytest.raises(SystemExit) as caught:
        main(["export", str(BG2050)])
    assert caught.value.code == 2
    assert "--out" in capsys.readouterr().err


def test_malformed_file_exits_1_with_the_located_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Check that a bad vote value exits 1 and prints file, line and column, writing nothing."""
    (tmp_path / "votes.csv").write_text(
        "timestamp,datetime,comment-id,voter-id,vote\n1,x,0,1,1\n2,x,0,2,7\n", encoding="utf-8"
    )
    assert main(["import", str(tmp_path), "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"assembly import: error: {tmp_path / 'votes.csv'}, line 3, column 'vote': ")
    assert "7 is not a vote" in err
    assert not (tmp_path / "out").exists()


def test_flipped_votes_print_a_warning_and_agree_value_fixes_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Check that a sign-flipped export warns on stderr, and --agree-value -1 reads it right."""
    shutil.copy(BG2050 / "comments.csv", tmp_path / "comments.csv")
    lines = (BG2050 / "votes.csv").read_text(encoding="utf-8").splitlines()
    flipped = [lines[0]] + [",".join([*r.split(",")[:4], str(-int(r.split(",")[4]))]) for r in lines[1:]]
    (tmp_path / "votes.csv").write_text("\n".join(flipped) + "\n", encoding="utf-8")
    assert main(["import", str(tmp_path)]) == 0
    assert "assembly import: warning:" in capsys.readouterr().err
    assert main(["import", str(tmp_path), "--agree-value", "-1"]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    assert "100.0% of 346" in captured.out


@pytest.mark.django_db(transaction=True)
def test_import_with_slug_creates_a_consultation_and_export_by_slug_writes_it_back(tmp_path, capsys):
    """Check that `import PATH --slug S` loads a consultation and `export S` writes it back."""
    import csv

    source = ROOT / "data" / "polis-open-data" / "london.youth.policing"
    out = tmp_path / "out"
    assert main(["import", str(source), "--slug", "london-cli-test"]) == 0
    assert "london-cli-test" in capsys.readouterr().out
    assert main(["export", "london-cli-test", "--out", str(out)]) == 0
    with open(out / "votes.csv", encoding="utf-8") as f:
        exported = sum(1 for _ in csv.reader(f)) - 1
    with open(source / "votes.csv", encoding="utf-8") as f:
        original = sum(1 for _ in csv.reader(f)) - 1
    assert exported == original


@pytest.mark.django_db(transaction=True)
def test_export_of_an_unknown_slug_is_a_clear_error(tmp_path, capsys):
    """Check that exporting a slug that names no consultation exits 1 and says so."""
    assert main(["export", "no-such-consultation-xyz", "--out", str(tmp_path / "o")]) == 1
    assert "no-such-consultation-xyz" in capsys.readouterr().err


def _malformed_near_the_end(tmp_path: Path) -> tuple[Path, int]:
    """A copy of london.youth.policing whose votes.csv has a participant id that is not a number on
    its next-to-last line; that line's number."""
    source = tmp_path / "bad"
    shutil.copytree(ROOT / "data" / "polis-open-data" / "london.youth.policing", source)
    lines = (source / "votes.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    fields = lines[-2].split(",")
    fields[3] = "oops"  # timestamp,datetime,comment-id,voter-id,vote
    lines[-2] = ",".join(fields)
    (source / "votes.csv").write_text("".join(lines), encoding="utf-8")
    return source, len(lines) - 1


@pytest.mark.django_db(transaction=True)
def test_import_of_a_malformed_line_names_it_and_imports_nothing(tmp_path, capsys):
    """Check that `import --slug` of an export with a bad line near its end exits 1 naming the file and
    line, and leaves no consultation, participant or vote."""
    from assembly.consultations.models import Consultation, Participant, Vote, VoteEvent

    source, line = _malformed_near_the_end(tmp_path)
    assert main(["import", str(source), "--slug", "bad-line"]) == 1
    assert f"votes.csv, line {line}, column 'voter-id'" in capsys.readouterr().err
    assert not Consultation.objects.exists()
    assert not Participant.objects.exists() and not VoteEvent.objects.exists() and not Vote.objects.exists()
