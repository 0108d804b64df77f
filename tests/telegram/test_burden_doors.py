"""Issue 14 in the chat: the worker sees the budget and the suggested freins ticked before
confirming them; a paused household's messages are not answers, and it is told how to resume."""

from __future__ import annotations

from intake_bot.i18n import render
from tests.telegram.harness import (
    WORKER, RunningBot, answer_current, at, button_data, buttons, joined_case, new_case, prefill, run,
)
from tests.telegram.updates import User

HOUSEHOLD = User(5301, "Amina", "fr")


def test_the_worker_sees_the_budget_and_the_suggested_freins_ticked(api, storage):
    async def scenario():
        bot = await RunningBot(api, storage).start()
        case_id, _ = await new_case(bot)
        prefill(bot.casework, case_id, "household", lambda q: False)
        prefill(bot.casework, case_id, "worker", at("freins"))
        shown = await bot.say(WORKER, "/fill")
        await bot.tap(WORKER, button_data(shown, "c|")[0], shown["message_id"])  # confirm as ticked
        await bot.stop()
        return case_id, shown, bot.casework.figures(case_id).suggested_freins

    case_id, shown, suggested = run(scenario())
    assert "Reste à vivre" in shown["text"] and "Taux d'effort" in shown["text"]
    ticked = [label for label, data in buttons(shown) if label.startswith("✓ ")]
    assert suggested and len(ticked) == len(suggested)
    assert storage.load_state(case_id)["answers"]["freins"]["value"] == list(suggested)


def test_after_pause_a_message_is_not_an_answer_and_start_resumes(api, storage):
    async def scenario():
        bot = await RunningBot(api, storage).start()
        case_id = await joined_case(bot, HOUSEHOLD, "fr", answered=3)  # the consents
        paused = await bot.say(HOUSEHOLD, "/pause")
        before = dict(storage.load_state(case_id)["answers"])
        ignored = await bot.say(HOUSEHOLD, "Amina")
        after_text = dict(storage.load_state(case_id)["answers"])
        resumed = await bot.say(HOUSEHOLD, "/start")
        await answer_current(bot, HOUSEHOLD, case_id)
        await bot.stop()
        return case_id, paused, before, ignored, after_text, resumed

    case_id, paused, before, ignored, after_text, resumed = run(scenario())
    assert paused["text"] == render("chat.paused_resume", "fr") and "/start" in paused["text"]
    assert ignored["text"] == render("chat.paused_reminder", "fr")
    assert after_text == before  # "Amina" was not taken as the first name
    assert "Quel est votre prénom ?" in resumed["text"]
    assert "first_name" in storage.load_state(case_id)["answers"]


def test_the_welcome_follows_the_language_choice_although_the_worker_answered_first(api, storage):
    async def scenario():
        bot = await RunningBot(api, storage).start()
        await joined_case(bot, HOUSEHOLD, "fr")
        await bot.stop()

    run(scenario())
    texts = [m["text"] for m in api.chat(HOUSEHOLD.id)]
    assert render("chat.welcome", "fr") in texts
