"""Retention drill (issue 11): a data folder holds cases whose last activity is older than
RETENTION_MONTHS and recent ones (an old case with a recent answer among them: activity counts,
not age). The real bot starts (its daily retention job runs at start-up): every old case must
be erased and every recent one kept; ``intake-bot purge --dry-run`` then finds nothing more."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from drills import Report
from drills.people import households, link_households
from intake_bot.storage.base import utc_now
from intake_bot.storage.sqlite import SqliteStorage
from tests.telegram.fake_bot_api import FakeBotApi
from tests.telegram.harness import RunningBot

LONG_AGO = "2020-01-15T09:00:00.000+00:00"
WAIT_SECONDS = 30.0


def backdate(path: Path, case_id: int, when: str = LONG_AGO, answers_too: bool = True) -> None:
    """Every trace of activity of a case moved to ``when`` (but its answers when not
    ``answers_too``)."""
    with sqlite3.connect(path) as conn:
        conn.execute("update cases set created_at = ? where id = ?", [when, case_id])
        conn.execute("update interviews set updated_at = ? where case_id = ?", [when, case_id])
        conn.execute("update audit set at = ? where case_id = ?", [when, case_id])
        if answers_too:
            conn.execute("update answers set given_at = ? where case_id = ?", [when, case_id])
    conn.close()


def recent_answer(storage: SqliteStorage, case_id: int) -> None:
    """An answer stored today (the household came back)."""
    from intake_bot.storage.base import AnswerEvent

    record = {"value": "1", "by": "household", "at": utc_now(), "lang": "fr", "raw": "1"}
    storage.save_state(case_id, storage.load_state(case_id), AnswerEvent("measure", record))


async def start_and_wait(storage: SqliteStorage, old: list[int]) -> float:
    """Start the bot; seconds until the old cases are erased (or WAIT_SECONDS)."""
    api = FakeBotApi().start()
    bot = await RunningBot(api, storage).start()
    loop = asyncio.get_running_loop()
    started = loop.time()
    try:
        while loop.time() - started < WAIT_SECONDS:
            if all(storage.get_case(c).status == "erased" for c in old):
                break
            await asyncio.sleep(0.05)
        return loop.time() - started
    finally:
        await bot.stop()
        api.stop()


def dry_run(data_dir: Path) -> str:
    """What ``intake-bot purge --dry-run`` prints, in a process of its own."""
    env = {**os.environ, "INTAKE_DATA_DIR": str(data_dir)}
    env.pop("TELEGRAM_BOT_TOKEN", None)
    done = subprocess.run([sys.executable, "-m", "intake_bot", "purge", "--dry-run"], env=env,
                          capture_output=True, text=True, timeout=120)
    return done.stdout + done.stderr


def run(data_dir: Path, old_count: int = 10, recent_count: int = 10) -> Report:
    """The drill, its data folder ``data_dir``; the report."""
    report = Report("retention: old cases purged, recent kept")
    path = data_dir / "intake.sqlite"
    storage = SqliteStorage(path)
    users = households(old_count + recent_count + 1, first_id=870_000_000)
    cases = link_households(storage, [u.id for u in users])
    old, recent, came_back = cases[:old_count], cases[old_count:-1], cases[-1]
    for case_id in [*old, came_back]:
        backdate(path, case_id)
    recent_answer(storage, came_back)
    report.faults, report.households = len(old), len(recent) + 1
    try:
        seconds = asyncio.run(start_and_wait(storage, old))
        erased = [c for c in old if storage.get_case(c).status == "erased"]
        kept = [c for c in [*recent, came_back] if storage.get_case(c).status != "erased"]
    finally:
        storage.close()
    report.completed = len(kept)
    report.answers_lost = len(recent) + 1 - len(kept)
    if len(erased) != len(old):
        report.fail(f"{len(old) - len(erased)} old case(s) not erased by the bot's retention job")
    leftover = dry_run(data_dir)
    if "D-0" in leftover:
        report.fail(f"intake-bot purge --dry-run still finds: {leftover.strip()[:200]}")
    report.notes.append(f"{len(erased)}/{len(old)} old cases erased by the bot's start-up job "
                        f"in {seconds:.1f} s; {len(kept)}/{len(recent) + 1} recent kept (one old "
                        "case with a recent answer among them)")
    return report
