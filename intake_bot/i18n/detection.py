"""Guess the language of a free-text answer, so the bot can offer to switch the interview language.

Two stages, both deterministic:

1. Unicode script rules, for what langdetect does not know (Georgian, Tigrinya, Pashto) or
   confuses (Dari/Arabic, Ukrainian/Russian): Georgian → ``ka``, Ethiopic → ``ti``, Bengali →
   ``bn``; Arabic script → ``ps`` on Pashto-only letters, else ``fa_AF`` or ``ar`` by counting
   Persian-only against Arabic-only letters; Cyrillic → ``uk`` on і ї є ґ, ``ru`` on ы э ъ ё.
2. langdetect (seeded, one detector per call) as tie-breaker inside the script's languages, and
   for Latin-script text among fr, en, so, sq, tr, es, pt, ro.

``python -m intake_bot.i18n.detection --report`` prints the accuracy on the labelled samples.
"""

from __future__ import annotations

import argparse
import functools
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

from langdetect import DetectorFactory
from langdetect.detector_factory import PROFILES_DIRECTORY
from langdetect.lang_detect_exception import LangDetectException

from intake_bot.i18n.locales import LANGUAGES, match_locale

DetectorFactory.seed = 0

SUPPORTED: frozenset[str] = frozenset(LANGUAGES)
LATIN_LOCALES: tuple[str, ...] = ("fr", "en", "so", "sq", "tr", "es", "pt", "ro")
ARABIC_SCRIPT_LOCALES: tuple[str, ...] = ("ar", "fa_AF", "ps")
CYRILLIC_LOCALES: tuple[str, ...] = ("uk", "ru")

# Letters Pashto has and neither Dari nor Arabic uses: ټ ډ ړ ږ ښ ګ ڼ ې ۍ ځ څ.
PASHTO_LETTERS = frozenset("\u067c\u0689\u0693\u0696\u069a\u06ab\u06bc\u06d0\u06cd\u0681\u0685")
# Persian letters (Dari too) absent from Arabic: پ چ ژ گ ک ی (Persian kaf and yeh).
PERSIAN_LETTERS = frozenset("\u067e\u0686\u0698\u06af\u06a9\u06cc")
# Arabic signs a Persian keyboard does not type (or rarely): ة ى إ أ ؤ ي ك.
ARABIC_LETTERS = frozenset("\u0629\u0649\u0625\u0623\u0624\u064a\u0643")
UKRAINIAN_LETTERS = frozenset("іїєґІЇЄҐ")
RUSSIAN_LETTERS = frozenset("ыэъёЫЭЪЁ")

MIN_LETTERS = 3          # fewer letters than this ("ok", "да", "نعم"…) → None
MIN_PROBABILITY = 0.7    # langdetect's best supported language must reach this
_LANGDETECT_CODES = {"fa": "fa_AF"}
_LOCALE_TO_LANGDETECT = {"fa_AF": "fa"}
SAMPLES_PATH = Path(__file__).resolve().parents[2] / "tests" / "data" / "detection_samples.yaml"

_SCRIPT_RANGES: tuple[tuple[int, int, str], ...] = (
    (0x10A0, 0x10FF, "georgian"), (0x1C90, 0x1CBF, "georgian"), (0x2D00, 0x2D2F, "georgian"),
    (0x1200, 0x139F, "ethiopic"), (0x2D80, 0x2DDF, "ethiopic"), (0xAB00, 0xAB2F, "ethiopic"),
    (0x0980, 0x09FF, "bengali"),
    (0x0600, 0x06FF, "arabic"), (0x0750, 0x077F, "arabic"), (0x08A0, 0x08FF, "arabic"),
    (0xFB50, 0xFDFF, "arabic"), (0xFE70, 0xFEFF, "arabic"),
    (0x0400, 0x052F, "cyrillic"),
    (0x0041, 0x024F, "latin"), (0x1E00, 0x1EFF, "latin"),
)


@functools.lru_cache(maxsize=1)
def _factory() -> DetectorFactory:
    """langdetect's profiles, loaded once on first use, with a fixed seed."""
    factory = DetectorFactory()
    factory.load_profile(PROFILES_DIRECTORY)
    factory.set_seed(0)
    return factory


