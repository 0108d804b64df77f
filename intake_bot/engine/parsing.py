"""Pure parsers that turn what a person typed into an exact value, or say why they cannot.

People answer on cheap phones, in Arabic, Dari, Ukrainian, French…: every parser first runs
:func:`normalize_digits` (any script's digits become ASCII, bidi marks go away), then reads the
answer strictly. A parser never guesses: when an answer could mean two things, it raises
:class:`InvalidAnswer` with a message id of :mod:`intake_bot.messages`, and the person is asked
again. For *any* input string, the only exception a parser raises is :class:`InvalidAnswer`.

Decisions on ambiguous input (see each parser for the details):

* money — the last ``,`` or ``.`` followed by one or two digits is the decimal mark
  (``1,5`` = ``1.50``); spaces and apostrophes only ever group thousands; a *single* ``,`` or ``.``
  followed by exactly three digits (``1,200``, ``1.200``) is ambiguous and reprompted; the same mark
  repeated (``1.200.000``) or next to the other mark (``1.200,50``) is a thousands separator.
* numeric dates are day first (French): ``03/04/2020`` is the 3rd of April; year first only as
  ISO ``2020-04-03``; a two-digit year is never completed.
* in a list of options, a number is the option's position as displayed.
"""

from __future__ import annotations

import functools

import re
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal

from babel.dates import get_month_names

from intake_bot.engine.dates import from_solar_hijri, is_solar_hijri_year, uses_solar_hijri
from intake_bot.engine.numbers import fold_word, number_value, other_unit_words, today_words

__all__ = [
    "InvalidAnswer",
    "normalize_digits",
    "parse_money",
    "parse_integer",
    "parse_date",
    "parse_month_year",
    "parse_yes_no",
    "parse_choice",
    "parse_multi_choice",
    "word_key",
    "is_latin_script",
]


class InvalidAnswer(Exception):
    """Raised with a message id from intake_bot/messages.py and its parameters."""

    def __init__(self, message_id: str, **params: object) -> None:
        """Keep ``message_id`` and the ``params`` that fill its placeholders."""
        super().__init__(message_id)
        self.message_id: str = message_id
        self.params: dict = dict(params)

    def __reduce__(self) -> tuple:
        """Pickle with the parameters (``Exception`` would only keep ``message_id``)."""
        return (_rebuild_invalid_answer, (self.message_id, self.params))

    def __str__(self) -> str:
        """``message_id`` followed by the parameters, for logs and test failures."""
        return f"{self.message_id} {self.params}" if self.params else self.message_id


def _rebuild_invalid_answer(message_id: str, params: dict) -> InvalidAnswer:
    """Unpickle an :class:`InvalidAnswer`."""
    return InvalidAnswer(message_id, **params)


# --- normalisation -------------------------------------------------------------------------

_INVISIBLE = "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_INVISIBLE += "\u200b\u2060\ufeff"  # zero-width space, word joiner, byte order mark
_SPACES = "\u00a0\u202f\u2007\u2008\u2009\u200a\u3000"
_TRANSLATE = str.maketrans(
    {
        **{ch: None for ch in _INVISIBLE},
        **{ch: " " for ch in _SPACES},
        "\u066b": ",",  # ARABIC DECIMAL SEPARATOR
        "\u066c": " ",  # ARABIC THOUSANDS SEPARATOR
        "\u2212": "-",  # MINUS SIGN
        "\u2019": "'",  # RIGHT SINGLE QUOTATION MARK, used to group thousands
    }
)
# Letters that Arabic and Persian keyboards spell differently; folded only to compare words.
_ARABIC_FOLD = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "\u0640": None})
_ECHO_LENGTH = 40


