"""What the case service refuses, as message ids a door renders in the person's language."""

from __future__ import annotations

from typing import Any


class CaseError(Exception):
    """A refused request: ``message_id`` (intake_bot.messages) and its parameters."""

    def __init__(self, message_id: str, **params: Any) -> None:
        super().__init__(message_id)
        self.message_id = message_id
        self.params = params


class CaseNotFound(CaseError):
    """No such case, or one the person may not know exists (said the same way)."""


class NotAllowed(CaseError):
    """The person's role or organisation does not allow this on this case."""


class CaseClosed(CaseError):
    """The case was refused or erased: it cannot be answered or rendered."""
