"""A thin JSON helper over Django's test client for the API tests."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client

PARTICIPANT_HEADER = "X-Participant-Token"


class Api:
    """Calls ``/api/...`` with JSON bodies; ``token`` is sent as the participant header when set."""

    def __init__(self, client: Client | None = None, *, token: str | None = None) -> None:
        self.client = client or Client()
        self.token = token

    def call(self, method: str, path: str, body: Any = None, **query: Any):
        headers = {PARTICIPANT_HEADER: self.token} if self.token else {}
        kwargs: dict[str, Any] = {"headers": headers}
        if body is not None:
            kwargs.update(data=json.dumps(body), content_type="application/json")
        elif query:
            kwargs["data"] = query
        return getattr(self.client, method)(f"/api{path}", **kwargs)

    def get(self, path: str, **query: Any):
        return self.call("get", path, **query)

    def post(self, path: str, body: Any = None):
        return self.call("post", path, {} if body is None else body)

    def put(self, path: str, body: Any):
        return self.call("put", path, body)

    def patch(self, path: str, body: Any):
        return self.call("patch", path, body)


def error(response, status: int) -> dict[str, Any]:
    """The error body of a refused call, after checking its status and shape."""
    assert response.status_code == status, (response.status_code, response.content[:300])
    body = response.json()
    assert set(body) == {"code", "message", "field"}, body
    assert body["message"]
    return body
