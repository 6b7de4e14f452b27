"""The web platform's commands: ``assembly serve``, ``migrate``, ``createsuperuser`` and ``demo``.

``serve`` applies migrations, then runs the site with granian (a production-grade HTTP server written
in Rust, running the WSGI application): two web processes per core (at most 8, ``--processes``) of
several threads each, sharing the port, and, unless ``--no-analysis``, the background analysis in a
process of its own (:mod:`assembly.config.serving`). ``demo`` sets up a ready-to-explore site: a
moderator login, a simulated "Culture for AI" consultation and a real pol.is open-data conversation,
then serves it.

Settings: ``assembly.config.settings.production`` unless ``DJANGO_SETTINGS_MODULE`` says otherwise
(another module is named in a warning; one that turns on ``DEBUG`` is refused before anything is done);
the database is SQLite under ``var/`` (or ``$ASSEMBLY_DATA_DIR``) unless ``DATABASE_URL`` is set.
"""

from __future__ import annotations

import argparse
import os
import secrets
import sys
import threading
from pathlib import Path

from assembly.cli.output import say

DEFAULT_SETTINGS = "assembly.config.settings.production"
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
# Worker threads of each web process. Requests are short (a vote is one small transaction); with two
# processes per core, 4 threads each keep the cores busy while some requests wait on the database.
DEFAULT_THREADS = 4

# The demo's inputs, in the repository's data folder.
DATA_DIR = Path(__file__).resolve().parents[2] / "data"
PAPER_STATEMENTS = DATA_DIR / "culture-for-ai" / "paper-statements.csv"
OPEN_DATA = DATA_DIR / "polis-open-data" / "bg2050-volunteers"
# The simulated consultation follows the paper: 372 participants, two groups of 32% and 68%.
DEMO_PARTICIPANTS = 372
DEMO_GROUP_SHARES = (0.32, 0.68)
DEMO_SEED = 2025
DEMO_SIMULATED_SLUG = "culture-for-ai-simulated"
DEMO_OPEN_DATA_SLUG = "bg2050-volunteers"
# The demo's staff account is a superuser called "moderator-" and 12 random hexadecimal digits (48
# bits): a fixed, well-known name would tell everyone which account to guess or lock.
DEMO_MODERATOR_PREFIX = "moderator-"


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    serve = sub.add_parser(
        "serve",
        help="run the web platform (applies migrations first)",
        description="Apply database migrations, then serve the web platform with granian.",
    )
    _server_options(serve)
    serve.set_defaults(func=run_serve)

    migrate = sub.add_parser("migrate", help="create or update the web platform's database tables")
    migrate.set_defaults(func=run_migrate)

    superuser = sub.add_parser(
        "createsuperuser",
        help="create a staff account with every permission",
        description="Create a superuser (facilitator, moderator and admin). Asks for the password.",
    )
    superuser.add_argument("--username")
    superuser.add_argument("--email", default="")
    superuser.set_defaults(func=run_createsuperuser)

    demo = sub.add_parser(
        "demo",
        help="set up a demo site (moderator login, a simulated and a real consultation) and serve it",
        description=(
            "Create the SQLite database, a moderator login (printed), a simulated 'Culture for AI' "
            "consultation shaped to the 2025 paper's figures and the real pol.is open-data conversation "
            "bg2050-volunteers, then serve. Running it again reuses what exists."
        ),
    )
    _server_options(demo)
    demo.add_argument("--no-serve", action="store_true", help="set up only, do not start the server")
    demo.set_defaults(func=run_demo)


def _server_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default=DEFAULT_HOST, help=f"address to listen on (default {DEFAULT_HOST})")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT})")
    parser.add_argument(
        "--threads", type=int, default=DEFAULT_THREADS, help=f"request threads (default {DEFAULT_THREADS})"
    )
    parser.add_argument(
        "--processes",
        type=int,
        default=None,
        help="web processes sharing the port (default: two per core, at most 8)",
    )
    parser.add_argument(
        "--no-analysis", action="store_true", help="no background analysis here (run `assembly worker`)"
    )


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", DEFAULT_SETTINGS)
    import django

    django.setup()
    from assembly.config.checks import refuse_invalid_settings

    refuse_invalid_settings()