def load_profiles() -> None:
    """Load langdetect's profiles now rather than on the first free-text answer (a long-running
    bot then keeps them out of garbage collection, see ``channels.telegram.app.run_bot``)."""
    _factory()


def _char_script(ch: str) -> str | None:
    """The script of one letter we route on, ``"other"`` for any other letter, None otherwise."""
    if not (ch.isalpha() or unicodedata.category(ch) == "Mc"):
        return None
    code = ord(ch)
    for low, high, script in _SCRIPT_RANGES:
        if low <= code <= high:
            return script
    return "other"


def dominant_script(text: str) -> tuple[str | None, int]:
    """The script most of the letters of ``text`` are written in, and how many letters it has."""
    counts = Counter(s for s in map(_char_script, text) if s is not None)
    if not counts:
        return None, 0
    script, _ = counts.most_common(1)[0]
    return script, sum(counts.values())


def _allowed(candidates: Iterable[str] | None) -> frozenset[str]:
    """The supported locales the caller accepts (all of them by default)."""
    if candidates is None:
        return SUPPORTED
    return frozenset(c.replace("-", "_") for c in candidates) & SUPPORTED


def langdetect_probabilities(text: str, allowed: Iterable[str]) -> dict[str, float]:
    """langdetect's probabilities for ``text``, as our locale codes, kept to ``allowed``."""
    detector = _factory().create()
    detector.append(text)
    try:
        found = detector.get_probabilities()
    except LangDetectException:
        return {}
    allowed = set(allowed)
    result = {_LANGDETECT_CODES.get(l.lang, l.lang): l.prob for l in found}
    return {code: prob for code, prob in result.items() if code in allowed}


def _best(text: str, allowed: Iterable[str], min_probability: float = MIN_PROBABILITY) -> str | None:
    """langdetect's most probable locale among ``allowed``, or None when it is unsure."""
    probabilities = langdetect_probabilities(text, allowed)
    if not probabilities:
        return None
    code, prob = max(probabilities.items(), key=lambda item: (item[1], item[0]))
    return code if prob >= min_probability else None


def _restricted_best(text: str, allowed: Iterable[str]) -> str | None:
    """langdetect's choice when only ``allowed`` are possible (prior map), for tie-breaks."""
    allowed = [c for c in allowed if _LOCALE_TO_LANGDETECT.get(c, c) in _factory().langlist]
    if not allowed:
        return None
    detector = _factory().create()
    detector.set_prior_map({_LOCALE_TO_LANGDETECT.get(c, c): 1.0 for c in allowed})
    detector.append(text)
    try:
        found = detector.get_probabilities()
    except LangDetectException:
        return None
    return _LANGDETECT_CODES.get(found[0].lang, found[0].lang) if found else None


def arabic_script_locale(text: str, allowed: frozenset[str] = SUPPORTED) -> str | None:
    """Pashto, Dari or Arabic for Arabic-script ``text``: letters first, langdetect on a tie."""
    if "ps" in allowed and any(ch in PASHTO_LETTERS for ch in text):
        return "ps"
    persian = sum(ch in PERSIAN_LETTERS for ch in text)
    arabic = sum(ch in ARABIC_LETTERS for ch in text)
    if persian != arabic:
        choice = "fa_AF" if persian > arabic else "ar"
        if choice in allowed:
            return choice
    return _restricted_best(text, [c for c in ("ar", "fa_AF") if c in allowed])


def cyrillic_locale(text: str, allowed: frozenset[str] = SUPPORTED) -> str | None:
    """Ukrainian or Russian for Cyrillic ``text``: letters first, then langdetect, else Russian."""
    if "uk" in allowed and any(ch in UKRAINIAN_LETTERS for ch in text):
        return "uk"
    if "ru" in allowed and any(ch in RUSSIAN_LETTERS for ch in text):
        return "ru"
    choice = _restricted_best(text, [c for c in CYRILLIC_LOCALES if c in allowed])
    return choice or ("ru" if "ru" in allowed else None)


