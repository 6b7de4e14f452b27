"""What an anonymous visitor's reads cost on a large consultation: the similar-statements look-up that
the submission page asks for while a participant types, and the statements API (issue 11, item 14).

Usage (``PYTHONPATH`` chooses the code measured, e.g. a checkout of the version before a change)::

    PYTHONPATH=. .venv/bin/python bench/web_similar.py                    # 10,000 statements, SQLite
    PYTHONPATH=. .venv/bin/python bench/web_similar.py --statements 2000 --requests 50
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/assembly_bench PYTHONPATH=. \
        .venv/bin/python bench/web_similar.py

Builds a consultation of ``--statements`` seed statements (sentences of 10 to 18 words drawn from a
fixed vocabulary, about 100 characters, all different) in a fresh SQLite file (or the database
``DATABASE_URL`` names: the consultation ``bench-similar`` in it is replaced), then sends requests
through Django's test client, in this process, and reports the median CPU time and wall time per
request:

- ``GET /c/<slug>/similar/?text=...`` with a different draft each time (as typing sends them), the
  first request apart (it builds what later ones may reuse); the rate limit is set high enough not to
  refuse, so its counter's cost is included;
- ``GET /api/consultations/<slug>/statements``: the answer's size, and, when the list comes in pages,
  reading every page.

Prints a Markdown table. Not a test: nothing is asserted; docs/reliability-log.md records the figures.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time

SLUG = "bench-similar"
WORDS = (
    "museums libraries archives should must could never always openly clearly label publish share "
    "explain protect train use AI models data images texts collections visitors staff artists "
    "communities public funding rules consent licences rights access heritage culture digital "
    "generated synthetic human curators volunteers schools research open transparent fair local "
    "national european small large every some more less before after with without for about their "
    "our the a and or but not only also when if because records metadata catalogues copies originals"
).split()


def _sentences(count: int, seed: int = 1) -> list[str]:
    rng, seen = random.Random(seed), set()
    while len(seen) < count:
        words = rng.choices(WORDS, k=rng.randint(10, 18))
        seen.add((" ".join(words)).capitalize()[:140])
    return sorted(seen)


def _timed(fn, repeats: int) -> tuple[float, float]:
    """Median wall and CPU seconds (this process) of ``repeats`` calls."""
    walls, cpus = [], []
    for i in range(repeats):
        wall, cpu = time.perf_counter(), time.process_time()
        fn(i)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--statements", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=30, help="requests measured per row")
    args = parser.parse_args()

    os.environ.setdefault("ASSEMBLY_DATA_DIR", tempfile.mkdtemp(prefix="assembly-bench-similar-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "assembly.config.settings.production")
    os.environ["ASSEMBLY_ALLOWED_HOSTS"] = "testserver"
    os.environ["ASSEMBLY_RATE_LIMIT_SIMILAR_PER_MINUTE"] = str(10**9)  # counted, never refused
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    from django.test import Client

    import assembly
    from assembly.consultations import services
    from assembly.consultations.models import Consultation

    Consultation.objects.filter(slug=SLUG).delete()
    consultation = services.create_consultation(slug=SLUG, title="Bench", question="Q?")
    texts = _sentences(args.statements)
    start = time.perf_counter()
    services.add_seed_statements(consultation, texts=texts)
    print(f"code: {os.path.dirname(assembly.__file__)}", flush=True)
    print(f"seeded {len(texts):,} statements in {time.perf_counter() - start:.1f} s", flush=True)

    client = Client()
    for page in (f"/c/{SLUG}/submit/", "/api/consultations"):  # the first requests load views and templates
        client.get(page)
    rng = random.Random(2)
    drafts = [" ".join(rng.choices(WORDS, k=rng.randint(4, 12))) for _ in range(args.requests + 1)]

    def similar(i: int) -> None:
        response = client.get(f"/c/{SLUG}/similar/", {"text": drafts[i]})
        assert response.status_code == 200, response.status_code

    first_wall, first_cpu = _timed(lambda i: similar(args.requests), 1)
    wall, cpu = _timed(similar, args.requests)

    api = f"/api/consultations/{SLUG}/statements"
    first = client.get(api)
    size = len(first.content)
    body = first.json()
    paged = isinstance(body, dict)
    shown = len(body["items"]) if paged else len(body)
    api_wall, api_cpu = _timed(lambda i: client.get(api), max(5, args.requests // 3))

    def every_page(i: int) -> None:
        page = client.get(api).json()
        while page["next"]:
            page = client.get(page["next"]).json()

    rows = [
        ("similar look-up, first request", first_cpu, first_wall, ""),
        ("similar look-up, later requests (median)", cpu, wall, ""),
        ("statements API, one request", api_cpu, api_wall, f"{size:,} bytes, {shown:,} statements"),
    ]
    if paged:
        all_wall, all_cpu = _timed(every_page, 3)
        rows.append(("statements API, every page", all_cpu, all_wall, f"{-(-len(texts) // shown)} pages"))
    engine = "PostgreSQL" if os.environ.get("DATABASE_URL") else "SQLite"
    print(f"\n{len(texts):,} statements, {engine}, {args.requests} requests a row\n")
    print("| request | CPU ms | wall ms | answer |")
    print("|---|---:|---:|---|")
    for name, cpu_s, wall_s, note in rows:
        print(f"| {name} | {cpu_s * 1000:.1f} | {wall_s * 1000:.1f} | {note} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
