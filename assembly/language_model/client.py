"""One call to an OpenAI-compatible chat-completions endpoint (``POST {base}/chat/completions``).

The standard library's HTTP client is enough for one JSON request and answer, and keeps the optional
assistant free of dependencies. What can go wrong becomes an :class:`EndpointError` whose message a staff
member can act on: the endpoint is unreachable, too slow, refuses the request, or answers something that
is not a chat completion. Nothing is retried: a retry would double the footprint without telling anyone.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass

__all__ = ["Completion", "Endpoint", "EndpointError", "complete"]


@dataclass(frozen=True)
class Endpoint:
    """Where the text is sent: the API's base address (``http://127.0.0.1:8080/v1``), the model's name,
    an optional API key (sent as a bearer token) and the time allowed for one answer, in seconds."""

    base_url: str
    model: str
    api_key: str = ""
    timeout: float = 60.0

    @property
    def url(self) -> str:
        return self.base_url.rstrip("/") + "/chat/completions"


@dataclass(frozen=True)
class Completion:
    """The model's answer, the model that wrote it (as the endpoint names it), and its footprint."""

    text: str
    model: str
    prompt_tokens: int
    completion_tokens: int
    seconds: float


class EndpointError(Exception):
    """The endpoint could not give an answer; ``seconds`` is the time spent finding that out."""

    def __init__(self, message: str, *, seconds: float = 0.0) -> None:
        super().__init__(message)
        self.seconds = seconds


def _request(endpoint: Endpoint, messages: list[dict[str, str]]) -> urllib.request.Request:
    body = json.dumps({"model": endpoint.model, "messages": messages, "temperature": 0}).encode()
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    if endpoint.api_key:
        headers["Authorization"] = f"Bearer {endpoint.api_key}"
    return urllib.request.Request(endpoint.url, data=body, headers=headers, method="POST")  # noqa: S310


def _read(endpoint: Endpoint, request: urllib.request.Request) -> bytes:
    try:
        with urllib.request.urlopen(request, timeout=endpoint.timeout) as response:  # noqa: S310 (staff-set URL)
            return bytes(response.read())
    except urllib.error.HTTPError as exc:
        raise EndpointError(f"{endpoint.url} refused the request: HTTP {exc.code} {exc.reason}") from exc
    except TimeoutError as exc:
        raise EndpointError(f"{endpoint.url} did not answer within {endpoint.timeout:g} s") from exc
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, TimeoutError):
            raise EndpointError(f"{endpoint.url} did not answer within {endpoint.timeout:g} s") from exc
        raise EndpointError(f"{endpoint.url} cannot be reached: {exc.reason}") from exc
    except OSError as exc:
        raise EndpointError(f"{endpoint.url} cannot be reached: {exc}") from exc


def _parse(endpoint: Endpoint, raw: bytes) -> tuple[str, str, int, int]:
    try:
        answer = json.loads(raw)
    except ValueError as exc:
        raise EndpointError(f"{endpoint.url} answered with something that is not JSON") from exc
    try:
        text = answer["choices"][0]["message"]["content"]
    except (KeyError, IndexError, TypeError) as exc:
        raise EndpointError(
            f"{endpoint.url} answered JSON that is not a chat completion (no choices[0].message.content)"
        ) from exc
    if not isinstance(text, str) or not text.strip():
        raise EndpointError(f"{endpoint.url} answered an empty message")
    usage = answer.get("usage") if isinstance(answer, dict) else None
    usage = usage if isinstance(usage, dict) else {}
    model = answer.get("model") if isinstance(answer.get("model"), str) else endpoint.model
    return text, model, _tokens(usage.get("prompt_tokens")), _tokens(usage.get("completion_tokens"))


def _tokens(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else 0


def complete(endpoint: Endpoint, messages: list[dict[str, str]]) -> Completion:
    """Send ``messages`` (``[{"role": ..., "content": ...}]``) and return the first choice's text.

    Temperature 0, so that an endpoint that honours it gives the same draft for the same prompt. Token
    counts are the endpoint's own (``usage``); an endpoint that reports none counts 0 and the time still
    counts. Raises :class:`EndpointError` with a message naming the endpoint and what went wrong.
    """
    started = time.perf_counter()
    try:
        raw = _read(endpoint, _request(endpoint, messages))
        text, model, prompt_tokens, completion_tokens = _parse(endpoint, raw)
    except EndpointError as exc:
        exc.seconds = time.perf_counter() - started
        raise
    return Completion(text, model, prompt_tokens, completion_tokens, time.perf_counter() - started)