def _migrate(verbosity: int = 0) -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=verbosity)


def setup_database() -> None:
    """Configure Django and apply migrations: for any command that uses the platform's database."""
    _setup()
    _migrate()


def run_migrate(args: argparse.Namespace) -> int:
    _setup()
    _migrate(verbosity=1)
    return 0


def run_createsuperuser(args: argparse.Namespace) -> int:
    _setup()
    from django.core.management import call_command

    options = {"email": args.email}
    if args.username:
        options["username"] = args.username
    _migrate()
    call_command("createsuperuser", **options)
    return 0


def run_serve(args: argparse.Namespace) -> int:
    _setup()
    if not _settings_fit_to_serve():
        return 2
    _migrate()
    return _serve(args)


def _settings_fit_to_serve() -> bool:
    """False, after saying why on standard error, when the settings turn on ``DEBUG``: its error pages
    show any visitor the code, the request and the settings. Listening on the loopback address is no
    excuse, since a reverse proxy may publish it. A settings module other than the production one is
    allowed (a site may extend it) but named in a warning, so it is never used unnoticed."""
    from django.conf import settings

    module = os.environ.get("DJANGO_SETTINGS_MODULE", DEFAULT_SETTINGS)
    if settings.DEBUG:
        say(
            f"assembly serve: error: the settings module {module} (DJANGO_SETTINGS_MODULE) turns on DEBUG, "
            "whose error pages show visitors the code and the settings. Unset DJANGO_SETTINGS_MODULE to "
            f"serve with {DEFAULT_SETTINGS}; for development, use `django-admin runserver`.",
            file=sys.stderr,
        )
        return False
    if module != DEFAULT_SETTINGS:
        say(
            f"assembly serve: warning: serving with the settings module {module} (DJANGO_SETTINGS_MODULE), "
            f"not {DEFAULT_SETTINGS}.",
            file=sys.stderr,
            flush=True,
        )
    return True


def _serve(args: argparse.Namespace) -> int:
    from assembly.config.serving import default_processes

    processes = default_processes() if args.processes is None else args.processes
    if args.threads < 1 or processes < 1 or not 0 < args.port < 65536:
        say(
            "assembly serve: error: --threads and --processes must be 1 or more and --port 1-65535",
            file=sys.stderr,
        )
        return 2
    from django.apps import apps
    from django.conf import settings
    from django.urls import get_resolver

    from assembly.config import serving
    from assembly.config.wsgi import application  # noqa: F401 (loaded once here, shared by every process)

    try:
        serving.check_port_free(args.host, args.port)
    except OSError as error:
        say(f"assembly serve: error: cannot listen on {args.host}:{args.port}: {error}", file=sys.stderr)
        return 2
    # Load every view (and the analysis they import) before listening: otherwise the first requests
    # after a (re)start wait several seconds for the imports, and a health check passes too early.
    # Loaded before the web processes start, the code is shared by all of them.
    get_resolver().url_patterns  # noqa: B018 (the attribute access is the import)
    analysis = None
    if not args.no_analysis and apps.is_installed("assembly.results"):
        analysis = _analysis_loop
    host_for_url = "localhost" if args.host in ("127.0.0.1", "0.0.0.0", "::") else args.host  # noqa: S104
    say(f"Assembly is running at http://{host_for_url}:{args.port}/  (Ctrl+C to stop)", flush=True)
    if args.host not in ("127.0.0.1", "localhost", "::1") and "*" not in settings.ALLOWED_HOSTS:
        say(
            "Other machines must use a host name listed in ASSEMBLY_ALLOWED_HOSTS "
            f"(now: {', '.join(settings.ALLOWED_HOSTS)}).",
            flush=True,
        )
    return serving.serve(
        host=args.host,
        port=args.port,
        threads=args.threads,
        processes=processes,
        analysis=analysis,
    )


