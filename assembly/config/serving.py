"""How ``assembly serve`` runs: granian web processes and the background analysis in a process of its own.

Granian (an HTTP server written in Rust) reads and writes the connections in its own threads, outside
Python's interpreter lock, and calls the WSGI application in a few Python threads per process. Python
runs one thread at a time per process, so a single process uses one core however many threads it has,
and an analysis thread in the same process would make every request wait its turn. Where the platform
can ``fork`` (Linux, macOS), :func:`serve` therefore starts a supervisor with two children: granian,
which runs ``processes`` web processes on the port (the kernel spreads the connections among them;
granian replaces one that dies), and, when asked, one analysis process. The supervisor starts again a
child that dies. Elsewhere (Windows) it falls back to granian with one web process and the analysis in
a thread.

With waitress, which this replaced, the thread reading and writing the connections needed the
interpreter lock as much as the request threads did; in alternating load runs granian cost the server
about 6% less CPU per request (docs/reliability-log.md, item 15).

Stopping: SIGTERM or SIGINT (Ctrl+C) to the supervising process stops the children and exits. If the
supervisor itself is killed, each child notices within :data:`ORPHAN_CHECK_SECONDS` and exits, and a web
process whose granian parent ends is killed by the kernel at once (Linux) or exits within the same
delay, so a restart never finds the port served by an orphan. Killing the whole process group
(systemd's default) stops everything at once; every vote is one transaction, so nothing half-written
remains.
"""

from __future__ import annotations

import ctypes
import logging
import os
import signal
import socket
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

__all__ = ["ORPHAN_CHECK_SECONDS", "check_port_free", "default_processes", "serve", "web_application"]

log = logging.getLogger(__name__)

# Web processes when --processes is not given: this many per core this process may use, at most
# MAX_DEFAULT_PROCESSES (each holds its own copy of Django and NumPy: about 150 MB). Two per core, of 4
# threads each, answered faster under load than one per core of 8 threads (fewer threads taking turns
# at each process's interpreter lock; docs/reliability-log.md, item 15).
PROCESSES_PER_CORE = 2
MAX_DEFAULT_PROCESSES = 8
# Pending connections the kernel queues for the listening socket (granian's own default is 1024).
LISTEN_BACKLOG = 1024
# Linux's prctl() option that has the kernel signal a process when its parent ends.
_PR_SET_PDEATHSIG = 1
# How often a child checks that its supervisor is still there.
ORPHAN_CHECK_SECONDS = 1.0
# A child that dies sooner than this after its start is restarted only after RESTART_PAUSE_SECONDS
# (a child that cannot start, e.g. a broken configuration, must not be restarted in a tight loop).
QUICK_DEATH_SECONDS = 5.0
RESTART_PAUSE_SECONDS = 5.0
# How long the supervisor waits for its children after SIGTERM before it kills them.
STOP_GRACE_SECONDS = 10.0

AnalysisLoop = Callable[[threading.Event], None]


def default_processes() -> int:
    """:data:`PROCESSES_PER_CORE` per core this process may run on, at most :data:`MAX_DEFAULT_PROCESSES`."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cores = os.cpu_count() or 1
    return max(1, min(PROCESSES_PER_CORE * cores, MAX_DEFAULT_PROCESSES))


def check_port_free(host: str, port: int) -> None:
    """Raise :class:`OSError` if another process listens on ``host``:``port``.

    Granian's web processes listen with ``SO_REUSEPORT`` (each has its own socket on the same port), which
    would let a second ``assembly serve`` share the port of a running one, and silently half of its
    connections: the port is therefore first taken, and released, without that option.
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    socket.create_server((host, port), family=family).close()


def web_application() -> Any:
    """The WSGI application, as each granian web process loads it (granian's ``factory``).

    Called in the web process itself, after granian started it: it first makes sure the process does not
    outlive granian's own process (see the module's docstring).
    """
    _leave_with_parent(os.getppid())
    from assembly.config.wsgi import application

    return application


def _leave_with_parent(parent: int) -> None:
    """Have this process end when ``parent`` does: at once on Linux, else within ORPHAN_CHECK_SECONDS."""
    if sys.platform == "linux":
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL) == 0:
            if os.getppid() != parent:  # the parent ended before the request took effect
                os._exit(0)
            return
    _exit_when_orphaned(parent)


