"""End to end: odd input, duplicated updates, floods, Telegram's 429s and our own errors."""

from __future__ import annotations

import time

import pytest

from intake_bot.channels.telegram._processor import FloodGate
from intake_bot.i18n import render
from intake_bot.storage.base import Account
from intake_bot.storage.memory import MemoryStorage

from tests.telegram.harness import run, WORKER, RunningBot, answer_current, join, new_case
from tests.telegram.updates import (
    User, document, edited, group_message, location, message, photo, sticker, voice,
)

HOUSEHOLD = User(5001, "Oksana", "uk")
NEIGHBOUR = User(5002, "Bilal", "fr")


async def household_at_first_name(bot) -> int:
    """A linked household (Ukrainian) that has consented and is asked its first name."""
    case_id, token = await new_case(bot)
    await join(bot, HOUSEHOLD, token)
    while bot.casework.current(case_id, "household").path != "first_name":
        await answer_current(bot, HOUSEHOLD, case_id)
    return case_id


def test_non_text_messages_get_a_clear_answer_and_nothing_is_stored(api, storage):
    async def scenario():
        bot = await RunningBot(api, storage).start()
        case_id = await household_at_first_name(bot)
        history = len(storage.answer_history(case_id))
        replies = {}
        for name, update in [("sticker", sticker(HOUSEHOLD)), ("photo", photo(HOUSEHOLD, "Ivan")),
                             ("voice", voice(HOUSEHOLD)), ("document", document(HOUSEHOLD)),
                             ("location", location(HOUSEHOLD)), ("edited", edited("Ivan", HOUSEHOLD)),
                             ("group", group_message("Ivan", HOUSEHOLD))]:
            await bot.send(update)
            chat_id = -100123 if name == "group" else HOUSEHOLD.id
            replies[name] = api.last(chat_id)["text"]
        after = len(storage.answer_history(case_id))
        await bot.stop()
        return case_id, history, after, replies

    case_id, history, after, replies = run(scenario())
    assert after == history
    assert storage.load_state(case_id)["answers"].get("first_name") is None
    for kind in ("sticker", "photo", "voice", "document", "location"):
        assert replies[kind] == render("tg.text_only", "uk")
    assert replies["edited"] == render("tg.edited", "uk")
    assert replies["group"] == render("tg.private_only", "uk")


@pytest.mark.parametrize("text", ["Ivan 😀🇺🇦", "محمد علي", "{{ 7*7 }}", "<b>x</b>", "Ï\u0301van"])
def test_typed_words_are_stored_verbatim(api, storage, text):
    async def scenario():
        bot = await RunningBot(api, storage).start()
        case_id = await household_at_first_name(bot)
        await bot.say(HOUSEHOLD, text)
        await bot.stop()
        return case_id

    record = storage.load_state(run(scenario()))["answers"]["first_name"]
    assert record["value"] == text and record["raw"] == text


def test_a_4096_character_message_is_refused_in_the_persons_language(api, storage):
    async def scenario():
        bot = await RunningBot(api, storage).start()
        case_id = await household_at_first_name(bot)
        reply = await bot.say(HOUSEHOLD, "я" * 4096)
        await bot.stop()
        return case_id, reply

    case_id, reply = run(scenario())
    assert "first_name" not in storage.load_state(case_id)["answers"]
    assert reply["text"].startswith("⚠ " + render("error.text_too_long", "uk", length=4096, max=100))


def test_a_duplicated_update_is_processed_once(api, storage):
    async def scenario():
        bot = await RunningBot(api, storage).start()
        case_id = await household_at_first_name(bot)
        before = len(api.calls_of("sendMessage", HOUSEHOLD.id))
        update = message("Oksana", HOUSEHOLD)
        await bot.send(update, update)  # the same update_id twice in one batch
        await bot.redeliver(update)  # and once more later, as a webhook retry
        sent = len(api.calls_of("sendMessage", HOUSEHOLD.id)) - before
        await bot.stop()
        return case_id, sent

    case_id, sent = run(scenario())
    assert [e.path for e in storage.answer_history(case_id)].count("first_name") == 1
    assert sent == 1


