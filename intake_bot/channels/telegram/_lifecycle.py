"""Running the Application the way python-telegram-bot's own ``run_polling`` does (initialize,
``post_init``, start; stop and shut down on the way out), for our polling loop and our webhook
server, which both hand each update to the update processor and wait for it to be handled."""

from __future__ import annotations

import asyncio
import itertools
import logging
import signal
from contextlib import asynccontextmanager
from typing import AsyncIterator, Awaitable

from telegram import Update
from telegram.error import NetworkError, TimedOut
from telegram.ext import Application

log = logging.getLogger(__name__)
START_PAUSES = (1.0, 2.0, 5.0, 10.0, 30.0, 60.0)  # then every minute


@asynccontextmanager
async def running(application: Application) -> AsyncIterator[Application]:
    """The application initialized, its ``post_init`` done (menus, old update ids forgotten) and
    started; stopped, its ``post_stop`` done (no more kept replies sent) and shut down when the
    block ends. A Bot API out of reach at start (getMe
    fails) is waited for, with a log line per attempt."""
    await reach(application)
    try:
        if application.post_init is not None:
            await application.post_init(application)
        await application.start()
        try:
            yield application
        finally:
            await application.stop()
            if application.post_stop is not None:  # Application.stop() does not call it
                await application.post_stop(application)  # the courier stops sending
    finally:
        await application.shutdown()


async def reach(application: Application, pauses=START_PAUSES) -> None:
    """Initialize the application (which asks the Bot API who the bot is), trying again with
    growing pauses while the Bot API cannot be reached or answers with a server error."""
    for attempt in itertools.count():
        try:
            await application.initialize()
            return
        except (NetworkError, TimedOut) as error:
            pause = pauses[min(attempt, len(pauses) - 1)]
            log.warning("Bot API unreachable at start (%s): trying again in %.0f s", error, pause)
            await asyncio.sleep(pause)


def handled(application: Application, update: Update) -> Awaitable[None]:
    """Handling ``update`` through the update processor (per-chat order, flood gate): done once
    the answer is committed and the replies are sent."""
    return application.update_processor.process_update(update, application.process_update(update))


def stop_on_signals() -> asyncio.Event:
    """An event set by SIGINT or SIGTERM (call it on the running loop)."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    return stop
