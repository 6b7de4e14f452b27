"""Reading pol.is CSV exports: the openData conversations, and every malformed-input case."""

from __future__ import annotations

import csv
import shutil
import warnings
from pathlib import Path

import numpy as np
import pytest

from assembly.analysis.types import Moderation, Vote
from assembly.errors import ImportFormatError
from assembly.polis import PolisSignWarning, read_csv_export

VOTES_HEADER = "timestamp,datetime,comment-id,voter-id,vote\n"
PV_HEADER = "participant,group-id,n-comments,n-votes,n-agree,n-disagree,"
COMMENTS_HEADER = "timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body\n"


def _dicts(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_every_open_data_conversation_reads_completely(conversation: Path) -> None:
    """Check that each openData conversation reads with one statement, vote and participant per file row."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", PolisSignWarning)
        dataset = read_csv_export(conversation)
    assert dataset.name == conversation.name
    assert len(dataset.statements) == len(_dicts(conversation / "comments.csv"))
    assert len(dataset.votes) == len(_dicts(conversation / "votes.csv"))
    assert len(dataset.participants) == len(_dicts(conversation / "participants-votes.csv"))
    assert [s.id for s in dataset.statements] == sorted(s.id for s in dataset.statements)
    assert (
        dataset.summary["topic"] == next(csv.reader(open(conversation / "summary.csv", encoding="utf-8")))[1]
    )


def test_comment_tallies_are_every_vote_row(conversation: Path) -> None:
    """Check that counting every vote row (re-votes too) gives comments.csv's agrees and disagrees."""
    dataset = read_csv_export(conversation)
    votes = dataset.votes
    for row in _dicts(conversation / "comments.csv"):
        on_statement = votes.statement_ids == int(row["comment-id"])
        assert np.count_nonzero(on_statement & (votes.values == Vote.AGREE)) == int(row["agrees"])
        assert np.count_nonzero(on_statement & (votes.values == Vote.DISAGREE)) == int(row["disagrees"])


def test_participants_votes_cells_are_the_latest_votes(conversation: Path) -> None:
    """Check that the latest votes of votes.csv reproduce every participants-votes.csv cell and count."""
    latest = read_csv_export(conversation).votes.latest()
    cells = {
        (p, s): v
        for p, s, v in zip(
            latest.participant_ids.tolist(),
            latest.statement_ids.tolist(),
            latest.values.tolist(),
            strict=True,
        )
    }
    rows = _dicts(conversation / "participants-votes.csv")
    statement_columns = [c for c in rows[0] if c.isdigit()]
    n_cells = 0
    for row in rows:
        pid = int(row["participant"])
        mine = {int(c): cells.get((pid, int(c))) for c in statement_columns}
        assert {c: (None if row[str(c)] == "" else int(row[str(c)])) for c in mine} == mine
        voted = [v for v in mine.values() if v is not None]
        assert int(row["n-votes"]) == len(voted)
        assert int(row["n-agree"]) == voted.count(1)
        assert int(row["n-disagree"]) == voted.count(-1)
        n_cells += len(voted)
    assert n_cells == len(latest)


def test_participant_order_is_first_appearance_in_sorted_votes(conversation: Path) -> None:
    """Check that participants come in first-appearance order of votes sorted by (statement, voter, time)."""
    dataset = read_csv_export(conversation)
    rows = sorted(
        (int(r["comment-id"]), int(r["voter-id"]), int(r["timestamp"]))
        for r in _dicts(conversation / "votes.csv")
    )
    expected = list(dict.fromkeys(voter for _, voter, _ in rows))
    assert [p.id for p in dataset.participants] == expected


def test_participants_carry_group_and_statements_authored() -> None:
    """Check that group-id and n-comments are read as pol.is printed them (brexit-consensus, first rows)."""
    dataset = read_csv_export(Path(__file__).parents[2] / "data/polis-open-data/brexit-consensus")
    first, second = dataset.participants[:2]
    # participants-votes.csv lines 2-3: "0,1,31,50,24,3,..." and "1,1,0,18,8,9,..."
    assert (first.id, first.group_id, first.n_statements, first.xid) == (0, 1, 31, None)
    assert (second.id, second.group_id, second.n_statements) == (1, 1, 0)


def test_meta_and_seed_flags_and_moderation_are_read() -> None:
    """Check that is-meta, is-seed and moderated are read from the newer comments.csv header (bg2050)."""
    folder = Path(__file__).parents[2] / "data/polis-open-data/bg2050-volunteers"
    rows = _dicts(folder / "comments.csv")
    dataset = read_csv_export(folder)
    by_id = {s.id: s for s in dataset.statements}
    for row in rows:
        statement = by_id[int(row["comment-id"])]
        assert statement.is_meta == (row["is-meta"] == "true")
        assert statement.is_seed == (row["is-seed"] == "true")
        assert statement.moderation.to_polis() == int(row["moderated"])
        assert statement.created == float(row["timestamp"])
        assert statement.author_id == int(row["author-id"])
    assert sum(s.is_meta for s in dataset.statements) == sum(r["is-meta"] == "true" for r in rows) == 1
    assert {s.moderation for s in dataset.statements} == {Moderation.ACCEPTED, Moderation.REJECTED}


def test_participants_votes_alone_gives_one_vote_per_cell_without_times(tmp_path: Path) -> None:
    """Check that participants-votes.csv alone gives the latest votes in file row order, untimed."""
    source = Path(__file__).parents[2] / "data/polis-open-data/london.youth.policing"
    shutil.copy(source / "participants-votes.csv", tmp_path / "participants-votes.csv")
    alone = read_csv_export(tmp_path)
    full = read_csv_export(source)
    assert alone.votes.timestamps is None
    latest = full.votes.latest()

    def triples(log) -> list[tuple[int, int, int]]:
        ids = zip(log.participant_ids.tolist(), log.statement_ids.tolist(), log.values.tolist(), strict=True)
        return sorted(ids)

    assert triples(alone.votes) == triples(latest)
    # Row order: the file's first row is participant 1 (12 votes), then participant 2.
    assert alone.votes.participant_ids[:12].tolist() == [1] * 12
    assert alone.votes.participant_ids[12] == 2
    assert [p.id for p in alone.participants] == [p.id for p in full.participants]
    # Without comments.csv, voted statements are listed with empty text.
    assert [s.id for s in alone.statements] == sorted(set(latest.statement_ids.tolist()))
    assert all(s.text == "" and s.moderation is Moderation.ACCEPTED for s in alone.statements)


def test_votes_alone_derive_participants_in_first_appearance_order(tmp_path: Path) -> None:
    """Check that votes.csv alone gives every vote row and participants in pol.is order."""
    source = Path(__file__).parents[2] / "data/polis-open-data/scoop-hivemind.ubi"
    shutil.copy(source / "votes.csv", tmp_path / "votes.csv")
    alone = read_csv_export(tmp_path)
    assert len(alone.votes) == 7174  # votes.csv data rows
    expected = [int(r["participant"]) for r in _dicts(source / "participants-votes.csv")]
    assert [p.id for p in alone.participants] == expected
    assert all(p.group_id is None and p.n_statements == 0 for p in alone.participants)


def test_a_single_votes_file_can_be_read(tmp_path: Path) -> None:
    """Check that a path to one votes.csv reads that file only, named after its folder."""
    folder = tmp_path / "my-conversation"
    folder.mkdir()
    (folder / "votes.csv").write_text(VOTES_HEADER + "5,x,0,1,1\n6,x,1,1,-1\n", encoding="utf-8")
    (folder / "comments.csv").write_text("not even csv \x00", encoding="utf-8")
    dataset = read_csv_export(folder / "votes.csv")
    assert dataset.name == "my-conversation"
    assert dataset.votes.values.tolist() == [1, -1]
    assert dataset.votes.timestamps.tolist() == [5.0, 6.0]


def test_flipped_csv_warns_with_file_and_share(tmp_path: Path) -> None:
    """Check that a votes.csv with agree and disagree swapped warns, naming the file and the share."""
    source = Path(__file__).parents[2] / "data/polis-open-data/brexit-consensus"
    shutil.copy(source / "comments.csv", tmp_path / "comments.csv")
    rows = _dicts(source / "votes.csv")
    with open(tmp_path / "votes.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows({**r, "vote": str(-int(r["vote"]))} for r in rows)
    with pytest.warns(
        PolisSignWarning, match=r"votes\.csv: authors agreed with their own statement in 0\.0% of 27"
    ):
        read_csv_export(tmp_path)


def test_agree_value_reads_a_minus_one_agree_export(tmp_path: Path) -> None:
    """Check that agree_value=-1 reads an export written with agree = -1 the right way round."""
    folder = tmp_path / "x"
    folder.mkdir()
    (folder / "votes.csv").write_text(VOTES_HEADER + "1,x,0,1,-1\n2,x,0,2,1\n3,x,0,3,0\n", encoding="utf-8")
    assert read_csv_export(folder, agree_value=-1).votes.values.tolist() == [1, -1, 0]


def test_report_export_names_and_second_timestamps(make_export) -> None:
    """Check that the newer report export's prefixed names are found and its second timestamps become ms."""
    js_time = "Sat May 31 2025 15:27:10 GMT+0000 (Coordinated Universal Time)"
    folder = make_export(
        **{
            "2025-08-29-0002-rabc-votes": VOTES_HEADER + f"1748705230,{js_time},0,0,1\n",
            "2025-08-29-0002-rabc-comments": COMMENTS_HEADER + f"1731527035,{js_time},0,0,1,0,1,Bikes\n",
        }
    )
    dataset = read_csv_export(folder)
    assert dataset.votes.timestamps.tolist() == [1748705230000.0]
    assert dataset.statements[0].created == 1731527035000.0
    assert dataset.statements[0].text == "Bikes"


def test_themes_are_read(make_export) -> None:
    """Check that themes.csv gives statements their theme and leaves the others without one."""
    folder = make_export(
        votes=VOTES_HEADER + "1,x,0,1,1\n",
        comments=COMMENTS_HEADER + "1,x,0,1,1,0,1,First\n2,x,1,1,0,0,1,Second\n",
        themes="comment-id,theme\n1,Climate\n",
    )
    assert [s.theme for s in read_csv_export(folder).statements] == [None, "Climate"]


def test_neutralised_text_reads_back_without_its_quote(make_export) -> None:
    """Check that the spreadsheet-safety quote before a formula start is removed on reading."""
    folder = make_export(
        votes=VOTES_HEADER + "1,x,0,1,1\n",
        comments=COMMENTS_HEADER + "1,x,0,1,1,0,1,'=HYPERLINK(\"http://x\")\n2,x,1,1,0,0,1,'quoted\n",
    )
    assert [s.text for s in read_csv_export(folder).statements] == ['=HYPERLINK("http://x")', "'quoted"]


# --- malformed input: every case names file, line and column ----------------------------------

GOOD_COMMENTS = COMMENTS_HEADER + "1,x,0,1,1,0,1,First\n2,x,1,1,0,0,1,Second\n"
GOOD_VOTES = VOTES_HEADER + "1,x,0,1,1\n2,x,1,1,0\n"

MALFORMED = {
    "missing column": (
        {"comments": "timestamp,comment-id,author-id\n1,0,1\n", "votes": GOOD_VOTES},
        "comments.csv",
        1,
        "comment-body",
    ),
    "vote column missing": ({"votes": "timestamp,comment-id,voter-id\n1,0,1\n"}, "votes.csv", 1, "vote"),
    "short row": ({"votes": VOTES_HEADER + "1,x,0,1,1\n2,x,1\n"}, "votes.csv", 3, "voter-id"),
    "long row": ({"votes": VOTES_HEADER + "1,x,0,1,1,9\n"}, "votes.csv", 2, "field 6"),
    "non-numeric voter": ({"votes": VOTES_HEADER + "1,x,0,1,1\n2,x,0,abc,1\n"}, "votes.csv", 3, "voter-id"),
    "non-numeric statement": ({"votes": VOTES_HEADER + "1,x,zero,1,1\n"}, "votes.csv", 2, "comment-id"),
    "empty vote": ({"votes": VOTES_HEADER + "1,x,0,1,\n"}, "votes.csv", 2, "vote"),
    "vote out of range": ({"votes": VOTES_HEADER + "1,x,0,1,1\n2,x,1,1,2\n"}, "votes.csv", 3, "vote"),
    "non-numeric timestamp": ({"votes": VOTES_HEADER + "soon,x,0,1,1\n"}, "votes.csv", 2, "timestamp"),
    "some votes without time": (
        {"votes": VOTES_HEADER + "1,x,0,1,1\n,x,1,1,1\n"},
        "votes.csv",
        3,
        "timestamp",
    ),
    "unknown statement": (
        {"comments": GOOD_COMMENTS, "votes": VOTES_HEADER + "1,x,0,1,1\n2,x,7,1,1\n"},
        "votes.csv",
        3,
        "comment-id",
    ),
    "duplicate statement": (
        {"comments": COMMENTS_HEADER + "1,x,0,1,1,0,1,A\n1,x,0,1,1,0,1,B\n", "votes": GOOD_VOTES},
        "comments.csv",
        3,
        "comment-id",
    ),
    "bad moderation": (
        {"comments": COMMENTS_HEADER + "1,x,0,1,1,0,1,A\n1,x,1,1,1,0,5,B\n", "votes": GOOD_VOTES},
        "comments.csv",
        3,
        "moderated",
    ),
    "bad meta flag": (
        {
            "comments": "comment-id,is-meta,comment-body\n0,false,A\n1,maybe,B\n",
            "votes": GOOD_VOTES,
        },
        "comments.csv",
        3,
        "is-meta",
    ),
    "not utf-8": (
        {"comments": COMMENTS_HEADER.encode() + b"1,x,0,1,1,0,1,Caf\xe9\n", "votes": GOOD_VOTES},
        "comments.csv",
        2,
        "comment-body",
    ),
    "bad cell": (
        {"participants_votes": PV_HEADER + "0,1\n1,,0,1,1,0,1,\n2,,0,1,0,0,,x\n"},
        "participants-votes.csv",
        3,
        "1",
    ),
    "cell out of range": (
        {"participants_votes": PV_HEADER + "0,1\n1,,0,2,1,0,1,-2\n"},
        "participants-votes.csv",
        2,
        "1",
    ),
    "n-votes disagrees with the cells": (
        {"participants_votes": PV_HEADER + "0\n1,,0,3,1,0,1\n"},
        "participants-votes.csv",
        2,
        "n-votes",
    ),
    "statement column unknown": (
        {
            "comments": GOOD_COMMENTS,
            "participants_votes": PV_HEADER + "0,9\n1,,0,1,1,0,1,\n",
        },
        "participants-votes.csv",
        1,
        "9",
    ),
    "odd column name": (
        {"participants_votes": "participant,group-id,colour,0\n1,,red,1\n"},
        "participants-votes.csv",
        1,
        "colour",
    ),
    "duplicate participant row": (
        {"participants_votes": "participant,group-id,0\n1,,1\n1,,0\n"},
        "participants-votes.csv",
        3,
        "participant",
    ),
    "voter without participant row": (
        {"votes": GOOD_VOTES + "3,x,0,4,1\n", "participants_votes": "participant,0,1\n1,1,0\n"},
        "votes.csv",
        4,
        "voter-id",
    ),
    "unknown theme statement": (
        {"comments": GOOD_COMMENTS, "votes": GOOD_VOTES, "themes": "comment-id,theme\n0,A\n5,B\n"},
        "themes.csv",
        3,
        "comment-id",
    ),
    "summary row without value": (
        {"votes": GOOD_VOTES, "summary": "topic,Hello\nurl\n"},
        "summary.csv",
        2,
        "value",
    ),
    "statement column beyond int64": (
        {"participants_votes": "participant,group-id,99999999999999999999\n1,,1\n"},
        "participants-votes.csv",
        1,
        "99999999999999999999",
    ),
    "not utf-8, lines ending in CR": (
        {"votes": VOTES_HEADER.replace("\n", "\r").encode() + b"1,x,0,1,1\r2,x,0,\xff,1\r"},
        "votes.csv",
        3,
        "voter-id",
    ),
    "unbalanced quote": (
        {"votes": GOOD_VOTES, "comments": COMMENTS_HEADER + '1,x,0,1,1,0,1,"Fine"\n1,x,1,1,1,0,1,"Bad"x\n'},
        "comments.csv",
        3,
        None,
    ),
}


@pytest.mark.parametrize("case", list(MALFORMED), ids=list(MALFORMED))
def test_malformed_input_names_file_line_and_column(make_export, case: str) -> None:
    """Check that each kind of malformed file raises ImportFormatError naming its file, line and column."""
    files, file_name, line, column = MALFORMED[case]
    folder = make_export(**files)
    with pytest.raises(ImportFormatError) as caught:
        read_csv_export(folder)
    error = caught.value
    assert Path(error.file).name == file_name
    assert error.line == line
    assert error.column == column
    message = str(error)
    assert file_name in message and f"line {line}" in message
    if column is not None:
        assert f"column {column!r}" in message


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({}, "no votes file"),
        ({"comments": GOOD_COMMENTS}, "no votes file"),
        ({"votes": ""}, "the file is empty"),
        ({"votes": GOOD_VOTES, "a_votes": GOOD_VOTES}, "two votes files"),
    ],
    ids=["empty folder", "comments only", "empty votes file", "two votes files"],
)
def test_missing_or_ambiguous_files_are_refused(make_export, files: dict[str, str], message: str) -> None:
    """Check that a folder without a usable votes file raises ImportFormatError naming it."""
    folder = make_export(**files)
    with pytest.raises(ImportFormatError, match=message) as caught:
        read_csv_export(folder)
    assert Path(caught.value.file).parent in (folder, folder.parent)


def test_progress_is_told_every_byte_read(conversation: Path) -> None:
    """Check that progress(done, total) rises to the size of the export's files, never past it."""
    reports: list[tuple[int, int]] = []
    read_csv_export(conversation, progress=lambda done, total: reports.append((done, total)))
    read = ("comments.csv", "votes.csv", "participants-votes.csv", "summary.csv")  # not stats-history.csv
    size = sum((conversation / name).stat().st_size for name in read)
    assert reports[-1] == (size, size)
    assert [done for done, _ in reports] == sorted(done for done, _ in reports)
    assert {total for _, total in reports} == {size}


def test_a_huge_cell_is_quoted_short_in_the_message(make_export) -> None:
    """Check that a 5,000-digit voter id is refused with a message quoting only its start."""
    folder = make_export(votes=VOTES_HEADER + "1,x,0," + "9" * 5000 + ",1\n")
    with pytest.raises(ImportFormatError, match=r"'9{40}\.\.\.' is not a whole number") as caught:
        read_csv_export(folder)
    assert caught.value.line == 2 and len(str(caught.value)) < 200
