"""Writing the pol.is CSV set: round trips, pol.is's own files reproduced, spreadsheet safety."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from assembly.analysis.types import Moderation, VoteLog
from assembly.dataset import Dataset, Participant, Statement
from assembly.polis import read_api_json, read_csv_export, write_csv_export

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _rows(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def _dicts(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _small_dataset(**changes: object) -> Dataset:
    """Two statements, three participants; participant 1 changes their vote on statement 0."""
    fields: dict[str, object] = {
        "statements": [
            Statement(id=0, text="Libraries matter", author_id=1, created=1000.0, is_seed=True),
            Statement(id=1, text="Archives too", author_id=2, created=2000.0, moderation=Moderation.REJECTED),
        ],
        # (participant, statement, Vote, ms): participant 1 agrees on 0, then disagrees.
        "votes": VoteLog.from_rows([1, 2, 1, 3, 2], [0, 0, 0, 1, 1], [1, 0, -1, 1, 1], [10, 20, 30, 40, 50]),
        "participants": [Participant(id=1, xid="alice"), Participant(id=2, group_id=0), Participant(id=3)],
        "summary": {"topic": "Heritage", "strict_moderation": "true"},
        "name": "small",
    }
    fields.update(changes)
    return Dataset(**fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "name",
    ["15-per-hour-seattle", "bg2050-volunteers", "london.youth.policing", "scoop-hivemind.biodiversity"],
)
def test_open_data_round_trip_gives_an_equal_dataset(tmp_path: Path, name: str, same_dataset) -> None:
    """Check that read -> write -> read keeps statements, every vote row, participants and the summary."""
    first = read_csv_export(Path(__file__).parents[2] / "data/polis-open-data" / name)
    write_csv_export(first, tmp_path / name)
    same_dataset(first, read_csv_export(tmp_path / name))


def test_api_fixture_round_trip_keeps_votes_participants_and_groups(
    tmp_path: Path, api_fixture: Path
) -> None:
    """Check that an API dump written as CSV reads back with the same statements, votes and pol.is groups."""
    first = read_api_json(api_fixture)
    write_csv_export(first, tmp_path)
    second = read_csv_export(tmp_path)
    assert second.statements == first.statements
    assert second.participants == first.participants
    assert any(p.group_id is not None for p in second.participants)
    # votes.json is ordered by participant, votes.csv by statement: compare the rows as a set.
    assert _vote_rows(second) == _vote_rows(first)
    assert second.summary["topic"] == first.summary["topic"]
    assert second.summary["strict_moderation"] == first.summary["strict_moderation"]


def _vote_rows(dataset: Dataset) -> list[tuple[int, int, int, float]]:
    votes = dataset.votes
    assert votes.timestamps is not None
    columns = (votes.participant_ids, votes.statement_ids, votes.values, votes.timestamps)
    return sorted(zip(*(c.tolist() for c in columns), strict=True))


def test_participants_votes_reproduces_polis_file(tmp_path: Path, conversation: Path) -> None:
    """Check that participants-votes.csv comes out byte for byte as pol.is wrote it (blank xid aside)."""
    write_csv_export(read_csv_export(conversation), tmp_path)
    ours = (tmp_path / "participants-votes.csv").read_bytes()
    theirs = (conversation / "participants-votes.csv").read_bytes()
    header = _rows(conversation / "participants-votes.csv")[0]
    if "xid" in header:
        # 2022+ exports always have an xid column; ours has one only when a participant has an xid.
        at = header.index("xid")
        assert all(row[at] == "" for row in _rows(conversation / "participants-votes.csv")[1:])
        assert _rows(tmp_path / "participants-votes.csv") == [
            row[:at] + row[at + 1 :] for row in _rows(conversation / "participants-votes.csv")
        ]
    else:
        assert ours == theirs


def test_summary_reproduces_polis_file(tmp_path: Path, conversation: Path) -> None:
    """Check that summary.csv comes out byte for byte as pol.is wrote it."""
    write_csv_export(read_csv_export(conversation), tmp_path)
    assert (tmp_path / "summary.csv").read_bytes() == (conversation / "summary.csv").read_bytes()


def test_votes_reproduce_polis_file_but_for_the_local_datetime(tmp_path: Path, conversation: Path) -> None:
    """Check that votes.csv has pol.is's rows in pol.is's order; only the (local) datetime text differs."""
    write_csv_export(read_csv_export(conversation), tmp_path)
    ours, theirs = _rows(tmp_path / "votes.csv"), _rows(conversation / "votes.csv")
    assert ours[0] == theirs[0]
    assert [r[:1] + r[2:] for r in ours] == [r[:1] + r[2:] for r in theirs]


def test_comments_reproduce_polis_file_as_parsed_rows(tmp_path: Path, conversation: Path) -> None:
    """Check that comments.csv has pol.is's values for every statement (rows in id order, newer header)."""
    write_csv_export(read_csv_export(conversation), tmp_path)
    ours = {r["comment-id"]: r for r in _dicts(tmp_path / "comments.csv")}
    theirs = _dicts(conversation / "comments.csv")
    assert list(ours) == sorted(ours, key=int)
    assert len(ours) == len(theirs)
    for row in theirs:
        mine = ours[row["comment-id"]]
        for key in ("timestamp", "author-id", "agrees", "disagrees", "moderated"):
            assert mine[key] == row[key], key
        body = row["comment-body"]
        assert mine["comment-body"] == ("'" + body if body.startswith(FORMULA_STARTS) else body)
        assert mine["is-meta"] == row.get("is-meta", "false")


