"""Counts in every grammatical number of a language (issue 15): gettext plural forms, not only
« one » and « other » (Russian and Ukrainian have three, Arabic six)."""

from __future__ import annotations

import gettext
import io

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo

import intake_bot.i18n as i18n
from intake_bot.documents import formatting
from intake_bot.messages import PLURALS

RUSSIAN_YEARS = ("{count} год", "{count} года", "{count} лет")


def catalog_with(locale: str, message_id: str, forms: tuple[str, ...]) -> gettext.GNUTranslations:
    """A compiled catalog for ``locale`` translating the plural message ``message_id``."""
    catalog = Catalog(locale=locale)
    catalog.add(PLURALS[message_id], forms, context=message_id)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


@pytest.fixture
def russian_years(monkeypatch):
    """The Russian catalog with the three forms of « N years »."""
    russian = catalog_with("ru", "doc.plural.years", RUSSIAN_YEARS)
    real = i18n.translations
    monkeypatch.setattr(i18n, "translations", lambda locale: russian if locale == "ru" else real(locale))


@pytest.mark.parametrize("count, expected", [(1, "1 год"), (2, "2 года"), (4, "4 года"),
                                             (5, "5 лет"), (11, "11 лет"), (21, "21 год"),
                                             (22, "22 года")])
def test_russian_counts_take_their_three_forms(russian_years, count, expected) -> None:
    assert formatting.counted("doc.count.years", count, "ru") == expected


def test_french_counts_use_the_singular_for_zero_and_one() -> None:
    assert [formatting.counted("doc.count.years", n) for n in (0, 1, 2)] == ["0 an", "1 an", "2 ans"]
    assert formatting.counted("doc.count.adults", 2) == "2 adultes"
    assert formatting.counted("doc.count.children", 1) == "1 enfant mineur"


def test_every_plural_message_has_a_count_in_both_french_forms() -> None:
    for message_id, forms in PLURALS.items():
        assert all("{count}" in form for form in forms), message_id


def test_an_untranslated_plural_keeps_the_translated_one_other_messages(monkeypatch) -> None:
    empty = gettext.NullTranslations()
    monkeypatch.setattr(i18n, "translations", lambda locale: empty)
    assert not i18n.has_plural("doc.plural.years", "ru")
    assert formatting.counted("doc.count.years", 2, "ru") == "2 ans"  # the .other message
