"""``assembly import --slug`` and ``assembly export SLUG`` of a large simulated pol.is export.

Usage::

    .venv/bin/python bench/import_export.py                          # 100,000 x 1,000 on SQLite
    .venv/bin/python bench/import_export.py --postgres postgres://postgres@127.0.0.1:5432/assembly_bench
    .venv/bin/python bench/import_export.py --participants 1000000 --malformed

The export is generated once with ``assembly simulate --groups 3 --seed 1`` into ``bench/.cache/``
(git-ignored). Each database starts empty: a fresh SQLite folder (``ASSEMBLY_DATA_DIR``), or, with
``--postgres URL``, that database dropped and created again (its name must start with
``assembly_bench``: the benchmark deletes it). Then, as whole processes, one after the other:
``assembly migrate``, ``assembly import CASE --slug bench`` and ``assembly export bench --out DIR``.
With ``--malformed``, also ``assembly import`` of a copy whose votes.csv has a participant id that is
not a number on its next-to-last line: it must exit 1 naming that line, and leave nothing.

Wall time is measured around each child; CPU time (user + system) and peak memory (maximum resident
set size) are the kernel's figures for the child when it is reaped (``os.wait4``); on PostgreSQL the
server's own work is in neither. BLAS thread pools are set to one thread. See docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
CACHE = BENCH / ".cache"
THREAD_ENV = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
BYTES_PER_MB = 1_000_000
SLUG = "scale-bench"  # not the name of a folder in the repository (export takes a path first)
# A benchmark database is deleted and created again: only names with this prefix are accepted.
POSTGRES_PREFIX = "assembly_bench"


@dataclass
class Run:
    """One child process: what it was, how long it took, its CPU time and peak memory, its exit code."""

    step: str
    wall: float
    cpu: float
    peak_mb: float
    code: int
    stderr: str


def run(step: str, command: list[str], env: dict[str, str]) -> Run:
    started = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        child = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=err)
        _pid, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - started
        err.seek(0)
        stderr = err.read().decode(errors="replace")
    code = os.waitstatus_to_exitcode(status)
    peak_mb = usage.ru_maxrss * 1024 / BYTES_PER_MB  # ru_maxrss is in KiB on Linux
    return Run(step, wall, usage.ru_utime + usage.ru_stime, peak_mb, code, stderr)


def generate(participants: int, statements: int) -> Path:
    folder = CACHE / f"sim-{participants}-{statements}"
    if not (folder / "votes.csv").exists():
        command = [sys.executable, "-m", "assembly", "simulate", "--participants", str(participants)]
        command += ["--statements", str(statements), "--groups", "3", "--seed", "1", "--out", str(folder)]
        subprocess.run(command, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    return folder


def malformed_copy(source: Path, into: Path) -> tuple[Path, int]:
    """A copy of ``source`` whose votes.csv's next-to-last line has 'oops' as its voter id, and that
    line's number (1 is the header). The file is copied in blocks: memory stays small."""
    shutil.copytree(source, into, ignore=shutil.ignore_patterns("votes.csv"))
    size = (source / "votes.csv").stat().st_size
    with open(source / "votes.csv", "rb") as f, open(into / "votes.csv", "wb") as out:
        lines = 0
        tail_at = max(0, size - 4096)
        while f.tell() < tail_at:
            block = f.read(min(1 << 24, tail_at - f.tell()))
            lines += block.count(b"\n")
            out.write(block)
        tail = f.read().split(b"\n")
        fields = tail[-3].split(b",")  # the text ends with a newline: [-1] is empty, [-2] the last line
        fields[3] = b"oops"  # timestamp,datetime,comment-id,voter-id,vote
        tail[-3] = b",".join(fields)
        out.write(b"\n".join(tail))
    return into, lines + len(tail) - 2


def reset_postgres(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not name.startswith(POSTGRES_PREFIX):
        raise SystemExit(f"--postgres: the database name must start with {POSTGRES_PREFIX!r} (it is deleted)")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')


def bench_database(label: str, source: Path, env: dict[str, str], malformed: bool) -> list[Run]:
    assembly = [sys.executable, "-m", "assembly"]
    runs = [run("migrate", [*assembly, "migrate"], env)]
    runs.append(run("import --slug", [*assembly, "import", str(source), "--slug", SLUG], env))
    with tempfile.TemporaryDirectory() as out:
        runs.append(run("export SLUG", [*assembly, "export", SLUG, "--out", out], env))
    if malformed:
        with tempfile.TemporaryDirectory() as folder:
            bad, line = malformed_copy(source, Path(folder) / "bad")
            result = run("import --slug (malformed)", [*assembly, "import", str(bad), "--slug", "bad"], env)
            named = f"line {line}," in result.stderr
            result.step += f": exit {result.code}, line {line} named: {'yes' if named else 'NO'}"
            runs.append(result)
            check = [*assembly, "export", "bad", "--out", str(Path(folder) / "out")]
            left = run("export of the malformed slug", check, env)
            left.step += f": exit {left.code} ({'nothing imported' if left.code == 1 else 'IMPORTED'})"
            runs.append(left)
    for r in runs:
        if r.code != 0 and "malformed" not in r.step:
            raise SystemExit(f"{label}: {r.step} failed ({r.code}):\n{r.stderr[-2000:]}")
    return runs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, default=100_000)
    parser.add_argument("--statements", type=int, default=1_000)
    parser.add_argument("--postgres", metavar="URL", help="also on this PostgreSQL database (deleted first)")
    parser.add_argument("--no-sqlite", action="store_true", help="PostgreSQL only")
    parser.add_argument("--malformed", action="store_true", help="also a malformed copy (exit 1, nothing)")
    args = parser.parse_args()
    source = generate(args.participants, args.statements)
    base = {**os.environ, **THREAD_ENV, "PYTHONPATH": str(ROOT)}
    base.pop("DATABASE_URL", None)
    results: list[tuple[str, Run]] = []
    if not args.no_sqlite:
        with tempfile.TemporaryDirectory() as data:
            env = {**base, "ASSEMBLY_DATA_DIR": data}
            results += [("SQLite", r) for r in bench_database("SQLite", source, env, args.malformed)]
    if args.postgres:
        reset_postgres(args.postgres)
        env = {**base, "DATABASE_URL": args.postgres}
        results += [("PostgreSQL", r) for r in bench_database("PostgreSQL", source, env, args.malformed)]
    print(f"{source.name}: {args.participants:,} participants x {args.statements:,} statements")
    print("| database | step | wall s | CPU s | peak MB |")
    print("|---|---|---:|---:|---:|")
    for label, r in results:
        print(f"| {label} | {r.step} | {r.wall:.1f} | {r.cpu:.1f} | {r.peak_mb:.0f} |")


if __name__ == "__main__":
    main()
