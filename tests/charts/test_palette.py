"""Group letters and marker shapes."""

import pytest

from assembly.charts.palette import group_letter, marker


def test_group_letters_follow_the_alphabet_then_double():
    """Check that groups are lettered A, B, ... Z, then AA, AB (spreadsheet style)."""
    assert [group_letter(i) for i in (0, 1, 4, 25, 26, 27)] == ["A", "B", "E", "Z", "AA", "AB"]


def test_negative_group_index_is_refused():
    """Check that a negative group index is an error."""
    with pytest.raises(ValueError, match="-1"):
        group_letter(-1)


def test_unknown_marker_shape_is_refused():
    """Check that asking for a shape that does not exist names the shape."""
    with pytest.raises(ValueError, match="'star'"):
        marker("star", 0, 0, 1, {})
