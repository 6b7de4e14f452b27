"""Terminal escape sequences in imported files never reach the terminal (assembly.cli.output).

A crafted pol.is export hides escape sequences and a bidi override in its statement texts, its topic and
its folder's name; ``assembly import`` and ``assembly analyze`` must print them as visible ``\\uXXXX``
escapes, and the ``--json`` document must still hold the exact texts.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from assembly.cli import main
from assembly.cli.output import say, terminal_safe
from assembly.cli.progress import Progress

ROOT = Path(__file__).parents[2]
BG2050 = ROOT / "data/polis-open-data/bg2050-volunteers"

CLEAR_SCREEN = "\x1b[2J\x1b[H"  # ESC [ 2 J: clear the screen, cursor home
WINDOW_TITLE = "\x1b]0;owned\x07"  # OSC 0: set the window title, ended by BEL
C1_CSI = "\x9b31m"  # the one-byte CSI: red text
HIDDEN_LINK = "\x1b]8;;https://evil.example/\x1b\\link\x1b]8;;\x1b\\"  # OSC 8 hyperlink
REVERSED = "\u202egnp.exe\u202c"  # a right-to-left override
PAYLOAD = CLEAR_SCREEN + WINDOW_TITLE + C1_CSI + HIDDEN_LINK + REVERSED + "\r\x08"
# What the terminal must never receive: ESC, BEL, CSI, carriage return, backspace, the override.
FORBIDDEN = ("\x1b", "\x07", "\x9b", "\r", "\x08", "\u202e", "\u202c")


def crafted_export(tmp_path: Path) -> Path:
    """bg2050's export with PAYLOAD in every statement text, in the topic and in the folder's name."""
    folder = tmp_path / f"export{CLEAR_SCREEN}{REVERSED}"
    folder.mkdir()
    shutil.copy(BG2050 / "votes.csv", folder / "votes.csv")
    with open(BG2050 / "comments.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    body = rows[0].index("comment-body")
    for row in rows[1:]:
        row[body] = PAYLOAD + row[body]
    with open(folder / "comments.csv", "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    summary = (BG2050 / "summary.csv").read_text(encoding="utf-8")
    (folder / "summary.csv").write_text(
        summary.replace("Together,", f"Together{PAYLOAD},", 1), encoding="utf-8"
    )
    return folder


def assert_terminal_safe(printed: str) -> None:
    found = [c for c in FORBIDDEN if c in printed]
    assert found == [], f"printed {found!r}"


def test_terminal_safe_escapes_controls_and_bidi_but_keeps_layout_and_text():
    """Check the one cleaning function by hand: each unsafe character becomes its visible escape."""
    assert terminal_safe("a\x1b[2Jb\x9bc\u202ed\re\x7f") == "a\\u001b[2Jb\\u009bc\\u202ed\\u000de\\u007f"
    assert terminal_safe("line one\n\tline two: café 😀 👩\u200d💻 מוזיאון") == (
        "line one\n\tline two: café 😀 👩\u200d💻 מוזיאון"
    )
    assert terminal_safe("lone \ud83d surrogate") == "lone \\ud83d surrogate"


def test_import_prints_the_crafted_export_without_escape_sequences(tmp_path, capsys):
    """Check that `assembly import` prints the topic and the folder's name with their escapes visible."""
    folder = crafted_export(tmp_path)
    assert main(["import", str(folder), "--out", str(tmp_path / "out")]) == 0
    captured = capsys.readouterr()
    assert_terminal_safe(captured.out + captured.err)
    assert "topic:        Together\\u001b[2J\\u001b[H\\u001b]0;owned\\u0007\\u009b31m" in captured.out
    assert "export\\u001b[2J\\u001b[H\\u202egnp.exe\\u202c" in captured.out  # the name, in "wrote ... to"


def test_analyze_summary_prints_statement_texts_without_escape_sequences(tmp_path, capsys):
    """Check that the summary's statement texts (every one carries PAYLOAD) reach the terminal escaped."""
    assert main(["analyze", str(crafted_export(tmp_path))]) == 0
    out = capsys.readouterr().out
    assert_terminal_safe(out)
    assert out.count("\\u001b[2J\\u001b[H") >= 5  # the statements listed under the categories


def test_analyze_json_is_safe_and_keeps_the_exact_texts(tmp_path, capsys):
    """Check that --json holds no raw escape character and still decodes to the texts the file has."""
    assert main(["analyze", str(crafted_export(tmp_path)), "--json"]) == 0
    out = capsys.readouterr().out
    assert_terminal_safe(out)
    texts = [s["text"] for s in json.loads(out)["statements"]]
    assert texts and all(text.startswith(PAYLOAD) for text in texts)


def test_an_error_quoting_a_crafted_value_is_printed_escaped(tmp_path, capsys):
    """Check that an error message naming a bad value from the file prints it escaped, exit 1."""
    (tmp_path / "votes.csv").write_text(
        f"timestamp,datetime,comment-id,voter-id,vote\n1,x,0,1,1\n2,x,0,2,{CLEAR_SCREEN}\n", encoding="utf-8"
    )
    assert main(["import", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert_terminal_safe(err)
    assert "line 3" in err and "\\x1b[2J" in err  # the reader quotes the value with repr()


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_progress_bar_label_is_escaped_and_the_bar_keeps_its_own_carriage_return():
    """Check that a file name in the progress label is escaped; only the bar's own \\r is written."""
    stream = _Terminal()
    bar = Progress(f"reading {CLEAR_SCREEN}x.csv", 2, stream=stream, delay=0)
    bar.advance(2)
    bar.close()
    drawn = stream.getvalue()
    assert drawn == "\rreading \\u001b[2J\\u001b[Hx.csv [" + "#" * 30 + "] 2/2\n"


def test_say_prints_like_print_but_safe():
    """Check say(): parts joined by spaces, a line end, escapes visible."""
    stream = io.StringIO()
    say("wrote", 3, f"files{WINDOW_TITLE}", file=stream)
    assert stream.getvalue() == "wrote 3 files\\u001b]0;owned\\u0007\n"


@pytest.mark.parametrize("command", ["import", "analyze"])
def test_a_file_name_with_escape_sequences_in_a_missing_folder_error(tmp_path, capsys, command):
    """Check that the error naming a folder without pol.is files escapes the folder's name."""
    folder = tmp_path / f"empty{WINDOW_TITLE}"
    folder.mkdir()
    assert main([command, str(folder)]) == 1
    err = capsys.readouterr().err
    assert_terminal_safe(err)
    assert "empty\\u001b]0;owned\\u0007" in err


def test_no_command_prints_around_the_cleaning_function():
    """Check that no module of assembly.cli calls print() or writes to sys.stdout/sys.stderr itself: all
    output goes through assembly.cli.output (the progress bar writes its escaped label and its own bar)."""
    import ast

    offenders = []
    for path in sorted((ROOT / "assembly" / "cli").glob("*.py")):
        if path.name == "output.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            if isinstance(func, ast.Name) and func.id == "print":
                offenders.append(f"{path.name}:{node.lineno} print()")
            elif isinstance(func, ast.Attribute) and func.attr in ("write", "writelines"):
                stream = ast.unparse(func.value)
                if stream in ("sys.stdout", "sys.stderr") or (
                    path.name != "progress.py" and "stream" in stream
                ):
                    offenders.append(f"{path.name}:{node.lineno} {stream}.{func.attr}()")
    assert offenders == []
