"""The machine-translation providers against local servers speaking their APIs: the request each sends,
the translation each returns, and a clear ProviderError when the server is down, refuses, or answers
something that is not the API's JSON."""

from __future__ import annotations

import socket

import pytest

from assembly.translation.providers import DeepL, LibreTranslate, ProviderError, make_provider
from tests.translation.servers import fake_server

GERMAN = "Museen sollten ihre Sammlungen offen zugänglich machen"
FRENCH = "Les musées devraient rendre leurs collections librement accessibles"


def test_libretranslate_posts_the_text_and_language_pair_and_returns_the_translation():
    with fake_server("libretranslate") as server:
        provider = LibreTranslate(server.url, api_key="k1")
        assert provider.translate(GERMAN, source="de", target="fr") == FRENCH
    [request] = server.requests
    assert request["path"] == "/translate"
    assert request["body"] == {"q": GERMAN, "source": "de", "target": "fr", "format": "text", "api_key": "k1"}


def test_deepl_posts_to_v2_translate_with_its_key_header_and_returns_the_translation():
    with fake_server("deepl") as server:
        provider = DeepL(server.url, api_key="secret")
        assert provider.translate(GERMAN, source="de", target="fr") == FRENCH
    [request] = server.requests
    assert request["path"] == "/v2/translate"
    assert request["auth"] == "DeepL-Auth-Key secret"
    assert request["body"] == {"text": [GERMAN], "source_lang": "DE", "target_lang": "FR"}


def test_deepl_asks_for_british_english_as_its_api_names_english_targets():
    with fake_server("deepl") as server:
        DeepL(server.url, api_key="k").translate("Bonjour", source="fr", target="en")
    assert server.requests[0]["body"]["target_lang"] == "EN-GB"


@pytest.mark.parametrize("api", ["libretranslate", "deepl"])
def test_a_server_that_refuses_is_an_error_naming_the_status(api):
    with fake_server(api) as server:
        server.status = 503
        provider = make_provider(api, url=server.url, api_key="k")
        with pytest.raises(ProviderError, match="refused the request: HTTP 503"):
            provider.translate(GERMAN, source="de", target="fr")


@pytest.mark.parametrize("api", ["libretranslate", "deepl"])
def test_a_server_answering_garbage_is_an_error_quoting_it(api):
    with fake_server(api) as server:
        server.raw = b"<html>Bad gateway</html>"
        provider = make_provider(api, url=server.url, api_key="k")
        with pytest.raises(ProviderError, match="did not answer with JSON: b'<html>Bad gateway"):
            provider.translate(GERMAN, source="de", target="fr")


@pytest.mark.parametrize(
    ("api", "body"), [("libretranslate", b'{"error": "x"}'), ("deepl", b'{"translations": []}')]
)
def test_json_without_a_translation_is_an_error(api, body):
    with fake_server(api) as server:
        server.raw = body
        provider = make_provider(api, url=server.url, api_key="k")
        with pytest.raises(ProviderError, match="answered without a translation"):
            provider.translate(GERMAN, source="de", target="fr")


def test_a_server_that_is_down_is_an_error_naming_its_address():
    with socket.socket() as probe:  # a port nothing listens on once closed
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    provider = LibreTranslate(f"http://127.0.0.1:{port}")
    with pytest.raises(
        ProviderError, match=f"LibreTranslate at http://127.0.0.1:{port}/translate cannot be reached"
    ):
        provider.translate(GERMAN, source="de", target="fr")


def test_none_means_no_machine_and_unknown_names_are_refused_with_the_choices():
    assert make_provider("none") is None
    with pytest.raises(
        ProviderError, match="unknown translation provider 'google'.*none, libretranslate, deepl"
    ):
        make_provider("google")


def test_deepl_without_a_key_and_a_non_http_address_are_refused():
    with pytest.raises(ProviderError, match="DeepL needs an API key"):
        make_provider("deepl", url="http://127.0.0.1:1")
    with pytest.raises(ProviderError, match="is not an http:// or https:// URL"):
        LibreTranslate("file:///etc/passwd").translate("x", source="de", target="fr")