def normalize_digits(text: str) -> str:
    """Return ``text`` in NFKC with every decimal digit in ASCII and no bidi control marks.

    Arabic-Indic ``٠-٩``, Persian ``۰-۹`` and every other Unicode decimal digit become ``0-9``;
    the Arabic decimal separator ``٫`` becomes ``,`` and the Arabic thousands separator ``٬``, the
    no-break, narrow, thin and other spaces become a plain space; the minus sign becomes ``-``
    and ``’`` becomes ``'``. Bidi marks (U+200E, U+200F, U+061C, U+202A–U+202E,
    U+2066–U+2069),
    zero-width spaces, word joiners and byte order marks are removed.
    """
    text = unicodedata.normalize("NFKC", text).translate(_TRANSLATE)
    return "".join(_ascii_digit(ch) for ch in text)


def _ascii_digit(ch: str) -> str:
    """The ASCII digit for a Unicode decimal digit, else ``ch`` unchanged."""
    if ch.isascii():
        return ch
    value = unicodedata.decimal(ch, None)
    return ch if value is None else str(value)


def _clean(text: str) -> str:
    """``text`` normalised, with runs of whitespace collapsed to one space and trimmed."""
    return " ".join(normalize_digits(text).split())


def _echo(text: str) -> str:
    """A short, cleaned copy of the answer to quote back in an error message."""
    cleaned = _clean(text)
    if len(cleaned) <= _ECHO_LENGTH:
        return cleaned
    return cleaned[: _ECHO_LENGTH - 1] + "…"


def _fold(text: str) -> str:
    """Lower case, no accents, Arabic/Persian letter variants unified: for comparing words."""
    decomposed = unicodedata.normalize("NFD", _clean(text).casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped).translate(_ARABIC_FOLD)


@functools.lru_cache(maxsize=8192)  # the vocabulary's words are compared again at each answer
def word_key(text: str) -> str:
    """``_fold`` without any whitespace or punctuation: the form in which words are compared."""
    folded = _fold(text)
    return "".join(ch for ch in folded if not ch.isspace() and unicodedata.category(ch)[0] != "P")


def is_latin_script(text: str | None) -> bool:
    """True when every letter of ``text`` is a Latin letter (None or no letters: True), as a
    name must be on French documents and a residence permit."""
    if not text:
        return True
    return all(unicodedata.name(ch, "").startswith("LATIN") for ch in text if ch.isalpha())


def _is_digits(text: str) -> bool:
    """True when ``text`` is one or more ASCII digits (``str.isdigit`` also accepts ``²``)."""
    return re.fullmatch(r"[0-9]+", text) is not None


# --- money ---------------------------------------------------------------------------------

_CURRENCY = r"(?:€|euros?|eur|євро|евро|يورو|یورو)"
_MONEY = re.compile(
    rf"(?P<sign1>-\s*)?(?:{_CURRENCY}\s*)?(?P<sign2>-\s*)?"
    rf"(?P<body>[0-9](?:[0-9 '.,]*[0-9])?)\s*(?:{_CURRENCY})?",
    re.IGNORECASE,
)
_GROUP_SEPARATORS = " '"
_MAX_DIGITS = 18


def parse_money(text: str, maximum: Decimal | None = None) -> Decimal:
    """Read an amount of euros as an exact ``Decimal`` with two places (cents), never a float.

    Accepts ``1 200,50 €``, ``1200.50``, ``1.200,50``, ``1,200.50``, ``1'200.50``, ``450€``,
    ``€ 450``, ``450 euros``, ``450 eur`` and digits of any script. Raises ``InvalidAnswer``:
    ``error.money_ambiguous`` for a lone ``,``/``.`` before exactly three digits (``1,200``),
    ``error.money_negative``, ``error.money_too_large`` (``max=maximum``) and otherwise
    ``error.money_invalid`` (letters, more than two decimals, irregular digit groups…).
    """
    match = _MONEY.fullmatch(_clean(text))
    if match is None:
        raise InvalidAnswer("error.money_invalid")
    units, cents = _split_amount(match["body"], text)
    if len(units) > _MAX_DIGITS:
        raise InvalidAnswer("error.money_invalid")
    amount = Decimal(f"{units}.{cents:0<2}")
    if match["sign1"] or match["sign2"]:
        raise InvalidAnswer("error.money_negative")
    if maximum is not None and amount > maximum:
        raise InvalidAnswer("error.money_too_large", max=maximum)
    return amount


