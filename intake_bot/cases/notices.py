"""What the case service asks a door to tell someone, as data: the door delivers it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

#: Kinds of notice: plain text, or a worker asked to confirm a new household account.
TEXT, CONFIRM_LINK = "text", "confirm_link"


@dataclass(frozen=True)
class Notice:
    """Message ``message_id`` (with ``params``) for the account ``recipient`` (``telegram:42``),
    in ``locale``. ``kind`` CONFIRM_LINK asks for the door's confirm / refuse buttons, for
    ``case_id`` and the account ``subject``."""

    recipient: str
    message_id: str
    locale: str
    params: dict[str, Any] = field(default_factory=dict)
    kind: str = TEXT
    case_id: int | None = None
    subject: str | None = None

    @property
    def channel(self) -> str:
        """The door of the recipient (``telegram``)."""
        return self.recipient.partition(":")[0]

    @property
    def user_id(self) -> str:
        """The recipient's id within its door."""
        return self.recipient.partition(":")[2]
