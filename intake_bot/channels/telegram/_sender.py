"""Send outbox items through the Bot API: edits falling back to new messages, waiting out
Telegram's flood control (429 retry_after) and passing a short network glitch. A reply that still
cannot be sent is kept in the database by the courier (``_courier.py``) and sent later."""

from __future__ import annotations

import asyncio
import logging
import warnings
from datetime import timedelta
from typing import Any, Awaitable, Callable

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, InputFile
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut
from telegram.warnings import PTBDeprecationWarning

from intake_bot.channels.telegram._outbox import CallbackAnswer, Delete, Document, Photo, Text

log = logging.getLogger(__name__)
RETRIES = 3  # flood-control waits
MAX_WAIT_SECONDS = 60.0
NETWORK_BACKOFF_SECONDS = (0.2, 1.0)  # then the courier keeps the reply and tries for days


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
            if attempt >= len(NETWORK_BACKOFF_SECONDS) or isinstance(exc, BadRequest):
                raise
            log.warning("network error while sending (%s): trying again", exc)
            await asyncio.sleep(NETWORK_BACKOFF_SECONDS[attempt])
    return None


async def deliver_one(bot: Bot, item) -> Any:
    """Send one item; the Message shown (None for a button answer or an edit left as it was)."""
    if isinstance(item, CallbackAnswer):
        try:
            await with_retry(lambda: bot.answer_callback_query(item.callback_id, text=item.text))
        except BadRequest:  # too old a button: the answer does not matter
            pass
        return None
    if isinstance(item, Photo):
        return await with_retry(lambda: bot.send_photo(
            item.chat_id, InputFile(item.png, filename="invitation.png"), caption=item.caption or None))
    if isinstance(item, Document):
        return await with_retry(lambda: bot.send_document(
            item.chat_id, InputFile(item.content, filename=item.filename), caption=item.caption or None))
    if isinstance(item, Delete):
        for message_id in item.message_ids:
            try:  # best effort: older than 48 h, or already gone
                await with_retry(lambda m=message_id: bot.delete_message(item.chat_id, m))
            except (BadRequest, Forbidden, NetworkError) as exc:
                log.info("message %s of chat %s not deleted (%s)", message_id, item.chat_id, exc)
        return None
    return await _send_text(bot, item)


async def _send_text(bot: Bot, item: Text) -> Any:
    markup = keyboard(item.rows)
    if item.edit is not None:
        try:
            edited = await with_retry(lambda: bot.edit_message_text(
                item.text, chat_id=item.chat_id, message_id=item.edit, reply_markup=markup))
            return edited if not isinstance(edited, bool) else None
        except BadRequest as exc:
            if "not modified" in str(exc).lower():
                return None
            log.info("edit failed (%s): sending a new message", exc)
    return await with_retry(lambda: bot.send_message(item.chat_id, item.text, reply_markup=markup))