def _split_amount(body: str, text: str) -> tuple[str, str]:
    """Split an amount into its digits of euros and of cents, or raise ``InvalidAnswer``."""
    marks = [ch for ch in body if ch in ".,"]
    if not marks:
        return _ungroup(body, _GROUP_SEPARATORS), ""
    head, mark, tail = body.rpartition(marks[-1])
    if not _is_digits(tail):
        raise InvalidAnswer("error.money_invalid")
    if len(tail) <= 2:
        return _ungroup(head, _GROUP_SEPARATORS + ".,".replace(mark, "")), tail
    if len(tail) == 3 and len(marks) == 1 and re.fullmatch(r"[1-9][0-9]{0,2}", head):
        raise InvalidAnswer("error.money_ambiguous", text=_echo(text))
    if len(tail) == 3 and len(marks) > 1 and len(set(marks)) == 1:
        return _ungroup(body, mark), ""
    raise InvalidAnswer("error.money_invalid")


def _ungroup(number: str, separators: str) -> str:
    """Digits of ``number``, plain or grouped by thousands with one of ``separators``.

    A grouped number starts with 1 to 3 digits (not 0) followed by groups of exactly 3 digits.
    """
    if _is_digits(number):
        return number
    used = {ch for ch in number if not ch.isdigit()}
    if len(used) != 1 or not used <= set(separators):
        raise InvalidAnswer("error.money_invalid")
    first, *groups = number.split(used.pop())
    regular = all(re.fullmatch(r"[0-9]{3}", group) for group in groups)
    if not regular or not re.fullmatch(r"[1-9][0-9]{0,2}", first):
        raise InvalidAnswer("error.money_invalid")
    return first + "".join(groups)


# --- integers ------------------------------------------------------------------------------

_INTEGER = re.compile(r"(?P<sign>-\s*)?(?P<digits>[0-9]{1,3}(?: [0-9]{3})+|[0-9]+)")
_SIGNED = re.compile(r"-?[0-9]+")
_UNIT_WORDS_AT_MOST = 2
# Words that make a count approximate or plural ("6 mois et demi", "3 ou 4", "environ 5"):
# an answer with one of them is asked again rather than read.
_HEDGE_WORDS = frozenset(
    "et ou demi demie environ plus moins presque and or half about around more less maybe "
    "або пів півтора близько и или пол половина около примерно y o medio media más menos "
    "e ou meio meia mais sau si și jumatate jumătate او أو نصف حدود یا نیم حدود veya ya "
    "buçuk yarım ose gjysmë ama iyo ან ნახევარი".split()
)
_HEDGE_KEYS = frozenset(fold_word(word) for word in _HEDGE_WORDS)


def parse_integer(text: str, minimum: int | None = None, maximum: int | None = None,
                  locale: str = "fr") -> int:
    """Read a whole number: digits of any script (thousands grouped by spaces), a number word
    from zero to twenty in ``locale``, French or English (``zéro``, ``خمسة``, ``один``), or
    either followed by one or two words naming what is counted (``6 mois``, ``5 місяців``,
    ``1 chat``, ``один кіт``, ``3 enfants``).

    Nothing is ever misread: a second number (``3 ou 4``), a hedge (``environ 5``, ``6 mois et
    demi``) or a unit of years, weeks or days (``2 ans``) is refused. A number outside
    ``[minimum, maximum]`` raises ``error.integer_range`` with ``min=`` and ``max=`` (either may
    be None when that side is open); anything else ``error.integer_invalid``.
    """
    cleaned = _clean(text).rstrip(".!").strip()
    match = _INTEGER.fullmatch(cleaned)
    if match is None:
        value = _counted(cleaned, locale)
    else:
        digits = match["digits"].replace(" ", "").lstrip("0") or "0"
        if len(digits) > _MAX_DIGITS:
            if minimum is None and maximum is None:
                raise InvalidAnswer("error.integer_invalid")
            raise InvalidAnswer("error.integer_range", min=minimum, max=maximum)
        value = -int(digits) if match["sign"] else int(digits)
    if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
        raise InvalidAnswer("error.integer_range", min=minimum, max=maximum)
    return value


