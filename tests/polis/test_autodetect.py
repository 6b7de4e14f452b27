"""read_export: recognising the kind of pol.is source."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from assembly.errors import ImportFormatError
from assembly.polis import read_api_json, read_csv_export, read_export

ROOT = Path(__file__).parents[2]
CSV_EXPORT = ROOT / "data/polis-open-data/london.youth.policing"
API_DUMP = ROOT / "tests/fixtures/polis-math/below-100-ptpts"


def test_a_csv_folder_is_read_as_a_csv_export(same_dataset) -> None:
    """Check that a folder of pol.is CSVs reads exactly as read_csv_export reads it."""
    same_dataset(read_export(CSV_EXPORT), read_csv_export(CSV_EXPORT))


def test_a_json_folder_is_read_as_an_api_dump(same_dataset) -> None:
    """Check that a folder with votes.json reads exactly as read_api_json reads it."""
    same_dataset(read_export(API_DUMP), read_api_json(API_DUMP))


def test_csv_wins_when_a_folder_has_both(tmp_path: Path) -> None:
    """Check that votes.csv is preferred over votes.json in one folder."""
    shutil.copy(CSV_EXPORT / "votes.csv", tmp_path / "votes.csv")
    shutil.copy(API_DUMP / "votes.json", tmp_path / "votes.json")
    assert len(read_export(tmp_path).votes) == 640  # london's votes.csv rows, not below-100's 504


def test_a_single_participants_votes_file_is_read(tmp_path: Path) -> None:
    """Check that a path to participants-votes.csv reads that file's latest votes."""
    dataset = read_export(CSV_EXPORT / "participants-votes.csv")
    assert dataset.votes.timestamps is None
    # london: 640 vote rows, 638 latest votes (docs/explanation/polis-math.md §4.5)
    assert len(dataset.votes) == 638
    np.testing.assert_array_equal(
        np.unique(dataset.votes.participant_ids), np.unique(read_csv_export(CSV_EXPORT).votes.participant_ids)
    )


@pytest.mark.parametrize("name", ["empty", "missing"])
def test_no_source_is_refused_naming_the_path(tmp_path: Path, name: str) -> None:
    """Check that an empty folder, or a path that does not exist, raises ImportFormatError naming it."""
    path = tmp_path / name
    if name == "empty":
        path.mkdir()
    with pytest.raises(ImportFormatError) as caught:
        read_export(path)
    assert caught.value.file == str(path)
    assert ("votes.json" in str(caught.value)) == (name == "empty")


def test_a_file_that_is_not_a_votes_file_is_refused() -> None:
    """Check that pointing at comments.csv asks for a folder or a votes file."""
    with pytest.raises(ImportFormatError, match="expected a folder"):
        read_export(CSV_EXPORT / "comments.csv")
