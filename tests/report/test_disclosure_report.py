"""The small-numbers rule (assembly.disclosure) in the report (HTML, Markdown, JSON), in `assembly report`
and `assembly analyze` on a file, and in the bundle: tiny consultations of 1, 4, 19 and 20 voters, and
one with an opinion group of 3."""

from __future__ import annotations

import csv
import io
import json

import pytest

from assembly.analysis.types import VoteLog
from assembly.cli import main
from assembly.dataset import Dataset, Statement
from assembly.disclosure import INTERNAL
from assembly.errors import InputError
from assembly.polis import write_csv_export
from assembly.report.bundle import bundle_files
from assembly.report.render_html import render_html
from assembly.report.render_json import render_json
from assembly.report.render_markdown import render_markdown
from assembly.report.source import report_from_dataset

N_STATEMENTS = 8
START = 1_748_217_600_000  # 2025-05-26 00:00 UTC


def camps(sizes: tuple[int, ...], *, loose: int = 0) -> Dataset:
    """Camps of the given sizes voting on all 8 statements, alternately for and against (camp 0 agrees with
    #0-#3 and disagrees with #4-#7, camp 1 the opposite, ...); ``loose`` more voters agree with #0 and #1
    only, too few votes to be placed in a group."""
    participants, statements, values = [], [], []
    person = 0
    for i, size in enumerate(sizes):
        sign = 1 if i % 2 == 0 else -1
        for _ in range(size):
            for s in range(N_STATEMENTS):
                participants.append(person)
                statements.append(s)
                values.append(sign if s < 4 else -sign)
            person += 1
    for _ in range(loose):
        for s in (0, 1):
            participants.append(person)
            statements.append(s)
            values.append(1)
        person += 1
    times = [START + 61_001 * i for i in range(len(values))]
    return Dataset(
        statements=[Statement(s, f"Statement number {s}") for s in range(N_STATEMENTS)],
        votes=VoteLog.from_rows(participants, statements, values, times),
        summary={"topic": "Tiny consultation"},
        name="tiny",
    )


def rendered(dataset: Dataset, **options) -> tuple[str, str, dict]:
    report, _ = report_from_dataset(dataset, measure_compute=False, **options)
    return render_html(report), render_markdown(report)[0], json.loads(render_json(report))


@pytest.mark.parametrize("sizes", [(1,), (2, 2), (10, 9)], ids=["1", "4", "19"])
def test_a_report_of_fewer_than_twenty_voters_withholds_every_vote_figure(sizes):
    """Check that the HTML, Markdown and JSON reports of 1, 4 or 19 voters say why results are withheld
    and print no share, group or count on any statement."""
    html, md, doc = rendered(camps(sizes))
    reason = f"Results are withheld: {sum(sizes)} participant(s) voted, fewer than the 20"
    assert reason in html and reason in md and reason in doc["report"]["notices"][0]
    for text in (html, md):
        assert "% agree" not in text and "of those placed" not in text
        assert text.count("(withheld: too few participants)") >= N_STATEMENTS
    assert doc["report"]["groups"] == [] and doc["report"]["withheld"]["everything"] is True
    assert all(s["shares"] == {"withheld": True} for s in doc["report"]["statements"])
    assert all(s["agree"] == 0 and s["withheld"] for s in doc["analysis"]["statements"])


def test_a_report_of_twenty_voters_shows_its_figures():
    """Check that 20 voters in two camps of 10 get groups, shares and no withheld notice."""
    html, _, doc = rendered(camps((10, 10)))
    assert "withheld" not in html and "10 participants, 50% of those placed in groups." in html
    assert doc["report"]["withheld"] == {
        "lifted": False,
        "min_participants": 20,
        "min_cell": 5,
        "everything": False,
        "groups": 0,
        "statements": [],
        "group_cells": 0,
    }


def test_a_group_of_three_is_left_out_of_the_report():
    """Check that camps of 17 and 3 plus 5 loosely engaged voters give a report with one group of 17;
    the 3's figures are withheld, and on the statements where the total minus the 17 would be their
    votes (#2-#7: only the camps voted) no group figure is printed, while on #0 and #1 (8 outside the
    group) the group of 17's figure is."""
    report, _ = report_from_dataset(camps((17, 3), loose=5), measure_compute=False)
    assert [g.size for g in report.groups] == [17]
    assert (
        "1 opinion group(s) of fewer than 5 participants are not shown (no size, shares or map marks)."
        in (report.notices)
    )
    by_id = {s.id: s for s in report.statements}
    for sid in (0, 1):
        assert [g.shares.votes for g in by_id[sid].groups] == [17]
    for sid in range(2, N_STATEMENTS):
        assert all(g.shares.withheld for g in by_id[sid].groups) and by_id[sid].shares.votes == 20
    html = render_html(report)
    assert "3 participants" not in html
    points = report.map_points
    assert points is not None and sum(len(xs) for xs, _ in points.groups) == 17
    assert points.unplaced is not None and len(points.unplaced[0]) == 5  # the 3 are not on the map at all


