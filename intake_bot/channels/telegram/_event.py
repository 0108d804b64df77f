"""An incoming Telegram update reduced to what the channel acts on (plain data, no network)."""

from __future__ import annotations

import re
from dataclasses import dataclass, fields, replace

from telegram import Update
from telegram.constants import ChatType

# Kinds of event: typed words, a /command, a tapped button, something that is not text
# (sticker, photo, voice, file, location…), an edited message, a message outside a private chat.
TEXT, COMMAND, BUTTON, MEDIA, EDITED, GROUP, OTHER = (
    "text", "command", "button", "media", "edited", "group", "other")


@dataclass(frozen=True)
class Event:
    """What happened, who did it, where to answer."""

    update_id: int
    kind: str
    user_id: int | None = None
    chat_id: int | None = None
    language_code: str | None = None
    text: str = ""
    command: str | None = None
    argument: str = ""
    data: str | None = None
    message_id: int | None = None
    callback_id: str | None = None
    display: str = ""  # how the sender is named to a worker: first name (@username)


LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def read_event(update: Update) -> Event:
    """The event of an update; an unpaired surrogate (which no UTF-8 store accepts, and which a
    JSON update may carry) becomes U+FFFD, the replacement character."""
    event = _read(update)
    changes = {f.name: LONE_SURROGATE.sub("\ufffd", getattr(event, f.name)) for f in fields(event)
               if isinstance(getattr(event, f.name), str)
               and LONE_SURROGATE.search(getattr(event, f.name))}
    return replace(event, **changes) if changes else event


def _read(update: Update) -> Event:
    user, chat = update.effective_user, update.effective_chat
    base = {"update_id": update.update_id, "user_id": user.id if user else None,
            "chat_id": chat.id if chat else None,
            "language_code": user.language_code if user else None, "display": _display(user)}
    if update.callback_query:
        query = update.callback_query
        message_id = query.message.message_id if query.message else None
        return Event(kind=BUTTON, data=query.data, message_id=message_id, callback_id=query.id,
                     **base)
    if update.edited_message or update.edited_channel_post:
        return Event(kind=EDITED, **base)
    message = update.message
    if message is None or user is None or chat is None:
        return Event(kind=OTHER, **base)
    if chat.type != ChatType.PRIVATE:
        return Event(kind=GROUP, **base)
    if message.text is None:
        return Event(kind=MEDIA, **base)
    return _text_event(message.text, base)


def _text_event(text: str, base: dict) -> Event:
    if text.startswith("/"):
        word, _, argument = text.partition(" ")
        command = word[1:].split("@", 1)[0].lower()
        return Event(kind=COMMAND, text=text, command=command, argument=argument.strip(), **base)
    return Event(kind=TEXT, text=text, **base)


def _display(user) -> str:
    """« Amina (@amina) », « Amina », or the numeric id: how a worker recognises an account."""
    if user is None:
        return ""
    name = " ".join(p for p in (user.first_name, user.last_name) if p) or str(user.id)
    return f"{name} (@{user.username})" if user.username else name
