"""Replies that survive a Bot API outage: what cannot be sent is kept in the database and sent
once the Bot API answers again, in order per chat, for ``KEEP_TRYING`` (two days).

The answer is committed before any reply leaves. A reply is sent at once; when the Bot API fails
(5xx, refused connection, timeout) after the sender's short retries, that reply and every later
one of the same chat are kept (one small commit each, only during an outage) and the courier's
task sends them, oldest first, one per chat at a time, pausing longer after each round that sent
nothing (``PAUSES``). A kept reply is deleted once Telegram confirmed it.

Never twice, precisely: a reply is sent again only when the Bot API did not confirm it. Two
cases can still show one twice: a timeout after Telegram had in fact taken the message (the Bot
API has no idempotency key), and a crash between Telegram's confirmation of a kept reply and its
deletion (the next process sends it again, once). A reply neither sent nor kept when the process
dies (killed between the commit and the send) is not sent again: the person's next message shows
where they are (``drills/kill.py``).
"""

from __future__ import annotations

import asyncio
import base64
import json
import logging
import time
from collections import defaultdict
from datetime import datetime, timedelta, timezone

from telegram import Bot
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut

from intake_bot.cases import CaseService
from intake_bot.channels.telegram._outbox import (
    Button, CallbackAnswer, Delete, Document, Outbox, Photo, Text,
)
from intake_bot.channels.telegram._notices import shown_since
from intake_bot.channels.telegram._sender import deliver_one

log = logging.getLogger(__name__)
KEEP_TRYING = timedelta(days=2)
PAUSES = (1.0, 2.0, 5.0, 10.0, 30.0, 60.0)  # after rounds that sent nothing; then every minute
TRANSIENT = (NetworkError, TimedOut, RetryAfter)
PRUNE_EVERY = 3600.0  # seconds between two deletions of notes too old to be of use
COURIER_LEASE = "telegram.courier"
COURIER_LEASE_SECONDS = 180.0  # longer than the longest pause: its holder renews it each round
LOOK_AGAIN_SECONDS = 30.0  # idle: look for replies kept by another instance this often
STOP_GRACE_SECONDS = 10.0  # a stop lets a round in flight end (its replies sent and deleted)


