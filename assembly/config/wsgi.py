"""WSGI entry point: ``gunicorn assembly.config.wsgi`` (``assembly serve`` runs it with granian)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "assembly.config.settings.production")

application = get_wsgi_application()

from assembly.config.checks import refuse_invalid_settings  # noqa: E402 (needs the apps loaded above)

refuse_invalid_settings()  # a bad ASSEMBLY_* value stops the server here, by name (assembly.E001)