def _counted(cleaned: str, locale: str) -> int:
    """The number of a number word alone, or of a number followed by what is counted."""
    words = re.sub(r"(?<=[0-9])(?=[^\W\d_])", " ", cleaned).split()
    readings = {value for n in (1, 2, 3) if (value := _reading(words, n, locale)) is not None}
    whole = number_value(cleaned, locale)
    readings |= {whole} if whole is not None else set()
    if len(readings) != 1:
        raise InvalidAnswer("error.integer_invalid")
    return readings.pop()


def _reading(words: list[str], size: int, locale: str) -> int | None:
    """The number when the first ``size`` words are a number and the rest name a unit."""
    head, tail = words[:size], words[size:]
    if not head or not 1 <= len(tail) <= _UNIT_WORDS_AT_MOST:
        return None
    if size == 1 and _SIGNED.fullmatch(head[0]):
        value: int | None = int(head[0])
    else:
        value = number_value(" ".join(head), locale)
    if value is None or not all(_is_unit_word(word, locale) for word in tail):
        return None
    return value


def _is_unit_word(word: str, locale: str) -> bool:
    """True for a word that names what is counted: letters only, not a number, a hedge, nor a
    unit of years, weeks or days."""
    key = fold_word(word)
    if not key or not all(ch.isalpha() or unicodedata.category(ch)[0] == "M" for ch in word):
        return False
    return (number_value(word, locale) is None and key not in _HEDGE_KEYS
            and key not in other_unit_words(locale))


# --- dates ---------------------------------------------------------------------------------

_DAY_FIRST = re.compile(r"([0-9]{1,2})\s*([/.-])\s*([0-9]{1,2})\s*\2\s*([0-9]+)")
_DAY_FIRST_SPACED = re.compile(r"([0-9]{1,2}) ([0-9]{1,2}) ([0-9]+)")
_YEAR_FIRST = re.compile(r"([0-9]{4})\s*([/.-])\s*([0-9]{1,2})\s*\2\s*([0-9]{1,2})")
_DAY_TOKEN = re.compile(r"([0-9]{1,2})(?:er|re|ere|e|eme|st|nd|rd|th)?")
_FILLER_WORDS = frozenset({"le", "de", "du", "the", "of"})
_MONTH_YEAR = re.compile(r"([0-9]{1,2})\s*[/.-]\s*([0-9]+)|([0-9]{1,2}) ([0-9]+)")
_YEAR_MONTH = re.compile(r"([0-9]{4})\s*[/.-]\s*([0-9]{1,2})")


# Solar Hijri month names as written in Afghanistan (Dari, Pashto) and in Iran.
SOLAR_HIJRI_MONTHS: tuple[tuple[str, ...], ...] = (
    ("حمل", "ثور", "جوزا", "سرطان", "اسد", "سنبله", "میزان", "عقرب", "قوس", "جدی", "دلو", "حوت"),
    ("وری", "غویی", "غبرگولی", "چنگاښ", "زمری", "وږی", "تله", "لړم", "لیندۍ", "مرغومی", "سلواغه",
     "کب"),
    ("فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور", "مهر", "آبان", "آذر", "دی", "بهمن",
     "اسفند"),
)


