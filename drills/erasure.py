"""Erasure drill (issue 11): households answer with a unique marker in their free text while the
real bot runs (SqliteStorage in its data folder, the fake Bot API); half of them erase their case
with /delete, the others are erased by the operator with ``intake-bot erase`` in another process,
while the bot keeps running. Then every file of the data folder (database, -wal, -shm, lock) is
read as raw bytes: an erased household's marker must be found 0 times. One household is kept:
its marker must be found, which shows the search can see one."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

from drills import Report
from drills.people import households, link_households
from intake_bot.storage.sqlite import SqliteStorage
from tests.telegram.fake_bot_api import FakeBotApi
from tests.telegram.harness import RunningBot, answer_current, button_data
from tests.telegram.updates import User

MARKER = "Xqzerasuremark"


def marker(n: int) -> str:
    """The unique words household ``n`` types in every free-text answer."""
    return f"{MARKER}{n:03d}q"


COUNT = """
import sys
from pathlib import Path
needles = [sys.argv[2].encode(e) for e in ("utf-8", "utf-16-le", "utf-16-be")]
print(sum(p.read_bytes().count(n) for p in Path(sys.argv[1]).rglob("*") if p.is_file()
          for n in needles))
"""


def occurrences(folder: Path, text: str) -> int:
    """How many times ``text`` (UTF-8 or UTF-16) is in the raw bytes of every file under
    ``folder``. Read by another process: closing a descriptor of the database file in the bot's
    own process would drop its SQLite locks (POSIX locks are per process)."""
    done = subprocess.run([sys.executable, "-c", COUNT, str(folder), text], check=True,
                          capture_output=True, text=True)
    return int(done.stdout)


async def answer_with_marker(bot: RunningBot, user: User, case_id: int, words: str,
                             questions: int) -> None:
    """Answer ``questions`` questions; every free-text one with ``words``."""
    for _ in range(questions):
        question = bot.casework.current(case_id, "household")
        if question is None:
            return
        if question.slot.field.kind == "text":
            await bot.say(user, words)
        else:
            await answer_current(bot, user, case_id)


async def delete_by_household(bot: RunningBot, user: User) -> None:
    """/delete, then the confirm button."""
    msg = await bot.say(user, "/delete")
    await bot.tap(user, button_data(msg, "d|")[0], msg["message_id"])


def erase_by_operator(data_dir: Path, case_id: int) -> str:
    """``intake-bot erase`` in a process of its own, the bot still running; its output."""
    env = {**os.environ, "INTAKE_DATA_DIR": str(data_dir)}
    env.pop("TELEGRAM_BOT_TOKEN", None)
    done = subprocess.run([sys.executable, "-m", "intake_bot", "erase", str(case_id)], env=env,
                          capture_output=True, text=True, timeout=120)
    return done.stderr.strip() if done.returncode else ""


async def scenario(data_dir: Path, storage: SqliteStorage, report: Report, count: int,
                   questions: int) -> None:
    api = FakeBotApi().start()
    bot = await RunningBot(api, storage).start()
    users = households(count + 1, first_id=850_000_000)
    cases = link_households(storage, [u.id for u in users])
    report.households = count
    try:
        for n, (user, case_id) in enumerate(zip(users, cases)):
            await bot.say(user, "/start")
            await answer_with_marker(bot, user, case_id, marker(n), questions)
        seen = [occurrences(data_dir, marker(n)) for n in range(count + 1)]
        if not all(seen):
            report.fail(f"marker not found before erasure: {seen} (is the search blind?)")
        for n, (user, case_id) in enumerate(zip(users[:count], cases)):
            if n % 2 == 0:
                await delete_by_household(bot, user)
            elif problem := erase_by_operator(data_dir, case_id):
                report.fail(f"intake-bot erase {case_id}: {problem}")
            report.faults += 1
        await bot.say(users[count], "/start")  # the bot goes on for the household kept
        found = {marker(n): occurrences(data_dir, marker(n)) for n in range(count)}
        report.completed = sum(1 for c in cases[:count] if storage.get_case(c).status == "erased")
        report.answers_lost = int(occurrences(data_dir, marker(count)) == 0)  # the kept one
        left = {m: k for m, k in found.items() if k}
        if left:
            report.fail(f"erased markers still on disk while the bot runs: {left}")
        report.notes.append(f"{count} households erased ({(count + 1) // 2} by /delete, "
                            f"{count // 2} by intake-bot erase); marker found "
                            f"{sum(found.values())} times in the database, WAL and data folder")
    finally:
        await bot.stop()
        api.stop()


def run(data_dir: Path, households_count: int = 10, questions: int = 30) -> Report:
    """The drill, its data folder ``data_dir``; the report."""
    report = Report("erasure: marker in db, WAL, data folder")
    storage = SqliteStorage(data_dir / "intake.sqlite")
    try:
        asyncio.run(scenario(data_dir, storage, report, households_count, questions))
    finally:
        storage.close()
    after = sum(occurrences(data_dir, marker(n)) for n in range(households_count))
    if after:
        report.fail(f"erased markers found {after} times after shutdown")
    return report
