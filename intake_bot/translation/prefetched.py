"""Translations fetched in a worker thread, stored later on the event loop.

The backend may block on HTTP for seconds, and the storage must only be used from the event
loop (one SQLite connection). So a door reads what needs translating (loop), calls
:func:`fetch` in a thread (no storage), then hands the case service a :class:`Prefetched`
translator that answers from what was fetched, with no wait while it loads and saves.
"""

from __future__ import annotations

from intake_bot.translation.base import (
    Translation, TranslationUnavailable, Translator, same_language,
)
from intake_bot.translation import translate_or_defer

#: (text, its language) -> the backend's translation of it
Fetched = dict[tuple[str, str], Translation]


def fetch(translator: Translator, texts: list[tuple[str, str]], target: str = "fr") -> Fetched:
    """The backend's translations of ``texts`` (each a text and its language) into ``target``;
    pending ones where it failed. Blocking: run it in a thread."""
    return {(text, lang): translate_or_defer(translator, text, lang, target) for text, lang in texts}


class Prefetched(Translator):
    """Serves translations fetched earlier; anything else is unavailable (stays as it is)."""

    def __init__(self, fetched: Fetched, engine: str) -> None:
        self.fetched = fetched
        self.engine = engine

    def translate(self, text: str, source: str, target: str = "fr") -> Translation:
        """The fetched translation of ``text`` into ``target``; TranslationUnavailable when
        there is none."""
        found = self.fetched.get((text, source))
        if found is None or not same_language(found.target, target):
            raise TranslationUnavailable("not fetched")
        return found
