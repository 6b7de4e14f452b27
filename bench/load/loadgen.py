"""An open-loop HTTP load generator for the participant API: threads in several processes, stdlib only.

Open loop: job *i* is due at ``start + i / rate`` whatever happened to earlier jobs, and its latency
counts from that due time. A slow server therefore shows as latency (jobs start late) instead of
quietly lowering the request rate, the "coordinated omission" of closed-loop generators.

One job is one step of one simulated participant (participants take turns, so each acts every
``participants / rate`` seconds):

- ``flow`` (the load benchmark): fetch the next statement (``GET .../statements/next``), then vote on
  it (``POST .../votes``) with a random value; with ``revote_share``, that share of steps instead
  changes one of the participant's earlier votes;
- ``page`` (the participant page, as browsers use it): load ``/c/<slug>/`` once, then vote with htmx
  (``POST /c/<slug>/vote/``), each vote answered with the card of the next statement;
- ``vote`` (the crash test): vote on a random statement of ``statements`` (re-votes included), without
  fetching first, so the request rate is the vote rate.

A participant's first vote creates them; the token in the answer is sent with every later request.
Every vote answered with 200 is recorded as acknowledged: ``(token, statement, value)``.
"""

from __future__ import annotations

import http.client
import json
import multiprocessing
import os
import random
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urlencode, urlsplit

__all__ = ["Ack", "LoadConfig", "LoadResult", "Sample", "percentile", "run_load", "run_load_process"]

# A request that has not been answered after this long counts as an error (status 0).
REQUEST_TIMEOUT_SECONDS = 30.0
PARTICIPANT_HEADER = "X-Participant-Token"
# The participant cookie's name is this prefix and the consultation's slug; the vote card's form
# carries the statement number in this hidden field.
COOKIE_PREFIX = "assembly_p_"
_CARD_STATEMENT = re.compile(rb'name="statement" value="(\d+)"')


@dataclass(frozen=True)
class Sample:
    """One request: its kind ("next", "vote"), when it was due (seconds after the start), how long it
    took from then (seconds), the HTTP status (0: no answer: refused, reset or timed out), and when the
    answer came (``time.monotonic()``, comparable across the machine's processes)."""

    kind: str
    due: float
    latency: float
    status: int
    at: float = 0.0


@dataclass(frozen=True)
class Ack:
    """A vote the server answered with 200, and when (``time.monotonic()``, the same clock in every
    process of the machine)."""

    token: str
    statement: int
    value: int
    at: float


@dataclass(frozen=True)
class LoadConfig:
    base_url: str
    slug: str
    rate: float  # jobs per second, over all processes
    duration: float  # seconds
    participants: int
    mode: str = "flow"  # or "vote"
    statements: tuple[int, ...] = ()  # for mode "vote"
    threads: int = 32  # per process
    processes: int = 2
    seed: int = 0
    process_index: int = 0
    stop_file: str = ""  # when this file exists, no new job starts (ends a run before ``duration``)
    revote_share: float = 0.0  # mode "flow": share of steps that change an earlier vote instead