class Courier:
    """Sends outboxes; keeps what the Bot API does not take and sends it later; notes the
    messages shown in each chat (to delete them on erasure)."""

    def __init__(self, service: CaseService, bot: Bot) -> None:
        self.service, self.bot = service, bot
        self.backlog: set[int] = set()  # chats with kept replies: later ones queue behind
        self.shown: list[tuple[int, int, str]] = []  # (chat, message, at) not yet written
        self.wake = asyncio.Event()
        self._task: asyncio.Task | None = None
        self._pruned = float("-inf")
        self._sent: set[int] = set()  # kept replies sent whose deletion is still to do
        self._sending = asyncio.Lock()  # held during a round

    def start(self) -> None:
        """Load the replies kept by an earlier run and start sending them (on the loop)."""
        self.backlog = {r.chat_id for r in self.service.kept_replies()}
        self._task = asyncio.ensure_future(self._run())

    async def stop(self) -> None:
        """Stop the sending task (what is kept stays kept). A round in flight is let end first:
        cancelled mid-request, a reply Telegram took would stay kept and be sent again by the
        next process."""
        if self._task is None:
            return
        try:
            await asyncio.wait_for(self._sending.acquire(), STOP_GRACE_SECONDS)
        except asyncio.TimeoutError:
            log.warning("kept replies: a round still in flight after %.0f s is cut short", STOP_GRACE_SECONDS)
        self._task.cancel()
        await asyncio.gather(self._task, return_exceptions=True)

    async def deliver(self, box: Outbox) -> None:
        """Send every item of ``box`` in order; keep what cannot be sent now. A button's answer
        (the spinner stopped) goes beside the reply, not before it: one round trip less before
        the household sees its next question."""
        spinners = []
        try:
            await self._deliver(box, spinners)
        finally:
            await asyncio.gather(*spinners)

    async def _deliver(self, box: Outbox, spinners: list) -> None:
        for item in box.items:
            chat = getattr(item, "chat_id", None)
            if isinstance(item, CallbackAnswer):
                spinners.append(asyncio.ensure_future(self._best_effort(item)))
            elif isinstance(item, Delete):
                await self._best_effort(item)
            elif chat in self.backlog:
                self._keep(item)
            else:
                try:
                    self._note(item, await deliver_one(self.bot, item))
                except Forbidden:  # the person blocked the bot: nothing to do, keep going
                    log.info("blocked by chat %s", chat)
                except TRANSIENT as error:
                    if isinstance(error, BadRequest):
                        raise
                    log.warning("Bot API unavailable (%s): the reply to chat %s is kept", error, chat)
                    self._keep(item)

    async def _best_effort(self, item) -> None:
        try:
            await deliver_one(self.bot, item)
        except (TRANSIENT + (Forbidden,)) as error:  # a spinner, a deletion: not worth keeping
            log.info("not delivered (%s): %r", error, type(item).__name__)

    def _keep(self, item) -> None:
        self.service.keep_reply(item.chat_id, encode(item))
        self.backlog.add(item.chat_id)
        self.wake.set()

    def note_incoming(self, chat_id: int | None, message_id: int | None) -> None:
        """Note a message a person sent in their private chat (a typed answer: deleted on
        erasure too, as Telegram lets a bot delete incoming messages in private chats)."""
        if chat_id is not None and message_id is not None:
            self.shown.append((chat_id, message_id, _now().isoformat(timespec="seconds")))

    def _note(self, item, message) -> None:
        message_id = getattr(message, "message_id", None)
        if message_id is not None:
            self.shown.append((item.chat_id, message_id, _now().isoformat(timespec="seconds")))

    def write_notes(self) -> None:
        """Write the messages noted since the last call (inside the caller's transaction)."""
        if time.monotonic() - self._pruned > PRUNE_EVERY:
            self._pruned = time.monotonic()
            self.service.forget_messages(shown_since())
        notes, self.shown = self.shown, []
        by_chat: dict[tuple[int, str], list[int]] = defaultdict(list)
        for chat, message_id, at in notes:
            by_chat[(chat, at)].append(message_id)
        try:
            for (chat, at), ids in by_chat.items():
                self.service.note_messages(chat, ids, at)
        except Exception:
            self.shown = notes + self.shown
            raise

    # --- the courier's task -----------------------------------------------------------------

    async def _run(self) -> None:
        round_without_success = 0
        while True:
            if not self.backlog:
                self.wake.clear()
                try:  # now and then: replies another instance kept before it died
                    await asyncio.wait_for(self.wake.wait(), LOOK_AGAIN_SECONDS)
                except asyncio.TimeoutError:
                    pass
            try:
                async with self._sending:
                    sent = await self._round() if self._holds_lease() else False
            except Exception:  # noqa: BLE001 - a busy database, a bug: try again later
                log.exception("kept replies: round failed")
                sent = False
            if sent:
                round_without_success = 0
                continue
            pause = PAUSES[min(round_without_success, len(PAUSES) - 1)]
            round_without_success += 1
            await asyncio.sleep(pause)

    def _holds_lease(self) -> bool:
        """Several instances on one database (issue 16): only the holder of the courier's
        lease sends kept replies, so none is sent by two instances; the others keep theirs in
        the database for it (a reply that cannot go now always goes through the database)."""
        if self.service.hold_lease(COURIER_LEASE, COURIER_LEASE_SECONDS):
            return True
        self.backlog = {r.chat_id for r in self.service.kept_replies()}  # sent by the holder
        return False

    async def _round(self) -> bool:
        """Send the oldest kept reply of each chat; whether any went through."""
        first: dict[int, object] = {}
        for reply in self.service.kept_replies():
            if reply.id in self._sent:  # sent, its deletion failed (a busy database): not again
                self._drop(reply.id)
                continue
            first.setdefault(reply.chat_id, reply)
        self.backlog = set(first)
        results = await asyncio.gather(*(self._send_kept(r) for r in first.values()))
        return any(results)

    async def _send_kept(self, reply) -> bool:
        item = decode(reply.payload)
        try:
            message = await deliver_one(self.bot, item)
        except TRANSIENT as error:
            if not isinstance(error, BadRequest):
                if _now() - datetime.fromisoformat(reply.created_at) > KEEP_TRYING:
                    log.error("reply %s to chat %s given up after %s", reply.id, reply.chat_id,
                              KEEP_TRYING)
                    self.service.drop_reply(reply.id)
                return False
            log.warning("kept reply %s refused by the Bot API (%s): dropped", reply.id, error)
        except Forbidden:
            log.info("blocked by chat %s: kept reply %s dropped", reply.chat_id, reply.id)
        else:
            self._note(item, message)
        self._sent.add(reply.id)
        self._drop(reply.id)
        return True

    def _drop(self, reply_id: int) -> None:
        try:
            self.service.drop_reply(reply_id)
        except Exception:  # noqa: BLE001 - kept in memory as sent: dropped at the next round
            log.warning("kept reply %s sent but not yet deleted", reply_id)
            return
        self._sent.discard(reply_id)


def _now() -> datetime:
    return datetime.now(timezone.utc)


def encode(item) -> str:
    """A reply as JSON (file contents in base64)."""
    if isinstance(item, Text):
        rows = [[[b.label, b.data] for b in row] for row in item.rows]
        data = {"type": "text", "chat_id": item.chat_id, "text": item.text, "rows": rows,
                "edit": item.edit}
    elif isinstance(item, Photo):
        data = {"type": "photo", "chat_id": item.chat_id, "png": _b64(item.png), "caption": item.caption}
    else:
        data = {"type": "document", "chat_id": item.chat_id, "content": _b64(item.content),
                "filename": item.filename, "caption": item.caption}
    return json.dumps(data, ensure_ascii=False)


def decode(payload: str):
    """The reply :func:`encode` wrote."""
    data = json.loads(payload)
    kind = data.pop("type")
    if kind == "text":
        rows = tuple(tuple(Button(label, value) for label, value in row) for row in data["rows"])
        return Text(data["chat_id"], data["text"], rows, data["edit"])
    if kind == "photo":
        return Photo(data["chat_id"], base64.b64decode(data["png"]), data["caption"])
    return Document(data["chat_id"], base64.b64decode(data["content"]), data["filename"],
                    data["caption"])


def _b64(content: bytes) -> str:
    return base64.b64encode(content).decode("ascii")
