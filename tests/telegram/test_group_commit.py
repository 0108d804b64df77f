"""End to end, issue 16: the updates the bot handles at one moment share one SQLite commit, no
reply leaves before its update is committed, a lost commit tells every household of the group
that nothing was saved, and a reply does not wait for the answer to the button tapped (through
the real application and the fake Bot API)."""

from __future__ import annotations

import sqlite3

from intake_bot.i18n import render
from intake_bot.storage.sqlite import SqliteStorage

from tests.telegram.fake_bot_api import FakeBotApi
from tests.telegram.harness import RunningBot, run
from tests.telegram.test_faults import at_first_name, sqlite_storage
from tests.telegram.updates import User, message

HOUSEHOLDS = [User(5201, "Oksana", "uk"), User(5202, "Amina", "fr"), User(5203, "Rahim", "fr")]


def first_names(path) -> set[str]:
    """The first names committed, as another process reads them."""
    with sqlite3.connect(path) as other:
        return {row[0] for row in other.execute(
            "select raw from answers where path = 'first_name'")}


class CheckingBotApi(FakeBotApi):
    """Notes, at every message the bot sends or edits, the first names committed by then and
    how many commits the store made since ``counted`` was set."""

    def __init__(self, path) -> None:
        super().__init__()
        self.path, self.seen, self.counted = path, [], None

    def dispatch(self, method, params):
        if method in ("sendMessage", "editMessageText") and "chat_id" in params:
            commits = self.counted.commits if self.counted else None
            self.seen.append((int(params["chat_id"]), first_names(self.path), commits))
        return super().dispatch(method, params)


class CommitsCounted:
    """The store's database, counting commits (and failing the next one when asked)."""

    def __init__(self, db) -> None:
        self.db, self.commits, self.fail_next = db, 0, False

    def execute(self, sql, *args):
        if sql == "commit":
            if self.fail_next:
                self.fail_next = False
                raise sqlite3.OperationalError("disk I/O error")
            self.commits += 1
        return self.db.execute(sql, *args)

    def __getattr__(self, name):
        return getattr(self.db, name)


def test_updates_handled_together_share_one_commit_and_reply_only_once_committed(tmp_path):
    path = tmp_path / "intake.sqlite"
    storage: SqliteStorage = sqlite_storage(tmp_path)
    api = CheckingBotApi(path).start()

    async def scenario():
        bot = await RunningBot(api, storage).start()
        for household in HOUSEHOLDS:
            await at_first_name(bot, household, household.language_code)
        api.seen.clear()
        api.counted = storage.db = CommitsCounted(storage.db)
        await bot.send(*(message(h.first_name, h) for h in HOUSEHOLDS))  # one getUpdates batch
        await bot.stop()

    try:
        run(scenario())
    finally:
        api.stop()
    names = {h.first_name for h in HOUSEHOLDS}
    assert first_names(path) == names
    replies = [(committed, commits) for chat, committed, commits in api.seen
               if chat in {h.id for h in HOUSEHOLDS}]
    assert len(replies) >= len(HOUSEHOLDS)
    # the first reply leaves after one commit (one disk flush), which kept all three answers;
    # later commits are the follow-ups of free text (translations), after the replies
    assert replies[0] == (names, 1)
    assert all(names <= committed for committed, _ in replies)


def test_a_lost_group_commit_tells_every_household_that_nothing_was_saved(tmp_path):
    storage: SqliteStorage = sqlite_storage(tmp_path)
    api = FakeBotApi().start()

    async def scenario():
        bot = await RunningBot(api, storage).start()
        cases = [await at_first_name(bot, h, h.language_code) for h in HOUSEHOLDS[:2]]
        counted = storage.db = CommitsCounted(storage.db)
        counted.fail_next = True
        await bot.send(*(message(h.first_name, h) for h in HOUSEHOLDS[:2]))
        told = [api.last(h.id)["text"] for h in HOUSEHOLDS[:2]]
        lost = [storage.load_state(case)["answers"].get("first_name") for case in cases]
        await bot.send(*(message(h.first_name, h) for h in HOUSEHOLDS[:2]))  # they try again
        await bot.stop()
        return told, lost, [storage.load_state(case)["answers"]["first_name"]["raw"] for case in cases]

    try:
        told, lost, kept = run(scenario())
    finally:
        api.stop()
    assert told == [render("tg.cannot_save", h.language_code) for h in HOUSEHOLDS[:2]]
    assert lost == [None, None]  # never a false "saved"
    assert kept == [h.first_name for h in HOUSEHOLDS[:2]]


class SlowSpinnerBotApi(FakeBotApi):
    """answerCallbackQuery takes a second (Telegram slow on that call): when each call arrived
    and when it was answered."""

    def __init__(self) -> None:
        super().__init__()
        self.times: list[tuple[str, float, float]] = []

    def dispatch(self, method, params):
        import time

        arrived = time.monotonic()
        if method == "answerCallbackQuery":
            time.sleep(1.0)
        result = super().dispatch(method, params)
        self.times.append((method, arrived, time.monotonic()))
        return result


def test_the_next_question_does_not_wait_for_the_buttons_answer(storage):
    """A tap's answer (the spinner stopped) goes beside the reply, not before it: under load,
    one round trip less before the household sees its next question."""
    from tests.telegram.harness import button_data, joined_case

    api = SlowSpinnerBotApi().start()
    household = HOUSEHOLDS[1]

    async def scenario():
        bot = await RunningBot(api, storage).start()
        await joined_case(bot, household)
        api.times.clear()
        await bot.tap(household, button_data(api.last(household.id), "a|")[0])
        await bot.stop()

    try:
        run(scenario())
    finally:
        api.stop()
    spinner = next(t for t in api.times if t[0] == "answerCallbackQuery")
    reply = next(t for t in api.times if t[0] in ("editMessageText", "sendMessage"))
    assert reply[1] < spinner[2]  # the reply reached Telegram before the spinner's answer came back
