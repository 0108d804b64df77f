"""End to end, issue 11: a busy or failing database never gets a false "saved", the update is
kept (not confirmed to Telegram) until its answer is stored, odd text is stored safely, and the
bot starts even when the Bot API is away."""

from __future__ import annotations

import asyncio
import sqlite3

from intake_bot.i18n import render
from intake_bot.storage.base import Account
from intake_bot.storage.memory import MemoryStorage
from intake_bot.storage.sqlite import SqliteStorage

from tests.telegram.harness import WORKER, RunningBot, answer_current, join, new_case, run
from tests.telegram.updates import User, message

HOUSEHOLD = User(5101, "Oksana", "uk")
OTHER = User(5102, "Amina", "fr")
WAIT = 20.0


async def until(predicate, what: str, timeout: float = WAIT) -> None:
    """Wait until ``predicate()`` is true (the bot works in the same loop)."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not predicate():
        if asyncio.get_running_loop().time() > deadline:
            raise TimeoutError(what)
        await asyncio.sleep(0.01)


def sqlite_storage(tmp_path) -> SqliteStorage:
    """A SQLite database on disk where WORKER is a worker."""
    storage = SqliteStorage(tmp_path / "intake.sqlite")
    storage.save_account(Account(f"telegram:{WORKER.id}", "Alice", "CCAS", "worker"))
    return storage


async def at_first_name(bot: RunningBot, user: User, locale: str) -> int:
    """A linked household that consented and is asked its first name; the case id."""
    case_id, token = await new_case(bot)
    await join(bot, user, token, locale)
    while bot.casework.current(case_id, "household").path != "first_name":
        await answer_current(bot, user, case_id)
    return case_id


def texts(api, chat_id: int) -> list[str]:
    """Every text the bot showed in a chat."""
    return [m.get("text") or "" for m in api.chat(chat_id)]


def test_a_locked_database_never_gets_a_false_saved_and_the_answer_is_stored_once_unlocked(api, tmp_path):
    storage = sqlite_storage(tmp_path)
    locker = sqlite3.connect(tmp_path / "intake.sqlite", isolation_level=None)

    async def scenario():
        bot = await RunningBot(api, storage).start()
        case_id = await at_first_name(bot, HOUSEHOLD, "uk")
        other_case = await at_first_name(bot, OTHER, "fr")
        locker.execute("begin immediate")  # another process (a backup, `intake-bot cases`) writes
        answer = message("Oksana", HOUSEHOLD)
        other = message("Amina", OTHER)
        api.enqueue(answer, other)
        not_saved = render("tg.not_saved_retrying", "uk")
        await until(lambda: not_saved in texts(api, HOUSEHOLD.id), "the household is told")
        await until(lambda: render("tg.not_saved_retrying", "fr") in texts(api, OTHER.id), "the other")
        stored_while_locked = storage.answer_history(case_id)
        confirmed_while_locked = api._offset
        locker.execute("rollback")
        await until(lambda: bot.casework.current(case_id, "household").path != "first_name", "stored")
        await until(lambda: bot.casework.current(other_case, "household").path != "first_name", "other")
        await until(lambda: api._offset > max(answer["update_id"], other["update_id"]), "confirmed")
        shown = api.last(HOUSEHOLD.id)["text"]
        await bot.stop()
        return case_id, stored_while_locked, confirmed_while_locked, answer["update_id"], shown

    case_id, during, confirmed, update_id, shown = run(scenario())
    assert not any(a.path == "first_name" for a in during)
    assert confirmed <= update_id  # not acknowledged to Telegram while not stored
    history = [a for a in storage.answer_history(case_id) if a.path == "first_name"]
    assert [a.record["raw"] for a in history] == ["Oksana"]  # stored once
    assert render("tg.error", "uk") not in texts(api, HOUSEHOLD.id)
    assert render("tg.not_saved_retrying", "uk") != shown  # the next question came after


def test_the_bot_connection_waits_only_a_short_busy_timeout(tmp_path):
    storage = sqlite_storage(tmp_path)
    from intake_bot.cases import open_service
    from intake_bot.config import Settings

    service = open_service(Settings(telegram_token="x"), storage)
    service.limit_storage_waits(1.5)
    assert storage.db.execute("pragma busy_timeout").fetchone()[0] == 1500


def test_an_unpaired_surrogate_is_stored_safely_not_a_false_saved(api, storage):
    async def scenario():
        bot = await RunningBot(api, storage).start()
        case_id = await at_first_name(bot, HOUSEHOLD, "uk")
        reply = await bot.say(HOUSEHOLD, "Oks\ud800ana")
        await bot.stop()
        return case_id, reply

    case_id, reply = run(scenario())
    assert storage.load_state(case_id)["answers"]["first_name"]["value"] == "Oks\ufffdana"
    assert reply["text"] not in (render("tg.error", "uk"), render("tg.not_saved", "uk"))


def test_an_unpaired_surrogate_reaches_sqlite_safely(api, tmp_path):
    storage = sqlite_storage(tmp_path)

    async def scenario():
        bot = await RunningBot(api, storage).start()
        case_id = await at_first_name(bot, HOUSEHOLD, "uk")
        await bot.say(HOUSEHOLD, "Oks\udc80ana")
        await bot.stop()
        return case_id

    case_id = run(scenario())
    assert storage.load_state(case_id)["answers"]["first_name"]["raw"] == "Oks\ufffdana"


class FailingStorage(MemoryStorage):
    """Every interview save fails while ``broken`` (a bug, a missing file: not a busy lock)."""

    broken = False

    def save_state(self, *args, **kwargs):
        if self.broken:
            raise OSError("templates/diagnostic_social.docx: no such file")
        return super().save_state(*args, **kwargs)


def test_a_failure_inside_the_update_says_not_saved_in_the_persons_language(api):
    storage = FailingStorage()
    storage.save_account(Account(f"telegram:{WORKER.id}", "Alice", "CCAS", "worker"))

    async def scenario():
        bot = await RunningBot(api, storage).start()
        case_id = await at_first_name(bot, HOUSEHOLD, "uk")
        storage.broken = True
        failed = await bot.say(HOUSEHOLD, "Oksana")
        storage.broken = False
        await bot.say(HOUSEHOLD, "Oksana")
        await bot.stop()
        return case_id, failed

    case_id, failed = run(scenario())
    assert failed["text"] == render("tg.not_saved", "uk")
    assert "no such file" not in failed["text"]
    assert storage.load_state(case_id)["answers"]["first_name"]["value"] == "Oksana"


def test_the_console_says_not_saved_when_the_database_is_locked(tmp_path):
    from intake_bot.cases import open_service
    from intake_bot.channels.console import CONSOLE_ACCOUNT, ConsoleChat
    from intake_bot.config import Settings

    storage = sqlite_storage(tmp_path)
    service = open_service(Settings(), store=storage)
    service.limit_storage_waits(0.1)
    case = service.create_case(CONSOLE_ACCOUNT)
    locker = sqlite3.connect(tmp_path / "intake.sqlite", isolation_level=None)
    lines, screen = ["Oui"], []

    def read_line(prompt: str) -> str:
        if not lines:
            raise EOFError
        locker.execute("begin immediate")  # another process writes from now on
        return lines.pop(0)

    ConsoleChat(service, read_line=read_line, write=screen.append, locale="fr",
                role="household", case_id=case.id).run()
    locker.execute("rollback")
    assert "⚠ " + render("console.not_saved") in screen
    assert not storage.answer_history(case.id)
