"""Local HTTP servers speaking the LibreTranslate and DeepL APIs, for the translation tests.

Each runs on 127.0.0.1 on a free port in a thread, records the requests it got, and answers by a
dictionary of known sentences (what a real server would translate), or with what the test asks for:
an HTTP error or a body that is not the API's JSON.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler

from tests.local_server import serving

# (source, target, text) -> translation: what the fake servers know.
DICTIONARY = {
    ("de", "fr", "Museen sollten ihre Sammlungen offen zugänglich machen"): (
        "Les musées devraient rendre leurs collections librement accessibles"
    ),
    ("en", "fr", "What should we do?"): "Que devrions-nous faire ?",
}


@dataclass
class FakeServer:
    url: str
    requests: list[dict[str, object]] = field(default_factory=list)
    status: int = 200  # answer with this HTTP status
    raw: bytes | None = None  # answer with this body instead of the API's JSON


def _translate(source: str, target: str, text: str) -> str:
    return DICTIONARY.get((source, target, text), f"[{target}] {text}")


def _libretranslate(body: dict[str, object]) -> dict[str, object]:
    return {"translatedText": _translate(str(body["source"]), str(body["target"]), str(body["q"]))}


def _deepl(body: dict[str, object]) -> dict[str, object]:
    source, target = str(body["source_lang"]).lower(), str(body["target_lang"]).lower().split("-")[0]
    texts = body["text"]
    assert isinstance(texts, list)
    return {
        "translations": [
            {"detected_source_language": source.upper(), "text": _translate(source, target, t)} for t in texts
        ]
    }


@contextmanager
def fake_server(api: str) -> Iterator[FakeServer]:
    """A server speaking ``api`` ("libretranslate" or "deepl") until the block ends."""
    state = FakeServer(url="")
    answer = _libretranslate if api == "libretranslate" else _deepl
    path = "/translate" if api == "libretranslate" else "/v2/translate"

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (http.server's name)
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            state.requests.append(
                {"path": self.path, "body": body, "auth": self.headers.get("Authorization")}
            )
            if self.path != path:
                self.send_response(404)
                self.end_headers()
                return
            payload = state.raw if state.raw is not None else json.dumps(answer(body)).encode()
            self.send_response(state.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args: object) -> None:
            pass

    with serving(Handler) as address:
        state.url = address
        yield state
