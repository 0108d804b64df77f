"""Issue 11: the webhook holds up against slow and hostile clients, replies survive a Bot API
outage (kept in the database, sent once it answers again), the bot starts while the Bot API is
away, and an erased household's chat loses the messages that showed its answers."""

from __future__ import annotations

import asyncio

from intake_bot.channels.telegram import _webhook
from intake_bot.channels.telegram._webhook import SECRET_HEADER
from intake_bot.i18n import render
from intake_bot.storage.memory import MemoryStorage

from tests.telegram.harness import RunningBot, WAIT_SECONDS, run
from tests.telegram.test_faults import HOUSEHOLD, at_first_name, sqlite_storage, texts, until
from tests.telegram.test_webhook import SECRET, serving, webhook_settings
from tests.telegram.updates import message


def test_a_too_deep_or_malformed_body_is_a_bad_request_not_a_server_error(api):
    deep = b"[" * 5000 + b"]" * 5000
    deep_update = b'{"update_id": 1, "message": ' + b"[" * 5000 + b"]" * 5000 + b"}"

    async def posts(client, url, app):
        return [(await client.post(url, content=body, headers={SECRET_HEADER: SECRET})).status_code
                for body in (deep, deep_update, b"{" * 3, b'"an update"')]

    assert asyncio.run(serving(webhook_settings(api), MemoryStorage(), posts)) == [400, 400, 400, 400]


def test_a_body_above_the_limit_is_refused_unread(api):
    async def posts(client, url, app):
        big = b'{"update_id": 1, "padding": "' + b"x" * (2 * 1024 * 1024) + b'"}'
        return (await client.post(url, content=big, headers={SECRET_HEADER: SECRET})).status_code

    assert asyncio.run(serving(webhook_settings(api), MemoryStorage(), posts)) == 413


async def _closed(port: int, sent: bytes) -> bytes:
    """Open a connection, send ``sent`` and nothing more; what the server sends before closing."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(sent)
    await writer.drain()
    try:
        return await asyncio.wait_for(reader.read(), WAIT_SECONDS)
    finally:
        writer.close()


def test_a_slow_head_or_body_does_not_hold_a_connection(api, monkeypatch):
    monkeypatch.setattr(_webhook, "HEAD_TIMEOUT", 0.3, raising=False)
    monkeypatch.setattr(_webhook, "BODY_TIMEOUT", 0.3, raising=False)
    settings = webhook_settings(api)

    async def posts(client, url, app):
        port = settings.webhook_port
        head = await _closed(port, b"POST /telegram/hook HTTP/1.1\r\nHost: x\r\n")
        body = await _closed(port, b"POST /telegram/hook HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n"
                             + SECRET_HEADER.encode() + b": " + SECRET.encode() + b"\r\n\r\n{")
        return head, body

    head, body = asyncio.run(serving(settings, MemoryStorage(), posts))
    assert head == b""  # closed without an answer
    assert body.startswith(b"HTTP/1.1 408")


def test_replies_survive_a_bot_api_outage_and_arrive_once_in_order(api, tmp_path):
    storage = sqlite_storage(tmp_path)

    async def scenario():
        bot = await RunningBot(api, storage).start()
        case_id = await at_first_name(bot, HOUSEHOLD, "uk")
        shown_before = len(api.chat(HOUSEHOLD.id))
        api.down = 500
        await bot.send(message("Oksana", HOUSEHOLD))  # committed; its replies cannot be sent
        stored = storage.load_state(case_id)["answers"]["first_name"]["value"]
        kept = len(storage.queued_replies())
        api.down = None
        question = bot.casework.current(case_id, "household")
        from intake_bot.presentation import question_label
        label = question_label(question.slot, "uk")
        await until(lambda: any(label in t for t in texts(api, HOUSEHOLD.id)), "reply after outage")
        await until(lambda: not storage.queued_replies(), "outbox emptied")
        await bot.stop()
        return stored, kept, shown_before, label

    stored, kept, shown_before, label = run(scenario())
    assert stored == "Oksana"
    assert kept >= 1
    later = texts(api, HOUSEHOLD.id)
    assert sum(label in t for t in later) == 1  # sent once
    assert render("tg.error", "uk") not in later


def test_replies_kept_by_a_process_are_sent_by_the_next(api, tmp_path):
    storage = sqlite_storage(tmp_path)

    async def scenario():
        bot = await RunningBot(api, storage).start()
        case_id = await at_first_name(bot, HOUSEHOLD, "uk")
        api.down = 502
        await bot.send(message("Oksana", HOUSEHOLD))
        await bot.stop()
        kept = len(storage.queued_replies())
        api.down = None
        again = await RunningBot(api, storage).start()
        question = again.casework.current(case_id, "household")
        from intake_bot.presentation import question_label
        label = question_label(question.slot, "uk")
        await until(lambda: any(label in t for t in texts(api, HOUSEHOLD.id)), "sent by the next")
        await again.stop()
        return kept, label

    kept, label = run(scenario())
    assert kept >= 1
    assert sum(label in t for t in texts(api, HOUSEHOLD.id)) == 1


def test_a_stopped_bot_no_longer_sends_the_replies_it_kept(api, tmp_path):
    """python-telegram-bot's Application.stop() does not run post_stop: the courier kept
    sending after the bot stopped, and the next process sent the same reply again."""
    from intake_bot.channels.telegram.app import COURIER
    storage = sqlite_storage(tmp_path)

    async def scenario():
        bot = await RunningBot(api, storage).start()
        await at_first_name(bot, HOUSEHOLD, "uk")
        api.down = 502
        await bot.send(message("Oksana", HOUSEHOLD))
        courier = bot.app.bot_data[COURIER]
        await bot.stop()
        return courier._task.done(), len(storage.queued_replies())

    stopped, kept = run(scenario())
    assert kept == 1 and stopped


def test_the_bot_starts_while_the_bot_api_is_away_and_works_once_it_answers(api, storage):
    api.fail_next["getMe"] = (502, {"ok": False, "error_code": 502, "description": "Bad Gateway"})

    async def scenario():
        bot = await RunningBot(api, storage).start()
        reply = await bot.say(HOUSEHOLD, "/start")
        await bot.stop()
        return reply

    reply = run(scenario())
    assert len(api.calls_of("getMe")) >= 2
    assert reply["text"]


def test_erasure_deletes_the_messages_that_showed_the_households_answers(api, tmp_path):
    storage = sqlite_storage(tmp_path)

    async def scenario():
        bot = await RunningBot(api, storage).start()
        case_id = await at_first_name(bot, HOUSEHOLD, "uk")
        await bot.say(HOUSEHOLD, "Oksana-MARKER")
        shown = len(api.chat(HOUSEHOLD.id))
        prompt = await bot.say(HOUSEHOLD, "/delete")
        from tests.telegram.harness import button_data
        yes = [d for d in button_data(prompt, "") if d.endswith("yes") or d.endswith("|y")]
        await bot.tap(HOUSEHOLD, yes[0], prompt["message_id"])
        await bot.stop()
        return case_id, shown

    case_id, shown = run(scenario())
    assert storage.get_case(case_id).status == "erased"
    assert len(api.calls_of("deleteMessage", HOUSEHOLD.id)) >= shown
    assert len(api.chat(HOUSEHOLD.id)) <= 2  # the erasure's own answer is what remains
    assert not storage.take_messages(HOUSEHOLD.id, "")
