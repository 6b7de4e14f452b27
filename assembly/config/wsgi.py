"""WSGI entry point: ``gunicorn assembly.config.wsgi`` (``assembly serve`` runs it with granian)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "assembly.config.settings.production")

application = get_wsgi_application()
