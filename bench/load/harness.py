"""Real Assembly processes on a throw-away database, for the reliability tests and the load benchmark.

- :func:`create_database`: a fresh SQLite file in a folder, or a fresh PostgreSQL database (dropped
  again by :meth:`Database.drop`); :meth:`Database.rows` reads it with plain SQL, independently of
  the code under test.
- :class:`Service`: ``assembly serve`` or ``assembly worker`` as a child process in its own process
  group, on a free loopback port; :meth:`Service.kill` sends SIGKILL to the whole group.
- :func:`seed_consultation`: an open consultation with seed statements (``seed_site.py``).

Every process runs the production settings (``assembly.config.settings.production``), as an operator
would, with the rate limits given in ``extra_env`` (see docs/reliability-log.md).
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
SETTINGS = "assembly.config.settings.production"
SECRET_KEY = "reliability-harness-only-" + "x" * 40
LOOPBACK = "127.0.0.1"
# The server applies migrations before it listens; on a loaded CI machine that can take a while.
READY_TIMEOUT_SECONDS = 90.0
# How long stop() waits after SIGTERM before it sends SIGKILL.
STOP_GRACE_SECONDS = 10.0
# The PostgreSQL server used when neither ASSEMBLY_TEST_POSTGRES_URL nor DATABASE_URL names one.
DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/postgres"
# Environment variables a child must not inherit from the test run (they would select its database
# or settings instead of the harness's).
_INHERITED_OUT = ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "ASSEMBLY_DATA_DIR", "ASSEMBLY_SECRET_KEY")


def free_port() -> int:
    """A loopback TCP port that was free a moment ago (bind port 0, read it, release it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((LOOPBACK, 0))
        return int(s.getsockname()[1])


def database_kind() -> str:
    """``"postgresql"`` when the test run targets PostgreSQL (``DATABASE_URL`` is set), else ``"sqlite"``."""
    url = os.environ.get("DATABASE_URL", "")
    return "postgresql" if url.startswith(("postgres://", "postgresql://")) else "sqlite"


# Options of Django's PostgreSQL backend that a database URL may carry (``?server_side_binding=false``)
# but libpq does not know: left out when the harness connects with psycopg itself.
_DJANGO_ONLY_OPTIONS = {"server_side_binding", "prepare_threshold"}


def _postgres_url(dbname: str) -> str:
    base = (
        os.environ.get("ASSEMBLY_TEST_POSTGRES_URL") or os.environ.get("DATABASE_URL") or DEFAULT_POSTGRES_URL
    )
    parts = urlsplit(base)
    return urlunsplit((parts.scheme, parts.netloc, f"/{dbname}", parts.query, parts.fragment))


def _admin_url() -> str:
    """The server's maintenance database, for creating and dropping a run's database with psycopg."""
    return libpq_url(_postgres_url("postgres"))


def libpq_url(url: str) -> str:
    """The URL without the options that only Django's backend understands, for ``psycopg.connect``."""
    parts = urlsplit(url)
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    query = [(k, v) for k, v in pairs if k not in _DJANGO_ONLY_OPTIONS]
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), parts.fragment))


