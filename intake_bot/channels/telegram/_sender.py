"""Deliver an outbox through the Bot API: in order, edits falling back to new messages,
waiting out Telegram's flood control (429 retry_after) and passing network errors a few times
before giving up: the answer is already committed, the reply must still reach the person."""

from __future__ import annotations

import asyncio
import logging
import warnings
from datetime import timedelta
from typing import Any, Awaitable, Callable

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, InputFile
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut
from telegram.warnings import PTBDeprecationWarning

from intake_bot.channels.telegram._outbox import CallbackAnswer, Document, Outbox, Photo, Text

log = logging.getLogger(__name__)
RETRIES = 3
MAX_WAIT_SECONDS = 60.0
NETWORK_BACKOFF_SECONDS = (0.2, 1.0, 3.0)


def keyboard(rows) -> InlineKeyboardMarkup | None:
    """The inline keyboard of button rows (None when there are none)."""
    if not rows:
        return None
    return InlineKeyboardMarkup([[InlineKeyboardButton(b.label, callback_data=b.data) for b in row]
                                 for row in rows])


def _seconds(exc: RetryAfter) -> float:
    with warnings.catch_warnings():  # int today, timedelta in a future major version
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        retry_after: Any = exc.retry_after
    if isinstance(retry_after, timedelta):
        return retry_after.total_seconds()
    return float(retry_after)


async def with_retry(call: Callable[[], Awaitable[Any]]) -> Any:
    """Await ``call()``; on RetryAfter wait the time Telegram asks, on a network error a moment,
    and try again (a resent message may rarely arrive twice; a lost one never arrives)."""
    for attempt in range(RETRIES + 1):
        try:
            return await call()
        except RetryAfter as exc:
            if attempt == RETRIES:
                raise
            wait = min(_seconds(exc), MAX_WAIT_SECONDS)
            log.warning("flood control: waiting %.1f s", wait)
            await asyncio.sleep(wait)
        except (NetworkError, TimedOut) as exc:
            if attempt == RETRIES or isinstance(exc, BadRequest):  # a refusal, not a glitch
                raise
            log.warning("network error while sending (%s): trying again", exc)
            await asyncio.sleep(NETWORK_BACKOFF_SECONDS[attempt])
    return None


async def deliver(bot: Bot, box: Outbox) -> None:
    """Send every item of the outbox, in order."""
    for item in box.items:
        try:
            await _deliver_one(bot, item)
        except Forbidden:  # the person blocked the bot: nothing to do, keep going
            log.info("blocked by chat %s", getattr(item, "chat_id", "?"))


async def _deliver_one(bot: Bot, item) -> None:
    if isinstance(item, CallbackAnswer):
        try:
            await with_retry(lambda: bot.answer_callback_query(item.callback_id, text=item.text))
        except BadRequest:  # too old a button: the answer does not matter
            pass
    elif isinstance(item, Photo):
        await with_retry(lambda: bot.send_photo(item.chat_id, InputFile(item.png, filename="invitation.png"),
                                                caption=item.caption or None))
    elif isinstance(item, Document):
        await with_retry(lambda: bot.send_document(item.chat_id, InputFile(item.content, filename=item.filename),
                                                   caption=item.caption or None))
    elif isinstance(item, Text):
        await _send_text(bot, item)


async def _send_text(bot: Bot, item: Text) -> None:
    markup = keyboard(item.rows)
    if item.edit is not None:
        try:
            await with_retry(lambda: bot.edit_message_text(item.text, chat_id=item.chat_id,
                                                           message_id=item.edit, reply_markup=markup))
            return
        except BadRequest as exc:
            if "not modified" in str(exc).lower():
                return
            log.info("edit failed (%s): sending a new message", exc)
    await with_retry(lambda: bot.send_message(item.chat_id, item.text, reply_markup=markup))
