"""Factories of Telegram updates as the Bot API sends them (JSON dicts), with unique update ids."""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass

_ids = itertools.count(1)
_message_ids = itertools.count(1)


@dataclass(frozen=True)
class User:
    """A Telegram user (their private chat has the same id)."""

    id: int
    first_name: str = "Test"
    language_code: str | None = "fr"

    def as_dict(self) -> dict:
        """The user object of the Bot API."""
        data = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        if self.language_code:
            data["language_code"] = self.language_code
        return data


def next_update_id() -> int:
    """A fresh update id."""
    return next(_ids)


def _message(user: User, chat: dict | None = None, **content) -> dict:
    return {"message_id": next(_message_ids), "date": int(time.time()), "from": user.as_dict(),
            "chat": chat or {"id": user.id, "type": "private", "first_name": user.first_name},
            **content}


def message(text: str, user: User, update_id: int | None = None) -> dict:
    """A text message (commands are text starting with /)."""
    entities = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}] \
        if text.startswith("/") else []
    content = {"text": text, **({"entities": entities} if entities else {})}
    return {"update_id": update_id or next_update_id(), "message": _message(user, **content)}


def callback(data: str, user: User, message_id: int, text: str = "") -> dict:
    """A tap on an inline button of the bot's message ``message_id``."""
    bot_message = {"message_id": message_id, "date": int(time.time()), "text": text or ".",
                   "chat": {"id": user.id, "type": "private"},
                   "from": {"id": 777000111, "is_bot": True, "first_name": "Intake"}}
    return {"update_id": next_update_id(),
            "callback_query": {"id": f"cb{next_update_id()}", "from": user.as_dict(),
                               "chat_instance": f"ci{user.id}", "data": data,
                               "message": bot_message}}


def sticker(user: User) -> dict:
    """A sticker."""
    return {"update_id": next_update_id(), "message": _message(user, sticker={
        "file_id": "st", "file_unique_id": "stu", "type": "regular", "width": 512, "height": 512,
        "is_animated": False, "is_video": False, "emoji": "😀"})}


def photo(user: User, caption: str | None = None) -> dict:
    """A photo (with an optional caption, which is not an answer either)."""
    extra = {"caption": caption} if caption else {}
    return {"update_id": next_update_id(), "message": _message(user, photo=[
        {"file_id": "ph", "file_unique_id": "phu", "width": 90, "height": 90}], **extra)}


def voice(user: User) -> dict:
    """A voice note."""
    return {"update_id": next_update_id(), "message": _message(user, voice={
        "file_id": "vo", "file_unique_id": "vou", "duration": 3})}


def document(user: User) -> dict:
    """A file."""
    return {"update_id": next_update_id(), "message": _message(user, document={
        "file_id": "do", "file_unique_id": "dou", "file_name": "passport.pdf"})}


def location(user: User) -> dict:
    """A shared location."""
    return {"update_id": next_update_id(), "message": _message(user, location={
        "latitude": 48.85, "longitude": 2.35})}


def edited(text: str, user: User) -> dict:
    """An edited message."""
    body = _message(user, text=text, edit_date=int(time.time()))
    return {"update_id": next_update_id(), "edited_message": body}


def group_message(text: str, user: User, group_id: int = -100123) -> dict:
    """A message in a group chat."""
    chat = {"id": group_id, "type": "group", "title": "Famille"}
    return {"update_id": next_update_id(), "message": _message(user, chat=chat, text=text)}
