"""Number words from zero to twenty in every supported language, and the unit words to refuse.

The table is built once: num2words writes the numbers of the languages it knows (fr, en, ar, fa,
bn, ru, uk, tr, es, pt, ro); Pashto, Tigrinya, Somali, Georgian and Albanian, which it lacks, are
written here by hand, with the other forms people type (feminine « une », « одна », « дві »,
Dari « چار »…). A word that means two numbers, or that also answers yes or no (Dari and Pashto
« نه » is both *nine* and *no*), is left out: an answer read from it would be a guess.

Unit words that are not months (years, weeks, days), from babel's locale data, let the integer
parser refuse « 2 ans » for a number of months rather than read 2.
"""

from __future__ import annotations

import functools
import unicodedata

from babel import Locale
from num2words import num2words

__all__ = ["LOCALES", "HAND_WRITTEN", "number_words", "number_value", "today_words",
           "other_unit_words", "fold_word"]

LOCALES = ("fr", "en", "ar", "fa_AF", "ps", "ti", "so", "uk", "ru", "ka", "sq", "tr", "es",
           "pt", "ro", "bn")
HIGHEST = 20
_NUM2WORDS_LANG = {"fa_AF": "fa"}

# num2words has no Pashto, Tigrinya, Somali, Georgian nor Albanian: 0 to 20, by hand.
HAND_WRITTEN: dict[str, tuple[str, ...]] = {
    "ps": ("صفر", "یو", "دوه", "درې", "څلور", "پنځه", "شپږ", "اووه", "اته", "نهه", "لس",
           "یوولس", "دوولس", "دیارلس", "څوارلس", "پنځلس", "شپاړس", "اوولس", "اتلس", "نولس", "شل"),
    "ti": ("ዜሮ", "ሓደ", "ክልተ", "ሰለስተ", "ኣርባዕተ", "ሓሙሽተ", "ሽዱሽተ", "ሸውዓተ", "ሸሞንተ", "ትሽዓተ",
           "ዓሰርተ", "ዓሰርተ ሓደ", "ዓሰርተ ክልተ", "ዓሰርተ ሰለስተ", "ዓሰርተ ኣርባዕተ", "ዓሰርተ ሓሙሽተ",
           "ዓሰርተ ሽዱሽተ", "ዓሰርተ ሸውዓተ", "ዓሰርተ ሸሞንተ", "ዓሰርተ ትሽዓተ", "ዕስራ"),
    "so": ("eber", "kow", "laba", "saddex", "afar", "shan", "lix", "toddoba", "siddeed",
           "sagaal", "toban", "kow iyo toban", "laba iyo toban", "saddex iyo toban",
           "afar iyo toban", "shan iyo toban", "lix iyo toban", "toddoba iyo toban",
           "siddeed iyo toban", "sagaal iyo toban", "labaatan"),
    "ka": ("ნული", "ერთი", "ორი", "სამი", "ოთხი", "ხუთი", "ექვსი", "შვიდი", "რვა", "ცხრა",
           "ათი", "თერთმეტი", "თორმეტი", "ცამეტი", "თოთხმეტი", "თხუთმეტი", "თექვსმეტი",
           "ჩვიდმეტი", "თვრამეტი", "ცხრამეტი", "ოცი"),
    "sq": ("zero", "një", "dy", "tre", "katër", "pesë", "gjashtë", "shtatë", "tetë", "nëntë",
           "dhjetë", "njëmbëdhjetë", "dymbëdhjetë", "trembëdhjetë", "katërmbëdhjetë",
           "pesëmbëdhjetë", "gjashtëmbëdhjetë", "shtatëmbëdhjetë", "tetëmbëdhjetë",
           "nëntëmbëdhjetë", "njëzet"),
}

