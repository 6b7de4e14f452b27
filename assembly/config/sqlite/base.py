"""Django's SQLite backend, creating the database file private before SQLite opens it.

SQLite would create the database with the process's umask (usually 0644: readable by every local
user), and its ``-wal`` and ``-shm`` files with the same permissions. Each new connection first makes
the files and, for the site's data folder, the folder private (:func:`.files.make_private`): a few
system calls, on connections kept for a minute (``CONN_MAX_AGE``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.backends.sqlite3 import base

from assembly.config.sqlite.files import make_private

__all__ = ["DatabaseWrapper"]


class DatabaseWrapper(base.DatabaseWrapper):
    """Django's SQLite database wrapper; only :meth:`get_new_connection` differs."""

    def get_new_connection(self, conn_params: dict[str, Any]) -> Any:
        name = str(conn_params["database"])
        if not self.creation.is_in_memory_db(name) and not name.startswith("file:"):
            path = Path(name).resolve()
            data_dir = Path(settings.DATA_DIR).resolve()
            make_private(path, directory=data_dir if path.parent == data_dir else None)
        return super().get_new_connection(conn_params)
