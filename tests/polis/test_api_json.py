"""Reading pol.is API JSON dumps (tests/fixtures/polis-math/*), both sign conventions, malformed input."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from assembly.analysis.types import Moderation, Vote
from assembly.errors import ImportFormatError
from assembly.polis import PolisSignWarning, read_api_json

FIXTURES = Path(__file__).parents[1] / "fixtures" / "polis-math"


def _load(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))


def _field(item: dict, *names: str) -> object:
    return next(item[n] for n in names if n in item)


def test_fixture_reads_every_statement_and_vote(api_fixture: Path) -> None:
    """Check that each fixture gives one statement per comments.json item and one vote per votes.json item."""
    comments = _load(api_fixture / "comments.json")
    votes = _load(api_fixture / "votes.json")
    dataset = read_api_json(api_fixture)
    assert dataset.name == api_fixture.name
    assert [s.id for s in dataset.statements] == sorted(_field(c, "tid", "statement_id") for c in comments)
    assert len(dataset.votes) == len(votes)
    assert dataset.votes.participant_ids.tolist() == [_field(v, "pid", "participant_id") for v in votes]
    voters = {_field(v, "pid", "participant_id") for v in votes}
    assert sorted(p.id for p in dataset.participants) == sorted(voters)


def test_fixture_votes_reproduce_polis_agree_and_disagree_counts(api_fixture: Path) -> None:
    """Check that converted votes reproduce the server's agree_count / disagree_count for every statement."""
    dataset = read_api_json(api_fixture)
    votes = dataset.votes
    for item in _load(api_fixture / "comments.json"):
        on = votes.statement_ids == _field(item, "tid", "statement_id")
        assert np.count_nonzero(on & (votes.values == Vote.AGREE)) == item["agree_count"]
        assert np.count_nonzero(on & (votes.values == Vote.DISAGREE)) == item["disagree_count"]


def test_fixture_votes_match_polis_math_center(api_fixture: Path) -> None:
    """Check the sign against pol.is's math: its column centre (agree = -1) is minus our mean latest vote."""
    math_output = _load(api_fixture / "math-pca2.json")
    latest = read_api_json(api_fixture).votes.latest()
    excluded = set(math_output["mod-out"])
    for tid, center in zip(math_output["tids"], math_output["pca"]["center"], strict=True):
        if tid in excluded:
            continue
        mean = latest.values[latest.statement_ids == tid].mean()
        # 50ptpt lacks a few votes the server had (docs/explanation/polis-math.md §5.1): allow a small gap.
        assert -mean == pytest.approx(center, abs=0.05)


def test_raw_api_votes_with_agree_minus_one_read_the_same(tmp_path: Path) -> None:
    """Check that a raw API dump (agree = -1) is recognised from its tallies and read like red-dwarf's."""
    source = FIXTURES / "below-100-ptpts"
    for name in ("comments.json", "conversation.json"):
        shutil.copy(source / name, tmp_path / name)
    raw = [{**v, "vote": -v["vote"]} for v in _load(source / "votes.json")]
    (tmp_path / "votes.json").write_text(json.dumps(raw), encoding="utf-8")
    np.testing.assert_array_equal(read_api_json(tmp_path).votes.values, read_api_json(source).votes.values)


def test_agree_value_overrides_detection(tmp_path: Path) -> None:
    """Check that agree_value=-1 reads red-dwarf's +1 votes as negated, and the sign check then warns."""
    with pytest.warns(PolisSignWarning, match=r"votes\.json: authors agreed .* in 0\.0% of 26"):
        forced = read_api_json(FIXTURES / "below-100-ptpts", agree_value=-1)
    detected = read_api_json(FIXTURES / "below-100-ptpts")
    np.testing.assert_array_equal(forced.votes.values, -detected.votes.values)


def test_statements_keep_moderation_flags_and_times() -> None:
    """Check statement fields in both spellings: tid/mod/created ms and statement_id/moderated/ISO time."""
    below = read_api_json(FIXTURES / "below-100-ptpts")
    first = below.statement(0)
    assert first.text == "Polis is perfect just the way it is. No changes are necessary."
    assert (first.author_id, first.created, first.is_seed, first.moderation) == (
        0,
        1714613201691.0,
        True,
        Moderation.ACCEPTED,
    )
    assert sum(s.moderation is Moderation.REJECTED for s in below.statements) == 2  # mod-out [33, 11]
    with_meta = read_api_json(FIXTURES / "25ptpt-3gp-no-strict-with-meta")
    one = with_meta.statement(1)
    assert one.is_meta and one.is_seed
    assert one.created == 1691735608174.0  # 2023-08-11T06:33:28.174Z
    assert {s.id for s in with_meta.statements if s.is_meta} == {0, 1, 2, 3}  # meta-tids in math-pca2


