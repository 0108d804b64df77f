"""Work too slow for the event loop, done in another process: no chat waits for another's
documents (issue 16).

Building both documents takes 60-400 ms of pure-Python CPU (docxtpl, Jinja, lxml). Done on the
event loop, every other chat waited for it; in a thread, the loop would still wait for the GIL.
So an update that asks for documents reads the case's data in its own transaction (the case
service's ``gather_*``, a few milliseconds), the build runs in a small pool of worker processes
(at idle priority: the bot's process keeps the CPU it needs to answer), and its outcome is audited and sent
in a second transaction holding the chat again (``record_*``). The update is confirmed to
Telegram only once its documents are sent, and the chat's later updates wait behind them.

The worker processes never touch the store: they get plain data (a pickled
``cases.documents.Gathered``, about 70 kB) and give back bytes or the DocumentError.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import threading
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any, Callable

log = logging.getLogger(__name__)
PROCESSES = 1  # one build at a time: documents queue, replies do not
NICENESS = 10  # the builders yield the CPU to the bot's own process


@dataclass(frozen=True)
class OffLoop:
    """One piece of work of an update, done off the loop: ``work`` (picklable, reads no store)
    runs in a worker process (in a thread when ``in_thread``); ``finish(outcome, box)`` then
    runs on the loop, in a transaction holding ``chat_id``, with what ``work`` returned or the
    exception it raised, and queues what to send in ``box`` (and more work, run next)."""

    chat_id: int
    work: Callable[[], Any]
    finish: Callable[[Any, Any], None]
    #: work that waits on the network, not the CPU (a translation backend, issue 15): run in a
    #: thread (nothing to pickle), still off the loop and never touching the store
    in_thread: bool = False


class Builders:
    """A lazily started pool of worker processes, shared by every application of the process
    (tests start many); a pool that broke (a worker killed) is replaced."""

    def __init__(self, processes: int = PROCESSES) -> None:
        self.processes = processes
        self._pool: ProcessPoolExecutor | None = None
        self._guard = threading.Lock()

    def _executor(self) -> ProcessPoolExecutor:
        with self._guard:
            if self._pool is None:
                # spawn, not fork: the bot has threads (a fork could copy a held lock)
                self._pool = ProcessPoolExecutor(self.processes, _IdleSpawn())
            return self._pool

    async def run(self, work: Callable[[], Any]) -> Any:
        """What ``work()`` returns, or the exception it raised (returned, not raised)."""
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(self._executor(), _outcome, work)
        except BrokenProcessPool:
            log.warning("document builder process lost: a new one is started")
            self.reset()
        except RuntimeError as error:  # no process can start here (an unguarded __main__)
            log.warning("no document builder process (%s): built in a thread", error)
            self.reset()
            return await asyncio.to_thread(_outcome, work)
        return await loop.run_in_executor(self._executor(), _outcome, work)

    def reset(self) -> None:
        """Drop the current pool (its processes end once idle)."""
        with self._guard:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)


BUILDERS = Builders()


class _IdleProcess(multiprocessing.context.SpawnProcess):
    """A worker process that yields the CPU from its first instant: its start-up (a new
    interpreter importing the document libraries, a second of CPU) would otherwise compete
    with the bot's replies on a busy core."""

    def start(self) -> None:
        super().start()
        _yield_cpu(self.pid)


class _IdleSpawn(multiprocessing.context.SpawnContext):
    Process = _IdleProcess


def _yield_cpu(pid: int = 0) -> None:
    """Let process ``pid`` (0: this one) run only when the CPU has nothing else to do (Linux's
    SCHED_IDLE), else at a lower priority than the bot's (nice)."""
    try:
        os.sched_setscheduler(pid, os.SCHED_IDLE, os.sched_param(0))
    except (AttributeError, OSError):  # not Linux, or not allowed: a nice value then
        try:
            os.setpriority(os.PRIO_PROCESS, pid, NICENESS)
        except (AttributeError, OSError):  # not allowed either: the build still runs
            pass


def _outcome(work: Callable[[], Any]) -> Any:
    """``work()``, or the exception it raised (sent back to the bot as a value)."""
    try:
        return work()
    except Exception as error:  # noqa: BLE001 - the caller decides what an error means
        return error


async def run_off_loop(jobs: list[OffLoop], finish: Callable[[OffLoop, Any], Any],
                       builders: Builders = BUILDERS) -> None:
    """Each job's work in a worker process (a thread when ``in_thread``), then
    ``finish(job, outcome)`` awaited on the loop (the application's: a transaction, then
    sending); jobs one after the other, in order. The jobs a finish returns (queued by the job's
    own ``finish``: documents gathered once its translations are stored) run next."""
    queue = deque(jobs)
    while queue:
        job = queue.popleft()
        if job.in_thread:
            outcome = await asyncio.to_thread(_outcome, job.work)
        else:
            outcome = await builders.run(job.work)
        queue.extendleft(reversed(list(await finish(job, outcome) or ())))
