"""Tests: SQLite in memory unless ``DATABASE_URL`` selects PostgreSQL; fast password hashing."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("ASSEMBLY_DATA_DIR", str(Path(tempfile.gettempdir()) / "assembly-test-data"))
os.environ.setdefault("ASSEMBLY_SECRET_KEY", "test-only-secret-key-not-for-production-use-0123456789")

from assembly.config.settings.base import *  # noqa: E402, F403
from assembly.config.settings.base import database_config  # noqa: E402

DATABASES = {"default": database_config(os.environ.get("DATABASE_URL"), sqlite_path=Path(":memory:"))}
if "sqlite" in DATABASES["default"]["ENGINE"]:
    DATABASES["default"]["NAME"] = ":memory:"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
WHITENOISE_AUTOREFRESH = True
