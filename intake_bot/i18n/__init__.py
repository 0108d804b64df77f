"""Translation: gettext catalogs per locale, the active locale in a ContextVar, rendering.

Every string a person reads goes through :func:`pgettext` with a context: the field key for the
questionnaire's strings, the message id for :mod:`intake_bot.messages`. French is the source
language, so a missing catalog falls back to French text.
"""

from __future__ import annotations

import functools
import gettext
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, Iterator

from babel.dates import format_date
from babel.numbers import format_currency, format_decimal

from intake_bot.config import resource_dir
from intake_bot.engine.vocabulary import FRENCH_NO, FRENCH_SKIP, FRENCH_YES, Vocabulary
from intake_bot.i18n.markers import N_
from intake_bot.i18n.locales import BASE_LOCALE, LANGUAGES, Language, match_locale
from intake_bot.questionnaire.model import Choice, Field

__all__ = [
    "BASE_LOCALE", "LANGUAGES", "Language", "LOCALE_DIR", "DOMAIN", "current_locale",
    "use_locale", "pgettext", "render", "render_plural", "has_plural",
    "field_text", "choice_label", "vocabulary_for",
    "format_value", "match_locale", "is_rtl",
]

LOCALE_DIR = resource_dir("locale")  # in the installed package, or the checkout's locale/
DOMAIN = "intake_bot"
YES_NO_CONTEXT = "yes_no"
_current: ContextVar[str] = ContextVar("intake_bot_locale", default=BASE_LOCALE)


@functools.lru_cache(maxsize=None)
def translations(locale: str) -> gettext.NullTranslations:
    """The compiled catalog of ``locale`` (French text when there is none)."""
    if locale == BASE_LOCALE:
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, localedir=str(LOCALE_DIR), languages=[locale], fallback=True)


def current_locale() -> str:
    """The locale of the update being handled."""
    return _current.get()


@contextmanager
def use_locale(locale: str) -> Iterator[str]:
    """Make ``locale`` the active one for the block (per update, per task)."""
    token = _current.set(match_locale(locale))
    try:
        yield _current.get()
    finally:
        _current.reset(token)


def is_rtl(locale: str | None = None) -> bool:
    """True when the locale writes right to left."""
    language = LANGUAGES.get(locale or current_locale())
    return bool(language and language.rtl)


def pgettext(context: str, message: str, locale: str | None = None) -> str:
    """``message`` translated in ``context`` into ``locale`` (default: the active one)."""
    return translations(locale or current_locale()).pgettext(context, message)


def format_value(value: Any, locale: str | None = None) -> str:
    """A number, amount or date written the way ``locale`` writes it."""
    if isinstance(value, bool) or value is None:
        return str(value)
    if isinstance(value, (Decimal, int, date)):
        return _formatted(type(value), value, locale or current_locale())
    return str(value)


@functools.lru_cache(maxsize=4096)
def _formatted(kind: type, value: Any, babel_locale: str) -> str:
    # babel reads the locale's patterns on each call: a screen's figures are formatted again
    # on every update (the type is part of the key: 1 == True, 1 == Decimal(1))
    if kind is Decimal:
        return format_currency(value, "EUR", locale=babel_locale)
    if kind is int:
        return format_decimal(value, locale=babel_locale)
    return format_date(value, "medium", locale=babel_locale)


def render(message_id: str, locale: str | None = None, **params: Any) -> str:
    """The message ``message_id`` of intake_bot.messages, translated, with its parameters."""
    from intake_bot.messages import MESSAGES  # messages imports this package's markers

    text = pgettext(message_id, MESSAGES[message_id], locale)
    formatted = {k: format_value(v, locale) for k, v in params.items()}
    return text.format(**formatted) if formatted else text


def has_plural(message_id: str, locale: str | None = None) -> bool:
    """Whether ``locale``'s catalog translates the plural message ``message_id``."""
    from intake_bot.messages import PLURALS

    catalog = getattr(translations(locale or current_locale()), "_catalog", {})
    return (f"{message_id}\x04{PLURALS[message_id][0]}", 0) in catalog


def render_plural(message_id: str, count: int, locale: str | None = None, shown: Any = None,
                  **params: Any) -> str:
    """The plural message ``message_id`` of ``intake_bot.messages.PLURALS`` in the grammatical
    number ``count`` takes in ``locale`` (gettext's npgettext and the catalog's Plural-Forms:
    « 1 год », « 2 года », « 5 лет »). Untranslated, the French source: its singular for 0 and 1,
    as French says « 0 an ». ``shown``: the count as printed, when not ``count`` itself."""
    from intake_bot.messages import PLURALS

    singular, plural = PLURALS[message_id]
    if has_plural(message_id, locale):
        text = translations(locale or current_locale()).npgettext(message_id, singular, plural, count)
    else:
        text = singular if count in (0, 1) else plural
    values = {**params, "count": count if shown is None else shown}
    return text.format(**{k: format_value(v, locale) for k, v in values.items()})


def field_text(f: Field, attribute: str = "label", locale: str | None = None) -> str:
    """A text attribute of a field (label, hint, add_first, add_more), translated."""
    source = getattr(f, attribute)
    return pgettext(f.key, source, locale) if source else ""


def choice_label(f: Field, choice: Choice, locale: str | None = None) -> str:
    """The label of one choice of ``f``, translated (yes/no share one context)."""
    context = YES_NO_CONTEXT if f.kind in ("yes_no", "group") else f.key
    return pgettext(context, choice.label, locale)


def _words(context: str, french: str, locale: str) -> tuple[str, ...]:
    return tuple(w.strip() for w in pgettext(context, french, locale).split("|") if w.strip())


@functools.lru_cache(maxsize=None)
def vocabulary_for(locale: str) -> Vocabulary:
    """The words the engine reads in ``locale``: its own, plus French and English ones."""
    yes = _words("vocab.yes", N_("vocab.yes", "oui|ouais|o|d'accord"), locale)
    no = _words("vocab.no", N_("vocab.no", "non|n"), locale)
    skip = _words("vocab.skip", N_("vocab.skip", "je ne sais pas|je sais pas|passer"), locale)
    return Vocabulary(locale=locale, yes_words=yes + FRENCH_YES, no_words=no + FRENCH_NO,
                      skip_words=skip + FRENCH_SKIP,
                      choice_label=lambda f, c: choice_label(f, c, locale))


def missing_catalogs() -> list[Path]:
    """The compiled catalog (.mo) of each supported language that is not where it is looked
    for: without it, that language's people would silently read French."""
    paths = [LOCALE_DIR / code / "LC_MESSAGES" / f"{DOMAIN}.mo" for code in LANGUAGES
             if code != BASE_LOCALE]
    return [path for path in paths if not path.is_file()]
