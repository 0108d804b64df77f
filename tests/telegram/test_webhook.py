"""End to end in webhook mode: our aiohttp webhook server with the settings run_bot uses,
updates POSTed to it with and without Telegram's secret token."""

from __future__ import annotations

import asyncio
import hashlib

import httpx

from intake_bot.cases import open_service
from intake_bot.channels.telegram import build_application
from intake_bot.channels.telegram._lifecycle import running
from intake_bot.channels.telegram._webhook import SECRET_HEADER, Webhook, serve
from intake_bot.config import Settings
from intake_bot.i18n import render
from intake_bot.storage.base import Invitation, utc_now
from intake_bot.storage.memory import MemoryStorage

from tests.telegram.harness import TOKEN, WAIT_SECONDS, free_port
from tests.telegram.updates import User, message

SECRET = "s3cret-token_for-the-webhook"
STRANGER = User(6301, "Eve", "fr")


def invited_case(storage: MemoryStorage, token: str) -> int:
    """A case with a live invitation whose link carries ``token``; its id."""
    case = storage.create_case("telegram:4242")
    storage.save_invitation(Invitation(hashlib.sha256(token.encode()).hexdigest(), case.id,
                                       "telegram:4242", utc_now(), "2999-01-01T00:00:00.000+00:00"))
    return case.id


def webhook_settings(api) -> Settings:
    """Settings of a bot in webhook mode on a free local port, talking to the fake Bot API."""
    return Settings(telegram_token=TOKEN, telegram_api_base_url=api.base_url,
                    webhook_url="https://bot.example.org/telegram/hook", webhook_secret=SECRET,
                    webhook_listen="127.0.0.1", webhook_port=free_port())


async def serving(settings: Settings, storage, posts):
    """Run the bot behind its webhook, call ``posts(client, url)``, stop; what posts returned."""
    app, stop = build_application(settings, open_service(settings, storage)), asyncio.Event()
    url = f"http://127.0.0.1:{settings.webhook_port}/telegram/hook"
    async with running(app):
        server = asyncio.create_task(serve(app, Webhook.from_settings(settings), stop))
        await listening(settings.webhook_port)
        try:
            async with httpx.AsyncClient(timeout=WAIT_SECONDS) as client:
                return await posts(client, url, app)
        finally:
            stop.set()
            await server


async def listening(port: int) -> None:
    """Wait until something accepts connections on ``port``."""
    deadline = asyncio.get_running_loop().time() + WAIT_SECONDS
    while True:
        try:
            _, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.close()
            return
        except OSError:
            assert asyncio.get_running_loop().time() < deadline, "webhook server not listening"
            await asyncio.sleep(0.02)


def test_updates_without_the_secret_are_refused_before_the_bot_sees_them(api):
    storage = MemoryStorage()
    token = "a-valid-invitation-token-for-the-test"
    invited_case(storage, token)
    start = message(f"/start {token}", STRANGER)
    audit_before = storage.audit_log()

    async def posts(client, url, app):
        forged = await client.post(url, json=start, headers={SECRET_HEADER: "wrong"})
        missing = await client.post(url, json=start)
        garbled = await client.post(url, json=start, headers={SECRET_HEADER: "sécret".encode("latin-1")})
        await asyncio.sleep(0.1)
        return (forged.status_code, missing.status_code, garbled.status_code,
                app.update_processor.finished)

    forged, missing, garbled, finished = asyncio.run(serving(webhook_settings(api), storage, posts))
    assert forged == missing == garbled == 403
    assert finished == 0 and storage.audit_log() == audit_before
    assert storage.get_link("telegram", str(STRANGER.id)) is None
    assert not api.chat(STRANGER.id)


def test_telegram_gets_its_200_only_once_the_update_is_stored_and_answered(api):
    storage, settings = MemoryStorage(), webhook_settings(api)
    token = "a-valid-invitation-token-for-the-test"
    case_id = invited_case(storage, token)

    async def posts(client, url, app):
        good = await client.post(url, json=message(f"/start {token}", STRANGER),
                                 headers={SECRET_HEADER: SECRET})
        # read at the moment the 200 arrives, without waiting for anything
        link = storage.get_link("telegram", str(STRANGER.id))
        return good.status_code, link, dict(api.last(STRANGER.id)) if api.chat(STRANGER.id) else None

    status, link, shown = asyncio.run(serving(settings, storage, posts))
    assert status == 200
    assert link is not None and link.case_id == case_id and not link.pending
    assert shown is not None and shown["text"] == render("chat.choose_language", "fr")
    [set_webhook] = api.calls_of("setWebhook")
    assert set_webhook.params["url"] == settings.webhook_url
    assert set_webhook.params["secret_token"] == SECRET


def test_a_body_that_is_not_an_update_is_a_bad_request(api):
    async def posts(client, url, app):
        return [(await client.post(url, content=body, headers={SECRET_HEADER: SECRET})).status_code
                for body in (b"not json", b"[1, 2]")]

    assert asyncio.run(serving(webhook_settings(api), MemoryStorage(), posts)) == [400, 400]


def test_the_menus_are_set_when_the_bot_starts(api):
    async def posts(client, url, app):
        return None

    asyncio.run(serving(webhook_settings(api), MemoryStorage(), posts))
    assert api.calls_of("setMyCommands")
