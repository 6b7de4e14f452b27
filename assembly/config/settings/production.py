"""Production: what ``assembly serve`` and ``gunicorn assembly.config.wsgi`` use.

Set ``ASSEMBLY_HTTPS=1`` when the site is served over HTTPS (behind a reverse proxy that sets
``X-Forwarded-Proto``): cookies then travel only over HTTPS and browsers are told to stay on HTTPS.
A public deployment must: ``python -m django check --deploy --fail-level WARNING`` passes only then
(docs/reliability-log.md, "10. Deployment checks", lists the environment a deployment sets).

``ASSEMBLY_TRUSTED_PROXIES`` (with HTTPS; default 1): how many reverse proxies append to
``X-Forwarded-For``, so the login lockout and the new-participant limit see the client's address.

``ASSEMBLY_HSTS_PRELOAD=1`` adds ``preload`` to the HSTS header, for a domain its owner submits to the
browsers' preload list (a commitment for years: the owner's decision, so off by default).
"""

from assembly.config.settings.base import *  # noqa: F403
from assembly.config.settings.base import ENVIRONMENT

DEBUG = False

if ENVIRONMENT.switch("ASSEMBLY_HTTPS"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # The proxy also appends the client's address to X-Forwarded-For: trust its last entry (one
    # proxy) for per-address limits, unless told otherwise (0: REMOTE_ADDR; 2: a CDN before it...).
    ASSEMBLY_TRUSTED_PROXIES = ENVIRONMENT.count("ASSEMBLY_TRUSTED_PROXIES", 1)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    # One year, the value browsers' preload lists ask for; the site's own host names only are covered
    # by includeSubDomains (subdomains of the host Assembly runs on, not of the institution's domain).
    SECURE_HSTS_SECONDS = 31_536_000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = ENVIRONMENT.switch("ASSEMBLY_HSTS_PRELOAD")
    if not SECURE_HSTS_PRELOAD:
        # security.W021 asks for preload; whether to submit the domain is the site owner's choice.
        SILENCED_SYSTEM_CHECKS = ["security.W021"]
