"""The API object: ``path("api/", api.urls)`` in the root URLconf serves it, with the OpenAPI document
at ``/api/openapi.json``. The interactive docs page is off: it loads scripts from a CDN, which the
site's Content-Security-Policy (rightly) refuses; any OpenAPI viewer can read the document instead.
"""

from __future__ import annotations

from ninja import NinjaAPI

from assembly import __version__
from assembly.api import consultations, moderation, participation, results
from assembly.api.errors import install_error_handlers

api = NinjaAPI(
    title="Assembly API",
    version=__version__,
    description=(
        "Run alignment assemblies: consultations, statements, votes, submissions, moderation and "
        "results. Staff authenticate with their session (and the CSRF token on writes); participants "
        "with the token returned by their first vote or submission (header X-Participant-Token). "
        'Every refusal is {"code", "message", "field"} with a 4xx status.'
    ),
    urls_namespace="api",
    docs_url=None,
)
install_error_handlers(api)
for module in (consultations, participation, moderation, results):
    api.add_router("/", module.router)
