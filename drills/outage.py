"""A Bot API outage: while households answer (the real application and SqliteStorage, in
process), the fake Bot API answers every call but getUpdates with HTTP 500 for ``down`` seconds,
then hangs for ``hang`` seconds (requests never answered nor processed), then comes back.

Checked: every household ends ``ready_for_review`` (each reply showing its next question did
arrive), no reply arrived twice (no message equal to the one before it in a chat), every answer
stored once and as given. Noted: the replies the bot kept in its database during the outage.
"""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

from drills import Report
from drills.consistency import inconsistencies
from drills.locked import household
from drills.people import households, link_households
from intake_bot.storage.sqlite import SqliteStorage
from tests.telegram.fake_bot_api import FakeBotApi
from tests.telegram.harness import RunningBot, prefill

LEAD_UPDATES = 3  # updates each household sends (its /start, two answers) before the outage


class Outage:
    """500 for ``down`` seconds, then a hang for ``hang`` seconds; counts what was kept."""

    def __init__(self, api: FakeBotApi, down: float, hang: float) -> None:
        self.api, self.down, self.hang = api, down, hang
        self.done = threading.Event()
        self.most_kept = 0

    async def run(self, storage: SqliteStorage, after: int) -> None:
        """Inject the outage once ``after`` updates were handled (households mid-interview),
        watching how many replies the bot keeps meanwhile."""
        while storage.db.execute("select count(*) from processed_updates").fetchone()[0] < after:
            await asyncio.sleep(0.01)
        self.api.down = 500
        await self._watch(storage, self.down)
        self.api.down = None
        self.api.hanging.set()
        await self._watch(storage, self.hang)
        self.api.hanging.clear()
        self.done.set()

    async def _watch(self, storage: SqliteStorage, seconds: float) -> None:
        loop = asyncio.get_running_loop()
        end = loop.time() + seconds
        while loop.time() < end:
            kept = storage.db.execute("select count(*) from outbox").fetchone()[0]
            self.most_kept = max(self.most_kept, kept)
            await asyncio.sleep(0.1)


async def scenario(storage: SqliteStorage, count: int, left: int | None, down: float, hang: float,
                   report: Report) -> tuple[FakeBotApi, Outage]:
    """``count`` households answer through the outage."""
    api = FakeBotApi().start()
    bot = await RunningBot(api, storage).start()
    users = households(count, first_id=850_000_000)
    cases = link_households(storage, [u.id for u in users])
    if left is not None:
        for case_id in cases:
            prefill(bot.casework, case_id, "household",
                    lambda q, c=case_id: bot.casework.progress(c, "household").remaining <= left)
    outage, answered = Outage(api, down, hang), {}
    timeout = 4 * (down + hang) + 120
    try:
        await asyncio.gather(outage.run(storage, LEAD_UPDATES * count),
                             *(household(bot, u, c, report, answered, timeout)
                               for u, c in zip(users, cases)))
    finally:
        api.hanging.clear()
        await bot.stop()
        api.stop()
    _check(storage, api, users, cases, answered, report)
    return api, outage


def _check(storage, api, users, cases, answered: dict, report: Report) -> None:
    report.households = len(users)
    for user, case_id in zip(users, cases):
        report.completed += storage.get_case(case_id).status == "ready_for_review"
        shown = [(m.get("text"), m.get("reply_markup")) for m in api.chat(user.id)]
        twice = sum(1 for a, b in zip(shown, shown[1:]) if a == b)
        if twice:
            report.fail(f"case {case_id}: {twice} replies shown twice")
    state = {c: storage.load_state(c)["answers"] for c in cases}
    report.answers_lost = sum(1 for (c, path), text in answered.items()
                              if path not in state[c] or (text is not None and state[c][path].get("raw") != text))
    for case_id, path, times in storage.db.execute(
            "select case_id, path, count(*) from answers group by case_id, path having count(*) > 1"):
        report.fail(f"case {case_id}: {path} stored {times} times")
    left = storage.db.execute("select count(*) from outbox").fetchone()[0]
    if left:
        report.fail(f"{left} replies still kept at the end")


def run(data_dir: Path, households_count: int = 50, left: int | None = None, down: float = 60.0,
        hang: float = 30.0) -> Report:
    """The drill in ``data_dir``; its report."""
    report = Report(f"Bot API 500 {down:.0f} s then hanging {hang:.0f} s")
    storage = SqliteStorage(data_dir / "intake.sqlite")
    api, outage = asyncio.run(scenario(storage, households_count, left, down, hang, report))
    report.faults = 2 if outage.done.is_set() else 0
    calls = sum(1 for c in api.calls if c.method == "sendMessage")
    report.notes.append(f"at most {outage.most_kept} replies kept in the database at once; "
                        f"{calls} sendMessage calls in all (failed ones included)")
    if not outage.most_kept:
        report.fail("no reply was ever kept: the outage missed the households")
    for problem in inconsistencies(storage):
        report.fail(problem)
    storage.close()
    return report
