"""One chat-completions call over real HTTP: the answer and its footprint, or an error staff can act on."""

import socket

import pytest

from assembly.language_model.client import Endpoint, EndpointError, complete

MESSAGES = [{"role": "user", "content": "Hello"}]


def test_an_answer_comes_back_with_its_model_tokens_and_time(chat):
    chat.answer.content = "Open access is agreed (#3)."
    answer = complete(Endpoint(chat.url, "local-model", api_key="k1"), MESSAGES)
    assert answer.text == "Open access is agreed (#3)."
    assert (answer.model, answer.prompt_tokens, answer.completion_tokens) == ("canned-model-1", 120, 30)
    assert answer.seconds > 0
    [sent] = chat.requests
    assert sent["path"] == "/v1/chat/completions"
    assert sent["body"]["model"] == "local-model" and sent["body"]["temperature"] == 0
    assert sent["auth"] == "Bearer k1"


def test_no_key_sends_no_authorization(chat):
    complete(Endpoint(chat.url, "m"), MESSAGES)
    assert chat.requests[0]["auth"] is None


def test_an_endpoint_that_is_down_is_named():
    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(EndpointError, match=rf"127.0.0.1:{port}/v1/chat/completions cannot be reached"):
        complete(Endpoint(f"http://127.0.0.1:{port}/v1", "m"), MESSAGES)


def test_a_slow_endpoint_times_out(chat):
    chat.answer.delay = 1.0
    with pytest.raises(EndpointError, match="did not answer within 0.2 s") as caught:
        complete(Endpoint(chat.url, "m", timeout=0.2), MESSAGES)
    assert caught.value.seconds >= 0.2


def test_invalid_json_is_an_error(chat):
    chat.answer.raw = b"<html>gateway</html>"
    with pytest.raises(EndpointError, match="not JSON"):
        complete(Endpoint(chat.url, "m"), MESSAGES)


def test_json_that_is_not_a_completion_is_an_error(chat):
    chat.answer.raw = b'{"error": "model not loaded"}'
    with pytest.raises(EndpointError, match=r"no choices\[0\].message.content"):
        complete(Endpoint(chat.url, "m"), MESSAGES)


def test_an_http_error_is_named(chat):
    chat.answer.status = 503
    with pytest.raises(EndpointError, match="HTTP 503"):
        complete(Endpoint(chat.url, "m"), MESSAGES)


def test_missing_usage_counts_zero_tokens(chat):
    chat.answer.usage = {}
    answer = complete(Endpoint(chat.url, "m"), MESSAGES)
    assert (answer.prompt_tokens, answer.completion_tokens) == (0, 0)
