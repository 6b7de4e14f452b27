"""Machine-translation providers, chosen by the ``ASSEMBLY_TRANSLATION_PROVIDER`` setting.

``none`` (the default): no machine; staff and volunteers type translations in the review queue.
``libretranslate``: a self-hosted LibreTranslate server's ``POST /translate`` (JSON ``q``, ``source``,
``target``, ``api_key``; answer ``{"translatedText": ...}``).
``deepl``: the DeepL API's ``POST /v2/translate`` (``Authorization: DeepL-Auth-Key ...``; answer
``{"translations": [{"text": ...}]}``).

Whatever a provider returns is only a draft (:mod:`assembly.consultations.translations`). A provider that is
down, slow, refuses the request or answers anything but the documented JSON raises
:class:`ProviderError`, whose message names the provider, its address and what went wrong.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any, Protocol

__all__ = ["PROVIDERS", "DeepL", "LibreTranslate", "Provider", "ProviderError", "make_provider"]

PROVIDERS = ("none", "libretranslate", "deepl")
DEFAULT_URLS = {"libretranslate": "http://127.0.0.1:5000", "deepl": "https://api.deepl.com"}
TIMEOUT_SECONDS = 20
# DeepL names some target languages by variant only (its documentation, "target_lang").
_DEEPL_TARGETS = {"en": "EN-GB", "pt": "PT-PT"}


class ProviderError(Exception):
    """The provider could not give a translation; ``message`` says which, where and why."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


class Provider(Protocol):
    @property
    def name(self) -> str: ...

    def translate(self, text: str, *, source: str, target: str) -> str: ...


def _post(name: str, url: str, body: dict[str, Any], headers: dict[str, str]) -> Any:
    """POST ``body`` as JSON to ``url`` and return the decoded JSON answer, or a ProviderError."""
    if not url.startswith(("http://", "https://")):
        raise ProviderError(f"{name}'s address {url!r} is not an http:// or https:// URL")
    request = urllib.request.Request(  # noqa: S310 (http and https only, checked above)
        url,
        data=json.dumps(body).encode("utf-8"),
        headers={"Content-Type": "application/json", "Accept": "application/json", **headers},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            raw = response.read()
    except urllib.error.HTTPError as exc:
        raise ProviderError(f"{name} at {url} refused the request: HTTP {exc.code} {exc.reason}") from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise ProviderError(f"{name} at {url} cannot be reached: {reason}") from None
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ProviderError(f"{name} at {url} did not answer with JSON: {raw[:80]!r}") from None


def _text(name: str, url: str, value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ProviderError(f"{name} at {url} answered without a translation: {str(value)[:80]!r}")
    return value.strip()


@dataclass(frozen=True)
class LibreTranslate:
    """A LibreTranslate server (self-hosted: nothing leaves the institution's servers)."""

    url: str
    api_key: str = ""
    name: str = "libretranslate"

    def translate(self, text: str, *, source: str, target: str) -> str:
        endpoint = self.url.rstrip("/") + "/translate"
        body = {"q": text, "source": source, "target": target, "format": "text"}
        if self.api_key:
            body["api_key"] = self.api_key
        answer = _post("LibreTranslate", endpoint, body, {})
        value = answer.get("translatedText") if isinstance(answer, dict) else None
        return _text("LibreTranslate", endpoint, value)


@dataclass(frozen=True)
class DeepL:
    """The DeepL API (v2)."""

    url: str
    api_key: str
    name: str = "deepl"

    def translate(self, text: str, *, source: str, target: str) -> str:
        endpoint = self.url.rstrip("/") + "/v2/translate"
        body = {
            "text": [text],
            "source_lang": source.upper(),
            "target_lang": _DEEPL_TARGETS.get(target, target.upper()),
        }
        answer = _post("DeepL", endpoint, body, {"Authorization": f"DeepL-Auth-Key {self.api_key}"})
        try:
            value = answer["translations"][0]["text"]
        except (KeyError, IndexError, TypeError):
            value = None
        return _text("DeepL", endpoint, value)


def make_provider(name: str, *, url: str = "", api_key: str = "") -> Provider | None:
    """The provider ``name`` names (None for ``none``), or a ProviderError for an unknown name."""
    key = (name or "none").strip().lower()
    if key == "none":
        return None
    if key == "libretranslate":
        return LibreTranslate(url or DEFAULT_URLS[key], api_key)
    if key == "deepl":
        if not api_key:
            raise ProviderError("DeepL needs an API key: set ASSEMBLY_TRANSLATION_API_KEY")
        return DeepL(url or DEFAULT_URLS[key], api_key)
    raise ProviderError(
        f"unknown translation provider {name!r} (ASSEMBLY_TRANSLATION_PROVIDER): choose one of "
        + ", ".join(PROVIDERS)
    )
