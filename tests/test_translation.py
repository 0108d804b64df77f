"""Translation backends against a fake LibreTranslate server these tests own (127.0.0.1 only)."""

from __future__ import annotations

import socket
from dataclasses import FrozenInstanceError
from typing import Iterator

import httpx
import pytest

from intake_bot.translation import (
    LibreTranslateTranslator, NoTranslator, Translation, TranslationUnavailable, Translator,
    make_translator, translate_or_defer,
)
from intake_bot.translation.libretranslate import libretranslate_code
from tests.fakes.libretranslate import FakeLibreTranslate

CLIENT_TIMEOUT = 0.2


@pytest.fixture
def translator(server: FakeLibreTranslate) -> Iterator[LibreTranslateTranslator]:
    client = LibreTranslateTranslator(server.url, timeout=CLIENT_TIMEOUT)
    yield client
    client.close()


@pytest.fixture
def closed_port() -> int:
    """A local port nothing listens on."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- Translation & NoTranslator -----------------------------------------------------------------

def test_translation_is_frozen():
    t = Translation(text="x", source="es", target="fr", engine="none", machine=False,
                    pending=False)
    with pytest.raises(FrozenInstanceError):
        t.text = "y"  # type: ignore[misc]


def test_translator_is_abstract():
    with pytest.raises(TypeError):
        Translator()  # type: ignore[abstract]


def test_no_translator_keeps_original_pending():
    t = NoTranslator().translate("Quiero vivir cerca de mi trabajo", "es")
    assert t == Translation(text=None, source="es", target="fr", engine="none", machine=False,
                            pending=True)


@pytest.mark.parametrize("source", ["fr", "fr_FR", "fr-BE"])
def test_no_translator_keeps_french_as_is(source):
    t = NoTranslator().translate("Je cherche un logement", source)
    assert (t.text, t.machine, t.pending) == ("Je cherche un logement", False, False)


def test_blank_text_is_not_pending():
    assert NoTranslator().translate("  ", "ar").pending is False


# --- LibreTranslate -----------------------------------------------------------------------------

def test_success(server, translator):
    t = translator.translate("Quiero vivir cerca de mi trabajo", "es")
    assert t == Translation(text="[fr] Quiero vivir cerca de mi trabajo", source="es",
                            target="fr", engine="libretranslate", machine=True, pending=False)
    assert server.requests == [("/translate", {
        "q": "Quiero vivir cerca de mi trabajo", "source": "es", "target": "fr",
        "format": "text"})]


def test_dari_is_sent_as_fa_and_api_key_included(server):
    translator = LibreTranslateTranslator(server.url + "/", api_key="secret",
                                          timeout=CLIENT_TIMEOUT)
    t = translator.translate("یک خانه می‌خواهم", "fa_AF")
    translator.close()
    assert t.text == "[fr] یک خانه می‌خواهم" and t.source == "fa_AF"
    assert server.requests[0][1] == {"q": "یک خانه می‌خواهم", "source": "fa", "target": "fr",
                                     "format": "text", "api_key": "secret"}


def test_french_is_not_sent(server, translator):
    t = translator.translate("Je cherche un logement", "fr")
    assert (t.text, t.machine, t.pending) == ("Je cherche un logement", False, False)
    assert server.requests == []


def test_given_client_is_used_and_not_closed(server):
    with httpx.Client() as client:
        translator = LibreTranslateTranslator(server.url, timeout=CLIENT_TIMEOUT, client=client)
        assert translator.translate("hello", "en").text == "[fr] hello"
        translator.close()
        assert not client.is_closed


@pytest.mark.parametrize("mode", ["error", "bad_request", "malformed", "missing"])
def test_bad_answers_raise_unavailable(server, translator, mode):
    server.mode = mode
    with pytest.raises(TranslationUnavailable):
        translator.translate("hola", "es")
    assert len(server.requests) == 1


@pytest.mark.parametrize("mode", ["error", "bad_request", "malformed", "missing", "slow"])
def test_bad_answers_defer(server, translator, mode):
    server.mode = mode
    t = translate_or_defer(translator, "hola", "es")
    assert (t.text, t.pending, t.machine, t.engine) == (None, True, False, "libretranslate")


def test_timeout(server, translator):
    server.mode = "slow"
    with pytest.raises(TranslationUnavailable, match="Timeout"):
        translator.translate("hola", "es")


def test_server_down(closed_port):
    translator = LibreTranslateTranslator(f"http://127.0.0.1:{closed_port}",
                                          timeout=CLIENT_TIMEOUT)
    with pytest.raises(TranslationUnavailable):
        translator.translate("hola", "es")
    t = translate_or_defer(translator, "hola", "es")
    assert (t.text, t.pending, t.source, t.target) == (None, True, "es", "fr")


def test_invalid_url_is_unavailable():
    with pytest.raises(TranslationUnavailable):
        LibreTranslateTranslator("not a url", timeout=CLIENT_TIMEOUT).translate("hola", "es")


@pytest.mark.parametrize("source", ["ti", "ps"])
def test_unsupported_language(server, translator, source):
    with pytest.raises(TranslationUnavailable):
        translator.translate("ገዛ የድልየኒ", source)
    assert translate_or_defer(translator, "ገዛ የድልየኒ", source).pending is True
    assert server.requests == []


def test_retry_after_recovery(server, translator):
    server.mode = "error"
    assert translate_or_defer(translator, "hola", "es").pending is True
    server.mode = "ok"
    retried = translate_or_defer(translator, "hola", "es")
    assert (retried.text, retried.pending, retried.machine) == ("[fr] hola", False, True)


@pytest.mark.parametrize(("locale", "code"), [
    ("fa_AF", "fa"), ("ar", "ar"), ("uk", "uk"), ("pt", "pt"), ("bn", "bn"), ("fr", "fr"),
])
def test_libretranslate_codes(locale, code):
    assert libretranslate_code(locale) == code


# --- make_translator ----------------------------------------------------------------------------

@pytest.mark.parametrize("settings", [{}, {"TRANSLATION_BACKEND": ""},
                                      {"TRANSLATION_BACKEND": "none"},
                                      {"TRANSLATION_BACKEND": " None "}])
def test_make_translator_defaults_to_none(settings):
    assert isinstance(make_translator(settings), NoTranslator)


def test_make_translator_libretranslate():
    translator = make_translator({"TRANSLATION_BACKEND": "libretranslate",
                                  "LIBRETRANSLATE_URL": "http://127.0.0.1:5000/",
                                  "LIBRETRANSLATE_API_KEY": "k"})
    assert isinstance(translator, LibreTranslateTranslator)
    assert (translator.url, translator.api_key) == ("http://127.0.0.1:5000", "k")
    no_key = make_translator({"TRANSLATION_BACKEND": "libretranslate",
                              "LIBRETRANSLATE_URL": "http://127.0.0.1:5000",
                              "LIBRETRANSLATE_API_KEY": ""})
    assert no_key.api_key is None


@pytest.mark.parametrize("settings", [
    {"TRANSLATION_BACKEND": "libretranslate"},
    {"TRANSLATION_BACKEND": "libretranslate", "LIBRETRANSLATE_URL": ""},
    {"TRANSLATION_BACKEND": "deepl"},
])
def test_make_translator_rejects_bad_settings(settings):
    with pytest.raises(ValueError):
        make_translator(settings)


def test_make_translator_end_to_end(server):
    translator = make_translator({"TRANSLATION_BACKEND": "libretranslate",
                                  "LIBRETRANSLATE_URL": server.url})
    assert translate_or_defer(translator, "Мені потрібне житло", "uk").text == (
        "[fr] Мені потрібне житло")
