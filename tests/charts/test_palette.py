"""Group letters and marker shapes."""

import pytest

from assembly.charts.palette import marker


def test_unknown_marker_shape_is_refused():
    """Check that asking for a shape that does not exist names the shape."""
    with pytest.raises(ValueError, match="'star'"):
        marker("star", 0, 0, 1, {})
