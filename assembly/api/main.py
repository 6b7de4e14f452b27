"""The API object: ``path("api/", api.urls)`` in the root URLconf serves it, with the OpenAPI document
at ``/api/openapi.json``. The interactive docs page is off: it loads scripts from a CDN, which the
site's Content-Security-Policy (rightly) refuses; any OpenAPI viewer can read the document instead.

Request bodies are JSON, as the document declares: a body of another media type is refused with 415
(issue 11, item 6). Browsers let any site send ``text/plain``, form or multipart bodies to another
site without asking it first (a CORS preflight); ``application/json`` they send cross-site only when
this site allows it, which it never does. Reading such bodies as JSON, as django-ninja does by itself,
let a third-party page make each of its visitors cast votes.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import NinjaAPI
from ninja.parser import Parser

from assembly import __version__
from assembly.api import consultations, moderation, participation, results
from assembly.api.errors import UnsupportedMediaTypeError, install_error_handlers

JSON = "application/json"


class JsonBodies(Parser):
    """Parse request bodies sent as ``application/json`` only (parameters such as charset aside)."""

    def parse_body(self, request: HttpRequest) -> Any:
        if request.content_type != JSON:
            raise UnsupportedMediaTypeError(request.content_type or "")
        return super().parse_body(request)


class AssemblyApi(NinjaAPI):
    def get_openapi_schema(self, **options: Any) -> Any:
        """django-ninja's document, with the 415 answer on every operation that takes a body."""
        schema = super().get_openapi_schema(**options)
        for operations in schema["paths"].values():
            for operation in operations.values():
                responses = operation.get("responses", {})
                if "requestBody" in operation and 400 in responses:
                    responses[415] = {**responses[400], "description": "Unsupported Media Type"}
        return schema


api = AssemblyApi(
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
    parser=JsonBodies(),
)
install_error_handlers(api)
for module in (consultations, participation, moderation, results):
    api.add_router("/", module.router)
