"""Guess the language of a free-text answer, so the bot can offer to switch the interview language.

Detection abstains (returns None) rather than guess: a wrong language offered to a household,
or stored as the source of a translation, costs more than no answer. It answers None for fewer
than two words, for a run of capitalised words (names), for text mixing two scripts, and
whenever the rules below do not settle and langdetect is not sure. Callers run it only on prose
answers (``Field.prose``: never on names, numbers, references, dates or amounts).

Two stages, both deterministic:

1. Unicode script rules, for what langdetect does not know (Georgian, Tigrinya, Pashto) or
   confuses (Dari/Arabic, Ukrainian/Russian): Georgian → ``ka``, Ethiopic → ``ti``, Bengali →
   ``bn``; Arabic script → ``ps`` on Pashto-only letters, else ``fa_AF`` or ``ar`` by counting
   Persian-only against Arabic-only letters; Cyrillic → ``uk`` on і ї є ґ, ``ru`` on ы э ъ ё,
   else by counting Ukrainian against Russian function words (``що``/``что``, ``але``/``или``…).
2. langdetect (seeded, one detector per call) as tie-breaker inside the script's languages, and
   for Latin-script text restricted to fr, en, so, sq, tr, es, pt, ro (a prior map: text
   langdetect would call Catalan or Indonesian is weighed among these only). Somali, Turkish
   and Albanian, where langdetect puts transliterated Dari, Pashto or Arabic, also need a sign
   of their spelling (a doubled vowel; ı ğ ş ç ö ü; ë ç).

``python -m intake_bot.i18n.detection --report`` prints the accuracy on the samples written
with the code (tests/data/detection_samples.yaml); ``--independent`` the figures on the set
written apart from it (tests/data/detection_samples.tsv), which the README quotes.
"""

from __future__ import annotations

import argparse
import functools
import re
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
MIN_WORDS = 2            # one word ("Ahmad", "oui", "matin") tells nothing reliable → None
MIN_PROBABILITY = 0.9    # langdetect's best supported language must reach this
MIN_TIE_BREAK_WORDS = 3  # a tie of the letter rules is broken by langdetect only on this much
MIXED_SHARE = 0.25       # a second script with this share of the letters: mixed answer → None
NAMES_AT_MOST = 4        # up to this many words, all capitalised: a name → None
# Function words of Ukrainian and Russian that the other language writes differently, to tell
# them apart without і ї є ґ / ы э ъ ё (lower case; common words, not taken from the samples).
UKRAINIAN_WORDS = frozenset(
    "що це та але дуже щоб або чи вже ще як коли зараз треба теж також нема дякую ми ви вони "
    "мене його потрібно можна".split()
)
RUSSIAN_WORDS = frozenset(
    "что это как или но очень чтобы когда сейчас нужно надо нет и его она они мне меня уже еще "
    "тоже здесь спасибо пожалуйста мы вы можно".split()
) - UKRAINIAN_WORDS
# Unsupported languages langdetect takes a short supported text for (its own codes).
RELATIVES: dict[str, frozenset[str]] = {
    "fr": frozenset({"ca", "oc"}), "es": frozenset({"ca", "gl"}), "pt": frozenset({"gl"}),
    "en": frozenset({"cy"}),
}
FREE_SUPPORT = 0.3       # langdetect left free must give the restricted choice this much
# Spelling a language nearly always shows in a sentence; langdetect's picks for transliterated
# text (Somali, Turkish, Albanian) are kept only with it.
SPELLING_EVIDENCE: dict[str, re.Pattern[str]] = {
    "so": re.compile(r"aa|ii|uu", re.IGNORECASE),
    "tr": re.compile(r"[ığşçöüİĞŞÇÖÜ]"),
    "sq": re.compile(r"[ëçËÇ]"),
}
_LANGDETECT_CODES = {"fa": "fa_AF"}
_LOCALE_TO_LANGDETECT = {"fa_AF": "fa"}
SAMPLES_PATH = Path(__file__).resolve().parents[2] / "tests" / "data" / "detection_samples.yaml"
INDEPENDENT_SAMPLES_PATH = SAMPLES_PATH.with_name("detection_samples.tsv")

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


def _restricted_best(text: str, allowed: Iterable[str],
                     min_probability: float = MIN_PROBABILITY) -> str | None:
    """langdetect's choice when only ``allowed`` are possible (prior map), or None when its
    probability is below ``min_probability``."""
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
    if not found or found[0].prob < min_probability:
        return None
    return _LANGDETECT_CODES.get(found[0].lang, found[0].lang)


def _tie_break(text: str, allowed: Iterable[str]) -> str | None:
    """langdetect among ``allowed`` when the letter rules tie: only on a few words or more."""
    if len(letter_words(text)) < MIN_TIE_BREAK_WORDS:
        return None
    return _restricted_best(text, allowed)


