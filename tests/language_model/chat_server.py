"""A real HTTP server on 127.0.0.1 speaking OpenAI's chat-completions API, with canned answers.

Each test sets what the next request gets: a message (wrapped in a chat completion with token counts), a
raw body (invalid JSON, a JSON object that is no completion), an HTTP status, or a delay longer than the
client's timeout. Requests are kept, so a test can read what the client sent.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler

from tests.local_server import serving


@dataclass
class Canned:
    content: str = "OK (#1)."
    raw: bytes | None = None
    status: int = 200
    delay: float = 0.0
    model: str = "canned-model-1"
    usage: dict[str, int] = field(default_factory=lambda: {"prompt_tokens": 120, "completion_tokens": 30})


@dataclass
class ChatServer:
    url: str  # the API's base address, ".../v1"
    answer: Canned
    requests: list[dict[str, object]]


def _handler(state: ChatServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:  # keep the test output clean
            pass

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            state.requests.append(
                {"path": self.path, "body": json.loads(body), "auth": self.headers.get("Authorization")}
            )
            canned = state.answer
            if canned.delay:
                time.sleep(canned.delay)
            if self.path != "/v1/chat/completions":
                self.send_response(404)
                self.end_headers()
                return
            payload = (
                canned.raw
                if canned.raw is not None
                else json.dumps(
                    {
                        "id": "chatcmpl-1",
                        "object": "chat.completion",
                        "model": canned.model,
                        "choices": [
                            {
                                "index": 0,
                                "message": {"role": "assistant", "content": canned.content},
                                "finish_reason": "stop",
                            }
                        ],
                        "usage": canned.usage,
                    }
                ).encode()
            )
            try:
                self.send_response(canned.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
            except (BrokenPipeError, ConnectionResetError):  # the client gave up (the timeout test)
                pass

    return Handler


@contextmanager
def chat_server() -> Iterator[ChatServer]:
    state = ChatServer(url="", answer=Canned(), requests=[])
    with serving(_handler(state)) as address:
        state.url = f"{address}/v1"
        yield state
