"""End to end in webhook mode: python-telegram-bot's own webhook server (tornado) with the
parameters run_bot uses, updates POSTed to it with and without Telegram's secret token."""

from __future__ import annotations

import asyncio
import hashlib
import socket

import httpx

from intake_bot.channels.telegram import build_application, on_startup
from intake_bot.channels.telegram.app import webhook_parameters
from intake_bot.config import Settings
from intake_bot.i18n import render
from intake_bot.storage.memory import MemoryStorage

from tests.telegram.harness import TOKEN, WAIT_SECONDS
from tests.telegram.updates import User, message

SECRET = "s3cret-token_for-the-webhook"
STRANGER = User(6301, "Eve", "fr")
HEADER = "X-Telegram-Bot-Api-Secret-Token"


def free_port() -> int:
    """A TCP port of 127.0.0.1 nobody listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def processed(app, count: int) -> None:
    """Wait until ``count`` updates went through the processor."""
    deadline = asyncio.get_running_loop().time() + WAIT_SECONDS
    while app.update_processor.finished < count:
        assert asyncio.get_running_loop().time() < deadline, "update not processed"
        await asyncio.sleep(0.01)


def test_the_webhook_takes_updates_with_the_secret_and_rejects_the_others(api):
    storage = MemoryStorage()
    token = "a-valid-invitation-token-for-the-test"
    case = storage.create_case("telegram:4242")
    storage.create_invitation(hashlib.sha256(token.encode()).hexdigest(), case.id, "telegram:4242",
                              "2999-01-01T00:00:00.000+00:00")
    settings = Settings(telegram_token=TOKEN, telegram_api_base_url=api.base_url,
                        webhook_url="https://bot.example.org/telegram/hook", webhook_secret=SECRET,
                        webhook_listen="127.0.0.1", webhook_port=free_port())
    url = f"http://127.0.0.1:{settings.webhook_port}/telegram/hook"

    async def scenario():
        app = build_application(settings, storage)
        await app.initialize()
        await on_startup(app)
        await app.start()
        await app.updater.start_webhook(**webhook_parameters(settings))
        async with httpx.AsyncClient() as client:
            forged = await client.post(url, json=start, headers={HEADER: "wrong"})
            missing = await client.post(url, json=start)
            await asyncio.sleep(0.1)
            after_forged = (app.update_processor.finished, list(api.calls), storage.audit_log())
            good = await client.post(url, json=start, headers={HEADER: SECRET})
            await processed(app, 1)
        await app.updater.stop()
        await app.stop()
        await app.shutdown()
        return forged, missing, after_forged, good

    start = message(f"/start {token}", STRANGER)
    calls_before, audit_before = len(api.calls), storage.audit_log()
    forged, missing, (finished, calls, audit), good = run(scenario())
    assert forged.status_code == missing.status_code == 403
    assert finished == 0 and audit == audit_before  # rejected before the bot: nothing stored…
    assert not [c for c in calls[calls_before:] if c.params.get("chat_id") == STRANGER.id]  # …or said
    assert good.status_code == 200
    assert storage.get_participant("telegram", str(STRANGER.id)).case_id == case.id
    assert api.last(STRANGER.id)["text"] == render("chat.choose_language", "fr")
    [set_webhook] = api.calls_of("setWebhook")
    assert set_webhook.params["url"] == settings.webhook_url
    assert set_webhook.params["secret_token"] == SECRET


def run(coro):
    """Run a scenario to the end."""
    return asyncio.run(coro)