def parse_date(text: str, locale: str = "fr", today: date | None = None,
               month_enough: bool = False) -> date:
    """Read a full date: numeric day first (``12/03/1985``, ``12.03.1985``, ``12-03-1985``,
    ``12 3 1985``), ISO year first (``1985-03-12``) or with a month name (``12 mars 1985``,
    ``1er mars 1985``, ``12 march 1985``, ``March 12, 1985``); "today" in ``locale``, French or
    English (``aujourd'hui``, ``сьогодні``) when ``today`` is given.

    Month names are those of babel ``locale``, French and English, wide or abbreviated, in any
    case and with or without accents. For a Dari or Pashto household (``fa_AF``, ``ps``) a year
    from 1300 to 1420 is a Solar Hijri year (``۱۲/۰۳/۱۳۶۴``, ``1364/03/12``, ``12 جوزا 1364``)
    and the Gregorian date is returned (1985-06-02). With ``month_enough`` (a field declared
    ``precision: month``) a month and a year (``10/2024``, ``octobre 2024``) give the first day
    of that month. Raises ``error.date_two_digit_year``, ``error.date_impossible`` (``text=``,
    e.g. 31/02/2020) or ``error.date_invalid``.
    """
    cleaned = _clean(text).rstrip(".").strip()
    if today is not None and fold_word(cleaned) in today_words(locale):
        return today
    try:
        return _full_date(cleaned, locale, text)
    except InvalidAnswer as invalid:
        if not month_enough or invalid.message_id != "error.date_invalid":
            raise
    try:
        return parse_month_year(text, locale)
    except InvalidAnswer:
        raise InvalidAnswer("error.date_invalid") from None


def _full_date(cleaned: str, locale: str, text: str) -> date:
    """A date with its day, numeric or with a month name."""
    for pattern, order in ((_DAY_FIRST, (1, 3, 4)), (_YEAR_FIRST, (4, 3, 1))):
        match = pattern.fullmatch(cleaned)
        if match:
            return _make_date(*(match[i] for i in order), text=text, locale=locale)
    match = _DAY_FIRST_SPACED.fullmatch(cleaned)
    if match:
        return _make_date(match[1], match[2], match[3], text=text, locale=locale)
    return _named_date(_words(cleaned), locale, text)


def _named_date(words: list[str], locale: str, text: str) -> date:
    """A date written ``day month year`` or ``month day year`` with a month name."""
    if len(words) == 3:
        months = {**_month_table(locale), **_solar_hijri_month_table(locale)}
        for day, month, year in ((words[0], words[1], words[2]), (words[1], words[0], words[2])):
            match = _DAY_TOKEN.fullmatch(day)
            if match and word_key(month) in months and _is_digits(year):
                return _make_date(match[1], str(months[word_key(month)]), year, text=text,
                                  locale=locale, hijri_month=_is_hijri_month(month, locale))
    raise InvalidAnswer("error.date_invalid")


def _solar_hijri_month_table(locale: str) -> dict[str, int]:
    """Folded Solar Hijri month names -> month, for the locales that use that calendar."""
    if not uses_solar_hijri(locale):
        return {}
    return {word_key(name): number for names in SOLAR_HIJRI_MONTHS
            for number, name in enumerate(names, start=1)}


def _is_hijri_month(word: str, locale: str) -> bool:
    """True when ``word`` is a Solar Hijri month name (then the year must be one too)."""
    return word_key(word) in _solar_hijri_month_table(locale)


def _words(cleaned: str) -> list[str]:
    """Words of a cleaned date, cut at spaces, commas and dots, without filler words."""
    words = re.split(r"[\s,.]+", _fold(cleaned))
    return [word for word in words if word and word not in _FILLER_WORDS]


def _make_date(day: str, month: str, year: str, *, text: str, locale: str = "fr",
               hijri_month: bool = False) -> date:
    """The date from its digits, after checking the year has four digits and the date exists.

    A Solar Hijri year (Dari and Pashto households, 1300–1420) is converted to Gregorian; a
    Solar Hijri month name with a Gregorian year is refused."""
    _check_year(year, invalid="error.date_invalid")
    hijri = is_solar_hijri_year(int(year), locale)
    if hijri_month and not hijri:
        raise InvalidAnswer("error.date_invalid")
    try:
        if hijri:
            return from_solar_hijri(int(year), int(month), int(day))
        return date(int(year), int(month), int(day))
    except ValueError:
        raise InvalidAnswer("error.date_impossible", text=_echo(text)) from None


