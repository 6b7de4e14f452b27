"""How ``assembly serve`` runs its processes (assembly.config.serving): web processes sharing the port, the
analysis process, restarts of a dead child, and no orphan left when the supervisor goes."""

from __future__ import annotations

import os
import signal
import time
import urllib.request
from pathlib import Path

import pytest

from assembly.config import serving
from bench.load.harness import Service, create_database

# How long a test waits for processes to appear or go (a loaded CI machine is slow to start Python).
WAIT_SECONDS = 60


@pytest.mark.parametrize(("cores", "expected"), [({0}, 2), ({0, 1}, 4), ({0, 1, 2}, 6), (set(range(8)), 8)])
def test_default_processes_is_two_per_usable_core_up_to_eight(monkeypatch, cores, expected):
    """Check that one core gives 2 web processes, two give 4, three 6, and eight cores are capped at 8."""
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: cores)
    assert serving.default_processes() == expected


def _children(pid: int) -> dict[int, str]:
    """Child pid -> command line of the live processes whose parent is ``pid`` (zombies left out: a
    killed process and its dead children stay listed a moment before they are reaped)."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        state, parent = stat.rsplit(")", 1)[1].split()[:2]
        if int(parent) == pid and state != "Z":
            found[int(entry.name)] = cmdline
    return found


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return Path(f"/proc/{pid}/stat").exists() and " Z " not in Path(f"/proc/{pid}/stat").read_text()


def _wait_for(condition, what: str) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while not condition():
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        time.sleep(0.1)


def _answers(service: Service) -> bool:
    with urllib.request.urlopen(f"{service.base_url}/api/consultations", timeout=10) as response:
        return response.status == 200


def _descendants(pid: int) -> set[int]:
    """Every process below ``pid``: its children, theirs, and so on."""
    found: set[int] = set()
    todo = [pid]
    while todo:
        children = set(_children(todo.pop())) - found
        found |= children
        todo.extend(children)
    return found


def _roles(service: Service) -> tuple[int, int, set[int]]:
    """(granian's process, the analysis process, the web processes) of a running ``assembly serve``."""
    children = _children(service.pid)
    granian = [pid for pid in children if _children(pid)]
    analysis = [pid for pid in children if pid not in granian]
    assert len(granian) == 1 and len(analysis) == 1, children
    return granian[0], analysis[0], set(_children(granian[0]))


def _complete(service: Service) -> bool:
    """Granian with its two web processes, and the analysis process, are there."""
    children = _children(service.pid)
    return len(children) == 2 and sum(len(_children(pid)) == 2 for pid in children) == 1


@pytest.fixture
def supervised(tmp_path):
    """``assembly serve --processes 2`` (with its analysis process) on a fresh SQLite database."""
    database = create_database("sqlite", tmp_path / "site")
    service = Service(database, args=("--processes", "2"))
    try:  # stopped even when it fails to start: a server left running would load the other tests
        service.start()
        _wait_for(lambda: _complete(service), "granian's two web processes and the analysis process")
        yield service
    finally:
        service.stop()


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads the process table from /proc (Linux)")
def test_a_killed_web_process_is_replaced_and_the_site_keeps_answering(supervised):
    """Check that after SIGKILL of one web process granian starts another (two again, the dead one gone)
    and requests are still answered."""
    granian, _analysis, web = _roles(supervised)
    victim = min(web)
    os.kill(victim, signal.SIGKILL)
    _wait_for(lambda: victim not in _children(granian), "the killed process to be reaped")
    _wait_for(lambda: len(_children(granian)) == 2, "a replacement web process")
    assert all(_answers(supervised) for _i in range(10))


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads the process table from /proc (Linux)")
def test_when_granian_is_killed_its_web_processes_go_and_the_supervisor_starts_it_again(supervised):
    """Check that SIGKILL of granian's own process takes its web processes with it at once (none is left
    serving the port) and the supervisor starts granian again, with new web processes that answer."""
    granian, analysis, web = _roles(supervised)
    os.kill(granian, signal.SIGKILL)
    _wait_for(lambda: not any(_alive(pid) for pid in web), "the orphaned web processes to exit")
    _wait_for(
        lambda: granian not in _children(supervised.pid) and _complete(supervised),
        "granian started again with two web processes",
    )
    new_granian, same_analysis, new_web = _roles(supervised)
    assert new_granian != granian and same_analysis == analysis and not new_web & web
    supervised.wait_ready()
    assert all(_answers(supervised) for _i in range(10))


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads the process table from /proc (Linux)")
def test_children_leave_when_the_supervisor_is_killed_and_the_port_is_free_again(supervised):
    """Check that when only the supervisor is killed, every process below it exits by itself, so a new
    server can listen on the same port."""
    below = _descendants(supervised.pid)
    assert len(below) == 4  # granian, its two web processes, the analysis
    os.kill(supervised.pid, signal.SIGKILL)
    supervised.process.wait()
    _wait_for(lambda: not any(_alive(pid) for pid in below), "the orphaned processes to exit")
    supervised.start()
    assert _answers(supervised)


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads the process table from /proc (Linux)")
def test_sigterm_stops_every_process_and_exits_with_zero(supervised):
    """Check that SIGTERM to the supervisor ends every process below it and the supervisor, with status 0."""
    below = _descendants(supervised.pid)
    os.kill(supervised.pid, signal.SIGTERM)
    assert supervised.process.wait(WAIT_SECONDS) == 0
    assert not any(_alive(pid) for pid in below)


def test_a_second_server_on_a_port_in_use_is_refused_and_the_first_keeps_serving(supervised):
    """Check that ``assembly serve`` on the port of a running one exits with status 2 and a message naming
    the port, instead of sharing the port (granian's web processes listen with SO_REUSEPORT)."""
    second = Service(supervised.database, port=supervised.port)
    second.start(wait=False)
    assert second.process is not None
    assert second.process.wait(WAIT_SECONDS) == 2
    assert f"cannot listen on 127.0.0.1:{supervised.port}" in second.log()
    assert all(_answers(supervised) for _i in range(10))
