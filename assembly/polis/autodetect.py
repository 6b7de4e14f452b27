"""Read any supported pol.is source, recognising which one it is."""

from __future__ import annotations

from pathlib import Path

from assembly.dataset import Dataset
from assembly.errors import ImportFormatError
from assembly.polis._tables import Progress
from assembly.polis.api_json import read_api_json
from assembly.polis.csv_reader import find_export_files, read_csv_export

__all__ = ["read_export"]


def read_export(
    path: str | Path, *, agree_value: int | None = None, progress: Progress | None = None
) -> Dataset:
    """Read a pol.is CSV export folder, an API JSON folder, or one votes / participants-votes CSV file.

    Parameters
    ----------
    path : str or Path
        A folder holding ``votes.csv`` and/or ``participants-votes.csv`` (plus any of
        ``comments.csv``, ``summary.csv``, ``themes.csv``) is read as a CSV export; otherwise a
        folder holding ``votes.json`` is read as API JSON. CSV wins when a folder has both.
    agree_value : {1, -1}, optional
        The number meaning "agree" in the vote files. Default: +1 for CSV exports; for API JSON,
        decided from the dump (see :func:`~assembly.polis.read_api_json`).
    progress : callable, optional
        Called as ``progress(done, total)`` while CSV files are read, in bytes (API JSON is read
        in one go: no calls).

    Returns
    -------
    Dataset
        ``name`` is the folder's name.

    Raises
    ------
    ImportFormatError
        No votes file, or malformed content (naming file, line and column).
    """
    path = Path(path)
    if (
        path.is_dir()
        and not any((path / name).is_file() for name in ("votes.csv", "participants-votes.csv"))
        and (path / "votes.json").is_file()
    ):
        return read_api_json(path, agree_value=agree_value)
    try:
        find_export_files(path)
    except ImportFormatError as exc:
        if path.is_dir():
            raise ImportFormatError(
                "no votes file: expected votes.csv, participants-votes.csv or votes.json in this folder",
                file=str(path),
            ) from exc
        raise
    if agree_value is None:
        return read_csv_export(path, progress=progress)
    return read_csv_export(path, agree_value=agree_value, progress=progress)
