"""What the bot sends back, as plain data: computed by the core, delivered by the sender."""

from __future__ import annotations

from dataclasses import dataclass, field


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


Outgoing = Text | Photo | CallbackAnswer


@dataclass
class Outbox:
    """The messages one update produces, in order."""

    items: list[Outgoing] = field(default_factory=list)

    def say(self, chat_id: int, text: str, rows=(), edit: int | None = None) -> None:
        """Queue a text message (or an edit of message ``edit``)."""
        self.items.append(Text(chat_id, text, tuple(tuple(r) for r in rows), edit))

    def photo(self, chat_id: int, png: bytes, caption: str = "") -> None:
        """Queue an image."""
        self.items.append(Photo(chat_id, png, caption))

    def answer_callback(self, callback_id: str | None, text: str | None = None) -> None:
        """Queue the answer to a tapped button."""
        if callback_id:
            self.items.append(CallbackAnswer(callback_id, text))
