"""The JSON API (django-ninja), mounted at ``/api/``; its OpenAPI document is ``/api/openapi.json``.

Every write goes through the same services and forms as the HTML pages, so the API refuses the same
input with the same (translated) message. Split by concept:

- ``main``: the :class:`ninja.NinjaAPI` instance and its routers.
- ``errors``: every refusal as ``{"code", "message", "field"}`` with a 4xx status.
- ``access``: who is calling: staff by Django session (CSRF on unsafe methods), participants by
  their token (``X-Participant-Token`` header, or the participant cookie).
- ``schemas``: request and response bodies.
- ``consultations``, ``participation``, ``moderation``, ``results``: the endpoints.
"""
