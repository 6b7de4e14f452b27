"""Refusals outside the API's endpoints keep the API's error shape (issue 11, item 2).

The connection staying usable after them is tested against a real server:
tests/reliability/test_keep_alive_refusals.py.
"""

from __future__ import annotations

import json

from django.conf import settings

from assembly.consultations.models import Participant, VoteEvent
from tests.web.api_client import Api, error


def test_a_body_over_the_limit_is_refused_with_413_naming_both_sizes_and_changes_nothing(
    client, consultation
):
    """Check that a vote whose body is over DATA_UPLOAD_MAX_MEMORY_SIZE gets 413 too_large in the error
    shape, its size and the limit in MB, and creates neither participant nor vote."""
    padding = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 300_000)
    body = json.dumps({"statement": 0, "value": 1, "padding": padding})
    response = client.post("/api/consultations/heritage/votes", data=body, content_type="application/json")
    refused = error(response, 413)
    assert refused["code"] == "too_large" and refused["field"] is None
    assert "2.8 MB" in refused["message"] and "at most 2.5 MB" in refused["message"]
    assert Participant.objects.count() == 0 and VoteEvent.objects.count() == 0


def test_a_body_at_the_limit_is_read(client, consultation):
    """Check that a body of exactly the limit reaches the endpoint (the vote is recorded)."""
    body = json.dumps({"statement": 0, "value": 1, "padding": ""})
    padded = body[:-2] + " " * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE - len(body)) + body[-2:]
    assert len(padded.encode()) == settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    response = client.post("/api/consultations/heritage/votes", data=padded, content_type="application/json")
    assert response.status_code == 200, response.content[:300]
    assert VoteEvent.objects.count() == 1


def test_an_unknown_address_and_an_unknown_method_are_refused_in_the_error_shape(client, consultation):
    """Check that an API address that does not exist gets 404 not_found, and a method an address does not
    take 405 method_not_allowed naming it, both as JSON with Allow kept on the 405."""
    missing = error(Api(client).get("/no-such-thing"), 404)
    assert missing["code"] == "not_found" and missing["field"] is None
    response = Api(client).put("/consultations/heritage/votes", {"statement": 0, "value": 1})
    refused = error(response, 405)
    assert refused["code"] == "method_not_allowed" and "PUT" in refused["message"]
    assert "POST" in response["Allow"]


def test_pages_outside_the_api_keep_their_own_refusals(client, consultation):
    """Check that a missing page outside /api/ is still the site's HTML page."""
    response = client.get("/c/no-such-consultation/")
    assert response.status_code == 404 and response["Content-Type"].startswith("text/html")
