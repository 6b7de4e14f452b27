"""Settings shared by every situation.

Read from the environment (all optional):

``ASSEMBLY_DATA_DIR``
    Where the SQLite database and the generated secret key live. Default: ``var/`` under the current
    directory (gitignored in the repository).
``DATABASE_URL``
    A database URL (``postgres://user@host:5432/name``); when absent, SQLite in the data directory.
``ASSEMBLY_SECRET_KEY``
    Django's secret key. When absent, one is generated once and kept in ``<data dir>/secret_key``
    (fine for one machine; set it explicitly when several machines serve the same database).
``ASSEMBLY_STATIC_ROOT``
    Where ``collectstatic`` puts the static files for a reverse proxy. Default: ``static/`` in the data
    directory, which only the site's account may read.
``ASSEMBLY_ALLOWED_HOSTS``
    Comma-separated host names the site answers to. Default: ``localhost,127.0.0.1,[::1]``.
``ASSEMBLY_SQLITE_SYNCHRONOUS``
    ``NORMAL`` (default) or ``FULL``: when SQLite makes a commit durable (see :func:`database_config`).
``ASSEMBLY_RATE_LIMIT_*``
    The rate limits, see ``RATE_LIMIT_*`` below.

docs/reference/settings.md lists every setting and variable. A value that cannot be used is recorded in
``ENVIRONMENT`` and reported by the system check ``assembly.E001`` (assembly.config.checks).
"""

from __future__ import annotations

import os
import secrets
import warnings
from pathlib import Path
from typing import Any

from assembly.config.environment import Environment
from assembly.languages import EU_LANGUAGES

# Reads the variables below; the problems it records are reported by the check assembly.E001.
ENVIRONMENT = Environment()
PACKAGE_DIR = Path(__file__).resolve().parent.parent.parent  # .../assembly
DATA_DIR = Path(ENVIRONMENT.text("ASSEMBLY_DATA_DIR", str(Path.cwd() / "var"))).resolve()

# SQLite waits this long (ms) for another writer before failing with "database is locked". Votes are
# short transactions, so 20 s is only reached under overload.
SQLITE_BUSY_TIMEOUT_MS = 20_000
# SQLite's synchronous modes an operator may choose (docs/reliability-log.md): NORMAL keeps every
# acknowledged vote when a process is killed; FULL also when the machine loses power, at the cost of a
# disk flush per commit (2-5 ms measured on a cloud disk, taken while holding the write lock).
SQLITE_SYNCHRONOUS_MODES = ("NORMAL", "FULL")


def _secret_key() -> str:
    key = ENVIRONMENT.text("ASSEMBLY_SECRET_KEY", "")
    if key:
        return key
    path = DATA_DIR / "secret_key"
    if not path.exists():
        DATA_DIR.mkdir(mode=0o700, parents=True, exist_ok=True)  # as assembly.config.sqlite keeps it
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


def database_config(
    url: str | None, *, sqlite_path: Path, environment: Environment = ENVIRONMENT
) -> dict[str, Any]:
    """The ``DATABASES["default"]`` entry for a URL, or SQLite tuned for concurrent writers.

    SQLite runs in WAL mode (readers never block the writer) and opens every transaction with
    ``BEGIN IMMEDIATE``, so a transaction that will write takes the write lock at its start and waits
    (busy timeout) instead of failing half-way with "database is locked" when it upgrades from a read.

    Durability: in WAL mode with ``synchronous=NORMAL`` a commit is written to the WAL file (the
    operating system's cache) before it is acknowledged, and flushed to disk at checkpoints. A killed
    process (crash, SIGKILL, out of memory) therefore loses no acknowledged vote, and the database
    stays consistent even on power loss, which may however lose the last commits before it. Set
    ``ASSEMBLY_SQLITE_SYNCHRONOUS=FULL`` to flush every commit (PostgreSQL's default behaviour); any
    other value is recorded in ``environment`` (reported as assembly.E001) and NORMAL kept meanwhile.
    """
    synchronous = environment.choice("ASSEMBLY_SQLITE_SYNCHRONOUS", "NORMAL", SQLITE_SYNCHRONOUS_MODES)
    if url:
        import dj_database_url

        config: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True))
        if config["ENGINE"] == "django.db.backends.postgresql":
            # Django's backend with a health check that sends nothing (assembly/config/postgresql).
            config["ENGINE"] = "assembly.config.postgresql"
            # Parameters bound on the server, and a query run 5 times on a connection prepared there, so
            # PostgreSQL parses and plans each query of a request once per connection, not every time.
            # The URL's query string can override either (``?server_side_binding=false``).
            options = config.setdefault("OPTIONS", {})
            assert isinstance(options, dict)
            options.setdefault("server_side_binding", True)
            options.setdefault("prepare_threshold", 5)
        return config
    return {
        # Django's backend, creating the files private (0600) in a private folder (0700).
        "ENGINE": "assembly.config.sqlite",
        "NAME": str(sqlite_path),
        # Keep each thread's connection between requests: opening one (and running the PRAGMAs below)
        # costs more than a whole vote. The same as PostgreSQL's conn_max_age above.
        "CONN_MAX_AGE": 60,
        "OPTIONS": {
            "transaction_mode": "IMMEDIATE",
            "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000,
            "init_command": (
                "PRAGMA journal_mode=WAL;"
                f"PRAGMA synchronous={synchronous};"
                f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS};"
                "PRAGMA foreign_keys=ON;"
                # Deleted content is overwritten, not left in free pages (erasures: assembly.config.sqlite).
                "PRAGMA secure_delete=ON;"
            ),
        },
    }