def _check_year(year: str, *, invalid: str) -> None:
    """Refuse a two-digit year (never completed) and any year not of four digits."""
    if len(year) == 2:
        raise InvalidAnswer("error.date_two_digit_year")
    if len(year) != 4:
        raise InvalidAnswer(invalid)


def _month_table(locale: str) -> dict[str, int]:
    """Folded month names (wide and abbreviated) of ``locale``, French and English -> month.

    A name that means two different months in these languages is left out.
    """
    found: dict[str, set[int]] = {}
    for name, month in _month_names(locale):
        key = word_key(name)
        if key and not any(ch.isdigit() for ch in key):
            found.setdefault(key, set()).add(month)
    return {key: months.pop() for key, months in found.items() if len(months) == 1}


def _month_names(locale: str) -> Iterable[tuple[str, int]]:
    """Every (name, month number) babel knows for ``locale``, ``fr`` and ``en``."""
    for loc in dict.fromkeys((locale, "fr", "en")):
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                try:
                    names = get_month_names(width, context, locale=loc)
                except Exception:  # an unknown locale only means fewer names
                    continue
                yield from ((name, month) for month, name in names.items())


def parse_month_year(text: str, locale: str = "fr") -> date:
    """Read a month and a year (``03/2025``, ``3/2025``, ``03.2025``, ``2025-03``, ``mars 2025``,
    ``March 2025``) and return the first day of that month.

    For a Dari or Pashto household a Solar Hijri month (``03/1402``, ``جوزا 1402``) gives the
    Gregorian month that holds most of it (the one of its 15th day). Raises
    ``error.date_two_digit_year`` for ``03/25`` and ``error.month_year_invalid`` otherwise.
    """
    cleaned = _clean(text).rstrip(".").strip()
    match = _YEAR_MONTH.fullmatch(cleaned)
    if match:
        return _make_month(match[2], match[1], locale)
    match = _MONTH_YEAR.fullmatch(cleaned)
    if match:
        return _make_month(match[1] or match[3], match[2] or match[4], locale)
    words = _words(cleaned)
    months = {**_month_table(locale), **_solar_hijri_month_table(locale)}
    if len(words) == 2 and word_key(words[0]) in months and _is_digits(words[1]):
        hijri_month = _is_hijri_month(words[0], locale)
        if hijri_month and not is_solar_hijri_year(int(words[1]), locale):
            raise InvalidAnswer("error.month_year_invalid")
        return _make_month(str(months[word_key(words[0])]), words[1], locale)
    raise InvalidAnswer("error.month_year_invalid")


def _make_month(month: str, year: str, locale: str = "fr") -> date:
    """The first day of ``month`` of ``year``, after checking both."""
    _check_year(year, invalid="error.month_year_invalid")
    if not 1 <= int(month) <= 12 or int(year) < 1:
        raise InvalidAnswer("error.month_year_invalid")
    if is_solar_hijri_year(int(year), locale):
        return from_solar_hijri(int(year), int(month), 15).replace(day=1)
    return date(int(year), int(month), 1)


# --- yes / no and choices ------------------------------------------------------------------


def parse_yes_no(text: str, yes_words: Iterable[str], no_words: Iterable[str]) -> bool:
    """True or False when the whole answer is one of ``yes_words`` or ``no_words``.

    The comparison ignores case, accents, spaces and punctuation (``Oui !`` = ``oui``). The
    caller supplies the words of the active language, French and English; nothing else (not
    even ``1``/``2``) is accepted. Raises ``error.yes_no_invalid``.
    """
    answer = word_key(text)
    is_yes = answer in {word_key(word) for word in yes_words}
    is_no = answer in {word_key(word) for word in no_words}
    if not answer or is_yes == is_no:
        raise InvalidAnswer("error.yes_no_invalid")
    return is_yes


