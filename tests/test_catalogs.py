"""Every catalog is complete, exact and compiled: a person never reads a missing translation."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from intake_bot.i18n import BASE_LOCALE, DOMAIN, LANGUAGES, LOCALE_DIR

ROOT = Path(__file__).resolve().parents[1]
PLACEHOLDER = re.compile(r"\{(\w*)\}")
METHOD_MAP = [("intake_bot/flows/**.yaml", "intake_bot.i18n.extract:extract_flow"),
              ("intake_bot/**.py", "python")]
KEYWORDS = {"N_": ((1, "c"), 2), "NP_": ((1, "c"), 2, 3), "pgettext": ((1, "c"), 2)}
TRANSLATED = sorted(code for code in LANGUAGES if code != BASE_LOCALE)


def extracted_messages() -> set[tuple[str, str]]:
    """(context, French text) of every string in the code and flows, extracted afresh."""
    found = set()
    for _file, _line, message, _comments, context in extract_from_dir(
            str(ROOT), METHOD_MAP, keywords=KEYWORDS):
        found.add((context, message))
    return found


@pytest.fixture(scope="module")
def source_messages() -> set[tuple[str, str]]:
    messages = extracted_messages()
    assert len(messages) > 500
    return messages


def catalog(locale: str):
    with (LOCALE_DIR / locale / "LC_MESSAGES" / f"{DOMAIN}.po").open("rb") as handle:
        return read_po(handle, locale=locale)


def test_every_supported_language_has_a_catalog():
    assert len(TRANSLATED) == 15
    for locale in TRANSLATED:
        assert (LOCALE_DIR / locale / "LC_MESSAGES" / f"{DOMAIN}.po").exists(), locale


@pytest.mark.parametrize("locale", TRANSLATED)
def test_catalog_translates_every_string_without_fuzzy_entries(locale, source_messages):
    po = catalog(locale)
    translated = {(m.context, m.id): m for m in po if m.id}
    missing = sorted(source_messages - translated.keys())
    assert not missing, f"{locale}: {len(missing)} strings missing, e.g. {missing[:3]}"
    untranslated = [key for key in source_messages if not _complete(translated[key].string)]
    assert not untranslated, f"{locale}: {len(untranslated)} untranslated, e.g. {untranslated[:3]}"
    fuzzy = [key for key in source_messages if translated[key].fuzzy]
    assert not fuzzy, f"{locale}: fuzzy entries {fuzzy[:3]}"


@pytest.mark.parametrize("locale", TRANSLATED)
def test_placeholders_are_the_same_in_every_translation(locale):
    wrong = [(m.context, m.id) for m in catalog(locale) if m.id and _complete(m.string)
             and any(_placeholders(m.id) != _placeholders(form) for form in _forms(m.string))]
    assert not wrong, f"{locale}: placeholders differ in {wrong[:3]}"


@pytest.mark.parametrize("locale", TRANSLATED)
def test_compiled_catalog_matches_its_source(locale):
    mo_path = LOCALE_DIR / locale / "LC_MESSAGES" / f"{DOMAIN}.mo"
    assert mo_path.exists(), f"{locale}: not compiled (make catalogs)"
    with mo_path.open("rb") as handle:
        compiled = {(_text(m.context), _hashable(m.id)): _hashable(m.string)
                    for m in read_mo(handle) if m.id}
    source = {(m.context, m.id): m.string for m in catalog(locale) if m.id and _complete(m.string)}
    assert compiled == source, f"{locale}: the .mo is older than the .po (make catalogs)"


def _forms(text: str | tuple[str, ...]) -> tuple[str, ...]:
    """Every form of a translation: one, or one per plural form of the language."""
    return text if isinstance(text, tuple) else (text,)


def _complete(text: str | tuple[str, ...]) -> bool:
    """A translation with every form filled (a plural entry needs all of the language's)."""
    return bool(text) and all(_forms(text))


def _placeholders(source: str | tuple[str, ...]) -> list[str]:
    """The placeholders of a source text (of its plural form for a plural entry)."""
    return sorted(PLACEHOLDER.findall(_forms(source)[-1]))


def _hashable(value):
    """babel's read_mo gives a plural entry's id and forms as lists; read_po as tuples."""
    return tuple(value) if isinstance(value, list) else value


def _text(value: str | bytes | None) -> str | None:
    """babel's read_mo leaves some contexts as bytes."""
    return value.decode("utf-8") if isinstance(value, bytes) else value


@pytest.mark.parametrize("locale", TRANSLATED)
def test_yes_and_no_words_never_overlap(locale):
    from intake_bot.engine.parsing import word_key
    from intake_bot.i18n import vocabulary_for

    vocabulary = vocabulary_for(locale)
    yes = {word_key(w) for w in vocabulary.yes_words}
    no = {word_key(w) for w in vocabulary.no_words}
    assert not yes & no, f"{locale}: {yes & no}"
