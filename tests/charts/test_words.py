"""Chart words: the words given are the words drawn (SVG, description, data table), English by default."""

import ast
import dataclasses
import pathlib
import sys
import xml.etree.ElementTree as ET

import pytest

import assembly.charts
from assembly.charts import BarRow, ChartWords, MapSeries, opinion_map, vote_bars

SVG = "{http://www.w3.org/2000/svg}"
ROWS = [
    BarRow("All participants", 1700, 6, 10, (0.8656, 0.9449)),
    BarRow("Group B", 1, 0, 0),
    BarRow("Group C", 0, 0, 0),
]
GROUPS = [MapSeries("Group A", [0.0, 1.0], [0.5, 0.25]), MapSeries("Group B", [-1.0], [-0.5])]
UNPLACED = MapSeries("Not placed", [0.2], [0.1])


def _plural(one: str, many: str):
    return lambda n: (one if n == 1 else many) % {"n": f"{n:_}"}


# Every word in made-up "language" of upper-case markers, and numbers written differently from English
# (underscore grouping, decimal comma, a spaced percent sign): nothing English can pass for it.
MARKED = ChartWords(
    agree="AGR",
    disagree="DIS",
    passes="PAS",
    no_votes="NOVOTE",
    bar_count="NN %(n)s",
    bars_description="BARSDESC.",
    bar_no_votes="%(who)s NOVOTES.",
    bar_shares="%(who)s %(agree)s AGR %(disagree)s DIS %(passes)s PAS [%(votes)s].",
    bar_shares_interval=(
        "%(who)s %(agree)s AGR %(disagree)s DIS %(passes)s PAS [%(votes)s] %(interval_name)s=%(interval)s."
    ),
    bars_caption="CAPTION %(title)s",
    column_who="WHO",
    column_agree="COLAGR",
    column_disagree="COLDIS",
    column_passes="COLPAS",
    column_votes="COLVOT",
    column_agree_interval="COLAGR %(interval_name)s",
    first_component="AXIS1",
    second_component="AXIS2",
    map_points="MAPPOINTS.",
    map_binned="MAPGRID %(cells)s.",
    map_legend="%(who)s = %(participants)s",
    map_series="%(who)s = %(participants)s.",
    map_series_centre="%(who)s = %(participants)s @ (%(x)s; %(y)s).",
    column_group="COLGRP",
    column_participants="COLPPL",
    column_centre_x="COLX",
    column_centre_y="COLY",
    percent="%(value)s %%",
    integer=lambda n: f"{n:_}",
    decimal=lambda v: f"{v:.2f}".replace(".", ","),
    votes=_plural("%(n)s VOTE", "%(n)s VOTES"),
    participants=_plural("%(n)s PERSON", "%(n)s PEOPLE"),
    map_summary=lambda people, groups: f"MAP {people:_} IN {groups}.",
)


def _texts(svg: str) -> list[str]:
    return [t.text for t in ET.fromstring(svg).iter(f"{SVG}text")]


def _description(svg: str) -> str:
    return ET.fromstring(svg).find(f"{SVG}desc").text


def _bars(words: ChartWords | None = None):
    given = {"words": words} if words is not None else {}
    return vote_bars(ROWS, chart_id="s1", title="Statement 1", interval_name="INT95", **given)


def _map(words: ChartWords | None = None, **kwargs):
    given = {"words": words} if words is not None else {}
    return opinion_map(GROUPS, chart_id="m", title="Map", unplaced=UNPLACED, **given, **kwargs)


def test_the_default_words_are_english_and_the_same_as_giving_none():
    """Check that leaving the words out draws English, byte for byte as with ChartWords()."""
    for draw in (_bars, _map):
        default, given = draw(), draw(ChartWords())
        assert default.svg == given.svg and default.table == given.table
    assert "Share of agree, disagree and pass votes." in _description(_bars().svg)
    assert _map().table.columns == ("Group", "Participants", "Centre x", "Centre y")