def latin_locale(text: str, allowed: frozenset[str] = SUPPORTED) -> str | None:
    """The supported Latin-script language of ``text``: langdetect restricted to them, sure of
    itself, and for Somali, Turkish and Albanian a sign of their spelling; else None.

    The restricted choice stands only when langdetect left free also sees it (probability at
    least :data:`FREE_SUPPORT`) or finds a close relative of it (« près de la gare » is Catalan
    to langdetect): German or Indonesian text is not turned into English or Somali."""
    choice = _restricted_best(text, [c for c in LATIN_LOCALES if c in allowed])
    evidence = SPELLING_EVIDENCE.get(choice or "")
    if choice is None or (evidence is not None and not evidence.search(text)):
        return None
    free = _free_probabilities(text)
    top = max(free, key=free.get) if free else None
    if free.get(choice, 0.0) >= FREE_SUPPORT or top in RELATIVES.get(choice, ()):
        return choice
    return None


def _free_probabilities(text: str) -> dict[str, float]:
    """langdetect's probabilities over all its languages (its own codes)."""
    detector = _factory().create()
    detector.append(text)
    try:
        return {found.lang: found.prob for found in detector.get_probabilities()}
    except LangDetectException:
        return {}


def arabic_script_locale(text: str, allowed: frozenset[str] = SUPPORTED) -> str | None:
    """Pashto, Dari or Arabic for Arabic-script ``text``: letters first, langdetect on a tie."""
    if "ps" in allowed and any(ch in PASHTO_LETTERS for ch in text):
        return "ps"
    persian = sum(ch in PERSIAN_LETTERS for ch in text)
    arabic = sum(ch in ARABIC_LETTERS for ch in text)
    margin = 1 if len(letter_words(text)) >= MIN_TIE_BREAK_WORDS else 2
    if abs(persian - arabic) >= margin:
        choice = "fa_AF" if persian > arabic else "ar"
        return choice if choice in allowed else None
    if persian != arabic:
        return None
    return _tie_break(text, [c for c in ("ar", "fa_AF") if c in allowed])


def cyrillic_locale(text: str, allowed: frozenset[str] = SUPPORTED) -> str | None:
    """Ukrainian or Russian for Cyrillic ``text``: letters first, then function words, then
    langdetect on a longer text; None when nothing settles it."""
    if "uk" in allowed and any(ch in UKRAINIAN_LETTERS for ch in text):
        return "uk"
    if "ru" in allowed and any(ch in RUSSIAN_LETTERS for ch in text):
        return "ru"
    words = [word.lower() for word in letter_words(text)]
    ukrainian = sum(word in UKRAINIAN_WORDS for word in words)
    russian = sum(word in RUSSIAN_WORDS for word in words)
    if ukrainian != russian:
        choice = "uk" if ukrainian > russian else "ru"
        return choice if choice in allowed else None
    return _tie_break(text, [c for c in CYRILLIC_LOCALES if c in allowed])


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
        return latin_locale(text, allowed)
    return None


def letter_words(text: str) -> list[str]:
    """The words of ``text`` that hold at least one letter."""
    return [word for word in re.findall(r"[^\W\d_][\w'’-]*", text)
            if any(ch.isalpha() for ch in word)]


def _mixed_scripts(text: str) -> bool:
    """True when a second script holds a real share of the letters (an answer in two
    languages, or a transliteration beside the original)."""
    counts = Counter(s for s in map(_char_script, text) if s is not None)
    if len(counts) < 2:
        return False
    second = counts.most_common(2)[1][1]
    return second / sum(counts.values()) >= MIXED_SHARE


def _looks_like_names(words: list[str]) -> bool:
    """True for a few words that all start with a capital letter ("Mohammad Nabi Rahimi")."""
    return len(words) <= NAMES_AT_MOST and all(word[0].isupper() for word in words)


def detect_language(text: str, candidates: Iterable[str] | None = None) -> str | None:
    """The supported locale ``text`` is written in, or None when too short or unsure.

    ``candidates`` restricts the answer to those locale codes (default: every supported one).
    Text with fewer than :data:`MIN_LETTERS` letters (digits, emoji, "ok"), a single word, a
    few capitalised words (a name), or text mixing two scripts gives None.
    """
    if not text or not text.strip():
        return None
    script, letters = dominant_script(text)
    if script is None or letters < MIN_LETTERS:
        return None
    words = letter_words(text)
    if len(words) < MIN_WORDS or _looks_like_names(words) or _mixed_scripts(text):
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


# --- the set written apart from the code ------------------------------------------------------

ABSTAIN = "-"


