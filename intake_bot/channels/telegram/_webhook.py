"""Webhook mode: an aiohttp server that answers Telegram only once an update is handled.

python-telegram-bot's webhook server answers 200 as soon as an update is queued, before it is
handled: a crash then loses it, as Telegram never sends it again. Here the 200 goes back once
the answer is committed and the replies are sent; after a crash Telegram resends what was not
acknowledged, and updates already handled are recognised by their id and change nothing.
Requests without Telegram's secret-token header are refused before anything is read. A request
must send its head within ``HEAD_TIMEOUT`` seconds of the connection and its body within
``BODY_TIMEOUT`` (a slow client holds nothing for long), a body above ``MAX_BODY`` is refused
(413), and a body that is not an update (malformed, too deeply nested) gets 400, never 500.
"""

from __future__ import annotations

import asyncio
import json
import logging
import secrets
from dataclasses import dataclass
from urllib.parse import urlparse

from aiohttp import web
from aiohttp.web_protocol import RequestHandler
from telegram import Update
from telegram.ext import Application

from intake_bot.channels.telegram._lifecycle import handled, running, stop_on_signals
from intake_bot.config import Settings

log = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
HEAD_TIMEOUT = 10.0  # seconds from the connection to a whole request head
BODY_TIMEOUT = 10.0  # seconds to read the body once the head is in
KEEPALIVE_TIMEOUT = 75.0  # an idle kept-alive connection is closed after this
MAX_BODY = 1024 * 1024  # Telegram's updates are a few kB; a document's is a file id


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
            body = await asyncio.wait_for(request.read(), BODY_TIMEOUT)
        except asyncio.TimeoutError:
            return web.Response(status=408)
        try:
            data = json.loads(body)
            if not isinstance(data, dict):
                return web.Response(status=400)
            update = Update.de_json(data, application.bot)
        except (ValueError, TypeError, KeyError, AttributeError, RecursionError):
            return web.Response(status=400)
        await handled(application, update)
        return web.Response()

    server = web.Application(client_max_size=MAX_BODY)
    server.router.add_post(webhook.path, receive)
    return server


async def serve(application: Application, webhook: Webhook, stop: asyncio.Event) -> None:
    """Listen, register the webhook with Telegram, serve until ``stop`` is set, then finish the
    updates in hand. The application must be started. The webhook stays registered: Telegram
    keeps the updates that come while the bot is down."""
    runner = web.AppRunner(web_app(application, webhook), access_log=None,
                           keepalive_timeout=KEEPALIVE_TIMEOUT)
    await runner.setup()
    runner.server.__class__ = _GuardedServer
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


class _HeadGuard(RequestHandler):
    """aiohttp's request handler, closing a connection whose first request head is not in
    within ``HEAD_TIMEOUT`` (aiohttp itself has no timeout for a head sent byte by byte)."""

    __slots__ = ("_head_timer",)

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        """Start the head's clock."""
        super().connection_made(transport)
        self._head_timer = asyncio.get_running_loop().call_later(HEAD_TIMEOUT, self._head_late)

    def data_received(self, data: bytes) -> None:
        """Stop the clock once a whole head was parsed."""
        super().data_received(data)
        if self._request_count and self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def connection_lost(self, exc: BaseException | None) -> None:
        """Stop the clock."""
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None
        super().connection_lost(exc)

    def _head_late(self) -> None:
        self._head_timer = None
        if not self._request_count:
            log.info("webhook: no request head within %.0f s, connection closed", HEAD_TIMEOUT)
            self.force_close()
            if self.transport is not None:
                self.transport.close()


class _GuardedServer(web.Server):
    """aiohttp's server making :class:`_HeadGuard` handlers."""

    def __call__(self) -> RequestHandler:
        return _HeadGuard(self, loop=self._loop, **self._kwargs)