def test_datetime_is_java_format_in_utc(tmp_path: Path) -> None:
    """Check the datetime text: pol.is's "Wed Jun 18 08:16:54 WIB 2014" (UTC+7) is 01:16:54 UTC."""
    votes = VoteLog.from_rows([0], [0], [1], [1403054214196])
    dataset = Dataset(statements=[Statement(id=0, text="x")], votes=votes)
    write_csv_export(dataset, tmp_path)
    assert _rows(tmp_path / "votes.csv")[1] == [
        "1403054214196",
        "Wed Jun 18 01:16:54 UTC 2014",
        "0",
        "0",
        "1",
    ]


def test_small_dataset_is_written_as_polis_would(tmp_path: Path) -> None:
    """Check every file of a hand-made dataset against hand-computed pol.is rows."""
    paths = write_csv_export(_small_dataset(), tmp_path)
    assert [p.name for p in paths] == ["comments.csv", "votes.csv", "participants-votes.csv", "summary.csv"]
    assert _rows(tmp_path / "comments.csv")[1:] == [
        # agrees / disagrees count every vote row: participant 1's agree and later disagree both count.
        ["1000", "0", "1", "1", "1", "1", "false", "true", "", "Libraries matter"],
        ["2000", "1", "2", "2", "0", "-1", "false", "false", "", "Archives too"],
    ]
    assert [r[2:] for r in _rows(tmp_path / "votes.csv")[1:]] == [
        ["0", "1", "1"],
        ["0", "1", "-1"],
        ["0", "2", "0"],
        ["1", "2", "1"],
        ["1", "3", "1"],
    ]
    assert _rows(tmp_path / "participants-votes.csv") == [
        ["participant", "xid", "group-id", "n-comments", "n-votes", "n-agree", "n-disagree", "0", "1"],
        ["1", "alice", "", "1", "1", "0", "1", "-1", ""],  # the latest vote wins the cell
        ["2", "", "0", "1", "2", "1", "0", "0", "1"],
        ["3", "", "", "0", "1", "1", "0", "", "1"],
    ]
    assert _rows(tmp_path / "summary.csv") == [
        ["topic", "Heritage"],
        ["url", ""],
        ["views", "3"],
        ["voters", "3"],
        ["voters-in-conv", "3"],
        ["commenters", "2"],
        ["comments", "2"],
        ["groups", "1"],
        ["conversation-description", ""],
        ["strict_moderation", "true"],
    ]


def test_group_ids_argument_fills_the_group_column(tmp_path: Path) -> None:
    """Check that group_ids overrides the participants' own group ids."""
    write_csv_export(_small_dataset(), tmp_path, group_ids={1: 4, 3: 5})
    assert [r["group-id"] for r in _dicts(tmp_path / "participants-votes.csv")] == ["4", "", "5"]
    assert dict(_rows(tmp_path / "summary.csv"))["groups"] == "2"


