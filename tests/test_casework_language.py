"""Free-text answers: tagged with their language, translated beside the original, never blocking."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from intake_bot.casework import Casework
from intake_bot.engine.reader import Reply
from intake_bot.storage.memory import MemoryStorage
from intake_bot.translation import LibreTranslateTranslator

NOW = datetime(2026, 11, 22, 9, 30, tzinfo=timezone.utc)
DARI_WISH = "می‌خواهم یک خانه نزدیک مکتب اطفالم پیدا کنم"
ARRIVAL = [("consent_information", ""), ("consent_collect", "oui")]


def answer(casework, case_id, pairs, locale="fr"):
    for path, text in pairs:
        outcome = casework.answer(case_id, Reply(text=text, path=path), "household", locale)
        assert outcome.accepted, (path, outcome.error)


@pytest.fixture
def case(request):
    casework = Casework(MemoryStorage(), clock=lambda: NOW)
    return casework, casework.storage.create_case(created_by="w").id


def test_a_free_text_answer_is_tagged_with_its_language_and_kept_to_translate(case):
    casework, case_id = case
    answer(casework, case_id, ARRIVAL + [("household_expectations", DARI_WISH)], locale="fa_AF")
    record = casework.state(case_id)["answers"]["household_expectations"]
    assert record["value"] == record["raw"] == DARI_WISH
    assert record["detected_lang"] == "fa_AF"
    assert record["translation"] == {"text": None, "lang": "fa_AF", "machine": False,
                                     "pending": True, "engine": "none"}


def test_french_text_needs_no_translation(case):
    casework, case_id = case
    answer(casework, case_id, ARRIVAL + [("household_expectations", "Trouver un logement près de l'école")])
    translation = casework.state(case_id)["answers"]["household_expectations"]["translation"]
    assert translation["pending"] is False and translation["text"] == "Trouver un logement près de l'école"


def test_choices_and_numbers_are_not_tagged(case):
    casework, case_id = case
    answer(casework, case_id, ARRIVAL)
    assert "translation" not in casework.state(case_id)["answers"]["consent_collect"]


def test_a_failing_backend_never_blocks_and_is_retried_later(case, server):
    casework, case_id = case
    casework.translator = LibreTranslateTranslator(server.url, timeout=0.2)
    server.mode = "error"
    answer(casework, case_id, ARRIVAL + [("household_expectations", DARI_WISH)], locale="fa_AF")
    assert casework.translate_pending(case_id) == 0
    assert casework.state(case_id)["answers"]["household_expectations"]["translation"]["pending"]
    server.mode = "ok"
    assert casework.translate_pending(case_id) == 1
    translation = casework.state(case_id)["answers"]["household_expectations"]["translation"]
    assert translation == {"text": f"[fr] {DARI_WISH}", "lang": "fa_AF", "machine": True,
                           "pending": False, "engine": "libretranslate"}
    assert server.requests[-1][1]["source"] == "fa"
    assert casework.translate_pending(case_id) == 0  # nothing left to do


def test_a_worker_can_supply_the_translation(case):
    casework, case_id = case
    answer(casework, case_id, ARRIVAL + [("household_expectations", DARI_WISH)], locale="fa_AF")
    casework.set_translation(case_id, "household_expectations",
                             "Je veux trouver une maison près de l'école de mes enfants", "worker:7")
    record = casework.state(case_id)["answers"]["household_expectations"]
    assert record["value"] == DARI_WISH
    assert record["translation"]["machine"] is False and record["translation"]["engine"] == "human"
    assert casework.storage.audit_log(case_id)[-1]["action"] == "translation.correct"


def test_a_switch_is_offered_once_when_the_household_keeps_writing_another_language(case):
    casework, case_id = case
    answer(casework, case_id, ARRIVAL + [
        ("consent_share_landlord", "oui"), ("consent_share_commission", "oui"),
        ("first_name", "Zahra"), ("last_name", "Rahimi")])
    assert casework.language_offer(case_id, "fr") is None  # names tell nothing
    walked = [("household_expectations", DARI_WISH),
              ("availability", "صبح ها در خانه هستم"),
              ("wanted_areas", "نزدیک مکتب و شفاخانه می‌خواهم")]
    answer(casework, case_id, walked)
    assert casework.language_offer(case_id, "fr") == "fa_AF"
    assert casework.language_offer(case_id, "fr") is None  # once
