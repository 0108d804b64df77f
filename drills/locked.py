"""A locked database: while households answer (the real application and SqliteStorage, in
process), another connection (what a backup or ``intake-bot cases`` in a long transaction is)
takes the database's write lock again and again and holds it for seconds.

Checked: no person is ever told "saved" (``tg.error``) for an answer that was not; every answer
is stored exactly once (no (case, path) twice in ``answers``) and as given; every household ends
``ready_for_review``. Noted: how many "not saved yet" notices were shown, and the longest the
event loop was held (a chat waiting on another's storage wait), measured by a ticker task.
"""

from __future__ import annotations

import asyncio
import random
import sqlite3
import threading
import time
from pathlib import Path

from drills import Report
from drills.consistency import inconsistencies
from drills.people import answer_update, households, link_households
from intake_bot.i18n import render
from intake_bot.presentation import question_label
from intake_bot.storage.sqlite import SqliteStorage
from tests.telegram.fake_bot_api import FakeBotApi
from tests.telegram.harness import RunningBot, prefill
from tests.telegram.updates import message

STEP_TIMEOUT = 120.0  # seconds a household waits for one reply before the drill fails it


class Locker:
    """Another connection taking the write lock for ``hold`` seconds, every ``gap`` seconds."""

    def __init__(self, path: Path, hold: float, gap: float, seed: int) -> None:
        self.path, self.hold, self.gap = path, hold, gap
        self.rng = random.Random(seed)
        self.stop = threading.Event()
        self.locks = 0
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> None:
        """Start locking in a thread of its own (as another process would)."""
        self._thread.start()

    def finish(self) -> None:
        """Stop locking (the lock held now is released)."""
        self.stop.set()
        self._thread.join()

    def _run(self) -> None:
        connection = sqlite3.connect(self.path, isolation_level=None, timeout=60)
        try:
            pause = 0.2  # the first lock soon after the households start
            while not self.stop.wait(pause):
                pause = self.rng.uniform(0.5, 1.5) * self.gap
                connection.execute("begin immediate")
                self.locks += 1
                self.stop.wait(self.hold)
                connection.execute("rollback")
        finally:
            connection.close()


async def ticker(longest: list[float], stop: asyncio.Event, every: float = 0.05) -> None:
    """The longest the loop did not run this task (what every other chat waited too)."""
    loop = asyncio.get_running_loop()
    while not stop.is_set():
        before = loop.time()
        await asyncio.sleep(every)
        longest[0] = max(longest[0], loop.time() - before - every)


async def household(bot: RunningBot, user, case_id: int, report: Report, answered: dict,
                    step_timeout: float = STEP_TIMEOUT) -> None:
    """Answer the household's questions one update at a time, each once its question is shown."""
    toggled: set[str] = set()
    await _step(bot, user, case_id, message("/start", user), step_timeout)
    asked: dict[str, int] = {}
    while (question := bot.casework.current(case_id, "household")) is not None:
        asked[question.path] = asked.get(question.path, 0) + 1
        if asked[question.path] > 3:  # the scripted answer is refused: a drill bug, not a fault
            report.fail(f"case {case_id}: {question.path} refused the scripted answer 3 times")
            return
        shown = _showing(bot, user, question)
        update = _typed_as_scripted(answer_update(question, shown, user, toggled,
                                                  bot.casework.today()), question.path)
        if not update.get("callback_query", {}).get("data", "").startswith("t|"):
            answered[(case_id, question.path)] = update.get("message", {}).get("text")
        if not await _step(bot, user, case_id, update, step_timeout):
            report.fail(f"case {case_id}: no reply to {question.path} in {step_timeout:.0f} s")
            return


def _typed_as_scripted(update: dict, path: str) -> dict:
    """Typed words as the scripted single mother types them, where the script has the question
    (a postcode, a commune…); else the drills' generic words."""
    from tests.scripted import SINGLE_MOTHER, answer_for

    if "message" not in update:
        return update
    try:
        text = answer_for(SINGLE_MOTHER, path)
    except (KeyError, IndexError, TypeError):
        return update
    return {**update, "message": {**update["message"], "text": text}}


def _showing(bot: RunningBot, user, question) -> dict | None:
    """The latest message of the chat showing ``question``."""
    label = question_label(question.slot, "fr")
    return next((m for m in reversed(bot.api.chat(user.id)) if label in (m.get("text") or "")), None)


