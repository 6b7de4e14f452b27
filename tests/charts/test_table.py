"""The data table that stands beside every chart."""

import xml.etree.ElementTree as ET

import pytest

from assembly.charts.table import DataTable


def _table() -> DataTable:
    return DataTable(
        caption="Votes <by> group",
        columns=("Who", "Votes"),
        rows=(("Group A | B", "12"), ("All", "1,234")),
        numeric=(False, True),
    )


def test_html_table_has_caption_and_scoped_headers():
    """Check that the HTML table has a caption, scope="col" column headers and scope="row" row headers."""
    root = ET.fromstring(_table().to_html(table_id="t1"))
    assert root.get("id") == "t1"
    assert root.find("caption").text == "Votes <by> group"
    assert [th.get("scope") for th in root.iter("th")] == ["col", "col", "row", "row"]
    assert [td.text for td in root.iter("td")] == ["12", "1,234"]
    assert all(td.get("class") == "num" for td in root.iter("td"))


def test_markdown_table_escapes_pipes_and_aligns_numbers_right():
    """Check that a "|" inside a cell is escaped and numeric columns are right-aligned."""
    lines = _table().to_markdown().splitlines()
    assert lines[0] == "*Votes \\<by\\> group*"
    assert lines[3] == "| --- | ---: |"
    assert lines[4] == "| Group A \\| B | 12 |"


def test_a_row_of_the_wrong_length_is_refused():
    """Check that a row with more cells than columns is an error naming the table and the row."""
    with pytest.raises(ValueError, match="row 0 has 3 cells for 2 columns"):
        DataTable(caption="x", columns=("a", "b"), rows=(("1", "2", "3"),))
