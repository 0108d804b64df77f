"""Translating households' free-text answers into French for the social worker.

Machine translation is optional and never blocks the interview: :func:`translate_or_defer`
returns a pending :class:`Translation` (original kept, « à traduire ») when the backend is off
or unavailable; the caller stores it and retries later.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Mapping

from intake_bot.translation.base import (
    Translation, TranslationUnavailable, Translator, deferred,
)
from intake_bot.translation.libretranslate import LibreTranslateTranslator
from intake_bot.translation.none import NoTranslator

if TYPE_CHECKING:
    from intake_bot.config import Settings

__all__ = [
    "Translation", "TranslationUnavailable", "Translator", "NoTranslator",
    "LibreTranslateTranslator", "make_translator", "translator_from", "translate_or_defer",
    "BACKENDS",
]

BACKENDS = ("none", "libretranslate")


def make_translator(settings: Mapping[str, str]) -> Translator:
    """The backend named by ``TRANSLATION_BACKEND`` ("none" by default, or "libretranslate",
    which needs ``LIBRETRANSLATE_URL`` and takes ``LIBRETRANSLATE_API_KEY``).

    Empty values count as unset. Raises ValueError on an unknown backend or a missing URL.
    """
    backend = (settings.get("TRANSLATION_BACKEND") or "none").strip().lower()
    if backend == "none":
        return NoTranslator()
    if backend == "libretranslate":
        url = (settings.get("LIBRETRANSLATE_URL") or "").strip()
        if not url:
            raise ValueError("TRANSLATION_BACKEND=libretranslate needs LIBRETRANSLATE_URL")
        return LibreTranslateTranslator(url, api_key=settings.get("LIBRETRANSLATE_API_KEY") or None)
    raise ValueError(f"unknown TRANSLATION_BACKEND {backend!r} (expected one of {BACKENDS})")


def translator_from(settings: "Settings") -> Translator:
    """The backend configured in :class:`intake_bot.config.Settings`."""
    return make_translator({"TRANSLATION_BACKEND": settings.translation_backend,
                            "LIBRETRANSLATE_URL": settings.libretranslate_url or "",
                            "LIBRETRANSLATE_API_KEY": settings.libretranslate_api_key or ""})


def translate_or_defer(translator: Translator, text: str, source: str,
                       target: str = "fr") -> Translation:
    """``translator``'s translation, or a pending one when the backend is unavailable.

    Never raises TranslationUnavailable: the interview goes on, the caller stores the pending
    translation and calls this again later.
    """
    try:
        return translator.translate(text, source, target)
    except TranslationUnavailable:
        return deferred(source, target, translator.engine)
