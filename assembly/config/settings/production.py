"""Production: what ``assembly serve`` and ``gunicorn assembly.config.wsgi`` use.

Set ``ASSEMBLY_HTTPS=1`` when the site is served over HTTPS (behind a reverse proxy that sets
``X-Forwarded-Proto``): cookies then travel only over HTTPS and browsers are told to stay on HTTPS.
"""

import os

from assembly.config.settings.base import *  # noqa: F403

DEBUG = False

if os.environ.get("ASSEMBLY_HTTPS") == "1":
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    # One year, the value browsers' preload lists ask for.
    SECURE_HSTS_SECONDS = 31_536_000
