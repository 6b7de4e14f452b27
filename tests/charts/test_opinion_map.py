"""The opinion map: participants on the PCA plane by group, binned when there are many."""

import xml.etree.ElementTree as ET

import numpy as np
import pytest

from assembly.charts.opinion_map import MapSeries, opinion_map

SVG = "{http://www.w3.org/2000/svg}"
GROUPS = [
    MapSeries("Group A", [-1.0, -2.0, -3.0], [0.0, 1.0, 2.0]),
    MapSeries("Opportunity-seekers", [1.0, 3.0], [1.0, -1.0]),
]


def _points(root: ET.Element) -> list[ET.Element]:
    return [el for g in root.iter(f"{SVG}g") if g.get("class") == "points" for el in g]


def test_svg_is_well_formed_and_labelled_for_screen_readers():
    """Check that the map parses as XML, has role="img", a title and a description naming every group."""
    root = ET.fromstring(opinion_map(GROUPS, chart_id="map", title="Opinion map").svg)
    assert root.get("role") == "img" and root.get("aria-labelledby") == "map-title map-desc"
    desc = root.find(f"{SVG}desc").text
    assert "Group A: 3 participants, centred at (-2.00, 1.00)" in desc
    assert "Opportunity-seekers: 2 participants, centred at (2.00, 0.00)" in desc


def test_one_mark_per_participant_with_a_shape_per_group():
    """Check that a small map draws one mark per participant: circles for group A, squares for group B."""
    root = ET.fromstring(opinion_map(GROUPS, chart_id="map", title="t").svg)
    tags = [el.tag.removeprefix(SVG) for el in _points(root)]
    assert tags == ["circle"] * 3 + ["rect"] * 2


def test_groups_are_labelled_in_text_not_only_by_colour():
    """Check that each group's name is written on the map at its centre and in the legend."""
    texts = [
        t.text for t in ET.fromstring(opinion_map(GROUPS, chart_id="m", title="t").svg).iter(f"{SVG}text")
    ]
    assert texts.count("Group A") == 1 and "Group A: 3 participants" in texts
    assert "Opportunity-seekers: 2 participants" in texts


def test_table_gives_size_and_centre_of_each_group_and_the_unplaced():
    """Check that the table lists group, participants and centre (hand-computed means), unplaced last."""
    chart = opinion_map(GROUPS, chart_id="m", title="t", unplaced=MapSeries("Not placed", [0.5], [0.25]))
    assert chart.table.columns == ("Group", "Participants", "Centre x", "Centre y")
    assert chart.table.rows == (
        ("Group A", "3", "-2.00", "1.00"),
        ("Opportunity-seekers", "2", "2.00", "0.00"),
        ("Not placed", "1", "0.50", "0.25"),
    )


def test_large_maps_are_binned_into_a_grid():
    """Check that above max_points the map draws grid cells, not one mark per participant, and says so."""
    rng = np.random.default_rng(1)
    big = [
        MapSeries("Group A", rng.normal(-1, 1, 3000), rng.normal(0, 1, 3000)),
        MapSeries("Group B", rng.normal(1, 1, 2000), rng.normal(0, 1, 2000)),
    ]
    chart = opinion_map(big, chart_id="m", title="t", max_points=2000, grid_cells=20)
    root = ET.fromstring(chart.svg)
    assert _points(root) == []
    cells = [el for g in root.iter(f"{SVG}g") if g.get("class") == "cells" for el in g]
    assert 0 < len(cells) <= 2 * 20 * 20
    assert "counted in a 20 by 20 grid" in root.find(f"{SVG}desc").text
    assert chart.table.rows[0][1] == "3,000"


@pytest.mark.parametrize(
    ("groups", "message"),
    [
        ([MapSeries("A", [], [])], "no participant"),
        ([MapSeries("A", [0.0, float("nan")], [0.0, 1.0])], "not finite"),
        ([MapSeries(str(i), [0.0], [0.0]) for i in range(6)], "at most 5"),
    ],
)
def test_empty_or_broken_maps_are_refused(groups, message):
    """Check that a map with nobody on it, a NaN coordinate or too many groups raises instead of drawing."""
    with pytest.raises(ValueError, match=message):
        opinion_map(groups, chart_id="m", title="t")


def test_series_with_mismatched_coordinates_is_refused():
    """Check that a group with more x than y values is an error naming the group."""
    with pytest.raises(ValueError, match="'A': 2 x values but 1 y values"):
        MapSeries("A", [0.0, 1.0], [0.0])
