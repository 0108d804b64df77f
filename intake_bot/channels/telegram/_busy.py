"""Handling an update while another process holds the database's write lock (a backup,
``intake-bot cases`` in a long transaction).

The bot's connection waits at most ``BUSY_TIMEOUT_SECONDS`` (SQLite's busy timeout), on the event
loop: the storage is one connection whose transactions must not interleave, so its work stays on
the loop rather than in threads. When that wait runs out the update is rolled back and tried again
later, its task still running: the update is not confirmed to Telegram (the polling offset stays
below it, the webhook request is not answered), so a crash meanwhile loses nothing. While the
database is busy one update at a time tries again, spaced by a growing pause, and every other
update waits on an asyncio event (no CPU, no loop time): no chat ever waits more than one busy
timeout on another's attempt, and nothing spins.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from typing import Awaitable, Callable, TypeVar

log = logging.getLogger(__name__)
BUSY_TIMEOUT_SECONDS = 1.0
FIRST_PAUSE_SECONDS, MAX_PAUSE_SECONDS = 0.5, 5.0
T = TypeVar("T")


def is_busy(error: BaseException | None) -> bool:
    """Whether ``error`` (or its cause) is SQLite's "database is locked" / "busy"."""
    while error is not None:
        if isinstance(error, sqlite3.OperationalError) and any(
                word in str(error).lower() for word in ("locked", "busy")):
            return True
        error = error.__cause__ or error.__context__
    return False


class BusyGate:
    """Runs storage work, and while the database is busy, retries it one update at a time."""

    def __init__(self) -> None:
        self.busy = False
        self.pause = FIRST_PAUSE_SECONDS
        self._turn = asyncio.Lock()

    async def run(self, work: Callable[[], T], on_wait: Callable[[], Awaitable[None]]) -> T:
        """``work()`` once it succeeds; ``on_wait()`` is awaited once, at its first busy failure.
        Any other error is raised at once."""
        told = False
        while True:
            if not self.busy:
                try:
                    return work()
                except Exception as error:  # noqa: BLE001 - sorted just below
                    if not is_busy(error):
                        raise
                    self._lost(error)
            else:
                async with self._turn:  # one attempt at a time while busy
                    if self.busy:
                        await asyncio.sleep(self.pause)
                        try:
                            result = work()
                        except Exception as error:  # noqa: BLE001 - sorted just below
                            if not is_busy(error):
                                raise
                            self._lost(error)
                        else:
                            self._back()
                            return result
            if not told:
                told = True
                await on_wait()

    def _lost(self, error: BaseException) -> None:
        if not self.busy:
            log.warning("database busy (%s): updates are kept and tried again", error)
            self.busy = True
        else:
            self.pause = min(self.pause * 2, MAX_PAUSE_SECONDS)

    def _back(self) -> None:
        log.info("database free again: the updates kept are handled")
        self.busy, self.pause = False, FIRST_PAUSE_SECONDS