def test_an_internal_report_shows_everything_and_says_not_to_publish_it():
    """Check that the lifted rule prints the one voter's figures with a warning."""
    html, md, doc = rendered(camps((1,)), disclosure=INTERNAL)
    assert "Internal report: the publication rule was lifted" in html and "Do not publish" in md
    assert doc["report"]["withheld"]["lifted"] is True
    assert doc["report"]["statements"][0]["shares"]["votes"] == 1


@pytest.fixture
def export(tmp_path):
    folder = tmp_path / "export"
    write_csv_export(camps((2, 2)), folder)
    return folder


def test_report_on_a_file_applies_the_rule_and_internal_lifts_it(export, tmp_path):
    """Check that `assembly report` on a 4-voter export withholds the results by default, that
    --min-participants 4 shows what may be shown (no group of 2), and that --internal shows all."""
    assert main(["report", str(export), "--out", str(tmp_path / "a"), "--format", "md", "--no-compute"]) == 0
    assert "Results are withheld: 4 participant(s) voted" in (tmp_path / "a" / "report.md").read_text()
    args = ["report", str(export), "--out", str(tmp_path / "b"), "--format", "json", "--no-compute"]
    assert main([*args, "--min-participants", "5"]) == 0
    assert json.loads((tmp_path / "b" / "report.json").read_text())["report"]["withheld"]["everything"]
    assert main(["report", str(export), "--out", str(tmp_path / "c"), "--format", "json", "--internal"]) == 0
    internal = json.loads((tmp_path / "c" / "report.json").read_text())["report"]
    assert internal["withheld"]["lifted"] and len(internal["groups"]) == 2


def test_a_minimum_below_five_is_refused(export, tmp_path, capsys):
    """Check that --min-participants 4 exits 1 naming the option, and writes nothing."""
    assert main(["report", str(export), "--out", str(tmp_path / "o"), "--min-participants", "4"]) == 1
    assert "--min-participants: 4 is below 5" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()


def test_analyze_withholds_by_default(export, capsys):
    """Check that `assembly analyze --json` on 4 voters prints no counts unless --internal."""
    assert main(["analyze", str(export), "--json"]) == 0
    captured = capsys.readouterr()
    doc = json.loads(captured.out)
    assert doc["groups"] == [] and all(s["withheld"] and s["agree"] == 0 for s in doc["statements"])
    assert "note: Results are withheld" in captured.err
    assert main(["analyze", str(export), "--json", "--internal"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert sum(s["agree"] for s in doc["statements"]) == 16 and len(doc["groups"]) == 2


def test_a_bundle_of_too_few_voters_is_refused(export, tmp_path, capsys):
    """Check that the bundle of 4 voters is refused (its votes.csv would be their votes), naming why."""
    dataset = camps((2, 2))
    report, _ = report_from_dataset(dataset, measure_compute=False)
    with pytest.raises(InputError, match="too few participants to publish: 4 voted"):
        bundle_files(dataset, report)
    assert main(["bundle", str(export), "--out", str(tmp_path / "b"), "--no-compute"]) == 1
    assert "too few participants to publish" in capsys.readouterr().err
    assert not (tmp_path / "b").exists()


def test_a_bundle_gives_no_group_to_the_members_of_a_withheld_group():
    """Check that in the bundle of camps of 17 and 3 only the 17 have a group-id, and the data card says
    what the report withholds."""
    dataset = camps((17, 3), loose=5)
    report, _ = report_from_dataset(dataset, measure_compute=False)
    files = bundle_files(dataset, report)
    rows = list(csv.DictReader(io.StringIO(files["data/participants-votes.csv"].decode())))
    grouped = {int(r["participant"]) for r in rows if r["group-id"] != ""}
    assert grouped == set(range(17))
    assert "withholds every figure resting on fewer than 5 participants" in files["README.md"].decode()
