"""Specification of ``assembly analyze``."""

from __future__ import annotations

import json
import pathlib

from assembly.cli import main

ROOT = pathlib.Path(__file__).resolve().parents[2]
TAXES = ROOT / "data" / "polis-open-data" / "scoop-hivemind.taxes"


def test_analyze_prints_a_readable_summary(capsys) -> None:
    """Check that the summary names the counts, the groups with their sizes and the categories."""
    assert main(["analyze", str(TAXES)]) == 0
    out = capsys.readouterr().out
    assert "Participants who voted: 334" in out
    assert "Opinion groups: 2" in out
    for heading in ("Consensus", "Majority disagree", "Friction", "Uncertainty"):
        assert heading in out


def test_analyze_json_is_one_document_with_the_chosen_method(capsys) -> None:
    """Check that --json prints one JSON document recording the method and seed asked for."""
    assert main(["analyze", str(TAXES), "--json", "--method", "polis", "--seed", "7"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["method"] == "polis" and doc["seed"] == 7
    assert doc["participants"] == 334


def test_analyze_reports_a_missing_folder_as_an_error(capsys, tmp_path) -> None:
    """Check that a folder without pol.is files exits 1 with a message naming it."""
    assert main(["analyze", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "assembly analyze: error:" in err and str(tmp_path) in err


def test_analyze_imports_only_what_a_small_conversation_needs() -> None:
    """Check that analysing a real conversation imports neither scipy nor Django, nor numpy's masked
    arrays (numpy.ma, about 25 ms, which np.unique imports when asked for the values alone), nor the other
    commands' modules: start-up is most of the command's time on a small conversation
    (docs/benchmarks.md)."""
    import subprocess
    import sys

    probe = (
        "import sys\n"
        "from assembly.cli import main\n"
        f"assert main(['analyze', {str(TAXES)!r}, '--json']) == 0\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('scipy', 'django', 'sklearn'))\n"
        "heavy += [m for m in sys.modules if m == 'numpy.ma']\n"
        "from assembly.cli import COMMANDS\n"
        "others = {f'assembly.cli.{c}' for c in COMMANDS if c != 'analyze'}\n"
        "heavy += [m for m in sys.modules if m in others]\n"
        "print(heavy, file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT)
    assert done.stderr.strip().splitlines()[-1] == "[]"
    assert json.loads(done.stdout)["participants"] == 334
