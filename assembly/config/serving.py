"""How ``assembly serve`` runs: waitress processes sharing one listening socket, and the background
analysis in a process of its own.

Python runs one thread at a time per process, so a single waitress process uses one core however many
threads it has, and an analysis thread in the same process makes every request wait its turn. Where
the platform can ``fork`` (Linux, macOS), :func:`serve` therefore opens the listening socket, then starts
``processes`` web processes that all accept from it (the kernel spreads the connections) and, when
asked, one analysis process; it watches them and starts again any that dies. Elsewhere (Windows) it
falls back to one waitress process with the analysis in a thread.

Stopping: SIGTERM or SIGINT (Ctrl+C) to the supervising process stops the children and exits. If the
supervisor itself is killed, each child notices within :data:`ORPHAN_CHECK_SECONDS` and exits, so a
restart never finds the port taken by an orphan. Killing the whole process group (systemd's default)
stops everything at once; every vote is one transaction, so nothing half-written remains.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import threading
import time
from collections.abc import Callable
from typing import Any

__all__ = ["ORPHAN_CHECK_SECONDS", "default_processes", "listen", "serve"]

log = logging.getLogger(__name__)

# Web processes when --processes is not given: this many per core this process may use, at most
# MAX_DEFAULT_PROCESSES (each holds its own copy of Django and NumPy: about 150 MB). Two per core, of 4
# threads each, answered faster under load than one per core of 8 threads (fewer threads taking turns
# at each process's interpreter lock; docs/reliability.md, item 15).
PROCESSES_PER_CORE = 2
MAX_DEFAULT_PROCESSES = 8
# Pending connections the kernel queues for the listening socket (waitress's own default is 1024).
LISTEN_BACKLOG = 1024
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


def listen(host: str, port: int) -> socket.socket:
    """A listening TCP socket on ``host``:``port`` (IPv6 when the host is an IPv6 address)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    return socket.create_server((host, port), family=family, backlog=LISTEN_BACKLOG)


def _run_waitress(application: Any, sock: socket.socket, threads: int) -> None:
    import waitress

    server = waitress.create_server(application, sockets=[sock], threads=threads, ident="assembly")
    server.run()


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


def _web_child(application: Any, sock: socket.socket, threads: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C reaches the supervisor, which stops us
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _run_waitress(application, sock, threads)


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
        application: Any,
        sock: socket.socket,
        threads: int,
        processes: int,
        analysis: AnalysisLoop | None,
    ) -> None:
        self.application, self.sock, self.threads = application, sock, threads
        self.roles = ["web"] * processes + (["analysis"] if analysis is not None else [])
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
                    _web_child(self.application, self.sock, self.threads)
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
    application: Any,
    *,
    host: str,
    port: int,
    threads: int,
    processes: int,
    analysis: AnalysisLoop | None = None,
) -> int:
    """Serve ``application`` on ``host``:``port`` until stopped; the exit status.

    Parameters
    ----------
    application : the WSGI application.
    host, port : where to listen.
    threads : request threads per web process.
    processes : web processes (all share the listening socket); 1 or more.
    analysis : the background analysis loop, run in a process of its own until the event it is given
        is set; None for none.
    """
    sock = listen(host, port)
    if hasattr(os, "fork"):
        return _Supervisor(application, sock, threads, processes, analysis).run()
    stop = threading.Event()  # no fork (Windows): one process, the analysis in a thread
    if analysis is not None:
        threading.Thread(target=analysis, args=(stop,), name="assembly-analysis", daemon=True).start()
    try:
        _run_waitress(application, sock, threads)
    finally:
        stop.set()
    return 0
