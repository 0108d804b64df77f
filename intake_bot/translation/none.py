"""The default backend: no machine translation, the worker reads or translates the original."""

from __future__ import annotations

from intake_bot.translation.base import (
    Translation, Translator, deferred, needs_translation, unchanged,
)


class NoTranslator(Translator):
    """Keeps every answer in its language, marked « à traduire » (French stays as it is)."""

    engine = "none"

    def translate(self, text: str, source: str, target: str = "fr") -> Translation:
        """The same text when already in ``target`` (or blank), else a pending translation."""
        if not needs_translation(text, source, target):
            return unchanged(text, source, target, self.engine)
        return deferred(source, target, self.engine)
