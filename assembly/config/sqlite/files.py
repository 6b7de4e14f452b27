"""The SQLite files kept private, and erased data gone from them (issue 11, item 15; docs/reliability-log.md).

The database holds session keys, TOTP secrets and participants' texts, so its folder is readable by
its owner only (0700) and the database file, with its ``-wal`` and ``-shm`` companions, too (0600).
SQLite creates the companions with the database file's permissions, so creating the database file
private before SQLite opens it is enough for new sites; older sites' files are narrowed too (each new
connection does both: :mod:`assembly.config.sqlite.base`).

Erasure: ``secure_delete`` (set on every connection, :func:`assembly.config.settings.base.database_config`)
makes SQLite overwrite deleted content with zeros instead of leaving it in free space, but the write-ahead
log still holds the pages as they were until a checkpoint copies them back and the log is reused.
:func:`checkpoint_after_erasure` runs a ``TRUNCATE`` checkpoint, which empties the log.
"""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

__all__ = ["DIRECTORY_MODE", "FILE_MODE", "checkpoint_after_erasure", "make_private"]

DIRECTORY_MODE = 0o700
FILE_MODE = 0o600
# How long (ms) the checkpoint after an erasure waits for readers: the erasing request waits with it.
CHECKPOINT_WAIT_MS = 5_000
# The files SQLite keeps beside a database in WAL mode.
COMPANIONS = ("-wal", "-shm")

log = logging.getLogger(__name__)


def make_private(database: Path, *, directory: Path | None = None) -> None:
    """Create ``database`` (empty, 0600) unless it exists, and narrow it, its companions and
    ``directory`` (created if missing; e.g. the data folder, which also holds the secret key) to their
    owner. ``directory`` is given only for a folder of the site's own: never a shared one such as /tmp.

    A file or folder of another account cannot be narrowed by this one: that is logged as a warning
    (the administrator who gave it to another account decides), and the database still opens.
    """
    if directory is not None:
        directory.mkdir(mode=DIRECTORY_MODE, parents=True, exist_ok=True)
        _narrow(directory, DIRECTORY_MODE)
    database.parent.mkdir(mode=DIRECTORY_MODE, parents=True, exist_ok=True)
    if not database.exists():
        os.close(os.open(database, os.O_CREAT | os.O_WRONLY, FILE_MODE))
    for path in (database, *(database.with_name(database.name + suffix) for suffix in COMPANIONS)):
        _narrow(path, FILE_MODE)


def _narrow(path: Path, mode: int) -> None:
    try:
        if stat.S_IMODE(path.stat().st_mode) != mode:
            path.chmod(mode)
    except FileNotFoundError:
        return
    except PermissionError:
        log.warning("%s belongs to another account: it cannot be made private (mode %o)", path, mode)


def checkpoint_after_erasure() -> bool:
    """On SQLite, copy the write-ahead log into the database and empty it (``TRUNCATE`` checkpoint), so
    erased data no longer lies in the log; True when it was emptied. Run it after the erasure committed.

    The checkpoint waits up to :data:`CHECKPOINT_WAIT_MS` for readers of older snapshots (an analysis
    reading a large consultation); when they keep it from finishing,
    it says so in the server's log, and the erased data stays in the write-ahead log until a later
    checkpoint empties it or SQLite writes over it. Other databases: nothing to do (True).
    """
    from django.db import connection

    if connection.vendor != "sqlite":
        return True
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout")
        (timeout,) = cursor.fetchone()
        cursor.execute(f"PRAGMA busy_timeout = {min(int(timeout), CHECKPOINT_WAIT_MS)}")
        try:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            busy, _log_pages, _copied = cursor.fetchone()
        finally:
            cursor.execute(f"PRAGMA busy_timeout = {int(timeout)}")
    if busy:
        log.warning("the checkpoint after an erasure could not finish: readers kept it busy")
    return not busy