# Other forms people write: feminine or neuter, regional spellings, counting words.
EXTRA_FORMS: dict[str, dict[str, int]] = {
    "fr": {"une": 1, "zero": 0},
    "es": {"un": 1, "una": 1},
    "pt": {"uma": 1, "duas": 2, "dezesseis": 16, "dezessete": 17, "dezenove": 19},
    "ro": {"un": 1, "una": 1, "o": 1, "două": 2, "doua": 2, "douăsprezece": 12},
    "ru": {"одна": 1, "одно": 1, "две": 2, "нуль": 0},
    "uk": {"одна": 1, "одне": 1, "дві": 2, "ноль": 0},
    "ar": {"واحدة": 1, "اثنين": 2, "اثنتان": 2, "اثنتين": 2, "احدى عشرة": 11, "إحدى عشرة": 11,
           "اثنتا عشرة": 12, "اثني عشر": 12, "عشرين": 20},
    "fa_AF": {"چار": 4, "چارده": 14, "هژده": 18, "نزده": 19, "پونزده": 15},
    "ps": {"يو": 1, "دری": 3, "اوه": 7},
    "ti": {"ሓንቲ": 1},
    "so": {"hal": 1, "labo": 2, "toddobo": 7},
    "sq": {"tri": 3, "njezet": 20},
    "tr": {"on bir": 11, "on iki": 12},
    "bn": {"দু": 2, "পনেরো": 15, "ষোলো": 16, "সতেরো": 17},
}
# Words that also answer yes or no, or mean something else as a whole answer: never a number.
NOT_NUMBERS = frozenset({"نه"})

_ARABIC_VARIANTS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ة": "ه", "ي": "ی", "ى": "ی",
                                  "ك": "ک", "\u0640": None})


def fold_word(text: str) -> str:
    """A word as compared: NFKC, lower case, no accents, no spaces, no punctuation, Arabic
    letter variants unified (``خمسة`` = ``خمسه``, ``أربعة`` = ``اربعه``)."""
    decomposed = unicodedata.normalize("NFD", unicodedata.normalize("NFKC", text).casefold())
    kept = "".join(ch for ch in decomposed if not unicodedata.combining(ch)
                   and not ch.isspace() and unicodedata.category(ch)[0] not in "PC")
    return unicodedata.normalize("NFC", kept).translate(_ARABIC_VARIANTS)


def _words_of(locale: str) -> dict[str, int]:
    """Every spelling of 0..20 in ``locale``: num2words or the hand table, then extra forms."""
    if locale in HAND_WRITTEN:
        spelled = dict(zip(HAND_WRITTEN[locale], range(HIGHEST + 1)))
    else:
        lang = _NUM2WORDS_LANG.get(locale, locale)
        spelled = {num2words(n, lang=lang): n for n in range(HIGHEST + 1)}
    return {**spelled, **EXTRA_FORMS.get(locale, {})}


@functools.lru_cache(maxsize=None)
def number_words(locale: str) -> dict[str, int]:
    """Folded number words of ``locale``, French and English -> value; a word that means two
    values in these languages, or one of :data:`NOT_NUMBERS`, is left out."""
    found: dict[str, set[int]] = {}
    for loc in dict.fromkeys((locale, "fr", "en")):
        if loc not in LOCALES:
            continue
        for word, value in _words_of(loc).items():
            found.setdefault(fold_word(word), set()).add(value)
    excluded = {fold_word(word) for word in NOT_NUMBERS}
    return {key: values.pop() for key, values in found.items()
            if len(values) == 1 and key and key not in excluded}


def number_value(word: str, locale: str) -> int | None:
    """The value of one number word (``zéro``, ``خمسة``, ``один``), or None."""
    return number_words(locale).get(fold_word(word))


@functools.lru_cache(maxsize=None)
def today_words(locale: str) -> frozenset[str]:
    """Folded words for "today" in ``locale``, French and English (babel's relative day names)."""
    words = {"aujourd'hui", "auj", "today"}
    for loc in dict.fromkeys((locale, "fr", "en")):
        try:
            words.add(Locale.parse(loc)._data["date_fields"]["day"]["relative"][0])
        except (KeyError, ValueError, TypeError):  # an unknown locale only means fewer words
            continue
    words |= {"astăzi", "امروز", "نن ورځ"}
    return frozenset(fold_word(word) for word in words)


@functools.lru_cache(maxsize=None)
def other_unit_words(locale: str) -> frozenset[str]:
    """Folded words for years, weeks, days and hours in ``locale``, French and English: a
    number of months written with one of them (« 2 ans ») is not a number of months."""
    words: set[str] = set()
    for loc in dict.fromkeys((locale, "fr", "en")):
        try:
            patterns = Locale.parse(loc)._data["unit_patterns"]
        except (ValueError, TypeError):
            continue
        for unit in ("duration-year", "duration-week", "duration-day", "duration-hour"):
            long_forms = patterns.get(unit, {}).get("long", {})
            for count, pattern in long_forms.items():
                if count != "per":
                    words.update(w for w in pattern.replace("{0}", " ").split() if len(w) > 2)
    return frozenset(fold_word(word) for word in words)
