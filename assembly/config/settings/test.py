"""Tests: a throw-away SQLite file (WAL, as in production) unless ``DATABASE_URL`` selects PostgreSQL;
fast password hashing.

The SQLite test database is a file, not ``:memory:``: Django shares an in-memory database between
threads through SQLite's shared cache, which locks whole tables ("database table is locked"), so tests
that run a server or the analysis in a thread would fail where production would not. One file per
process, so several test runs can share a machine.
"""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("ASSEMBLY_DATA_DIR", str(Path(tempfile.gettempdir()) / "assembly-test-data"))
os.environ.setdefault("ASSEMBLY_SECRET_KEY", "test-only-secret-key-not-for-production-use-0123456789")

from assembly.config.settings.base import *  # noqa: E402, F403
from assembly.config.settings.base import database_config  # noqa: E402

_SQLITE_FILE = Path(tempfile.gettempdir()) / f"assembly-test-{os.getpid()}.sqlite3"
DATABASES = {"default": database_config(os.environ.get("DATABASE_URL"), sqlite_path=_SQLITE_FILE)}
if "sqlite" in DATABASES["default"]["ENGINE"]:
    DATABASES["default"]["TEST"] = {"NAME": str(_SQLITE_FILE)}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
WHITENOISE_AUTOREFRESH = True
# No persistent connections in tests: a connection kept by a server thread would stop the test
# database from being dropped at the end of the run.
DATABASES["default"]["CONN_MAX_AGE"] = 0