_NUMBER = re.compile(r"[#(\[]?\s*([0-9]{1,6})\s*(?:\ufe0f?\u20e3)?\s*[.)\]]?")


def parse_choice(text: str, options: Sequence[tuple[str, str]]) -> str:
    """The code of the option chosen among ``options`` — ``(code, label)`` in display order.

    Accepts the option's number (1-based, digits of any script, ``2.``, ``(2)``, ``2️⃣``), its
    code, its label ignoring case, accents, spaces and punctuation, or a prefix of at least three
    characters of exactly one label. A number is always the displayed position. Raises
    ``error.choice_invalid``.
    """
    code = _resolve(text, options)
    if code is None:
        raise InvalidAnswer("error.choice_invalid")
    return code


def _resolve(piece: str, options: Sequence[tuple[str, str]]) -> str | None:
    """The code ``piece`` designates (number, code, label or prefix), or None."""
    number = _NUMBER.fullmatch(_clean(piece))
    if number:
        index = int(number[1])
        return options[index - 1][0] if 1 <= index <= len(options) else None
    key = word_key(piece)
    if not key:
        return None
    exact = {code for code, label in options if key in (word_key(code), word_key(label))}
    if exact:
        return exact.pop() if len(exact) == 1 else None
    prefixed = {code for code, label in options if word_key(label).startswith(key)}
    return prefixed.pop() if len(key) >= 3 and len(prefixed) == 1 else None


_LIST_SEPARATORS = re.compile(r"[,;،؛\r\n/+&]")
_CONJUNCTIONS = re.compile(r"(?:^|\s)(?:et|and|و|та|і|й)(?:\s|$)", re.IGNORECASE)


def parse_multi_choice(
    text: str, options: Sequence[tuple[str, str]], exclusive: Iterable[str] = ()
) -> list[str]:
    """The codes of every option chosen, in option order and without repeats.

    Pieces are separated by ``,`` ``;`` ``،`` ``؛`` ``/`` ``+`` ``&``, line breaks, the words
    ``et``/``and`` (and و, та, і, й), and spaces between numbers: ``1,3,4``, ``1 3 4``,
    ``1, 3 et 4``, ``١،٣``. Each piece is read as by :func:`parse_choice`; an answer that is
    one whole label (even containing ``,`` or ``et``) is that option. Raises
    ``error.choice_empty``, ``error.choice_unknown`` (``text=`` the piece) or
    ``error.choice_exclusive`` (``label=`` the option that must stay alone).
    """
    whole = _resolve(text, options) if word_key(text) else None
    chosen = {whole} if whole else _resolve_pieces(normalize_digits(text), options)
    if not chosen:
        raise InvalidAnswer("error.choice_empty")
    codes = [code for code, _ in options if code in chosen]
    alone = set(exclusive)
    for code, label in options:
        if code in codes and code in alone and len(codes) > 1:
            raise InvalidAnswer("error.choice_exclusive", label=label)
    return codes


def _resolve_pieces(normalized: str, options: Sequence[tuple[str, str]]) -> set[str]:
    """Codes of every piece of a list answer; raise ``error.choice_unknown`` on the first miss."""
    chosen: set[str] = set()
    for part in map(_clean, _LIST_SEPARATORS.split(normalized)):
        code = _resolve(part, options) if word_key(part) else None
        pieces = [part] if code else _CONJUNCTIONS.split(part)
        for piece in pieces:
            chosen.update(_resolve_piece(piece.strip(), options))
    return chosen


def _resolve_piece(piece: str, options: Sequence[tuple[str, str]]) -> list[str]:
    """Codes of one piece: several numbers separated by spaces, or one option."""
    if not piece:
        return []
    if re.fullmatch(r"[0-9]+(?: [0-9]+)+", piece):
        numbers = piece.split()
    else:
        numbers = [piece]
    codes = [_resolve(number, options) for number in numbers]
    for number, code in zip(numbers, codes):
        if code is None:
            raise InvalidAnswer("error.choice_unknown", text=_echo(number))
    return [code for code in codes if code is not None]
