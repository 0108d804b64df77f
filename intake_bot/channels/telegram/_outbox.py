"""What the bot sends back, as plain data: computed by the core, delivered by the sender."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from intake_bot.cases import CommitGroup


@dataclass(frozen=True)
class Button:
    """An inline button: the label shown and the callback data sent back."""

    label: str
    data: str


@dataclass(frozen=True)
class Text:
    """A text message to ``chat_id``; ``edit`` names a message of the bot to replace instead."""

    chat_id: int
    text: str
    rows: tuple[tuple[Button, ...], ...] = ()
    edit: int | None = None


@dataclass(frozen=True)
class Photo:
    """An image (PNG bytes) with a caption."""

    chat_id: int
    png: bytes
    caption: str = ""


@dataclass(frozen=True)
class CallbackAnswer:
    """Stop the spinner of a tapped button, with an optional short notice."""

    callback_id: str
    text: str | None = None


@dataclass(frozen=True)
class Document:
    """A file (a Word document) sent as an attachment named ``filename``."""

    chat_id: int
    content: bytes
    filename: str
    caption: str = ""


@dataclass(frozen=True)
class Delete:
    """Delete messages of a chat (an erased household's), best effort: Telegram allows it for
    48 hours."""

    chat_id: int
    message_ids: tuple[int, ...]


@dataclass(frozen=True)
class AfterText:
    """Work to do once the replies are sent: translate the case's free text, maybe offer a
    language. Not a message: the application runs it off the update's critical path."""

    case_id: int
    chat_id: int
    user_id: int


Outgoing = Text | Photo | Document | CallbackAnswer | Delete


@dataclass
class Outbox:
    """The messages one update produces, in order."""

    items: list[Outgoing] = field(default_factory=list)
    after: list[AfterText] = field(default_factory=list)
    off_loop: list = field(default_factory=list)  # _offloop.OffLoop: sent after ``items``
    group: CommitGroup | None = None  # the group commit its writes joined: replies wait for it

    def say(self, chat_id: int, text: str, rows=(), edit: int | None = None) -> None:
        """Queue a text message (or an edit of message ``edit``)."""
        self.items.append(Text(chat_id, text, tuple(tuple(r) for r in rows), edit))

    def photo(self, chat_id: int, png: bytes, caption: str = "") -> None:
        """Queue an image."""
        self.items.append(Photo(chat_id, png, caption))

    def document(self, chat_id: int, content: bytes, filename: str, caption: str = "") -> None:
        """Queue a file."""
        self.items.append(Document(chat_id, content, filename, caption))

    def translate_after(self, case_id: int, chat_id: int, user_id: int) -> None:
        """Ask for the free-text follow-up of ``case_id`` once the replies are sent."""
        self.after.append(AfterText(case_id, chat_id, user_id))

    def later(self, job) -> None:
        """Queue work too slow for the event loop (an ``_offloop.OffLoop``: documents); what it
        sends follows this box's items."""
        self.off_loop.append(job)

    def delete(self, chat_id: int, message_ids) -> None:
        """Queue the deletion of messages of a chat (nothing when there are none)."""
        if message_ids:
            self.items.append(Delete(chat_id, tuple(message_ids)))

    def answer_callback(self, callback_id: str | None, text: str | None = None) -> None:
        """Queue the answer to a tapped button."""
        if callback_id:
            self.items.append(CallbackAnswer(callback_id, text))
