"""Stacked agree / disagree / pass bars per group."""

import xml.etree.ElementTree as ET

import pytest

from assembly.charts.bars import BarRow, vote_bars

SVG = "{http://www.w3.org/2000/svg}"
ROWS = [
    BarRow("All participants", 170, 6, 10, (0.8656, 0.9449)),
    BarRow("Boundary-setters", 50, 3, 4),
    BarRow("Group C", 0, 0, 0),
]


def _chart(rows=ROWS, chart_id="s7"):
    return vote_bars(rows, chart_id=chart_id, title="Statement 7", interval_name="95% interval")


def test_svg_is_well_formed_and_labelled_for_screen_readers():
    """Check that the SVG parses as XML, has role="img" and is labelled by its own title and desc."""
    root = ET.fromstring(_chart().svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    title_id, desc_id = root.get("aria-labelledby").split()
    ids = {el.get("id"): el for el in root.iter() if el.get("id")}
    assert ids[title_id].tag == f"{SVG}title" and ids[title_id].text == "Statement 7"
    assert ids[desc_id].tag == f"{SVG}desc"
    assert "All participants: 91% agree, 3% disagree, 5% pass (186 votes)" in ids[desc_id].text


def test_table_holds_every_row_with_shares_counts_and_interval():
    """Check that the table has one row per bar, shares rounded the paper's way with their counts."""
    table = _chart().table
    assert table.columns == ("Who", "Agree", "Disagree", "Pass", "Votes", "Agree, 95% interval")
    assert table.rows == (
        ("All participants", "91% (170)", "3% (6)", "5% (10)", "186", "87–94%"),
        ("Boundary-setters", "88% (50)", "5% (3)", "7% (4)", "57", "–"),
        ("Group C", "– (0)", "– (0)", "– (0)", "0", "–"),
    )


def test_segment_labels_show_the_rounded_shares():
    """Check that the percent printed on the segments are the paper's rounded shares (91%, 88%)."""
    texts = [t.text for t in ET.fromstring(_chart().svg).iter(f"{SVG}text")]
    assert "91%" in texts and "88%" in texts
    assert "no votes" in texts  # the empty row says so rather than drawing nothing


def test_pattern_ids_are_prefixed_so_two_charts_can_share_a_page():
    """Check that every id in one chart starts with its chart id, so two charts never clash."""
    for chart_id in ("a", "b"):
        ids = [el.get("id") for el in ET.fromstring(_chart(chart_id=chart_id).svg).iter() if el.get("id")]
        assert ids and all(i == chart_id or i.startswith(chart_id + "-") for i in ids)


def test_same_numbers_give_the_same_bytes():
    """Check that drawing the same rows twice gives byte-identical SVG."""
    assert _chart().svg == _chart().svg


@pytest.mark.parametrize(
    ("rows", "message"),
    [([], "no rows"), ([BarRow("x", 0, 0, 0)], "no row has any vote"), ([BarRow("x", 1, -1, 0)], "negative")],
)
def test_an_empty_or_impossible_chart_is_refused(rows, message):
    """Check that no rows, no votes at all, or a negative count raise instead of drawing an empty chart."""
    with pytest.raises(ValueError, match=message):
        _chart(rows)
