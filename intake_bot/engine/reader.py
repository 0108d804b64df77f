"""Read one reply (typed words, tapped buttons, or "skip") as a typed value of a question."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from intake_bot.engine import parsing
from intake_bot.engine.parsing import InvalidAnswer
from intake_bot.engine.vocabulary import Vocabulary
from intake_bot.engine.walk import Slot
from intake_bot.questionnaire.model import Field

CONTROL_CATEGORIES = {"Cc", "Cs", "Co"}
KEPT_CONTROLS = {"\n", "\t"}


@dataclass(frozen=True)
class Reply:
    """What a person sent: typed ``text``, tapped choice ``codes``, or ``skip``.

    ``path`` names the question the reply is for when a channel knows it (a button of an older
    message); otherwise the reply is for the current question.
    """

    text: str | None = None
    codes: tuple[str, ...] | None = None
    skip: bool = False
    path: str | None = None


def clean_text(text: str) -> str:
    """``text`` without control characters (newlines and tabs kept), trimmed."""
    kept = (ch for ch in text if ch in KEPT_CONTROLS or unicodedata.category(ch) not in CONTROL_CATEGORIES)
    return "".join(kept).strip()


def _is_skip(text: str, vocabulary: Vocabulary) -> bool:
    key = parsing.word_key(text)
    return bool(key) and any(key == parsing.word_key(word) for word in vocabulary.skip_words)


def read_reply(slot: Slot, reply: Reply, vocabulary: Vocabulary,
               today: date | None = None) -> tuple[Any, bool]:
    """(typed value, skipped) for ``reply`` to ``slot``; raises InvalidAnswer. ``today`` lets
    a date be answered "today" (``aujourd'hui``) in the person's language."""
    f = slot.field
    text = clean_text(reply.text or "")
    wants_skip = reply.skip or (reply.codes is None and bool(text) and _is_skip(text, vocabulary))
    if wants_skip and f.kind != "note":
        if f.required or slot.adds_entry:
            raise InvalidAnswer("error.required")
        return None, True
    if slot.adds_entry:
        return _read_yes_no(reply, text, vocabulary), False
    if reply.codes is not None:
        return _read_codes(f, reply.codes), False
    return _read_text(f, text, vocabulary, today), False


def _read_yes_no(reply: Reply, text: str, vocabulary: Vocabulary) -> bool:
    if reply.codes is not None:
        return _yes_no_code(reply.codes)
    return _parse_yes_no(text, vocabulary)


def _parse_yes_no(text: str, vocabulary: Vocabulary) -> bool:
    """Yes/no words of the language, or the number of the option as shown (1 yes, 2 no)."""
    try:
        return parsing.parse_yes_no(text, vocabulary.yes_words, vocabulary.no_words)
    except InvalidAnswer:
        if parsing.normalize_digits(text).strip() in ("1", "2"):
            return parsing.normalize_digits(text).strip() == "1"
        raise


def _yes_no_code(codes: tuple[str, ...]) -> bool:
    if tuple(codes) not in (("yes",), ("no",)):
        raise InvalidAnswer("error.yes_no_invalid")
    return codes[0] == "yes"


def _read_codes(f: Field, codes: tuple[str, ...]) -> Any:
    if f.kind == "note":
        return True
    if f.kind == "yes_no":
        return _yes_no_code(codes)
    known = [c.code for c in f.choices]
    if not codes:
        raise InvalidAnswer("error.choice_empty")
    if any(code not in known for code in codes) or (f.kind == "single_choice" and len(codes) != 1):
        raise InvalidAnswer("error.choice_invalid")
    if f.kind == "single_choice":
        return codes[0]
    chosen = [code for code in known if code in codes]
    _check_exclusive(f, chosen)
    return chosen


def _check_exclusive(f: Field, chosen: list[str]) -> None:
    for code in f.exclusive:
        if code in chosen and len(chosen) > 1:
            raise InvalidAnswer("error.choice_exclusive", label=f.choice(code).label)


def _read_text(f: Field, text: str, vocabulary: Vocabulary, today: date | None = None) -> Any:
    kind = f.kind
    if kind == "note":
        return True
    if kind == "text":
        if not text:
            raise InvalidAnswer("error.text_empty")
        if len(text) > f.max_length:
            raise InvalidAnswer("error.text_too_long", length=len(text), max=f.max_length)
        return text
    if kind == "yes_no":
        return _parse_yes_no(text, vocabulary)
    if kind == "single_choice":
        return parsing.parse_choice(text, vocabulary.options(f))
    if kind == "multi_choice":
        return parsing.parse_multi_choice(text, vocabulary.options(f), f.exclusive)
    if kind == "integer":
        return parsing.parse_integer(text, f.min, f.max, vocabulary.locale)
    if kind == "money":
        return _read_money(f, text)
    if kind == "date":
        return parsing.parse_date(text, vocabulary.locale, today,
                                  month_enough=f.precision == "month")
    if kind == "month_year":
        return parsing.parse_month_year(text, vocabulary.locale)
    raise InvalidAnswer("error.unknown_question")


def _read_money(f: Field, text: str) -> Decimal:
    value = parsing.parse_money(text, Decimal(str(f.max)) if f.max is not None else None)
    if f.min is not None and value < Decimal(str(f.min)):
        raise InvalidAnswer("error.money_negative")
    return value
