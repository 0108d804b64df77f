"""Webhook mode: an aiohttp server that answers Telegram only once an update is handled.

python-telegram-bot's webhook server answers 200 as soon as an update is queued, before it is
handled: a crash then loses it, as Telegram never sends it again. Here the 200 goes back once
the answer is committed and the replies are sent; after a crash Telegram resends what was not
acknowledged, and updates already handled are recognised by their id and change nothing.
Requests without Telegram's secret-token header are refused before anything is read.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from dataclasses import dataclass
from urllib.parse import urlparse

from aiohttp import web
from telegram import Update
from telegram.ext import Application

from intake_bot.channels.telegram._lifecycle import handled, running, stop_on_signals
from intake_bot.config import Settings

log = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


@dataclass(frozen=True)
class Webhook:
    """Where the server listens, the public URL Telegram posts to, and the shared secret."""

    listen: str
    port: int
    url: str
    secret: str

    @property
    def path(self) -> str:
        """The path of the public URL (the route the server answers)."""
        return urlparse(self.url).path or "/"

    @classmethod
    def from_settings(cls, settings: Settings) -> "Webhook":
        """From the settings; a random secret for this run when TELEGRAM_WEBHOOK_SECRET is unset."""
        return cls(settings.webhook_listen, settings.webhook_port, settings.webhook_url,
                   settings.webhook_secret or secrets.token_urlsafe(32))


def web_app(application: Application, webhook: Webhook) -> web.Application:
    """The aiohttp application: one POST route handing updates to the bot."""
    async def receive(request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "").encode("utf-8", "surrogateescape")
        if not secrets.compare_digest(given, webhook.secret.encode()):  # bytes: any header compares
            return web.Response(status=403)
        try:
            update = Update.de_json(await request.json(), application.bot)
        except (ValueError, TypeError, KeyError, AttributeError):
            return web.Response(status=400)
        await handled(application, update)
        return web.Response()

    server = web.Application()
    server.router.add_post(webhook.path, receive)
    return server


async def serve(application: Application, webhook: Webhook, stop: asyncio.Event) -> None:
    """Listen, register the webhook with Telegram, serve until ``stop`` is set, then finish the
    updates in hand. The application must be started. The webhook stays registered: Telegram
    keeps the updates that come while the bot is down."""
    runner = web.AppRunner(web_app(application, webhook), access_log=None)
    await runner.setup()
    try:
        await web.TCPSite(runner, webhook.listen, webhook.port).start()
        await application.bot.set_webhook(webhook.url, secret_token=webhook.secret,
                                          allowed_updates=Update.ALL_TYPES)
        log.info("webhook: listening on %s:%s for %s", webhook.listen, webhook.port, webhook.url)
        await stop.wait()
    finally:
        await runner.cleanup()


async def run_webhook(application: Application, webhook: Webhook) -> None:
    """Run the application behind the webhook until SIGINT or SIGTERM."""
    stop = stop_on_signals()
    async with running(application):
        await serve(application, webhook, stop)