def test_groups_come_from_math_output() -> None:
    """Check that in-conv participants get pol.is's group: below-100 has 23 in 3 groups of 11, 3 and 9."""
    dataset = read_api_json(FIXTURES / "below-100-ptpts")
    grouped = [p.group_id for p in dataset.participants if p.group_id is not None]
    assert len(grouped) == 23
    assert sorted(grouped.count(g) for g in set(grouped)) == [3, 9, 11]


def test_conversation_settings_go_to_the_summary() -> None:
    """Check that topic, description and settings such as strict_moderation land in the summary."""
    summary = read_api_json(FIXTURES / "below-100-ptpts").summary
    assert summary["topic"] == "Improving the Polis Software"
    assert summary["conversation-description"].startswith("Polis is an amazing")
    assert summary["strict_moderation"] == "true"
    assert summary["conversation_id"] == "4cvkai2ctw"
    assert "ownername" not in summary and "site_id" not in summary


VOTE = '{"pid": 0, "tid": 0, "vote": 1, "modified": 5}'
COMMENT = '{"tid": 0, "txt": "A", "pid": 0, "mod": 1}'


def _second_vote(old: str, new: str) -> dict[str, str]:
    """votes.json with a good vote on line 2 and, on line 3, one with ``old`` replaced by ``new``."""
    return {"votes.json": "[\n" + VOTE + ",\n" + VOTE.replace(old, new) + "\n]"}


MALFORMED = {
    "syntax": ({"votes.json": "[\n" + VOTE + ",\n{oops}\n]"}, "votes.json", 3, None),
    "vote out of range": (_second_vote('"vote": 1', '"vote": 5'), "votes.json", 3, "vote"),
    "boolean vote": (_second_vote('"vote": 1', '"vote": true'), "votes.json", 3, "vote"),
    "non-numeric tid": (_second_vote('"tid": 0', '"tid": "x"'), "votes.json", 3, "tid"),
    "missing pid": (_second_vote('"pid": 0, ', ""), "votes.json", 3, "pid"),
    "bad time": (_second_vote('"modified": 5', '"modified": "soon"'), "votes.json", 3, "modified"),
    "unknown statement": (
        {"comments.json": "[" + COMMENT + "]", **_second_vote('"tid": 0', '"tid": 4')},
        "votes.json",
        3,
        "tid",
    ),
    "bad mod": (
        {"comments.json": "[\n" + COMMENT.replace('"mod": 1', '"mod": 2') + "\n]", "votes.json": f"[{VOTE}]"},
        "comments.json",
        2,
        "mod",
    ),
    "red-dwarf spelling": (
        {"votes.json": '[\n{"participant_id": 0, "statement_id": "x", "vote": 1, "modified": 5.0}\n]'},
        "votes.json",
        2,
        "statement_id",
    ),
    "not utf-8": ({"votes.json": b'[{"pid": 0, "tid": 0, "vote": 1, "x": "\xff"}]'}, "votes.json", 1, None),
    "pid beyond int64": (_second_vote('"pid": 0', '"pid": 9223372036854775808'), "votes.json", 3, "pid"),
    "tid text beyond int64": (
        _second_vote('"tid": 0', '"tid": "-9223372036854775809"'),
        "votes.json",
        3,
        "tid",
    ),
}


@pytest.mark.parametrize("case", list(MALFORMED), ids=list(MALFORMED))
def test_malformed_json_names_file_line_and_field(tmp_path: Path, case: str) -> None:
    """Check that malformed API JSON raises ImportFormatError naming the file, item line and field."""
    files, file_name, line, column = MALFORMED[case]
    for name, content in files.items():
        data = content if isinstance(content, bytes) else content.encode("utf-8")
        (tmp_path / name).write_bytes(data)
    with pytest.raises(ImportFormatError) as caught:
        read_api_json(tmp_path)
    error = caught.value
    assert (Path(error.file).name, error.line, error.column) == (file_name, line, column)
    assert f"line {line}" in str(error)


def test_a_folder_without_votes_json_is_refused(tmp_path: Path) -> None:
    """Check that a folder with no votes.json raises ImportFormatError naming the folder."""
    (tmp_path / "comments.json").write_text("[]", encoding="utf-8")
    with pytest.raises(ImportFormatError, match="no votes.json") as caught:
        read_api_json(tmp_path)
    assert caught.value.file == str(tmp_path)


@pytest.mark.parametrize(
    ("content", "reason"),
    [("[" * 100_000 + "]" * 100_000, "nested too deeply"), ("[" + "9" * 5000 + "]", "digits")],
    ids=["deep nesting", "5,000-digit number"],
)
def test_json_python_cannot_hold_is_refused(tmp_path: Path, content: str, reason: str) -> None:
    """Check that JSON too deep or with too long a number raises ImportFormatError, not a Python error."""
    (tmp_path / "votes.json").write_text(content, encoding="utf-8")
    with pytest.raises(ImportFormatError, match=reason) as caught:
        read_api_json(tmp_path)
    assert Path(caught.value.file).name == "votes.json"
