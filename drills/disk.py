"""Disk full and read-only database: the fault injected at the SQLite level on the bot's own
connection while a household answers (in-process, the real application and SqliteStorage).

- full: ``PRAGMA max_page_count`` set to the database's current size, so the next write that
  needs a page fails with "database or disk is full";
- read-only: ``PRAGMA query_only = ON``, so every write fails ("attempt to write a readonly
  database").

The household keeps answering: the bot must say ``tg.cannot_save``, commit nothing of the failed
update, keep everything stored before; once the fault is lifted, the same answer is stored and the
interview goes on at the next question.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from drills import Report
from drills.consistency import inconsistencies
from drills.people import households, link_households
from intake_bot.i18n import render
from intake_bot.presentation import question_label
from intake_bot.storage.sqlite import SqliteStorage
from tests.telegram.fake_bot_api import FakeBotApi
from tests.telegram.harness import RunningBot, answer_current, button_data, buttons

UNLIMITED_PAGES = 1_073_741_823  # SQLite's default max_page_count
TABLES = ("answers", "interviews", "processed_updates", "sessions", "people", "audit", "cases")


def fill(connection) -> None:
    """Disk full: no page beyond the ones the database has now."""
    pages = connection.execute("pragma page_count").fetchone()[0]
    connection.execute(f"pragma max_page_count = {pages}")


def empty(connection) -> None:
    """Room again."""
    connection.execute(f"pragma max_page_count = {UNLIMITED_PAGES}")


FAULTS = {
    "disk full": (fill, empty),
    "read-only": (lambda c: c.execute("pragma query_only = on"),
                  lambda c: c.execute("pragma query_only = off")),
}


def snapshot(storage: SqliteStorage) -> dict:
    """Every row of the tables an answer writes to."""
    return {t: storage.db.execute(f"select * from {t} order by rowid").fetchall() for t in TABLES}


async def drill_one(bot: RunningBot, user, case_id: int, fault: str, report: Report,
                    attempts: int = 40) -> None:
    """Answer until a write fails under ``fault``; check the refusal; lift it; answer again."""
    storage, cannot_save = bot.storage, render("tg.cannot_save", "fr")
    inject, lift = FAULTS[fault]
    inject(storage.db.conn)
    try:
        for _ in range(attempts):
            before, asked = snapshot(storage), bot.casework.current(case_id, "household")
            if _multi(asked):  # a tap ticks (a write of the chat session), another confirms
                await bot.tap(user, button_data(bot.api.last(user.id), "t|")[0])
                if bot.api.last(user.id)["text"] == cannot_save:
                    break
                before = snapshot(storage)
                await bot.tap(user, button_data(bot.api.last(user.id), "c|")[0])
            else:
                await answer_current(bot, user, case_id)
            if bot.api.last(user.id)["text"] == cannot_save:
                break
        else:
            report.fail(f"{fault}: {attempts} answers stored, no write failed")
            return
        report.faults += 1
        if snapshot(storage) != before:
            report.fail(f"{fault}: the failed update changed the database")
    finally:
        lift(storage.db.conn)
    await _recovers(bot, user, case_id, asked, fault, report)


def _multi(question) -> bool:
    """A multi-choice question: answered by two updates."""
    return question.slot.field.kind == "multi_choice" and not question.slot.adds_entry


async def _recovers(bot: RunningBot, user, case_id: int, asked, fault: str, report: Report) -> None:
    """After the fault: the question refused is asked again, answered, stored; the next shown."""
    msg = await bot.say(user, "/start")
    if question_label(asked.slot, "fr") not in msg["text"]:
        report.fail(f"{fault}: after recovery the bot asks {msg['text'][:80]!r}, not {asked.path}")
        return
    if _multi(asked) and any(label.startswith("✓") for label, _ in buttons(msg)):
        await bot.tap(user, button_data(msg, "c|")[0])  # still ticked before the fault: confirm
    else:
        await answer_current(bot, user, case_id)
    if asked.path not in bot.storage.load_state(case_id)["answers"]:
        report.fail(f"{fault}: {asked.path} not stored after recovery")
    following = bot.casework.current(case_id, "household")
    if following is not None and question_label(following.slot, "fr") not in bot.api.last(user.id)["text"]:
        report.fail(f"{fault}: the next question {following.path} is not shown after recovery")


async def scenario(storage: SqliteStorage, report: Report, warm_up: int) -> None:
    """One household answers ``warm_up`` questions, then each fault in turn; then it finishes."""
    api = FakeBotApi().start()
    bot = await RunningBot(api, storage).start()
    user = households(1, first_id=830_000_000)[0]
    case_id = link_households(storage, [user.id])[0]
    report.households = 1
    try:
        await bot.say(user, "/start")
        for _ in range(warm_up):
            await answer_current(bot, user, case_id)
        stored = dict(storage.load_state(case_id)["answers"])
        for fault in FAULTS:
            await drill_one(bot, user, case_id, fault, report)
        while bot.casework.current(case_id, "household") is not None:
            await answer_current(bot, user, case_id)
        answers = storage.load_state(case_id)["answers"]
        report.answers_lost = sum(1 for path, record in stored.items() if answers.get(path) != record)
        report.completed = int(storage.get_case(case_id).status == "ready_for_review")
    finally:
        await bot.stop()
        api.stop()


def run(data_dir: Path, warm_up: int = 5) -> Report:
    """The drill, its database in ``data_dir``; the report."""
    report = Report("disk full / read-only")
    storage = SqliteStorage(data_dir / "intake.sqlite")
    # The migrations leave free pages in a new database (schema v3 drops two v2 tables); a full
    # disk still lets SQLite reuse them. Start, as a new database once did, with none.
    storage.db.execute("vacuum")
    asyncio.run(scenario(storage, report, warm_up))
    for problem in inconsistencies(storage):
        report.fail(problem)
    return report
