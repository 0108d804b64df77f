"""Machine translation through a LibreTranslate server (self-hosted or hosted, with an API key)."""

from __future__ import annotations

from typing import Any, Iterable

import httpx

from intake_bot.translation.base import (
    Translation, TranslationUnavailable, Translator, needs_translation, unchanged,
)

# Our locale codes LibreTranslate spells differently; the others use their base code.
LIBRETRANSLATE_CODES = {"fa_AF": "fa"}
# Not offered by LibreTranslate's models (as of 2025); answers stay « à traduire ».
DEFAULT_UNSUPPORTED = frozenset({"ti", "ps"})


def libretranslate_code(locale: str, unsupported: Iterable[str] = DEFAULT_UNSUPPORTED) -> str:
    """LibreTranslate's code for our ``locale``; TranslationUnavailable when it has none."""
    if locale in set(unsupported):
        raise TranslationUnavailable(f"LibreTranslate does not translate {locale!r}")
    return LIBRETRANSLATE_CODES.get(locale, locale.replace("-", "_").split("_")[0].lower())


def translated_text(payload: Any) -> str:
    """``translatedText`` of a LibreTranslate answer; TranslationUnavailable when missing."""
    text = payload.get("translatedText") if isinstance(payload, dict) else None
    if not isinstance(text, str):
        raise TranslationUnavailable("LibreTranslate answered without translatedText")
    return text


class LibreTranslateTranslator(Translator):
    """POST {url}/translate; every failure becomes :class:`TranslationUnavailable`."""

    engine = "libretranslate"

    def __init__(self, url: str, api_key: str | None = None, timeout: float = 5.0,
                 client: httpx.Client | None = None,
                 unsupported: Iterable[str] = DEFAULT_UNSUPPORTED) -> None:
        self.url = url.rstrip("/")
        self.api_key = api_key
        self.timeout = timeout
        self.unsupported = frozenset(unsupported)
        self._client = client
        self._owns_client = client is None

    @property
    def client(self) -> httpx.Client:
        """The HTTP client (created on first use when none was given)."""
        if self._client is None:
            self._client = httpx.Client(timeout=self.timeout)
        return self._client

    def close(self) -> None:
        """Close the HTTP client if this translator created it."""
        if self._owns_client and self._client is not None:
            self._client.close()
            self._client = None

    def request_body(self, text: str, source: str, target: str) -> dict[str, str]:
        """The JSON body of the /translate request."""
        body = {"q": text, "source": libretranslate_code(source, self.unsupported),
                "target": libretranslate_code(target, self.unsupported), "format": "text"}
        if self.api_key:
            body["api_key"] = self.api_key
        return body

    def translate(self, text: str, source: str, target: str = "fr") -> Translation:
        """``text`` machine-translated into ``target``; TranslationUnavailable on any failure."""
        if not needs_translation(text, source, target):
            return unchanged(text, source, target, self.engine)
        body = self.request_body(text, source, target)
        result = translated_text(self._post(body))
        return Translation(text=result, source=source, target=target, engine=self.engine,
                           machine=True, pending=False)

    def _post(self, body: dict[str, str]) -> Any:
        """POST ``body`` to /translate and decode the JSON answer."""
        try:
            response = self.client.post(f"{self.url}/translate", json=body, timeout=self.timeout)
            response.raise_for_status()
            return response.json()
        except (httpx.HTTPError, httpx.InvalidURL, ValueError) as exc:
            raise TranslationUnavailable(f"LibreTranslate: {type(exc).__name__}: {exc}") from exc