def _analysis_loop(stop: threading.Event) -> None:
    """The background analysis, as ``assembly serve`` runs it (in its own process)."""
    from django.db import connections

    from assembly.results.runner import default_owner, run_forever

    try:
        run_forever(owner=default_owner("serve"), stop=stop)
    finally:
        connections.close_all()


# --------------------------------------------------------------------------------------------------
# Demo


def run_demo(args: argparse.Namespace) -> int:
    _setup()
    if not args.no_serve and not _settings_fit_to_serve():
        return 2
    _migrate()
    from django.conf import settings

    username, password = _demo_moderator(Path(settings.DATA_DIR))
    created = [_demo_simulated(), _demo_open_data()]
    for slug, is_new in created:
        say(f"{'Created' if is_new else 'Reusing'} consultation /c/{slug}/")
    say(f"Moderator login: {username} / {password}   (kept in {Path(settings.DATA_DIR) / 'demo-login.txt'})")
    if args.no_serve:
        return 0
    return _serve(args)


def _demo_moderator(data_dir: Path) -> tuple[str, str]:
    """The demo's staff account (a random user name) and its password, kept in the data folder so a
    second run can print them; a new account is made when the file or its account is missing."""
    from django.contrib.auth import get_user_model

    file = data_dir / "demo-login.txt"
    user_model = get_user_model()
    kept = file.read_text().split() if file.exists() else []
    if len(kept) == 2 and user_model.objects.filter(username=kept[0]).exists():
        return kept[0], kept[1]
    username = DEMO_MODERATOR_PREFIX + secrets.token_hex(6)
    password = secrets.token_urlsafe(12)
    user_model.objects.create_superuser(username, email="", password=password)
    data_dir.mkdir(parents=True, exist_ok=True)
    file.write_text(f"{username} {password}\n")
    file.chmod(0o600)
    return username, password


def _demo_simulated() -> tuple[str, bool]:
    from assembly.consultations.datasets import import_dataset
    from assembly.consultations.models import Consultation
    from assembly.simulate import read_marginals, simulate_consultation

    if Consultation.objects.filter(slug=DEMO_SIMULATED_SLUG).exists():
        return DEMO_SIMULATED_SLUG, False
    dataset = simulate_consultation(
        participants=DEMO_PARTICIPANTS,
        groups=len(DEMO_GROUP_SHARES),
        group_shares=DEMO_GROUP_SHARES,
        marginals=read_marginals(PAPER_STATEMENTS),
        seed=DEMO_SEED,
    )
    import_dataset(
        dataset,
        slug=DEMO_SIMULATED_SLUG,
        title="Culture for AI (simulated demo data)",
        question="How should the cultural heritage sector approach AI?",
        description=(
            "SIMULATED DATA for demonstration. The statements are those quoted in the 2025 Europeana "
            "Alignment Assembly paper; the votes are simulated (372 participants, two opinion groups of "
            "32% and 68%) to match the paper's published figures. No real person cast these votes."
        ),
        results_public=True,
    )
    return DEMO_SIMULATED_SLUG, True


def _demo_open_data() -> tuple[str, bool]:
    from assembly.consultations.datasets import import_dataset
    from assembly.consultations.models import Consultation
    from assembly.polis import read_export

    if Consultation.objects.filter(slug=DEMO_OPEN_DATA_SLUG).exists():
        return DEMO_OPEN_DATA_SLUG, False
    dataset = read_export(OPEN_DATA)
    topic = dataset.summary.get("topic") or DEMO_OPEN_DATA_SLUG
    import_dataset(
        dataset,
        slug=DEMO_OPEN_DATA_SLUG,
        description=(
            f"A real pol.is conversation ({dataset.summary.get('url', 'pol.is')}), imported from the "
            "Computational Democracy Project's open data (CC BY 4.0). Data was gathered using the Polis "
            "software (compdemocracy.org/polis) and is sub-licensed under CC BY 4.0 with Attribution to "
            "The Computational Democracy Project."
        ),
        question=topic,
        results_public=True,
    )
    return DEMO_OPEN_DATA_SLUG, True
