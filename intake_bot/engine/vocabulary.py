"""The words of one language the engine needs to read typed answers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from intake_bot.questionnaire.model import Choice, Field

FRENCH_YES = ("oui", "o", "ouais", "yes", "y", "ok", "d'accord", "✅", "👍")
FRENCH_NO = ("non", "n", "no", "❌", "👎")
FRENCH_SKIP = ("je ne sais pas", "je sais pas", "ne sais pas", "passer", "nsp", "?",
               "i don't know", "skip")


def _french_label(field: Field, choice: Choice) -> str:
    return choice.label


@dataclass(frozen=True)
class Vocabulary:
    """Words of the active language: yes, no, skip, and each choice's label as shown."""

    locale: str = "fr"
    yes_words: tuple[str, ...] = FRENCH_YES
    no_words: tuple[str, ...] = FRENCH_NO
    skip_words: tuple[str, ...] = FRENCH_SKIP
    choice_label: Callable[[Field, Choice], str] = field(default=_french_label)

    def options(self, f: Field) -> list[tuple[str, str]]:
        """(code, label as shown) for each choice of ``f``, in display order."""
        return [(c.code, self.choice_label(f, c)) for c in f.choices]


FRENCH = Vocabulary()
