"""The SQLite files are private and keep nothing an erasure removed (issue 11, item 15).

SQLite only, by nature: PostgreSQL keeps its files in its own data directory, under its own account.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from assembly.consultations import services
from assembly.consultations.privacy import erase_participant
from assembly.consultations.texts import duplicate_key
from bench.load.harness import ROOT

needs_sqlite = pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="SQLite's own files"
)
SECRET = "Erase me, please: 7d1e9c unique words"


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _migrate(data_dir: Path) -> None:
    """`assembly migrate` with the production settings, as a process created with umask 022 would run it."""
    inherited_out = ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "ASSEMBLY_SECRET_KEY")
    env = {k: v for k, v in os.environ.items() if k not in inherited_out}
    env |= {"ASSEMBLY_DATA_DIR": str(data_dir), "PYTHONPATH": str(ROOT)}
    subprocess.run(
        [sys.executable, "-m", "assembly", "migrate"],
        env=env,
        cwd=data_dir.parent,
        capture_output=True,
        check=True,
        timeout=300,
        preexec_fn=lambda: os.umask(0o022),  # noqa: PLW1509 (no threads started in the child)
    )


def test_a_new_site_keeps_its_database_and_secret_key_private(tmp_path):
    """Check that a fresh data folder is 0700 and the database and generated secret key 0600."""
    site = tmp_path / "site"
    _migrate(site)
    assert _mode(site) == 0o700
    assert _mode(site / "assembly.sqlite3") == 0o600
    assert _mode(site / "secret_key") == 0o600


def test_an_older_sites_files_are_narrowed_including_the_write_ahead_log(tmp_path):
    """Check that a site made with 0755 / 0644 files, whose -wal and -shm are open in another process,
    has all of them at 0700 / 0600 after the platform's next connection."""
    site = tmp_path / "site"
    _migrate(site)
    database = site / "assembly.sqlite3"
    site.chmod(0o755)
    database.chmod(0o644)
    reader = sqlite3.connect(database, isolation_level=None)  # keeps the -wal and -shm files in place
    try:
        reader.execute("PRAGMA journal_mode=WAL")
        reader.execute("CREATE TABLE IF NOT EXISTS probe (x)")
        reader.execute("INSERT INTO probe VALUES (1)")
        wal, shm = site / "assembly.sqlite3-wal", site / "assembly.sqlite3-shm"
        assert (_mode(wal), _mode(shm)) == (0o644, 0o644)  # made like the database file
        _migrate(site)
        assert (_mode(site), _mode(database), _mode(wal), _mode(shm)) == (0o700, 0o600, 0o600, 0o600)
    finally:
        reader.close()


def _files() -> list[Path]:
    database = Path(connection.settings_dict["NAME"])
    return [database, database.with_name(database.name + "-wal")]


def _holding(text: str) -> list[str]:
    found = []
    for path in _files():
        if path.exists() and text.encode() in path.read_bytes():
            found.append(path.name)
    return found


@needs_sqlite
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("where", ["-wal", ".sqlite3"])
def test_an_erased_text_is_in_neither_the_database_file_nor_its_log(consultation, where):
    """Check that a participant's unpublished statement, found before the erasure in the write-ahead log
    (as written) or in the database file (after a checkpoint), is in neither file after it (text and its
    duplicate key), and that the log is emptied."""
    participant, _token = services.create_participant(consultation)
    services.submit_statement(participant, text=SECRET)
    services.cast_vote(participant, statement_number=0, value=1)
    if where == ".sqlite3":
        # Copy the log into the database file. (Closing our connection did so only when it was the last one
        # open: in a full run another test's connection could still be, and the text stayed in the log.)
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert [name for name in _holding(SECRET) if name.endswith(where)] != []
    assert [name for name in _holding(duplicate_key(SECRET)) if name.endswith(where)] != []

    erase_participant(participant)

    assert _holding(SECRET) == [] and _holding(duplicate_key(SECRET)) == []
    wal = _files()[1]
    assert not wal.exists() or wal.stat().st_size == 0


@needs_sqlite
@pytest.mark.django_db
def test_every_connection_overwrites_deleted_content():
    """Check that the platform's SQLite connections run with secure_delete on."""
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA secure_delete")
        assert cursor.fetchone() == (1,)


def test_a_file_of_another_account_is_left_with_a_warning(tmp_path, monkeypatch, caplog):
    """Check that a database file this account may not chmod (it belongs to another one) is named in a
    warning and left as it is, instead of stopping the site."""
    from assembly.config.sqlite.files import make_private

    database = tmp_path / "assembly.sqlite3"
    database.write_bytes(b"")
    database.chmod(0o640)

    def refuse(self, mode):
        raise PermissionError(1, "Operation not permitted", str(self))

    monkeypatch.setattr(Path, "chmod", refuse)
    make_private(database)
    assert _mode(database) == 0o640
    assert f"{database} belongs to another account" in caplog.text
