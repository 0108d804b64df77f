"""What every translation backend offers: translate one free-text answer into French."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass


class TranslationUnavailable(Exception):
    """The backend cannot translate now (down, timeout, bad answer, unsupported language)."""


@dataclass(frozen=True)
class Translation:
    """The outcome of translating one answer.

    ``text`` is None while ``pending`` (kept for the worker, marked « à traduire », or retried
    later); ``machine`` says the text comes from machine translation and must be shown as such.
    """

    text: str | None
    source: str
    target: str
    engine: str
    machine: bool
    pending: bool


def same_language(source: str, target: str) -> bool:
    """True when ``source`` and ``target`` name the same language (``fa_AF`` ≈ ``fa-af``)."""
    def base(code: str) -> str:
        return code.replace("-", "_").split("_")[0].lower()
    return base(source) == base(target)


def unchanged(text: str, source: str, target: str, engine: str) -> Translation:
    """``text`` kept as it is: already in the target language, or nothing to translate."""
    return Translation(text=text, source=source, target=target, engine=engine,
                       machine=False, pending=False)


def deferred(source: str, target: str, engine: str) -> Translation:
    """No translation yet: the original is kept and marked « à traduire »."""
    return Translation(text=None, source=source, target=target, engine=engine,
                       machine=False, pending=True)


def needs_translation(text: str, source: str, target: str) -> bool:
    """False for blank text or text already in the target language."""
    return bool(text and text.strip()) and not same_language(source, target)


class Translator(ABC):
    """A translation backend."""

    engine: str = "abstract"

    @abstractmethod
    def translate(self, text: str, source: str, target: str = "fr") -> Translation:
        """``text`` (written in locale ``source``) translated into ``target``.

        Raises :class:`TranslationUnavailable` when the backend cannot answer now.
        """
