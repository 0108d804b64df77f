"""Run the real python-telegram-bot Application against the fake Bot API, one update at a time."""

from __future__ import annotations

import asyncio
import socket
from contextlib import AsyncExitStack
from dataclasses import dataclass, field
from datetime import datetime

from telegram import Update

from intake_bot.cases import CaseService, open_service
from intake_bot.casework import Casework
from intake_bot.channels.telegram import build_application
from intake_bot.channels.telegram._lifecycle import running
from intake_bot.channels.telegram._polling import poll
from intake_bot.channels.telegram._processor import FloodGate
from intake_bot.config import Settings
from intake_bot.storage.base import Storage

from tests.telegram.fake_bot_api import FakeBotApi
from tests.telegram.updates import User, callback, message

TOKEN = "123456:TEST-token"
WAIT_SECONDS = 15.0


@dataclass
class RunningBot:
    """The bot application polling ``api``; ``send`` returns once the updates are handled."""

    api: FakeBotApi
    storage: Storage
    gate: FloodGate = field(default_factory=lambda: FloodGate(limit=10_000, window=1.0))
    invite_ttl_days: int = 14
    settings: dict = field(default_factory=dict)  # more Settings fields (translation backend…)
    app: object = None

    @property
    def service(self) -> CaseService:
        """The case service the bot uses (same storage, same clock)."""
        from intake_bot.channels.telegram.app import CORE
        return self.app.bot_data[CORE].service

    @property
    def casework(self) -> Casework:
        """The casework below the bot's case service."""
        return self.service.casework

    async def start(self) -> "RunningBot":
        """Initialise, run the start-up hook (menus), start polling."""
        settings = Settings(telegram_token=TOKEN, telegram_api_base_url=self.api.base_url,
                            invite_ttl_days=self.invite_ttl_days, **self.settings)
        self.app = build_application(settings, open_service(settings, self.storage), gate=self.gate)
        self._lifecycle = AsyncExitStack()
        await self._lifecycle.enter_async_context(running(self.app))  # as intake-bot run does
        self._stop_polling = asyncio.Event()
        self._polling = asyncio.create_task(poll(self.app, self._stop_polling))
        return self

    async def stop(self) -> None:
        """Stop polling and shut the application down (the storage stays open)."""
        self._stop_polling.set()
        await self._polling
        await self._lifecycle.aclose()

    async def send(self, *updates: dict) -> None:
        """Queue ``updates`` in one getUpdates batch and wait until each is processed (and
        what they started after replying, such as translations, is done)."""
        await _send(self, *updates)
        await self.follow_ups()

    async def send_only(self, *updates: dict) -> None:
        """Like :meth:`send`, without waiting for the follow-ups the updates started."""
        await _send(self, *updates)

    async def follow_ups(self) -> None:
        """Wait for the follow-up tasks of the updates handled so far."""
        from intake_bot.channels.telegram.app import FOLLOW_UPS
        while self.app.bot_data[FOLLOW_UPS]:
            _, pending = await asyncio.wait(list(self.app.bot_data[FOLLOW_UPS]), timeout=WAIT_SECONDS)
            if pending:
                raise TimeoutError(f"{len(pending)} follow-up(s) not finished")

    async def redeliver(self, update: dict) -> None:
        """Hand an update to the application again, as a webhook retry would."""
        processor = self.app.update_processor
        target = processor.finished + 1
        await self.app.update_queue.put(Update.de_json(update, self.app.bot))
        while processor.finished < target:
            await asyncio.sleep(0.005)

    async def say(self, user: User, text: str) -> dict:
        """``user`` types ``text``; returns the bot's last message in their chat."""
        await self.send(message(text, user))
        return self.api.last(user.id)

    async def tap(self, user: User, data: str, message_id: int | None = None) -> dict:
        """``user`` taps the button with callback ``data`` (on the last message by default)."""
        target = message_id or self.api.last(user.id)["message_id"]
        await self.send(callback(data, user, target))
        return self.api.last(user.id)


async def _send(bot: RunningBot, *updates: dict) -> None:
    processor = bot.app.update_processor
    target = processor.finished + len({u["update_id"] for u in updates})  # a repeated id: once
    bot.api.enqueue(*updates)
    deadline = asyncio.get_running_loop().time() + WAIT_SECONDS
    while processor.finished < target:
        if asyncio.get_running_loop().time() > deadline:
            raise TimeoutError(f"{target - processor.finished} update(s) not processed")
        await asyncio.sleep(0.005)


