"""Polling confirms a batch to Telegram only after every update of it was handled."""

from __future__ import annotations

import asyncio
import time

from telegram import Update
from telegram.ext import Application, TypeHandler

from intake_bot.channels.telegram._polling import poll
from tests.telegram.harness import TOKEN, run
from tests.telegram.updates import User, message

AMINA = User(5101, "Amina", "fr")


def application(api, handler) -> Application:
    app = (Application.builder().token(TOKEN).base_url(api.base_url).concurrent_updates(True)
           .build())
    app.add_handler(TypeHandler(Update, handler))
    return app


async def until(condition, seconds: float = 10.0) -> None:
    deadline = asyncio.get_running_loop().time() + seconds
    while not condition():
        assert asyncio.get_running_loop().time() < deadline, "condition not reached"
        await asyncio.sleep(0.01)


async def handle_until_crash(api, ids: list[int], stuck_on: int) -> list[int]:
    """Poll; the handler of ``stuck_on`` never finishes; then the process 'dies'."""
    handled, release = [], asyncio.Event()

    async def handler(update, context):
        if update.update_id == stuck_on:
            await release.wait()
        handled.append(update.update_id)

    app, stop = application(api, handler), asyncio.Event()
    async with app:
        await app.start()
        polling = asyncio.create_task(poll(app, stop))
        await until(lambda: len(handled) == len(ids) - 1)
        polling.cancel()  # the crash: nothing more reaches Telegram from this process
        at_crash = list(handled)
        release.set()
        await app.stop()
    return at_crash


async def handle_all(api) -> list[int]:
    handled: list[int] = []

    async def handler(update, context):
        handled.append(update.update_id)

    app, stop = application(api, handler), asyncio.Event()
    async with app:
        await app.start()
        polling = asyncio.create_task(poll(app, stop))
        await asyncio.sleep(1.5)  # long enough for every batch Telegram still holds
        stop.set()
        await polling
        await app.stop()
    return handled


def test_a_batch_interrupted_by_a_crash_is_served_again(api):
    updates = [message(text, AMINA) for text in ("Amina", "Haddad", "12/03/1985")]
    ids = [u["update_id"] for u in updates]
    api.enqueue(*updates)
    first = run(handle_until_crash(api, ids, stuck_on=ids[1]))
    assert sorted(first) == [ids[0], ids[2]]
    second = run(handle_all(api))
    assert sorted(second) == ids  # nothing was confirmed: the whole batch again
    assert run(handle_all(api)) == []  # confirmed once handled


def test_the_real_command_sets_the_menus_before_it_polls(api, tmp_path):
    """``intake-bot run`` (long polling, a subprocess): the start-up hook runs, so the command
    menus are set before the first getUpdates."""
    from bench.botapi import launch_bot
    from bench.load import stop

    process = launch_bot(api, tmp_path)
    try:
        deadline = time.monotonic() + 30
        while not [c for c in api.calls if c.method == "deleteWebhook"]:
            assert process.poll() is None and time.monotonic() < deadline, "the bot did not start polling"
            time.sleep(0.05)
    finally:
        stop(process)
    methods = [c.method for c in api.calls]
    assert "setMyCommands" in methods
    assert methods.index("setMyCommands") < methods.index("deleteWebhook")
