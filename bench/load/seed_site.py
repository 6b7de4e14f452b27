"""Create an open consultation for a load or reliability run; print what clients need as JSON.

Run with the environment of :meth:`bench.load.harness.Database.env` (production settings, the run's
database)::

    python bench/load/seed_site.py --slug load --statements 50 --staff admin:secret --tokens 10

Prints ``{"slug": ..., "statements": [numbers], "tokens": [participant tokens]}``. With
``--simulated N`` the consultation starts with N simulated participants' votes (the Culture-for-AI
paper's statements), so its analysis takes a noticeable time.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PAPER_STATEMENTS = ROOT / "data" / "culture-for-ai" / "paper-statements.csv"
SIMULATION_SEED = 2025


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--slug", default="load")
    parser.add_argument(
        "--statements", type=int, default=50, help="seed statements (ignored with --simulated)"
    )
    parser.add_argument("--simulated", type=int, default=0, help="simulated participants with votes")
    parser.add_argument(
        "--tokens", type=int, default=0, help="participants to create; their tokens are printed"
    )
    parser.add_argument("--staff", default="", help="USER:PASSWORD of a staff account to create")
    parser.add_argument("--post-moderation", action="store_true")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "assembly.config.settings.production")
    import django

    django.setup()
    from django.contrib.auth import get_user_model

    from assembly.consultations import services
    from assembly.consultations.models import ModerationMode, Statement

    mode = ModerationMode.POST if args.post_moderation else ModerationMode.PRE
    if args.simulated:
        from assembly.consultations.datasets import import_dataset
        from assembly.simulate import read_marginals, simulate_consultation

        dataset = simulate_consultation(
            participants=args.simulated,
            groups=2,
            group_shares=(0.32, 0.68),
            marginals=read_marginals(PAPER_STATEMENTS),
            seed=SIMULATION_SEED,
        )
        consultation = import_dataset(
            dataset, slug=args.slug, title="Load", question="Load?", results_public=True, moderation_mode=mode
        )
    else:
        consultation = services.create_consultation(
            slug=args.slug, title="Load", question="Load?", results_public=True, moderation_mode=mode
        )
        services.add_seed_statements(consultation, texts=[f"Statement {i}" for i in range(args.statements)])
    tokens = [services.create_participant(consultation)[1] for _i in range(args.tokens)]
    if args.staff:
        user, password = args.staff.split(":", 1)
        get_user_model().objects.create_user(user, password=password, is_staff=True, is_superuser=True)
    numbers = list(
        Statement.objects.visible_to_participants(consultation)
        .order_by("number")
        .values_list("number", flat=True)
    )
    print(json.dumps({"slug": consultation.slug, "statements": numbers, "tokens": tokens}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
