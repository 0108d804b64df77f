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
import os
import time

from telegram import Update
from telegram.error import Conflict, NetworkError, RetryAfter, TimedOut
from telegram.ext import Application

from intake_bot.channels.telegram._lifecycle import handled, running, stop_on_signals

log = logging.getLogger(__name__)
LONG_POLL_SECONDS = 25
READ_MARGIN_SECONDS = 10
NETWORK_PAUSE_SECONDS = 2.0
SETTLE_SECONDS = 0.5
POLLING_LEASE = "telegram.polling"
DEFAULT_LEASE_SECONDS = 15.0


async def next_batch(application: Application, offset: int | None,
                     timeout: float = LONG_POLL_SECONDS) -> list[dict]:
    """The next updates after ``offset`` as JSON (which confirms everything before it).

    Raw, not ``Bot.get_updates``: updates still being handled come back in every batch, and
    building Update objects for them again cost a quarter of the bot's time under load. Bot API
    method names are case-insensitive; the lower-case one keeps python-telegram-bot from
    warning that a typed method exists.
    """
    try:
        return await application.bot.do_api_request(
            "getupdates", api_kwargs={"offset": offset, "timeout": int(timeout),
                                      "allowed_updates": Update.ALL_TYPES},
            read_timeout=timeout + READ_MARGIN_SECONDS) or []
    except RetryAfter as error:
        await asyncio.sleep(float(error.retry_after))
    except Conflict as error:  # another poller (a former leader still finishing its call)
        log.warning("getUpdates conflict: %s", error)
        await asyncio.sleep(NETWORK_PAUSE_SECONDS)
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


def lease_seconds() -> float:
    """How long the polling leader's lease lasts (``INTAKE_POLLING_LEASE_SECONDS``, default
    15): after a leader dies, another instance polls within this time."""
    return float(os.environ.get("INTAKE_POLLING_LEASE_SECONDS") or DEFAULT_LEASE_SECONDS)


class Leadership:
    """Several instances on one database (issue 16): only the holder of the ``polling`` lease
    calls getUpdates (Telegram answers a second poller with 409 Conflict). The lease is renewed
    every third of its length; an instance that cannot renew it stops fetching before it
    lapses, and the others try to take it at the same pace."""

    def __init__(self, service, seconds: float | None = None, clock=time.monotonic) -> None:
        self.service, self.seconds, self.clock = service, seconds or lease_seconds(), clock
        self.held_until = float("-inf")
        self.granted = False  # the database gave this instance the lease at its last asking

    @property
    def poll_seconds(self) -> float:
        """A getUpdates call ends well before the lease could lapse (renewed between calls)."""
        return max(1.0, min(LONG_POLL_SECONDS, self.seconds / 3))

    @property
    def leading(self) -> bool:
        """Whether this instance holds the lease now (by its own clock, with a margin)."""
        return self.clock() < self.held_until

    def renew(self) -> bool:
        """Take or renew the lease; whether this instance leads."""
        started = self.clock()
        try:
            granted = self.service.hold_lease(POLLING_LEASE, self.seconds)
        except Exception:  # noqa: BLE001 - a busy or unreachable database: keep what we had
            log.warning("polling lease not renewed", exc_info=True)
            return self.leading
        if granted and not self.granted:
            log.info("this instance now polls Telegram (lease %s)", POLLING_LEASE)
        elif self.granted and not granted:
            log.warning("another instance polls Telegram now (lease %s)", POLLING_LEASE)
        self.granted = granted
        # stop before it lapses; at once when another instance holds it
        self.held_until = started + self.seconds * 2 / 3 if granted else float("-inf")
        return self.leading

    async def wait_turn(self, stop: asyncio.Event) -> bool:
        """Renew now; while another instance leads, try again every third of the lease.
        Whether this instance leads (False once ``stop`` is set)."""
        while not stop.is_set():
            if self.renew():
                return True
            try:
                await asyncio.wait_for(stop.wait(), self.seconds / 3)
            except asyncio.TimeoutError:
                pass
        return False


async def poll(application: Application, stop: asyncio.Event,
               leadership: Leadership | None = None) -> None:
    """Fetch, handle, confirm, until ``stop`` is set. The application must be started. With
    ``leadership``, only while this instance holds the polling lease."""
    window = Window(application)
    await application.bot.delete_webhook(drop_pending_updates=False)
    while not stop.is_set():
        if leadership is not None and not await leadership.wait_turn(stop):
            break
        wait = LONG_POLL_SECONDS if leadership is None else leadership.poll_seconds
        fetch = asyncio.ensure_future(next_batch(application, window.offset, wait))
        stopping = asyncio.ensure_future(stop.wait())
        done, _ = await asyncio.wait({fetch, stopping}, return_when=asyncio.FIRST_COMPLETED)
        stopping.cancel()
        if fetch not in done:
            fetch.cancel()
            break
        if not window.admit(fetch.result()):
            await window.settle()  # only updates already running came back: wait for one
    await window.drain()


async def run_polling(application: Application, service=None) -> None:
    """Run the application with :func:`poll` until SIGINT or SIGTERM; with ``service`` (the
    case service), as leader only (several instances on one database)."""
    stop = stop_on_signals()
    async with running(application):
        await poll(application, stop, Leadership(service) if service is not None else None)