def _by_script(text: str, script: str, allowed: frozenset[str]) -> str | None:
    """The locale for ``text`` written in ``script``."""
    unique = {"georgian": "ka", "ethiopic": "ti", "bengali": "bn"}
    if script in unique:
        return unique[script] if unique[script] in allowed else None
    if script == "arabic":
        return arabic_script_locale(text, allowed)
    if script == "cyrillic":
        return cyrillic_locale(text, allowed)
    if script == "latin":
        return _best(text, [c for c in LATIN_LOCALES if c in allowed])
    return None


def detect_language(text: str, candidates: Iterable[str] | None = None) -> str | None:
    """The supported locale ``text`` is written in, or None when too short or unsure.

    ``candidates`` restricts the answer to those locale codes (default: every supported one).
    Text with fewer than :data:`MIN_LETTERS` letters (digits, emoji, "ok") gives None.
    """
    if not text or not text.strip():
        return None
    script, letters = dominant_script(text)
    if script is None or letters < MIN_LETTERS:
        return None
    return _by_script(text, script, _allowed(candidates))


def should_offer_switch(chosen: str, recent_detections: Sequence[str | None],
                        already_offered: bool, window: int = 3) -> str | None:
    """The language to offer once: the last ``window`` detections (Nones ignored) agree on a
    language other than ``chosen``, and no switch was offered yet. Otherwise None."""
    if already_offered:
        return None
    known = [d for d in recent_detections if d is not None][-window:]
    if len(known) < window or len(set(known)) != 1:
        return None
    language = known[0]
    return language if language != match_locale(chosen) else None


@dataclass
class AccuracyReport:
    """Per-language counts of correct detections on a labelled set."""

    correct: Counter = field(default_factory=Counter)
    total: Counter = field(default_factory=Counter)
    errors: list[tuple[str, str, str | None]] = field(default_factory=list)

    @property
    def overall(self) -> float:
        """Share of samples detected as their label."""
        return sum(self.correct.values()) / max(1, sum(self.total.values()))

    def accuracy(self, locale: str) -> float:
        """Share of ``locale``'s samples detected as ``locale``."""
        return self.correct[locale] / max(1, self.total[locale])


def load_samples(path: Path = SAMPLES_PATH) -> dict[str, list[str]]:
    """The labelled samples: locale code → list of short answers."""
    import yaml

    with open(path, encoding="utf-8") as stream:
        return {str(k): list(v) for k, v in yaml.safe_load(stream).items()}


def evaluate(samples: dict[str, list[str]]) -> AccuracyReport:
    """Run :func:`detect_language` on every sample and count the correct ones per language."""
    report = AccuracyReport()
    for locale, texts in samples.items():
        for text in texts:
            found = detect_language(text)
            report.total[locale] += 1
            report.correct[locale] += found == locale
            if found != locale:
                report.errors.append((locale, text, found))
    return report


def format_report(report: AccuracyReport, show_errors: bool = False) -> str:
    """The accuracy table: one line per language, then the overall figure."""
    lines = [f"{'lang':<7}{'ok':>4}/{'n':<4}{'accuracy':>9}"]
    for locale in sorted(report.total, key=lambda c: (report.accuracy(c), c)):
        lines.append(f"{locale:<7}{report.correct[locale]:>4}/{report.total[locale]:<4}"
                     f"{report.accuracy(locale):>9.1%}")
    total = sum(report.total.values())
    lines.append(f"{'overall':<7}{sum(report.correct.values()):>4}/{total:<4}{report.overall:>9.1%}")
    if show_errors:
        lines += [f"  {label} → {found}: {text}" for label, text, found in report.errors]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``--report`` prints the accuracy table on the labelled samples."""
    parser = argparse.ArgumentParser(prog="python -m intake_bot.i18n.detection")
    parser.add_argument("--report", action="store_true", help="accuracy on the labelled samples")
    parser.add_argument("--samples", type=Path, default=SAMPLES_PATH)
    parser.add_argument("--errors", action="store_true", help="also list the misdetections")
    args = parser.parse_args(argv)
    if not args.report:
        parser.print_help()
        return 2
    print(format_report(evaluate(load_samples(args.samples)), show_errors=args.errors))
    return 0


if __name__ == "__main__":
    sys.exit(main())
