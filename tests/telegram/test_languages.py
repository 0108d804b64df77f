"""End to end: the "?" glossary button, the bilingual display, free text translated after the
reply, the language offer, and a worker correcting a translation."""

from __future__ import annotations



from intake_bot.glossary import TERMS
from intake_bot.i18n import LANGUAGES, pgettext, render
from intake_bot.presentation import options, question_label
from intake_bot.questionnaire.compiler import load_flow

from intake_bot.channels.telegram._callbacks import FixTranslation, slot_ref
from intake_bot.channels.telegram._views import BUTTON_LABEL_MAX

from tests.telegram.harness import (
    run,
    WORKER, RunningBot, at, button_data, buttons, join, new_case, prefill,
)
from tests.telegram.updates import User, message

HOUSEHOLD = User(5201, "Zahra", "en")
DARI = ["نزدیک مکتب و شفاخانه می‌خواهم", "کمک از شاروالی می‌گیرم و یک کارمند اجتماعی دارم",
        "می‌خواهم یک خانه نزدیک مکتب اطفالم پیدا کنم", "صبح ها در خانه هستم"]
GLOSSARY = {term.id: term for term in TERMS}
FLOW = load_flow()
PATH = "household_expectations"


def explanation(term_id: str, locale: str) -> str:
    """A glossary explanation as the catalog of ``locale`` has it."""
    return pgettext(f"glossary.{term_id}", GLOSSARY[term_id].explanation, locale)


async def household_at(bot: RunningBot, path: str, user: User = HOUSEHOLD,
                       locale: str = "en") -> tuple[int, dict]:
    """A household that joined in ``locale``, its earlier answers given; shows question ``path``."""
    case_id, token = await new_case(bot)
    await join(bot, user, token, locale)
    prefill(bot.casework, case_id, "household", at(path), locale)
    return case_id, await bot.say(user, "/start")


def test_a_question_with_glossary_words_has_a_help_button_explained_in_the_users_language(api, storage):
    assert explanation("rsa", "en") != GLOSSARY["rsa"].explanation  # the catalog translates it

    async def scenario():
        bot = await RunningBot(api, storage).start()
        _, name_question = await household_at(bot, "first_name", User(5202, "Lina", "en"))
        case_id, question = await household_at(bot, "employment_support")
        explained = await bot.tap(HOUSEHOLD, button_data(question, "q|")[0])
        still = api.chat(HOUSEHOLD.id)[-2]
        await bot.stop()
        return bot.casework.current(case_id, "household"), name_question, question, explained, still

    current, name_question, question, explained, still = run(scenario())
    first_name = FLOW.field("first_name")
    assert first_name.label == "Quel est votre prénom ?"
    assert pgettext("first_name", first_name.label, "en") in name_question["text"]
    assert not button_data(name_question, "q|")
    assert current.path == "employment_support"
    assert question_label(current.slot, "en") in question["text"]
    assert buttons(question)[-1] == (render("tg.button_glossary", "en"), button_data(question, "q|")[0])
    assert explanation("rsa", "en") in explained["text"]
    assert explanation("france_travail", "en") in explained["text"]
    assert GLOSSARY["rsa"].explanation not in explained["text"]  # not the French
    assert still == question  # the question is left as it was


def test_a_worker_sitting_with_the_household_sees_both_languages(api, storage):
    async def scenario():
        bot = await RunningBot(api, storage).start()
        case_id, token = await new_case(bot)
        await join(bot, HOUSEHOLD, token, "en")
        toggled = await bot.say(WORKER, "/bilingual")
        current = bot.casework.current(case_id, "worker")
        both = await bot.say(WORKER, "/fill")
        prefill(bot.casework, case_id, "worker", at("consent_collect"))
        yes_no = await bot.say(WORKER, "/fill")
        await bot.say(WORKER, "/bilingual")
        french = await bot.say(WORKER, "/fill")
        await bot.stop()
        return current, toggled, both, yes_no, french

    current, toggled, both, yes_no, french = run(scenario())
    slot = current.slot
    english, in_french = question_label(slot, "en"), question_label(slot, "fr")
    assert toggled["text"] == render("tg.w.bilingual_on", "fr", language="anglais")
    assert both["text"].index(english) < both["text"].index(in_french)
    expected = []
    for en, fr in zip(options(slot, "en"), options(slot, "fr")):
        combined = render("tg.bilingual_button", "en", label=en.label, french=fr.label)
        expected.append(combined if len(combined) <= BUTTON_LABEL_MAX else en.label)
    assert [label for label, data in buttons(both) if data.startswith("a|")] == expected
    # a consent is the household's: the worker records it only as said before them (v|), both
    # languages on each button
    assert not button_data(yes_no, "a|") and not button_data(french, "a|")
    assert [label for label, data in buttons(yes_no) if data.startswith("v|")] == [
        render("tg.w.witnessed_button", "en", label=label) for label in ("Yes / Oui", "No / Non")]
    assert english not in french["text"] and question_label(slot, "fr") not in yes_no["text"]
    assert [label for label, data in buttons(french) if data.startswith("v|")] == [
        render("tg.w.witnessed_button", "fr", label=label) for label in ("Oui", "Non")]


