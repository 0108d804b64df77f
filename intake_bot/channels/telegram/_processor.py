"""Update processing: one chat strictly in order, different chats at the same time, and a flood
from one person answered once with "slow down" and otherwise dropped before it queues.

python-telegram-bot takes its concurrency permit before calling us; a per-chat lock taken under
that permit would let one flooding chat hold every permit. So the permit count of the base class
is only a bound on updates in memory; the real limit on concurrent work is taken inside the lock.
"""

from __future__ import annotations

import asyncio
import time
from collections import defaultdict, deque
from dataclasses import dataclass, field
from typing import Any, Awaitable, Callable

from telegram import Update
from telegram.ext import BaseUpdateProcessor

OK, NOTIFY, DROP = "ok", "notify", "drop"


@dataclass
class FloodGate:
    """At most ``limit`` updates per user in ``window`` seconds; one notice per flood."""

    limit: int = 20
    window: float = 10.0
    clock: Callable[[], float] = time.monotonic
    _hits: dict[int, deque] = field(default_factory=lambda: defaultdict(deque))
    _noticed: set[int] = field(default_factory=set)

    def check(self, user_id: int | None) -> str:
        """OK to process, NOTIFY (first update over the limit), or DROP."""
        if user_id is None:
            return OK
        now, hits = self.clock(), self._hits[user_id]
        while hits and now - hits[0] > self.window:
            hits.popleft()
        if not hits:  # a quiet window: a later flood gets its notice again
            self._noticed.discard(user_id)
        if len(hits) < self.limit:
            hits.append(now)
            return OK
        if user_id in self._noticed:
            return DROP
        self._noticed.add(user_id)
        return NOTIFY


def chat_key(update: object) -> int | None:
    """The chat an update belongs to (its user when there is no chat)."""
    if not isinstance(update, Update):
        return None
    if update.effective_chat:
        return update.effective_chat.id
    return update.effective_user.id if update.effective_user else None


def user_key(update: object) -> int | None:
    """The user who sent an update."""
    return update.effective_user.id if isinstance(update, Update) and update.effective_user else None


class ChatOrderedProcessor(BaseUpdateProcessor):
    """Per-chat FIFO locks, a bounded number of handlers running, a flood gate in front."""

    def __init__(self, workers: int = 32, queued: int = 4096, gate: FloodGate | None = None,
                 on_flood: Callable[[Update], Awaitable[None]] | None = None) -> None:
        super().__init__(max(queued, 2))
        self.gate = gate or FloodGate()
        self.on_flood = on_flood
        self.finished = 0  # updates taken off the queue and done with (tests wait on it)
        self._workers = asyncio.Semaphore(workers)
        self._locks: dict[int | None, asyncio.Lock] = {}
        self._users: dict[int | None, int] = defaultdict(int)

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Run ``coroutine`` after the earlier updates of the same chat, unless flooding."""
        verdict = self.gate.check(user_key(update))
        if verdict != OK:
            try:
                coroutine.close()  # type: ignore[attr-defined]  # dropped: never queued
                if verdict == NOTIFY and self.on_flood is not None:
                    await self.on_flood(update)
            finally:
                self.finished += 1
            return
        key = chat_key(update)
        self._users[key] += 1
        lock = self._locks.setdefault(key, asyncio.Lock())
        try:
            async with lock, self._workers:
                await coroutine
        finally:
            self._users[key] -= 1
            if not self._users[key]:
                del self._users[key], self._locks[key]
            self.finished += 1

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release."""