def test_untimed_votes_are_written_with_blank_times(tmp_path: Path, same_dataset) -> None:
    """Check that a vote log without timestamps round-trips with blank timestamp and datetime cells."""
    dataset = _small_dataset(votes=VoteLog.from_rows([1, 2, 3], [0, 0, 1], [1, -1, 0]))
    write_csv_export(dataset, tmp_path)
    assert [r[:2] for r in _rows(tmp_path / "votes.csv")[1:]] == [["", ""]] * 3
    again = read_csv_export(tmp_path)
    assert again.votes.timestamps is None
    assert again.votes.values.tolist() == [1, -1, 0]


TRICKY_TEXTS = [
    '=HYPERLINK("http://evil.example","click")',
    "+1 for more archives",
    "-1 to this",
    "@SUM(A1:A3)",
    "\tindented",
    "\rreturn",
    "'=already quoted",
    "'plain quote",
    "plain text, with comma",
    'quotes "inside"\nand a newline',
]


def test_formula_like_text_is_neutralised_and_round_trips(tmp_path: Path) -> None:
    """Check that texts a spreadsheet would run get a leading quote on disk and read back unchanged."""
    statements = [Statement(id=i, text=t, theme=t) for i, t in enumerate(TRICKY_TEXTS)]
    participants = [Participant(id=7, xid="=cmd|' /C calc'!A0")]
    dataset = Dataset(
        statements=statements,
        votes=VoteLog.from_rows([7], [0], [1], [5]),
        participants=participants,
        summary={"topic": "-2 topics", "conversation-description": "@here"},
    )
    write_csv_export(dataset, tmp_path)
    on_disk = [r["comment-body"] for r in _dicts(tmp_path / "comments.csv")]
    assert on_disk == [
        "'" + t if t.startswith(FORMULA_STARTS) or t.startswith("'=") else t for t in TRICKY_TEXTS
    ]
    assert _dicts(tmp_path / "participants-votes.csv")[0]["xid"] == "'=cmd|' /C calc'!A0"
    assert dict(_rows(tmp_path / "summary.csv"))["topic"] == "'-2 topics"
    again = read_csv_export(tmp_path)
    assert [s.text for s in again.statements] == TRICKY_TEXTS
    assert [s.theme for s in again.statements] == TRICKY_TEXTS
    assert again.participants[0].xid == "=cmd|' /C calc'!A0"
    assert again.summary["topic"] == "-2 topics" and again.summary["conversation-description"] == "@here"


def test_themes_file_written_only_when_statements_have_themes(tmp_path: Path) -> None:
    """Check that themes.csv lists themed statements, and that an export without themes removes an old one."""
    themed = _small_dataset()
    themed.statements[1].theme = "Access"
    paths = write_csv_export(themed, tmp_path)
    assert paths[-1].name == "themes.csv"
    assert _rows(tmp_path / "themes.csv") == [["comment-id", "theme"], ["1", "Access"]]
    assert [s.theme for s in read_csv_export(tmp_path).statements] == [None, "Access"]
    write_csv_export(_small_dataset(), tmp_path)
    assert not (tmp_path / "themes.csv").exists()


def test_a_vote_on_an_unlisted_statement_is_refused_before_writing(tmp_path: Path) -> None:
    """Check that a dataset whose votes name an unknown statement raises and writes nothing."""
    dataset = _small_dataset(votes=VoteLog.from_rows([1], [9], [1], [1]))
    with pytest.raises(ValueError, match="statement 9"):
        write_csv_export(dataset, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_duplicate_statement_ids_are_refused(tmp_path: Path) -> None:
    """Check that two statements with one id raise ValueError."""
    dataset = _small_dataset(statements=[Statement(id=0, text="a"), Statement(id=0, text="b")])
    with pytest.raises(ValueError, match="statement id 0"):
        write_csv_export(dataset, tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_written_files_have_no_partial_leftovers(tmp_path: Path) -> None:
    """Check that only the export files remain in the folder after writing."""
    write_csv_export(_small_dataset(), tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "comments.csv",
        "participants-votes.csv",
        "summary.csv",
        "votes.csv",
    ]


def test_progress_counts_every_row_written(tmp_path: Path) -> None:
    """Check that progress ends at statements + vote rows + participant rows: 2 + 5 + 3 here."""
    reports: list[tuple[int, int]] = []
    write_csv_export(_small_dataset(), tmp_path, progress=lambda done, total: reports.append((done, total)))
    assert reports[-1] == (10, 10)
    assert [done for done, _ in reports] == sorted(done for done, _ in reports)