@dataclass(frozen=True)
class Sample:
    """One answer of the independent set: what may be answered (a locale, or ``-`` for None),
    its kind (prose, short, translit, mixed, name, number) and its text."""

    expected: frozenset[str]
    kind: str
    text: str

    @property
    def abstain_expected(self) -> bool:
        """True when only None is right (names, numbers, transliterations…)."""
        return self.expected == {ABSTAIN}


@dataclass
class IndependentReport:
    """Outcomes on the independent set: right, abstained, wrong, per kind of answer."""

    outcomes: list[tuple[Sample, str]] = field(default_factory=list)  # (sample, answer or "-")

    def count(self, kinds: Iterable[str] | None = None, *, result: str) -> int:
        """How many samples of ``kinds`` (all by default) had ``result``: right, abstained or
        wrong (a language given where another, or None, was right)."""
        kinds = None if kinds is None else set(kinds)
        return sum(1 for sample, found in self.outcomes
                   if (kinds is None or sample.kind in kinds) and _result(sample, found) == result)

    def total(self, kinds: Iterable[str] | None = None) -> int:
        """How many samples of ``kinds``."""
        kinds = None if kinds is None else set(kinds)
        return sum(1 for sample, _ in self.outcomes if kinds is None or sample.kind in kinds)

    @property
    def labelled(self) -> list[tuple[Sample, str]]:
        """Outcomes of the samples written in one known language."""
        return [(s, f) for s, f in self.outcomes if not s.abstain_expected and s.kind != "mixed"]

    @property
    def accuracy_when_answering(self) -> float:
        """Among labelled samples the detector gave a language for, the share it got right."""
        answered = [(s, f) for s, f in self.labelled if f != ABSTAIN]
        return sum(f in s.expected for s, f in answered) / max(1, len(answered))

    @property
    def abstention_rate(self) -> float:
        """Share of labelled samples (a known language) on which the detector said None."""
        return sum(f == ABSTAIN for _, f in self.labelled) / max(1, len(self.labelled))


def _result(sample: Sample, found: str) -> str:
    """right, abstained (None where a language was expected) or wrong."""
    if found in sample.expected:
        return "right"
    return "abstained" if found == ABSTAIN else "wrong"


def load_independent_samples(path: Path = INDEPENDENT_SAMPLES_PATH) -> list[Sample]:
    """The samples of the TSV set: ``expected<TAB>kind<TAB>text``, ``#`` lines are comments."""
    samples = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            expected, kind, text = line.split("\t")
            samples.append(Sample(frozenset(expected.split("|")), kind, text))
    return samples


def evaluate_independent(samples: Iterable[Sample]) -> IndependentReport:
    """Run :func:`detect_language` on every sample of the independent set."""
    report = IndependentReport()
    for sample in samples:
        report.outcomes.append((sample, detect_language(sample.text) or ABSTAIN))
    return report


def format_independent(report: IndependentReport) -> str:
    """The figures quoted in the README: per kind right/abstained/wrong, then the summary and
    every sample not right."""
    kinds = sorted({s.kind for s, _ in report.outcomes})
    lines = [f"{'kind':<10}{'n':>4}{'right':>7}{'abstain':>9}{'wrong':>7}"]
    for kind in kinds:
        lines.append(f"{kind:<10}{report.total([kind]):>4}{report.count([kind], result='right'):>7}"
                     f"{report.count([kind], result='abstained'):>9}"
                     f"{report.count([kind], result='wrong'):>7}")
    lines.append(f"{'all':<10}{report.total():>4}{report.count(result='right'):>7}"
                 f"{report.count(result='abstained'):>9}{report.count(result='wrong'):>7}")
    lines.append(f"answers in a known language: {len(report.labelled)}; right when it answers "
                 f"{report.accuracy_when_answering:.1%}; abstains on {report.abstention_rate:.1%}")
    lines += [f"  {'|'.join(sorted(s.expected))} → {found} ({s.kind}): {s.text}"
              for s, found in report.outcomes if found not in s.expected]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``--report`` prints the accuracy table on the samples written with the
    code; ``--independent`` the figures on the set written apart from it."""
    parser = argparse.ArgumentParser(prog="python -m intake_bot.i18n.detection")
    parser.add_argument("--report", action="store_true", help="accuracy on the labelled samples")
    parser.add_argument("--independent", action="store_true",
                        help="right, abstained and wrong on tests/data/detection_samples.tsv")
    parser.add_argument("--samples", type=Path, default=SAMPLES_PATH)
    parser.add_argument("--errors", action="store_true", help="also list the misdetections")
    args = parser.parse_args(argv)
    if args.independent:
        print(format_independent(evaluate_independent(load_independent_samples())))
        return 0
    if not args.report:
        parser.print_help()
        return 2
    print(format_report(evaluate(load_samples(args.samples)), show_errors=args.errors))
    return 0


if __name__ == "__main__":
    sys.exit(main())
