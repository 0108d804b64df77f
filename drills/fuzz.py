"""Fuzz: hypothesis-generated streams of updates from two households, a worker and a stranger
(typed text of every script, emoji, control characters, 4,096-character messages, taps on the
buttons shown and on made-up ones, known and unknown commands, stickers, photos, voice notes,
files, locations, edited and group messages) against the real application, in-process.

Each update must be handled without reaching the error handler or logging an error, and must get
a reply (a message, an edit or a callback answer). The database must stay consistent.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

from drills import Report
from drills.consistency import inconsistencies
from drills.people import households, link_households
from intake_bot.storage.base import Account
from intake_bot.storage.sqlite import SqliteStorage
from tests.telegram.fake_bot_api import Call, FakeBotApi
from tests.telegram.harness import WORKER, RunningBot, buttons
from tests.telegram.updates import (
    User, callback, document, edited, group_message, location, message, photo, sticker, voice,
)

STRANGER = User(5999, "Nobody", "ar")
TEXT_LIMIT, DATA_LIMIT = 4096, 64  # Telegram's limits on a message and on button data
SENDS = ("sendMessage", "editMessageText", "sendPhoto", "sendDocument")
COMMANDS = ("/start", "/help", "/back", "/skip", "/change", "/language", "/pause", "/delete",
            "/bilingual", "/contract", "/new", "/cases", "/fill", "/answers", "/progress",
            "/invite", "/revoke", "/documents", "/objectives", "/start abc", "/start@intake_test_bot")
WORDS = st.text(st.characters(codec="utf-8"), min_size=1, max_size=80)
RTL = st.sampled_from(["محمد علي", "سلام، خوبی؟", "ዓመት ፲፱፻", "שלום", "٣ أطفال", "۱۲۰۰ €"])
EMOJI = st.sampled_from(["😀", "🇺🇦", "👨‍👩‍👧‍👦", "🏠", "\u200f", "\u202e"])
CONTROL = st.text(st.characters(min_codepoint=0, max_codepoint=31), min_size=1, max_size=10)
MEDIA = (sticker, photo, voice, document, location)
KINDS = ("words", "rtl", "emoji", "control", "long", "command", "odd command", "tap", "tap", "tap",
         "made-up data", "media", "edited", "group")
MADE_UP = st.one_of(st.text(max_size=64).filter(lambda d: len(d.encode()) <= DATA_LIMIT),
                    st.builds(lambda k, case, n, c: f"{k}|{case}|{n}|{c}", st.sampled_from("atcsgqhlbdwxfo"),
                              st.integers(-1, 4), st.integers(-3, 400), st.text(max_size=8)))


class StrictBotApi(FakeBotApi):
    """The fake Bot API refusing what Telegram refuses: texts over 4,096 characters, button data
    over 64 bytes."""

    def dispatch(self, method, params):
        """Telegram's 400 for an oversized text or button, else the fake's answer."""
        text = params.get("text") or params.get("caption") or ""
        rows = (params.get("reply_markup") or {}).get("inline_keyboard") or []
        data = [b.get("callback_data") or "" for row in rows for b in row]
        if len(text) > TEXT_LIMIT or any(len(d.encode()) > DATA_LIMIT for d in data):
            with self._cond:
                self.calls.append(Call(method, params))
            return 400, {"ok": False, "error_code": 400, "description": "Bad Request: too long"}
        return super().dispatch(method, params)


class Errors(logging.Handler):
    """Keeps every ERROR record logged while the drill runs."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        """Keep the record."""
        self.records.append(record)


class Fuzz:
    """The application on a loop of its own thread; updates sent one at a time and checked."""

    def __init__(self, data_dir: Path, report: Report) -> None:
        self.report = report
        self.storage = SqliteStorage(data_dir / "intake.sqlite")
        worker = self.storage.save_account(Account(f"telegram:{WORKER.id}", "Alice", "CCAS", "worker"))
        self.people = households(2, first_id=820_000_000)
        # the worker follows the households' cases (as any worker could reach every case once)
        link_households(self.storage, [u.id for u in self.people], organisation=worker.organisation,
                        worker=worker.id)
        self.users = [*self.people, WORKER, STRANGER]
        self.api = StrictBotApi().start()
        self.loop = asyncio.new_event_loop()
        threading.Thread(target=self.loop.run_forever, daemon=True).start()
        self.bot = self.call(RunningBot(self.api, self.storage).start())
        self.errors: list[BaseException] = []
        self.bot.app.add_error_handler(self._reached_error_handler)
        self.log = Errors()
        logging.getLogger().addHandler(self.log)

    def call(self, coroutine, timeout: float = 30.0):
        """Run ``coroutine`` on the bot's loop and wait for it."""
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout)

    async def _reached_error_handler(self, update, context) -> None:
        self.errors.append(context.error)

    def close(self) -> None:
        """Stop the application and the server."""
        logging.getLogger().removeHandler(self.log)
        self.call(self.bot.stop())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.api.stop()

    def update(self, data) -> dict:
        """One update drawn by hypothesis. Every draw is made whatever the bot's state, so the
        same draws always mean the same choices (hypothesis requires it)."""
        user = data.draw(st.sampled_from(self.users), label="from")
        kind = data.draw(st.sampled_from(KINDS), label="kind")
        text = data.draw(self._text(kind), label="text")
        button, made_up = data.draw(st.integers(0, 15), label="button"), data.draw(MADE_UP, label="data")
        media = data.draw(st.sampled_from(MEDIA), label="media")
        if kind in ("tap", "made-up data"):
            return self._tap(user, button if kind == "tap" else None, made_up)
        if kind == "media":
            return media(user)
        if kind in ("edited", "group"):
            return (edited if kind == "edited" else group_message)(text, user)
        return message(text, user)

    def _text(self, kind: str):
        if kind == "long":
            return st.builds(lambda c, s: (c * TEXT_LIMIT)[: TEXT_LIMIT - len(s)] + s,
                             st.sampled_from(["a", "é", "ش", "😀", "\u0301"]), WORDS)
        if kind in ("rtl", "emoji", "control"):
            part = {"rtl": RTL, "emoji": EMOJI, "control": CONTROL}[kind]
            return st.lists(st.one_of(part, WORDS), min_size=1, max_size=4).map(" ".join)
        if kind == "command":
            return st.sampled_from(COMMANDS)
        if kind == "odd command":
            return WORDS.map(lambda w: "/" + w.replace(" ", "_"))
        return WORDS

    def _tap(self, user: User, button: int | None, made_up: str) -> dict:
        """A tap on the ``button``-th button of the user's last message (modulo their number),
        or with ``made_up`` data when ``button`` is None or there is no button."""
        chat = self.api.chat(user.id)
        target = chat[-1] if chat else {"message_id": 1}
        choices = [d for _, d in buttons(target)]
        data = choices[button % len(choices)] if button is not None and choices else made_up
        return callback(data, user, target["message_id"])

    def check(self, update: dict) -> None:
        """Send one update; fail when it errs or gets no reply."""
        before, errors, logged = len(self.api.calls), len(self.errors), len(self.log.records)
        self.call(self.bot.send(update))
        calls = self.api.calls[before:]
        self.report.faults += 1
        if len(self.errors) > errors or len(self.log.records) > logged:
            problem = (self.errors[errors:] or [r.getMessage() for r in self.log.records[logged:]])[0]
            self.report.fail(f"update {_describe(update)}: {problem!r}")
        elif not any(_answers(call, update) for call in calls):
            self.report.fail(f"update {_describe(update)}: no reply")


