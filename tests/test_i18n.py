"""The translation mechanism: any locale with a compiled catalog is spoken, per update."""

from __future__ import annotations

import re
import threading
from datetime import date
from decimal import Decimal

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo

import intake_bot.i18n as i18n
from intake_bot.engine.interview import apply_answer, next_question
from intake_bot.engine.reader import Reply
from intake_bot.engine.state import Provenance, new_state
from intake_bot.glossary import TERMS, terms_in
from intake_bot.i18n import (
    choice_label, current_locale, field_text, format_value, match_locale, render, use_locale,
    vocabulary_for,
)
from intake_bot.messages import MESSAGES
from intake_bot.questionnaire.compiler import load_flow

PLACEHOLDER = re.compile(r"\{(\w*)\}")


@pytest.fixture
def test_catalog(tmp_path, monkeypatch):
    """A 'ka' catalog with a few entries, compiled into a temporary locale directory."""
    catalog = Catalog(locale="ka", domain="intake_bot")
    catalog.add("Quel est votre prénom ?", "რა არის თქვენი სახელი?", context="first_name")
    catalog.add("Une femme", "ქალი", context="sex")
    catalog.add("Cette date n'existe pas : {text}. Vérifiez le jour et le mois.",
                "ეს თარიღი არ არსებობს: {text}.", context="error.date_impossible")
    catalog.add("oui|ouais|o|d'accord", "კი|დიახ|ki", context="vocab.yes")
    directory = tmp_path / "ka" / "LC_MESSAGES"
    directory.mkdir(parents=True)
    with (directory / "intake_bot.mo").open("wb") as handle:
        write_mo(handle, catalog)
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    i18n.translations.cache_clear()
    vocabulary_for.cache_clear()
    yield
    i18n.translations.cache_clear()
    vocabulary_for.cache_clear()


def test_a_compiled_catalog_translates_questions_choices_and_messages(test_catalog):
    flow = load_flow()
    assert field_text(flow.field("first_name"), locale="ka") == "რა არის თქვენი სახელი?"
    sex = flow.field("sex")
    assert choice_label(sex, sex.choice("female"), locale="ka") == "ქალი"
    assert choice_label(sex, sex.choice("male"), locale="ka") == "Un homme"  # untranslated: French
    assert render("error.date_impossible", "ka", text="31/02") == "ეს თარიღი არ არსებობს: 31/02."


def test_yes_words_of_the_language_are_understood(test_catalog):
    flow = load_flow()
    state = new_state()
    state = apply_answer(flow, state, Reply(text=""), Provenance("household", "t", "ka"),
                         date(2026, 1, 1), vocabulary_for("ka")).state  # the consent note
    outcome = apply_answer(flow, state, Reply(text="დიახ"), Provenance("household", "t", "ka"),
                           date(2026, 1, 1), vocabulary_for("ka"))
    assert outcome.accepted and outcome.state["answers"]["consent_collect"]["value"] is True
    assert next_question(flow, outcome.state, "household", date(2026, 1, 1)).path == "consent_share_landlord"


def test_the_locale_is_per_context_not_global():
    seen = {}

    def handle(name: str, locale: str, barrier: threading.Barrier) -> None:
        with use_locale(locale):
            barrier.wait()
            seen[name] = current_locale()

    barrier = threading.Barrier(2)
    threads = [threading.Thread(target=handle, args=(n, loc, barrier))
               for n, loc in (("a", "ar"), ("b", "uk"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert seen == {"a": "ar", "b": "uk"}
    assert current_locale() == "fr"


@pytest.mark.parametrize(("client_code", "locale"), [
    ("fa-AF", "fa_AF"), ("fa", "fa_AF"), ("prs", "fa_AF"), ("en-US", "en"), ("uk", "uk"),
    ("pt-BR", "pt"), ("de", "fr"), (None, "fr"), ("", "fr"),
])
def test_client_language_codes_map_to_supported_locales(client_code, locale):
    assert match_locale(client_code) == locale


@pytest.mark.parametrize(("value", "locale", "expected"), [
    (Decimal("1200.50"), "fr", "1\u202f200,50\xa0€"),
    (Decimal("1200.50"), "en", "€1,200.50"),
    (date(1985, 3, 12), "fr", "12 mars 1985"),
    (1200, "ru", "1\xa0200"),
])
def test_numbers_amounts_and_dates_follow_the_locale(value, locale, expected):
    assert format_value(value, locale) == expected


@pytest.mark.parametrize("message_id", sorted(MESSAGES))
def test_every_message_renders_in_french_with_its_placeholders(message_id):
    names = PLACEHOLDER.findall(MESSAGES[message_id])
    text = render(message_id, "fr", **{name: "X" for name in names})
    assert "{" not in text and text.strip()


def test_every_message_id_used_in_the_code_exists():
    import pathlib

    root = pathlib.Path(i18n.__file__).resolve().parents[1]
    used = set()
    for path in root.rglob("*.py"):
        used |= set(re.findall(r"""render\(\s*["']([a-z_]+\.[a-z_.]+)["']""", path.read_text("utf-8")))
        used |= set(re.findall(r"""Message\(\s*["']([a-z_]+\.[a-z_.]+)["']""", path.read_text("utf-8")))
        used |= set(re.findall(r"""InvalidAnswer\(\s*["']([a-z_]+\.[a-z_.]+)["']""", path.read_text("utf-8")))
    assert used and used <= set(MESSAGES)


@pytest.mark.parametrize(("text", "term_ids"), [
    ("Touchez-vous le RSA ou l'APL ?", ["rsa", "apl"]),
    ("Avez-vous reçu un commandement de payer ?", ["commandement"]),
    ("Votre titre de séjour expire quand ?", ["titre_sejour"]),
    ("Quel est votre prénom ?", []),
])
def test_glossary_terms_are_found_in_french_questions(text, term_ids):
    assert [t.id for t in terms_in(text)] == term_ids


def test_every_glossary_explanation_names_its_term():
    for term in TERMS:
        assert re.search(term.pattern, term.explanation, flags=re.IGNORECASE), term.id