async def _step(bot: RunningBot, user, case_id: int, update: dict, timeout: float) -> bool:
    """Send ``update``; wait until it is stored and a message shows the question now asked."""
    before = {m["message_id"]: m for m in bot.api.chat(user.id)}
    bot.api.enqueue(update)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        await asyncio.sleep(0.01)
        if not bot.storage.db.execute("select 1 from processed_updates where update_id = ?",
                                      [update["update_id"]]).fetchone():
            continue
        question = bot.casework.current(case_id, "household")
        if question is None:
            return True
        shown = _showing(bot, user, question)
        if shown is not None and before.get(shown["message_id"]) != shown:
            return True
    return False


async def scenario(storage: SqliteStorage, path: Path, count: int, left: int | None, hold: float,
                   gap: float, report: Report) -> Locker:
    """``count`` households answer while the locker locks; the locker (for its count)."""
    api = FakeBotApi().start()
    bot = await RunningBot(api, storage).start()
    users = households(count, first_id=840_000_000)
    cases = link_households(storage, [u.id for u in users])
    if left is not None:
        for case_id in cases:
            prefill(bot.casework, case_id, "household",
                    lambda q, c=case_id: bot.casework.progress(c, "household").remaining <= left)
    slowest = _time_handling(bot)
    locker, answered, longest, stop = Locker(path, hold, gap, 20261203), {}, [0.0], asyncio.Event()
    tick = asyncio.ensure_future(ticker(longest, stop))
    locker.start()
    try:
        await asyncio.gather(*(household(bot, u, c, report, answered) for u, c in zip(users, cases)))
    finally:
        locker.finish()
        stop.set()
        await tick
        await bot.stop()
        api.stop()
    _check(bot, users, cases, answered, report)
    report.notes.append(f"{sum(_count(api, u.id, 'tg.not_saved_retrying') for u in users)} "
                        f"\"not saved yet\" notices; the longest handling of one update (a "
                        f"storage wait included) {slowest[0]:.2f} s; the event loop was held at "
                        f"most {longest[0]:.2f} s (the drill's households run on it too)")
    return locker


def _time_handling(bot: RunningBot) -> list[float]:
    """Time every handling of an update by the core (on the loop: every chat waits it out);
    the longest, in a list the drill reads at the end."""
    from intake_bot.channels.telegram.app import CORE

    core, slowest = bot.app.bot_data[CORE], [0.0]
    handle = core.handle

    def timed(event):
        started = time.perf_counter()
        try:
            return handle(event)
        finally:
            slowest[0] = max(slowest[0], time.perf_counter() - started)

    core.handle = timed
    return slowest


def _count(api: FakeBotApi, chat_id: int, message_id: str) -> int:
    return sum(1 for m in api.chat(chat_id) if m.get("text") == render(message_id, "fr"))


def _check(bot: RunningBot, users, cases, answered: dict, report: Report) -> None:
    storage = bot.storage
    report.households = len(users)
    for user, case_id in zip(users, cases):
        report.completed += storage.get_case(case_id).status == "ready_for_review"
        if _count(bot.api, user.id, "tg.error"):
            report.fail(f"case {case_id}: told \"saved\" after an error")
    state = {c: storage.load_state(c)["answers"] for c in cases}
    report.answers_lost = sum(1 for (c, path), text in answered.items()
                              if path not in state[c] or (text is not None and state[c][path].get("raw") != text))
    for case_id, path, times in storage.db.execute(
            "select case_id, path, count(*) from answers group by case_id, path having count(*) > 1"):
        report.fail(f"case {case_id}: {path} stored {times} times")


def run(data_dir: Path, households_count: int = 50, left: int | None = None, hold: float = 3.0,
        gap: float = 2.0) -> Report:
    """The drill in ``data_dir``; its report. ``left``: answer only that many questions in the
    chat (the others in setup); ``hold``: seconds each lock lasts, about ``gap`` apart."""
    report = Report("locked database")
    path = data_dir / "intake.sqlite"
    storage = SqliteStorage(path)
    locker = asyncio.run(scenario(storage, path, households_count, left, hold, gap, report))
    report.faults = locker.locks
    if not locker.locks:
        report.fail("the database was never locked")
    for problem in inconsistencies(storage):
        report.fail(problem)
    storage.close()
    return report