def free_port() -> int:
    """A TCP port of 127.0.0.1 nobody listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def buttons(msg: dict) -> list[tuple[str, str]]:
    """(label, callback data) of every inline button of a message, in order."""
    rows = (msg.get("reply_markup") or {}).get("inline_keyboard") or []
    return [(b["text"], b["callback_data"]) for row in rows for b in row]


def button_data(msg: dict, prefix: str) -> list[str]:
    """Callback data of the message's buttons that start with ``prefix``."""
    return [data for _, data in buttons(msg) if data.startswith(prefix)]


def now() -> datetime:
    """The current time (UTC)."""
    from datetime import timezone
    return datetime.now(timezone.utc)


# --- scripted people -----------------------------------------------------------------------

WORKER = User(4242, "Alice", "fr")


async def new_case(bot: RunningBot, worker: User = WORKER) -> tuple[int, str]:
    """The worker runs /new and answers the setup questions with the first button."""
    msg = await bot.say(worker, "/new")
    while button_data(msg, "a|"):
        msg = await bot.tap(worker, button_data(msg, "a|")[0], msg["message_id"])
    invite = next(m for m in reversed(bot.api.chat(worker.id)) if "start=" in (m.get("text") or ""))
    token = invite["text"].split("start=", 1)[1].split()[0]
    case_id = max(c.id for c in bot.storage.list_cases())
    return case_id, token


async def join(bot: RunningBot, household: User, token: str, locale: str | None = None) -> dict:
    """The household opens the link and picks a language (its app's by default)."""
    picker = await bot.say(household, f"/start {token}")
    choice = f"l|{locale}" if locale else button_data(picker, "l|")[0]
    await bot.tap(household, choice, picker["message_id"])
    return bot.api.last(household.id)


async def joined_case(bot: RunningBot, household: User, locale: str = "fr", answered: int = 0) -> int:
    """A new case whose household opened its link, chose ``locale`` and answered ``answered``
    questions; the case id."""
    case_id, token = await new_case(bot)
    await join(bot, household, token, locale)
    for _ in range(answered):
        await answer_current(bot, household, case_id)
    return case_id


def typed_answer(slot, today) -> str:
    """What the scripted household types for a typed question."""
    kind, path = slot.field.kind, slot.path
    if kind == "date":
        return "12/03/1985" if "birth_date" in path else "12/03/2020"
    if kind == "month_year":
        month = today.month % 12 + 1
        year = today.year + (1 if month == 1 else 0)
        return f"{month:02d}/{year}" if path == "pregnancy_due" else "03/2020"
    if kind == "integer":
        return "2015" if path == "past_eviction_year" else "2"
    if kind == "money":
        return "450"
    if path == "home_postcode":  # 5 digits (issue 17)
        return "14000"
    if path == "social_housing_application_number":  # digits, as on the certificate
        return "0141224000123"
    return "..."


async def answer_current(bot: RunningBot, user: User, case_id: int, role: str = "household") -> str:
    """Answer the question asked now like a person would: first button, or typed words.

    Checks the bot shows that very question before answering. Returns the path answered.
    """
    from intake_bot.presentation import question_label

    question = bot.casework.current(case_id, role)
    assert question is not None, "nothing left to ask"
    shown = bot.api.last(user.id)
    locale = bot.storage.get_case(case_id).locale if role == "household" else "fr"
    assert question_label(question.slot, locale) in shown["text"], (question.path, shown["text"])
    slot = question.slot
    if slot.adds_entry:
        # the first option adds an entry (a yes, or the first choice of add_with); the last says no
        await bot.tap(user, button_data(shown, "a|")[0 if slot.index == 0 else -1])
    elif slot.field.kind == "multi_choice":
        await bot.tap(user, button_data(shown, "t|")[0])
        await bot.tap(user, button_data(shown, "c|")[0])
    elif button_data(shown, "a|"):
        await bot.tap(user, button_data(shown, "a|")[0])
    else:
        await bot.say(user, typed_answer(slot, bot.casework.today()))
    return question.path


def prefill(casework, case_id: int, role: str, until, locale: str = "fr", script=None) -> None:
    """Answer ``role``'s questions straight through the casework (no chat), as the scripted
    single mother would, until ``until(question)`` is true or nothing is left."""
    from intake_bot.engine.reader import Reply
    from tests.scripted import SINGLE_MOTHER, answer_for

    while (question := casework.current(case_id, role)) is not None and not until(question):
        text = answer_for(script or SINGLE_MOTHER, question.path)
        outcome = casework.answer(case_id, Reply(text=text, path=question.path), role, locale)
        assert outcome.accepted, (question.path, outcome.error)


def at(path: str):
    """``until`` for :func:`prefill`: stop at the question ``path``."""
    return lambda question: question.path == path


def run(coro):
    """Run a scenario to the end."""
    return asyncio.run(coro)
