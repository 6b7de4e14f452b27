"""ASGI entry point, for servers such as uvicorn (``uvicorn assembly.config.asgi:application``)."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "assembly.config.settings.production")

application = get_asgi_application()

from assembly.config.checks import refuse_invalid_settings  # noqa: E402 (needs the apps loaded above)

refuse_invalid_settings()  # a bad ASSEMBLY_* value stops the server here, by name (assembly.E001)
