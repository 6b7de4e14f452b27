"""Reading published per-statement figures (assembly.marginals)."""

from __future__ import annotations

from pathlib import Path

import pytest

from assembly.errors import InputError
from assembly.marginals import Marginal, read_marginals

PAPER = Path(__file__).resolve().parents[1] / "data" / "culture-for-ai" / "paper-statements.csv"
HEADER = "statement,agree_pct,disagree_pct,pass_pct"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "marginals.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_reads_the_paper_file_row_by_row():
    """Check that the paper's 40 statements are read with texts, shares, themes, publication and groups."""
    rows = read_marginals(PAPER)
    assert len(rows) == 40
    first = rows[0]
    assert first.text.startswith("The cultural heritage sector should develop its own narrative")
    assert first.shares_pct == (91, 3, 5)
    assert first.theme == "Position and responsibilities"
    assert first.published and first.paper_category == "consensus"
    assert first.friction_group_agreeing is None
    assert (first.source, first.line) == ("paper-statements.csv", 2)
    friction = rows[3]  # "Being AI-free and human-centered ...", friction, group A
    assert friction.shares_pct is None and friction.agree_pct is None
    assert friction.friction_group_agreeing == 0 and friction.paper_category == "friction"
    assert rows[5].friction_group_agreeing == 1  # "... keep their data as open as possible ...": B
    assert rows[36].shares_pct == (13, 67, 19) and rows[36].theme == "Desirable and undesirable use cases"
    assert [i for i, row in enumerate(rows) if not row.published] == [21, 22, 23, 31, 32]


def test_columns_may_come_in_any_order_and_optional_ones_may_be_missing(tmp_path):
    """Check that a file with only the required columns, reordered, reads with defaults."""
    path = write(tmp_path, 'pass_pct,statement,disagree_pct,agree_pct\n10,"A, quoted",20,70\n,Bare,,\n')
    assert read_marginals(path) == [
        Marginal("A, quoted", 70, 20, 10, source="marginals.csv", line=2),
        Marginal("Bare", source="marginals.csv", line=3),
    ]


def test_theme_names_other_than_paper_numbers_are_kept(tmp_path):
    """Check that a theme given as text is kept as it is."""
    path = write(tmp_path, f"{HEADER},theme\nS,50,30,20,Open data\n")
    assert read_marginals(path)[0].theme == "Open data"


@pytest.mark.parametrize(
    ("text", "line", "column", "words"),
    [
        (f"{HEADER},votes\nS,50,30,20,9\n", 1, "votes", "unknown column"),
        ("statement,agree_pct,disagree_pct\nS,50,30\n", 1, "pass_pct", "missing"),
        (f"{HEADER},theme,theme\nS,50,30,20,1,1\n", 1, "theme", "twice"),
        (f"{HEADER}\nS,50,30,20\nT,fifty,30,20\n", 3, "agree_pct", "not a number"),
        (f"{HEADER}\nS,150,30,20\n", 2, "agree_pct", "between 0 and 100"),
        (f"{HEADER}\nS,50,,20\n", 2, None, "all three"),
        (f"{HEADER}\nS,50,30,10\n", 2, None, "add up to 90%"),
        (f"{HEADER}\n,50,30,20\n", 2, "statement", "empty"),
        (f"{HEADER},published\nS,,,,maybe\n", 2, "published", "yes or no"),
        (f"{HEADER},published\nS,50,30,20,no\n", 2, "published", "unpublished"),
        (f"{HEADER},theme\nS,50,30,20,9\n", 2, "theme", "1-7"),
        (f"{HEADER},paper_category\nS,50,30,20,popular\n", 2, "paper_category", "popular"),
        (f"{HEADER},friction_group_agreeing\nS,,,,C\n", 2, "friction_group_agreeing", "A or B"),
        (f"{HEADER}\nS,50,30\n", 2, None, "3 fields"),
        (f"{HEADER}\n", 2, None, "no statements"),
        ("", 1, None, "empty file"),
    ],
)
def test_bad_file_raises_input_error_naming_line_and_column(tmp_path, text, line, column, words):
    """Check that each kind of bad marginals file is refused with its file, line and column named."""
    path = write(tmp_path, text)
    with pytest.raises(InputError) as caught:
        read_marginals(path)
    error = caught.value
    assert (error.file, error.line, error.column) == (str(path), line, column)
    assert words in error.message


def test_missing_file_raises_input_error(tmp_path):
    """Check that a marginals file that does not exist is reported as an input error naming it."""
    path = tmp_path / "nowhere.csv"
    with pytest.raises(InputError, match="nowhere.csv"):
        read_marginals(path)
