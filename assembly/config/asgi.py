"""ASGI entry point, for servers such as uvicorn (``uvicorn assembly.config.asgi:application``)."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "assembly.config.settings.production")

application = get_asgi_application()
