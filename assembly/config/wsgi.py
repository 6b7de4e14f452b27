"""WSGI entry point: ``gunicorn assembly.config.wsgi`` (``assembly serve`` runs it with granian)."""

import os

from django.core.wsgi import get_wsgi_application

from assembly.config.request_body import read_bodies_to_the_end

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "assembly.config.settings.production")

# Bodies left unread by a refusal are read to their end, so kept-alive connections stay usable.
application = read_bodies_to_the_end(get_wsgi_application())

from assembly.config.checks import refuse_invalid_settings  # noqa: E402 (needs the apps loaded above)

refuse_invalid_settings()  # a bad ASSEMBLY_* value stops the server here, by name (assembly.E001)