@dataclass
class LoadResult:
    samples: list[Sample] = field(default_factory=list)
    acks: list[Ack] = field(default_factory=list)
    statuses: dict[str, int] = field(default_factory=dict)  # "kind status" -> count
    errors: list[str] = field(default_factory=list)  # the first few error texts
    tokens: dict[int, str] = field(default_factory=dict)  # participant index -> token

    def merge(self, other: LoadResult) -> None:
        self.samples += other.samples
        self.acks += other.acks
        for key, count in other.statuses.items():
            self.statuses[key] = self.statuses.get(key, 0) + count
        self.errors += other.errors[: max(0, 20 - len(self.errors))]
        self.tokens |= other.tokens

    def latencies(self, kind: str | None = None) -> list[float]:
        return [s.latency for s in self.samples if kind is None or s.kind == kind]

    def failures(self) -> int:
        """Requests answered with anything but 200, or not answered."""
        return sum(1 for s in self.samples if s.status != 200)

    def summary(self) -> dict[str, Any]:
        """Counts and latency percentiles (milliseconds), overall and per kind."""
        out: dict[str, Any] = {
            "requests": len(self.samples),
            "failures": self.failures(),
            "votes_acked": len(self.acks),
        }
        for kind in (None, "page", "next", "vote"):
            values = self.latencies(kind)
            if values:
                out[kind or "all"] = {
                    "count": len(values),
                    "p50_ms": round(1000 * percentile(values, 50), 1),
                    "p95_ms": round(1000 * percentile(values, 95), 1),
                    "p99_ms": round(1000 * percentile(values, 99), 1),
                    "max_ms": round(1000 * max(values), 1),
                }
        out["statuses"] = dict(sorted(self.statuses.items()))
        return out


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (nearest rank) of ``values``."""
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, int(round(q / 100 * len(ordered) + 0.5)) - 1))
    return ordered[rank]


@dataclass(frozen=True)
class _Answer:
    status: int
    body: bytes
    cookies: dict[str, str]

    def json(self) -> Any:
        try:
            return json.loads(self.body) if self.body else None
        except ValueError:
            return None


class _Http:
    """One keep-alive connection, reopened after any failure."""

    def __init__(self, base_url: str) -> None:
        parts = urlsplit(base_url)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.connection: http.client.HTTPConnection | None = None

    def request(
        self, method: str, path: str, *, body: bytes | None = None, headers: dict[str, str] | None = None
    ) -> _Answer:
        if self.connection is None:
            self.connection = http.client.HTTPConnection(
                self.host, self.port, timeout=REQUEST_TIMEOUT_SECONDS
            )
        try:
            self.connection.request(method, path, body=body, headers=headers or {})
            response = self.connection.getresponse()
            data = response.read()
        except Exception:
            self.connection.close()
            self.connection = None
            raise
        if response.getheader("Connection", "").lower() == "close":
            self.connection.close()
            self.connection = None
        cookies = {}
        for header in response.headers.get_all("Set-Cookie") or ():
            name, _eq, rest = header.partition("=")
            cookies[name.strip()] = rest.split(";", 1)[0]
        return _Answer(response.status, data, cookies)


def _card_statement(page: bytes) -> int | None:
    """The statement number of the vote card in a participant page or card fragment, if any."""
    found = _CARD_STATEMENT.search(page)
    return int(found.group(1)) if found else None


class _Run:
    """The state one process shares between its threads."""

    def __init__(self, config: LoadConfig) -> None:
        self.config = config
        self.result = LoadResult()
        self.lock = threading.Lock()
        self.next_job = 0
        self.rng = random.Random(config.seed * 1000 + config.process_index)
        self.start = 0.0
        self.busy: set[int] = set()
        self.voted: dict[int, set[int]] = {}  # participant -> statements voted on
        self.next_of: dict[int, int | None] = {}  # mode "page": the statement on the participant's card

    def record(self, kind: str, due: float, started: float, status: int, error: str = "") -> None:
        now = time.monotonic()
        with self.lock:
            self.result.samples.append(Sample(kind, due, now - self.start - due, status, now))
            key = f"{kind} {status}"
            self.result.statuses[key] = self.result.statuses.get(key, 0) + 1
            if error and len(self.result.errors) < 20:
                self.result.errors.append(f"{kind} at {started - self.start:.2f}s: {error}")

    def take(self) -> tuple[int, int, float] | None:
        """The next job: (job index, participant index, due time); None once the duration is over."""
        config = self.config
        per_process_rate = config.rate / config.processes
        with self.lock:
            index = self.next_job
            self.next_job += 1
        due = index / per_process_rate
        if due >= config.duration or (config.stop_file and os.path.exists(config.stop_file)):
            return None
        participant = (index * config.processes + config.process_index) % config.participants
        return index, participant, due

    def call(
        self, http: _Http, kind: str, due: float, method: str, path: str, **request: Any
    ) -> _Answer | None:
        """Send one request and record it; None when no answer came."""
        started = time.monotonic()
        try:
            answer = http.request(method, path, **request)
        except Exception as exc:  # noqa: BLE001 (a crashed server: every failure is a data point)
            self.record(kind, due, started, 0, f"{type(exc).__name__}: {exc}")
            return None
        error = "" if answer.status == 200 else f"HTTP {answer.status}: {answer.body[:300]!r}"
        self.record(kind, due, started, answer.status, error)
        return answer

    def api(self, http: _Http, kind: str, due: float, method: str, path: str, body: Any, token: str | None):
        headers = {"Accept": "application/json"}
        if body is not None:
            headers["Content-Type"] = "application/json"
        if token:
            headers[PARTICIPANT_HEADER] = token
        data = json.dumps(body).encode() if body is not None else None
        answer = self.call(http, kind, due, method, path, body=data, headers=headers)
        return (answer.status, answer.json()) if answer is not None else (0, None)

    def vote(self, http: _Http, participant: int, due: float, statement: int) -> None:
        value = self.rng.choice((1, -1, 0))
        token = self.result.tokens.get(participant)
        status, data = self.api(
            http,
            "vote",
            due,
            "POST",
            f"/api/consultations/{self.config.slug}/votes",
            {"statement": statement, "value": value},
            token,
        )
        if status == 200:
            token = token or data.get("participant_token")
            with self.lock:
                if token:
                    self.result.tokens[participant] = token
                self.voted.setdefault(participant, set()).add(statement)
                self.result.acks.append(Ack(token or "", statement, value, time.monotonic()))

    def page_step(self, http: _Http, participant: int, due: float) -> None:
        """The participant page as browsers use it: the page once, then votes sent by htmx, each answered
        with the vote card of the next statement."""
        slug = self.config.slug
        token = self.result.tokens.get(participant)
        cookie = {"Cookie": f"{COOKIE_PREFIX}{slug}={token}"} if token else {}
        statement = self.next_of.get(participant)
        if statement is None:
            answer = self.call(http, "page", due, "GET", f"/c/{slug}/", headers=cookie)
            statement = _card_statement(answer.body) if answer is not None and answer.status == 200 else None
            if statement is None:
                return
            due = time.monotonic() - self.start
        value = self.rng.choice((1, -1, 0))
        form = urlencode({"statement": statement, "value": value}).encode()
        headers = cookie | {"HX-Request": "true", "Content-Type": "application/x-www-form-urlencoded"}
        answer = self.call(http, "vote", due, "POST", f"/c/{slug}/vote/", body=form, headers=headers)
        if answer is None or answer.status != 200:
            return
        token = token or answer.cookies.get(f"{COOKIE_PREFIX}{slug}")
        with self.lock:
            if token:
                self.result.tokens[participant] = token
            self.result.acks.append(Ack(token or "", statement, value, time.monotonic()))
            self.next_of[participant] = _card_statement(answer.body)

    def step(self, http: _Http, participant: int, due: float) -> None:
        if self.config.mode == "page":
            self.page_step(http, participant, due)
            return
        if self.config.mode == "vote":
            self.vote(http, participant, due, self.rng.choice(self.config.statements))
            return
        voted = self.voted.get(participant)
        if voted and self.rng.random() < self.config.revote_share:  # a change of mind
            self.vote(http, participant, due, self.rng.choice(sorted(voted)))
            return
        token = self.result.tokens.get(participant)
        status, data = self.api(
            http, "next", due, "GET", f"/api/consultations/{self.config.slug}/statements/next", None, token
        )
        if status == 200 and data and data.get("statement"):
            self.vote(http, participant, time.monotonic() - self.start, int(data["statement"]["number"]))

    def worker(self) -> None:
        http = _Http(self.config.base_url)
        while True:
            job = self.take()
            if job is None:
                return
            _index, participant, due = job
            delay = self.start + due - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            with self.lock:
                if participant in self.busy:  # its previous step is still running: skip, count it
                    key = "skipped (participant busy)"
                    self.result.statuses[key] = self.result.statuses.get(key, 0) + 1
                    continue
                self.busy.add(participant)
            try:
                self.step(http, participant, due)
            finally:
                with self.lock:
                    self.busy.discard(participant)


def run_load_process(config: LoadConfig) -> LoadResult:
    """Run this process's share of the load (``config.process_index`` of ``config.processes``)."""
    run = _Run(config)
    run.start = time.monotonic()
    threads = [threading.Thread(target=run.worker, daemon=True) for _i in range(config.threads)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return run.result


def _ready(_index: int) -> bool:
    return True


def run_load(config: LoadConfig, *, during: Callable[[], None] | None = None) -> LoadResult:
    """Run the load from ``config.processes`` client processes and merge what they saw.

    ``during``, if given, runs in this process while the clients work (e.g. to kill the server).
    """
    context = multiprocessing.get_context("spawn")
    with context.Pool(config.processes) as pool:
        pool.map(_ready, range(config.processes))  # every client process started and imported
        pending = [
            pool.apply_async(run_load_process, (replace(config, process_index=k),))
            for k in range(config.processes)
        ]
        if during is not None:
            during()
        merged = LoadResult()
        for item in pending:
            merged.merge(item.get(timeout=config.duration + 4 * REQUEST_TIMEOUT_SECONDS + 60))
    return merged