@dataclass
class Database:
    """A database created for one test or benchmark run."""

    kind: str  # "sqlite" or "postgresql"
    data_dir: Path  # secret key, SQLite file, logs
    url: str | None = None  # PostgreSQL only

    @property
    def sqlite_path(self) -> Path:
        return self.data_dir / "assembly.sqlite3"

    def env(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        """The environment of a child process using this database with the production settings."""
        env = {k: v for k, v in os.environ.items() if k not in _INHERITED_OUT}
        env |= {
            "DJANGO_SETTINGS_MODULE": SETTINGS,
            "ASSEMBLY_DATA_DIR": str(self.data_dir),
            "ASSEMBLY_SECRET_KEY": SECRET_KEY,
            "PYTHONPATH": str(ROOT),
            "PYTHONUNBUFFERED": "1",
        }
        if self.url:
            env["DATABASE_URL"] = self.url
        return env | (extra or {})

    def connect(self) -> Any:
        """A DB-API connection in autocommit mode (sqlite3 or psycopg)."""
        if self.kind == "sqlite":
            return sqlite3.connect(self.sqlite_path, timeout=30, isolation_level=None)
        import psycopg

        return psycopg.connect(libpq_url(self.url or ""), autocommit=True)

    def rows(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        """Run one query and return its rows; write ``%s`` for parameters (converted for SQLite)."""
        connection = self.connect()
        try:
            query = sql.replace("%s", "?") if self.kind == "sqlite" else sql
            return [tuple(row) for row in connection.execute(query, params).fetchall()]
        finally:
            connection.close()

    def drop(self) -> None:
        """Remove a PostgreSQL database (the SQLite file goes with its folder)."""
        if self.kind != "postgresql" or not self.url:
            return
        import psycopg

        name = urlsplit(self.url).path.lstrip("/")
        with psycopg.connect(_admin_url(), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def create_database(kind: str, data_dir: Path) -> Database:
    """A fresh, empty database of ``kind`` ("sqlite" or "postgresql"), migrated."""
    data_dir.mkdir(parents=True, exist_ok=True)
    database = Database(kind=kind, data_dir=data_dir)
    if kind == "postgresql":
        import psycopg

        name = f"assembly_rel_{secrets.token_hex(6)}"
        with psycopg.connect(_admin_url(), autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        database.url = _postgres_url(name)
    elif kind != "sqlite":
        raise ValueError(f"unknown database kind {kind!r}: use 'sqlite' or 'postgresql'")
    run_assembly(database, "migrate")
    return database


def run_assembly(database: Database, *args: str, extra_env: dict[str, str] | None = None) -> str:
    """Run an ``assembly`` command to completion against ``database``; its standard output."""
    done = subprocess.run(
        [PYTHON, "-m", "assembly", *args],
        env=database.env(extra_env),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if done.returncode != 0:
        raise RuntimeError(f"assembly {' '.join(args)} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return done.stdout


def seed_consultation(database: Database, **options: Any) -> dict[str, Any]:
    """Create a consultation with ``seed_site.py`` (options as its command-line flags); its JSON answer."""
    args = [PYTHON, str(Path(__file__).with_name("seed_site.py"))]
    for name, value in options.items():
        flag = "--" + name.replace("_", "-")
        if value is True:
            args.append(flag)
        elif value not in (None, False):
            args += [flag, str(value)]
    done = subprocess.run(
        args, env=database.env(), cwd=ROOT, capture_output=True, text=True, timeout=600, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"seed_site.py failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return dict(json.loads(done.stdout))


@dataclass
class Service:
    """``assembly serve`` (``command="serve"``) or ``assembly worker`` as a child process.

    The child leads its own process group (``start_new_session``), so :meth:`kill` and :meth:`stop`
    reach anything it started, and a test's finalizer can always clean up.
    """

    database: Database
    command: str = "serve"
    args: tuple[str, ...] = ()
    extra_env: dict[str, str] = field(default_factory=dict)
    port: int = 0
    process: subprocess.Popen[bytes] | None = None
    log_path: Path | None = None

    @property
    def base_url(self) -> str:
        return f"http://{LOOPBACK}:{self.port}"

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process else None

    def start(self, *, wait: bool = True) -> Service:
        """Start the process and, for ``serve``, wait until it answers.

        ``serve`` listens on a free port chosen at the first start and kept for restarts, so clients
        can go on with the same address.
        """
        argv = [PYTHON, "-m", "assembly", self.command, *self.args]
        if self.command == "serve":
            self.port = self.port or free_port()
            argv += ["--host", LOOPBACK, "--port", str(self.port)]
        index = len(list(self.database.data_dir.glob(f"{self.command}-*.log")))
        self.log_path = self.database.data_dir / f"{self.command}-{index}.log"
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(  # noqa: S603
                argv,
                env=self.database.env(self.extra_env),
                cwd=ROOT,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        if wait and self.command == "serve":
            self.wait_ready()
        return self

    def wait_ready(self, timeout: float = READY_TIMEOUT_SECONDS) -> None:
        """Return once the server answers ``/api/consultations`` with 200; raise if it died or timed out."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise RuntimeError(
                    f"assembly {self.command} exited ({self.process.returncode}):\n{self.log()}"
                )
            try:
                with urllib.request.urlopen(f"{self.base_url}/api/consultations", timeout=5) as response:  # noqa: S310
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.1)
        raise RuntimeError(f"assembly {self.command} did not answer within {timeout:.0f} s:\n{self.log()}")

    def log(self) -> str:
        """The tail of the process's output."""
        if self.log_path is None or not self.log_path.exists():
            return ""
        return self.log_path.read_text(errors="replace")[-3000:]

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def _signal_group(self, sig: int) -> None:
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, sig)

    def kill(self) -> None:
        """SIGKILL the process group, as a crash or the OOM killer would, and reap the child."""
        if self.process is None:
            return
        self._signal_group(signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        """SIGTERM, then SIGKILL after :data:`STOP_GRACE_SECONDS`; safe to call more than once."""
        if self.process is None:
            return
        if self.process.poll() is None:
            self._signal_group(signal.SIGTERM)
            try:
                self.process.wait(STOP_GRACE_SECONDS)
            except subprocess.TimeoutExpired:
                pass
        self._signal_group(signal.SIGKILL)  # anything left in the group
        self.process.wait()