def test_the_bars_draw_the_words_given_in_the_svg():
    """Check that the legend, an empty row, the counts and the segment shares use the words given."""
    texts = _texts(_bars(MARKED).svg)
    assert texts[:3] == ["AGR", "DIS", "PAS"]
    assert "NOVOTE" in texts and "NN 1_716" in texts and "99 %" in texts
    assert not {"agree", "disagree", "pass", "no votes", "n = 1,716", "99%"} & set(texts)


def test_the_bars_description_is_in_the_words_given():
    """Check that the description's sentences, shares, counts (plural by count) and interval follow the
    words given."""
    assert _description(_bars(MARKED).svg) == (
        "BARSDESC. All participants 99 % AGR 0 % DIS 1 % PAS [1_716 VOTES] INT95=87–94 %. "
        "Group B 100 % AGR 0 % DIS 0 % PAS [1 VOTE]. Group C NOVOTES."
    )


def test_the_bars_table_is_in_the_words_given():
    """Check that the table's caption, headings and cells use the words and number formats given."""
    table = _bars(MARKED).table
    assert table.caption == "CAPTION Statement 1"
    assert table.columns == ("WHO", "COLAGR", "COLDIS", "COLPAS", "COLVOT", "COLAGR INT95")
    assert table.rows[0] == ("All participants", "99 % (1_700)", "0 % (6)", "1 % (10)", "1_716", "87–94 %")
    assert table.rows[2] == ("Group C", "– (0)", "– (0)", "– (0)", "0", "–")


def test_the_map_draws_the_words_given():
    """Check that the map's axes and legend (plural by count) use the words given."""
    texts = _texts(_map(MARKED).svg)
    assert {"AXIS1", "AXIS2", "Group A = 2 PEOPLE", "Group B = 1 PERSON", "Not placed = 1 PERSON"} <= set(
        texts
    )
    assert not any("principal component" in t or "participant" in t for t in texts)


def test_the_map_description_and_table_are_in_the_words_given():
    """Check that the map's description (both ways of drawing) and table use the words and formats given."""
    assert _description(_map(MARKED).svg) == (
        "MAP 4 IN 2. MAPPOINTS. Group A = 2 PEOPLE @ (0,50; 0,38). Group B = 1 PERSON @ (-1,00; -0,50). "
        "Not placed = 1 PERSON @ (0,20; 0,10)."
    )
    assert _description(_map(MARKED, max_points=2, grid_cells=5).svg).startswith("MAP 4 IN 2. MAPGRID 5. ")
    table = _map(MARKED).table
    assert table.columns == ("COLGRP", "COLPPL", "COLX", "COLY")
    assert table.rows[0] == ("Group A", "2", "0,50", "0,38")


def test_an_empty_group_is_described_without_a_centre():
    """Check that a group with no participant gets the sentence without a centre."""
    chart = opinion_map([MapSeries("Group A", [], []), *GROUPS[1:]], chart_id="m", title="Map", words=MARKED)
    assert "Group A = 0 PEOPLE. Group B" in _description(chart.svg)


def test_words_are_frozen():
    """Check that a ChartWords cannot be changed once made (one instance may serve every request)."""
    with pytest.raises(dataclasses.FrozenInstanceError):
        MARKED.agree = "x"  # type: ignore[misc]


@pytest.mark.parametrize("path", sorted(pathlib.Path(assembly.charts.__file__).parent.glob("*.py")), ids=str)
def test_charts_import_no_django(path):
    """Check that assembly.charts imports only the standard library, numpy, the analysis' vocabulary (which
    is free of Django too) and itself: the report draws its charts without Django."""
    modules = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            modules.add(node.module)
    outside = {m for m in modules if m.split(".")[0] not in sys.stdlib_module_names}
    allowed = ("numpy.", "assembly.charts", "assembly.analysis.vocabulary")
    assert all(m == "numpy" or m.startswith(allowed) for m in outside), outside