SECRET_KEY = _secret_key()
DEBUG = False
ALLOWED_HOSTS = [
    h.strip()
    for h in ENVIRONMENT.text("ASSEMBLY_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]").split(",")
    if h.strip()
]

INSTALLED_APPS = [
    "assembly.accounts.apps.AssemblyAdminConfig",  # Django's admin, for superusers only
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "assembly.consultations",
    "assembly.moderation",
    "assembly.results",
    "assembly.ratelimit",
    "assembly.branding",
    "assembly.assistant",
    "assembly.accounts.apps.AccountsConfig",
    "assembly.config.apps.SettingsChecksConfig",  # the settings' system checks only
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "assembly.http.ContentSecurityPolicyMiddleware",
    "assembly.api.refusals.ApiRefusalMiddleware",  # before any view reads an oversized body
    "assembly.consultations.middleware.ConsultationErrorMiddleware",
    "assembly.ratelimit.middleware.RetryAfterMiddleware",
]

ROOT_URLCONF = "assembly.config.urls"
WSGI_APPLICATION = "assembly.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "assembly.branding.context.brand",
            ],
        },
    },
]

DATABASES = {
    "default": database_config(os.environ.get("DATABASE_URL"), sqlite_path=DATA_DIR / "assembly.sqlite3")
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Staff passwords: at least 12 characters (NIST SP 800-63B asks for 8 at least and encourages
# longer; 12 is the length OWASP recommends), not a common password, not like the user name or email.
STAFF_PASSWORD_MIN_LENGTH = 12
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": STAFF_PASSWORD_MIN_LENGTH},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Reverse proxies whose X-Forwarded-For entry is trusted for the client's address (production sets
# it from ASSEMBLY_TRUSTED_PROXIES); 0: REMOTE_ADDR as the server saw it.
ASSEMBLY_TRUSTED_PROXIES = 0
# New consultations publish results once this many people voted (assembly.disclosure; each
# consultation can set its own, never below the small-cell threshold of 5).
ASSEMBLY_RESULTS_MIN_PARTICIPANTS = ENVIRONMENT.count("ASSEMBLY_RESULTS_MIN_PARTICIPANTS", 20, minimum=5)
# Machine translation of a consultation's texts into its languages: none (staff type translations in the
# review queue), libretranslate (a self-hosted server) or deepl; every machine translation is a draft
# until a person approves it (assembly.translation.providers).
ASSEMBLY_TRANSLATION_PROVIDER = ENVIRONMENT.choice(
    "ASSEMBLY_TRANSLATION_PROVIDER", "NONE", ("NONE", "LIBRETRANSLATE", "DEEPL")
).lower()
ASSEMBLY_TRANSLATION_URL = ENVIRONMENT.text("ASSEMBLY_TRANSLATION_URL", "")
ASSEMBLY_TRANSLATION_API_KEY = ENVIRONMENT.text("ASSEMBLY_TRANSLATION_API_KEY", "")
# Every password check goes through the lockout (assembly.accounts.lockout).
AUTHENTICATION_BACKENDS = ["assembly.accounts.lockout.LockoutBackend"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "facilitate:index"
LOGOUT_REDIRECT_URL = "participate:home"

# Languages of the interface. A consultation's own texts (question, guidelines, statements) are shown in
# them only through translations a person approved (assembly.consultations.translations); the originals
# stay as written.
LANGUAGE_CODE = "en"
# The 24 official languages of the EU, each named in itself (the language switcher lists them so, which
# a reader of that language finds whatever the page's language); docs/translations.md says how complete
# and how reviewed each catalogue is.
LANGUAGES = list(EU_LANGUAGES)
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Brussels"
USE_TZ = True

STATIC_URL = "static/"
# Outside the data folder when a proxy under another account serves it (the data folder is 0700).
STATIC_ROOT = Path(ENVIRONMENT.text("ASSEMBLY_STATIC_ROOT", str(DATA_DIR / "static"))).resolve()
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
# Static files are served by WhiteNoise straight from the apps' static/ folders, so `assembly serve`
# needs no collectstatic step and no separate file server.
WHITENOISE_USE_FINDERS = True
# STATIC_ROOT is only filled by `collectstatic` (for a reverse proxy in production); until then
# WhiteNoise's warning that it is missing says nothing useful.
warnings.filterwarnings("ignore", message="No directory at: ", category=UserWarning)

# Security headers that cost nothing. Pages with forms and cookies must not be framed, except the
# embed views, which opt out explicitly.
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# The language switcher's cookie is read by the server only.
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

# Rate limits (assembly.ratelimit; docs/reference/reliability.md), counted in the database so that every
# server process shares them. Each can be set by the environment variable of the same name with the prefix
# ASSEMBLY_; 0 switches a limit off.
# Votes per participant and minute: reading a statement takes a person a few seconds, so more than one
# vote a second, sustained for a minute, is a script.
RATE_LIMIT_VOTES_PER_MINUTE = ENVIRONMENT.count("ASSEMBLY_RATE_LIMIT_VOTES_PER_MINUTE", 60)
# Submissions per participant and minute: writing a statement takes longer still.
RATE_LIMIT_STATEMENTS_PER_MINUTE = ENVIRONMENT.count("ASSEMBLY_RATE_LIMIT_STATEMENTS_PER_MINUTE", 5)
# New participants per client IP address and hour: a classroom or workshop of 30 behind one address
# passes three times over; a script creating participants to multiply its votes does not.
RATE_LIMIT_NEW_PARTICIPANTS_PER_HOUR = ENVIRONMENT.count("ASSEMBLY_RATE_LIMIT_NEW_PARTICIPANTS_PER_HOUR", 100)
# Similar-statement look-ups per client IP address and minute: the page asks after each pause in typing
# (400 ms), a person writing a statement sends 10 to 30; 120 lets a workshop type behind one address,
# while a script from one address costs at most two look-ups a second. A refusal only hides the hints.
RATE_LIMIT_SIMILAR_PER_MINUTE = ENVIRONMENT.count("ASSEMBLY_RATE_LIMIT_SIMILAR_PER_MINUTE", 120)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"assembly": {"level": "INFO"}},
}

# The optional assistant's language model (assembly.assistant; docs/reference/settings.md): an
# OpenAI-compatible chat-completions endpoint. Off while ASSEMBLY_LLM_URL is empty: no text leaves the server.
ASSEMBLY_LLM_URL = ENVIRONMENT.text("ASSEMBLY_LLM_URL", "")
ASSEMBLY_LLM_MODEL = ENVIRONMENT.text("ASSEMBLY_LLM_MODEL", "")
ASSEMBLY_LLM_API_KEY = ENVIRONMENT.text("ASSEMBLY_LLM_API_KEY", "")
ASSEMBLY_LLM_TIMEOUT_SECONDS = ENVIRONMENT.count("ASSEMBLY_LLM_TIMEOUT_SECONDS", 60, minimum=1)
# The power drawn by the model's server while it answers, for the footprint's energy estimate.
ASSEMBLY_LLM_POWER_WATTS = ENVIRONMENT.count("ASSEMBLY_LLM_POWER_WATTS", 350, minimum=1)