def _answers(call, update: dict) -> bool:
    query = update.get("callback_query")
    if query and call.method == "answerCallbackQuery":
        return call.params.get("callback_query_id") == query["id"]
    body = update.get("message") or update.get("edited_message") or {}
    chat_id = body.get("chat", {}).get("id") or (query or {}).get("from", {}).get("id")
    return call.method in SENDS and call.params.get("chat_id") == chat_id


def _describe(update: dict) -> str:
    body = update.get("message") or update.get("edited_message") or update.get("callback_query") or {}
    what = body.get("text") or body.get("data") or next(iter(set(body) & {"sticker", "photo", "voice",
                                                                              "document", "location"}), "?")
    return f"{update['update_id']} {str(what)[:60]!r}"


def run(data_dir: Path, examples: int = 200, seed_value: int = 20261122) -> Report:
    """Fuzz for ``examples`` streams (1-12 updates each); the report."""
    report = Report("fuzz")
    fuzz = Fuzz(data_dir, report)

    @seed(seed_value)
    @settings(max_examples=examples, deadline=None, database=None, phases=(Phase.generate,),
              suppress_health_check=list(HealthCheck))
    @given(st.data())
    def streams(data) -> None:
        for _ in range(data.draw(st.integers(1, 12), label="length")):
            fuzz.check(fuzz.update(data))

    try:
        streams()
    finally:
        fuzz.close()
    # no household is meant to finish on random input: its goal is every message answered
    for problem in inconsistencies(fuzz.storage):
        report.fail(problem)
    return report
