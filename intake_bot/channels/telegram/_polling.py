"""Long polling that confirms updates to Telegram only once they are handled.

python-telegram-bot's Updater asks for the next batch (which confirms the previous one to
Telegram) as soon as it has queued a batch, before the updates are handled: a crash then loses
them. Here the offset never moves past an update still being handled (answer committed, reply
sent). After a crash Telegram serves those again; updates already handled are recognised by
their id and change nothing.
"""

from __future__ import annotations

import asyncio
import logging

from telegram import Update
from telegram.error import NetworkError, RetryAfter, TimedOut
from telegram.ext import Application

from intake_bot.channels.telegram._lifecycle import handled, running, stop_on_signals

log = logging.getLogger(__name__)
LONG_POLL_SECONDS = 25
READ_MARGIN_SECONDS = 10
NETWORK_PAUSE_SECONDS = 2.0
SETTLE_SECONDS = 0.5


async def next_batch(application: Application, offset: int | None) -> list[dict]:
    """The next updates after ``offset`` as JSON (which confirms everything before it).

    Raw, not ``Bot.get_updates``: updates still being handled come back in every batch, and
    building Update objects for them again cost a quarter of the bot's time under load. Bot API
    method names are case-insensitive; the lower-case one keeps python-telegram-bot from
    warning that a typed method exists.
    """
    try:
        return await application.bot.do_api_request(
            "getupdates", api_kwargs={"offset": offset, "timeout": LONG_POLL_SECONDS,
                                      "allowed_updates": Update.ALL_TYPES},
            read_timeout=LONG_POLL_SECONDS + READ_MARGIN_SECONDS) or []
    except RetryAfter as error:
        await asyncio.sleep(float(error.retry_after))
    except (NetworkError, TimedOut) as error:  # Telegram or the network is away: try again
        log.warning("getUpdates failed: %s", error)
        await asyncio.sleep(NETWORK_PAUSE_SECONDS)
    return []


class Window:
    """Updates being handled: each runs as its own task through the application's update
    processor (per-chat order, concurrency), so a slow one holds back no other chat. The offset
    confirmed to Telegram is the lowest update still being handled."""

    def __init__(self, application: Application) -> None:
        self.application = application
        self.running: dict[int, asyncio.Task] = {}
        self.next_id: int | None = None  # above every update seen

    def admit(self, batch: list[dict]) -> int:
        """Start the updates not seen yet (Telegram serves unconfirmed ones again); how many."""
        started = 0
        for data in batch:
            if self.next_id is not None and data["update_id"] < self.next_id:
                continue
            app = self.application
            update = Update.de_json(data, app.bot)
            task = asyncio.ensure_future(handled(app, update))
            self.running[update.update_id] = task
            task.add_done_callback(lambda _, uid=update.update_id: self.running.pop(uid, None))
            self.next_id = update.update_id + 1
            started += 1
        return started

    @property
    def offset(self) -> int | None:
        """What the next getUpdates confirms: everything below it is handled."""
        return min(self.running) if self.running else self.next_id

    async def settle(self) -> None:
        """Wait until a running update is handled, or a moment (new updates of other chats must
        not wait behind a slow one)."""
        if self.running:
            await asyncio.wait(list(self.running.values()), timeout=SETTLE_SECONDS,
                               return_when=asyncio.FIRST_COMPLETED)

    async def drain(self) -> None:
        """Wait for every running update."""
        while self.running:
            await asyncio.gather(*self.running.values(), return_exceptions=True)


async def poll(application: Application, stop: asyncio.Event) -> None:
    """Fetch, handle, confirm, until ``stop`` is set. The application must be started."""
    window = Window(application)
    await application.bot.delete_webhook(drop_pending_updates=False)
    while not stop.is_set():
        fetch = asyncio.ensure_future(next_batch(application, window.offset))
        stopping = asyncio.ensure_future(stop.wait())
        done, _ = await asyncio.wait({fetch, stopping}, return_when=asyncio.FIRST_COMPLETED)
        stopping.cancel()
        if fetch not in done:
            fetch.cancel()
            break
        if not window.admit(fetch.result()):
            await window.settle()  # only updates already running came back: wait for one
    await window.drain()


async def run_polling(application: Application) -> None:
    """Run the application with :func:`poll` until SIGINT or SIGTERM."""
    stop = stop_on_signals()
    async with running(application):
        await poll(application, stop)