def test_one_chat_is_processed_in_order(api, storage):
    async def scenario():
        bot = await RunningBot(api, storage).start()
        case_id = await household_at_first_name(bot)
        await bot.send(message("Oksana", HOUSEHOLD), message("Petrenko", HOUSEHOLD),
                       message("/back", HOUSEHOLD), message("Kovalenko", HOUSEHOLD))
        await bot.stop()
        return case_id

    answers = storage.load_state(run(scenario()))["answers"]
    assert answers["first_name"]["value"] == "Oksana"
    assert answers["last_name"]["value"] == "Kovalenko"


def test_a_flood_is_answered_once_and_does_not_hold_up_others(api, storage):
    async def scenario():
        bot = await RunningBot(api, storage, gate=FloodGate(limit=8, window=60.0)).start()
        await bot.send(*[message(f"spam {n}", HOUSEHOLD) for n in range(300)],
                       message("/start", NEIGHBOUR))
        await bot.stop()

    run(scenario())
    replies = [m["text"] for m in api.chat(HOUSEHOLD.id)]
    assert replies.count(render("tg.slow_down", "uk")) == 1
    # eight answered ("who are you?"), one notice, the rest dropped before any work is done
    assert len(replies) == 8 + 1
    assert api.last(NEIGHBOUR.id)["text"] == render("tg.not_linked", "fr")


@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")  # PTB's own access
def test_telegram_flood_control_is_waited_out(api, storage):
    async def scenario():
        bot = await RunningBot(api, storage).start()
        api.fail_next["sendMessage"] = (429, {"ok": False, "error_code": 429,
                                              "description": "Too Many Requests: retry after 1",
                                              "parameters": {"retry_after": 1}})
        started = time.monotonic()
        reply = await bot.say(NEIGHBOUR, "/start")
        waited = time.monotonic() - started
        await bot.stop()
        return reply, waited

    reply, waited = run(scenario())
    assert reply["text"] == render("tg.not_linked", "fr")
    assert len(api.calls_of("sendMessage", NEIGHBOUR.id)) == 2 and waited >= 1.0


def test_a_reply_lost_to_a_network_error_is_sent_again(api, storage):
    async def scenario():
        bot = await RunningBot(api, storage).start()
        api.fail_next["sendMessage"] = (502, {"ok": False, "error_code": 502,
                                              "description": "Bad Gateway"})
        reply = await bot.say(NEIGHBOUR, "/start")
        await bot.stop()
        return reply

    reply = run(scenario())
    assert reply["text"] == render("tg.not_linked", "fr")
    assert len(api.calls_of("sendMessage", NEIGHBOUR.id)) == 2


class BrokenStorage(MemoryStorage):
    """A storage whose case lookups fail while ``broken`` is set (a fault we can switch on)."""

    broken = False

    def get_case(self, case_id):
        if self.broken:
            raise OSError("disk on fire")
        return super().get_case(case_id)


def test_an_unexpected_error_gets_a_generic_answer_not_a_traceback(api):
    storage = BrokenStorage()
    storage.save_account(Account(f"telegram:{WORKER.id}", "Alice", "CCAS", "worker"))

    async def scenario():
        bot = await RunningBot(api, storage).start()
        case_id = await household_at_first_name(bot)
        storage.broken = True
        failed = await bot.say(HOUSEHOLD, "Oksana")
        storage.broken = False
        retried = await bot.say(HOUSEHOLD, "Oksana")
        await bot.stop()
        return case_id, failed, retried

    case_id, failed, retried = run(scenario())
    assert failed["text"] == render("tg.not_saved", "uk")  # rolled back: never "saved" (issue 11)
    assert "disk on fire" not in failed["text"] and "Traceback" not in failed["text"]
    assert storage.load_state(case_id)["answers"]["first_name"]["value"] == "Oksana"