def _run_granian(host: str, port: int, threads: int, processes: int) -> None:
    from granian import Granian
    from granian.constants import Interfaces
    from granian.log import LogLevels

    Granian(
        f"{__name__}:web_application",
        factory=True,
        interface=Interfaces.WSGI,
        address=host,
        port=port,
        workers=processes,
        blocking_threads=threads,
        backlog=LISTEN_BACKLOG,
        respawn_failed_workers=True,
        workers_kill_timeout=int(STOP_GRACE_SECONDS),
        # Errors only (a web process that died, a crash loop): granian warns when there are more web
        # processes than cores, which is our measured default (see PROCESSES_PER_CORE).
        log_level=LogLevels.error,
    ).serve()


def _close_database_connections() -> None:
    """A forked child must not share its parent's database connections: close them before forking."""
    from django.db import connections

    connections.close_all()


def _exit_when_orphaned(parent: int) -> None:
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(ORPHAN_CHECK_SECONDS)
        os._exit(0)

    threading.Thread(target=watch, name="assembly-orphan-check", daemon=True).start()


def _web_child(host: str, port: int, threads: int, processes: int) -> None:
    # Granian handles SIGTERM and SIGINT (Ctrl+C) itself: it stops its web processes, then returns.
    _run_granian(host, port, threads, processes)


def _analysis_child(loop: AnalysisLoop) -> None:
    stop = threading.Event()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, lambda _signum, _frame: stop.set())
    loop(stop)


class _StopSignalError(Exception):
    """Raised by the supervisor's signal handler to leave its wait."""


class _Supervisor:
    def __init__(
        self,
        host: str,
        port: int,
        threads: int,
        processes: int,
        analysis: AnalysisLoop | None,
    ) -> None:
        self.host, self.port, self.threads, self.processes = host, port, threads, processes
        self.roles = ["web"] + (["analysis"] if analysis is not None else [])
        self.analysis = analysis
        self.children: dict[int, tuple[str, float]] = {}  # pid -> (role, started at)

    def start(self, role: str) -> None:
        _close_database_connections()
        parent = os.getpid()
        pid = os.fork()
        if pid == 0:  # the child: serve until killed, never return into the supervisor's code
            code = 0
            try:
                _exit_when_orphaned(parent)
                if role == "web":
                    _web_child(self.host, self.port, self.threads, self.processes)
                elif self.analysis is not None:
                    _analysis_child(self.analysis)
            except BaseException:  # noqa: BLE001 (report, then leave without running the parent's code)
                log.exception("assembly serve: the %s process failed", role)
                code = 1
            finally:
                os._exit(code)
        self.children[pid] = (role, time.monotonic())

    def run(self) -> int:
        def stop(_signum: int, _frame: object) -> None:
            raise _StopSignalError

        previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGINT)}
        try:
            for role in self.roles:
                self.start(role)
            while True:
                pid, status = os.wait()
                role, started = self.children.pop(pid, ("", 0.0))
                if not role:
                    continue
                log.error("assembly serve: the %s process %d ended (%s); starting another", role, pid, status)
                if time.monotonic() - started < QUICK_DEATH_SECONDS:
                    time.sleep(RESTART_PAUSE_SECONDS)
                self.start(role)
        except (_StopSignalError, KeyboardInterrupt):
            pass
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
            self.stop_children()
        return 0

    def stop_children(self) -> None:
        for pid in self.children:
            _signal(pid, signal.SIGTERM)
        deadline = time.monotonic() + STOP_GRACE_SECONDS
        while self.children and time.monotonic() < deadline:
            for pid in list(self.children):
                done, _status = os.waitpid(pid, os.WNOHANG)
                if done:
                    self.children.pop(pid)
            time.sleep(0.05)
        for pid in self.children:
            _signal(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        self.children.clear()


def _signal(pid: int, sig: int) -> None:
    try:
        os.kill(pid, sig)
    except ProcessLookupError:
        pass


def serve(
    *,
    host: str,
    port: int,
    threads: int,
    processes: int,
    analysis: AnalysisLoop | None = None,
) -> int:
    """Serve the site (:func:`web_application`) on ``host``:``port`` until stopped; the exit status.

    Parameters
    ----------
    host, port : where to listen.
    threads : request threads per web process.
    processes : web processes (each listens on the port); 1 or more.
    analysis : the background analysis loop, run in a process of its own until the event it is given
        is set; None for none.

    Raises
    ------
    OSError : another process listens on the port.
    """
    check_port_free(host, port)
    if hasattr(os, "fork"):
        return _Supervisor(host, port, threads, processes, analysis).run()
    stop = threading.Event()  # no fork (Windows): one web process, the analysis in a thread
    if analysis is not None:
        threading.Thread(target=analysis, args=(stop,), name="assembly-analysis", daemon=True).start()
    try:
        _run_granian(host, port, threads, 1)
    finally:
        stop.set()
    return 0
