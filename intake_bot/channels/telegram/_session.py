"""Per-user chat session: which case a person is on, what the chat is waiting for.

Stored as JSON in the ``sessions`` table (schema v2), so a restarted bot resumes where each person
was. The case a household belongs to is not kept here: the case service links it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from intake_bot.cases import CaseService

CHANNEL = "telegram"

# What the chat waits for. A household is in LANGUAGE until it picked one, then INTERVIEW.
# A worker is IDLE, in SETUP (questions of a new case before its invitation) or FILLING a case.
LANGUAGE, INTERVIEW, IDLE, SETUP, FILLING = "language", "interview", "idle", "setup", "filling"
# A household that wrote /pause: its messages are not answers until it resumes (issue 14).
PAUSED = "paused"
# A worker answering a review (issue 13; the review is ``Session.review_id``).
REVIEWING = "reviewing"
# What a worker's next typed text is, when a button asked for it.
OBJECTIVE_TEXT, TRANSLATION_TEXT = "objective", "translation"


@dataclass
class Session:
    """The chat state of one user."""

    mode: str = IDLE
    case_id: int | None = None
    pending_ref: str | None = None
    pending_codes: list[str] = field(default_factory=list)
    bilingual: bool = False
    awaiting: str | None = None  # typed text expected next: OBJECTIVE_TEXT or TRANSLATION_TEXT
    awaiting_ref: str | None = None  # …for this objective theme or question ref
    review_id: int | None = None  # issue 13: the review (« bilan ») answered in this chat

    def clear_pending(self) -> None:
        """Forget a multi-choice selection in progress."""
        self.pending_ref, self.pending_codes = None, []

    def expect(self, what: str, ref: str) -> None:
        """The next typed text is ``what`` (an objective's actions, a translation) for ``ref``."""
        self.awaiting, self.awaiting_ref = what, ref

    def clear_awaiting(self) -> None:
        """Expect no particular text any more."""
        self.awaiting, self.awaiting_ref = None, None


def load_session(service: CaseService, user_id: int) -> Session:
    """The stored session of a Telegram user (a fresh one when there is none)."""
    data: dict[str, Any] = service.load_session(CHANNEL, str(user_id))
    known = {k: v for k, v in data.items() if k in Session.__dataclass_fields__}
    return Session(**known)


def save_session(service: CaseService, user_id: int, session: Session | None) -> None:
    """Store the session of a Telegram user (None: forget it, e.g. once their case is erased)."""
    service.save_session(CHANNEL, str(user_id), asdict(session) if session else None)