def test_a_household_can_show_french_under_its_language(api, storage):
    async def scenario():
        bot = await RunningBot(api, storage).start()
        case_id, question = await household_at(bot, "employment_support")
        picker = await bot.say(HOUSEHOLD, "/language")
        both = await bot.tap(HOUSEHOLD, "b|on", picker["message_id"])
        await bot.stop()
        return bot.casework.current(case_id, "household"), picker, both

    current, picker, both = run(scenario())
    assert button_data(picker, "b|") == ["b|on"]
    assert question_label(current.slot, "en") in both["text"]
    assert question_label(current.slot, "fr") in both["text"]
    assert render("tg.french_below", "fr") in both["text"]


def test_free_text_is_translated_after_the_reply_and_the_worker_reviews_and_corrects_it(api, storage, server):
    settings = {"translation_backend": "libretranslate", "libretranslate_url": server.url}

    async def scenario():
        bot = await RunningBot(api, storage, settings=settings).start()
        case_id, _ = await household_at(bot, "household_expectations", locale="fa_AF")
        server.mode = "slow"  # the backend hangs until released
        await bot.send_only(message(DARI[2], HOUSEHOLD))  # processed: reply sent, translation waiting
        replied = api.last(HOUSEHOLD.id)
        next_question = bot.casework.current(case_id, "household")
        await bot.send_only(message("/progress", WORKER))  # the bot is not blocked meanwhile
        progress = api.last(WORKER.id)
        pending = storage.load_state(case_id)["answers"]["household_expectations"]["translation"]
        server.release.set()
        await bot.follow_ups()
        review = await bot.say(WORKER, "/answers")
        ref = slot_ref(FLOW, bot.casework.walk(case_id).slot(PATH))
        asked = await bot.tap(WORKER, FixTranslation(case_id, ref).pack())
        saved = await bot.say(WORKER, "Je veux une maison près de l'école de mes enfants")
        corrected = await bot.say(WORKER, "/answers")
        await bot.stop()
        return case_id, next_question, replied, progress, pending, review, asked, saved, corrected

    case_id, next_question, replied, progress, pending, review, asked, saved, corrected = run(scenario())
    assert question_label(next_question.slot, "fa_AF") in replied["text"]
    assert pending["pending"] is True  # the reply did not wait for the translation
    assert f"D-{case_id:06d}" in progress["text"]  # handled while the backend still hung
    assert f"« {DARI[2]} »" in review["text"]
    assert f"[fr] {DARI[2]}" in review["text"] and "traduction automatique" in review["text"]
    assert asked["text"] == render("tg.w.type_translation", "fr", original=DARI[2])
    assert "Je veux une maison près de l'école de mes enfants" in saved["text"]
    record = storage.load_state(case_id)["answers"]["household_expectations"]
    assert record["value"] == DARI[2]
    assert record["translation"]["engine"] == "human" and record["translation"]["machine"] is False
    assert "traduction : Je veux une maison" in corrected["text"]
    assert "translation.correct" in [a["action"] for a in storage.audit_log(case_id)]


def test_a_french_household_writing_dari_is_offered_dari_once(api, storage):
    user = User(5203, "Zahra", "fr")

    def offers() -> list[dict]:
        return [m for m in api.chat(user.id) if button_data(m, "l|fa_AF")]

    async def scenario():
        bot = await RunningBot(api, storage).start()
        case_id, _ = await household_at(bot, "wanted_areas", user, "fr")
        dari, counted = iter(DARI), []
        while (question := bot.casework.current(case_id, "household")) is not None:
            if question.field.prose:  # typed in Dari through the chat (names are never detected)
                await bot.say(user, next(dari))
                counted.append(len(offers()))
            else:  # the rest answered as before
                prefill(bot.casework, case_id, "household", lambda q, now=question: q.path != now.path)
        [offer] = offers()
        await bot.tap(user, "l|fa_AF", offer["message_id"])
        switched = next(m for m in api.chat(user.id) if m["message_id"] == offer["message_id"])
        await bot.stop()
        return case_id, counted, offer, switched

    case_id, counted, offer, switched = run(scenario())
    assert counted == [0, 0, 1]  # after the third Dari answer (prose answers only), once
    assert switched["text"] == "✓ " + LANGUAGES["fa_AF"].native_name
    assert render("tg.language_offer", "fr", language=LANGUAGES["fa_AF"].native_name) in offer["text"]
    assert button_data(offer, "l|") == ["l|fa_AF", "l|fr"]
    assert storage.get_link("telegram", str(user.id)).case_id == case_id
    assert storage.get_case(case_id).locale == "fa_AF"  # the household's language is its case's
