"""The life of a case: every status and every allowed transition, in one place.

A closed case (refused or erased) cannot be answered or rendered. An erased case never comes
back; a refused one comes back only when its household redeems a new invitation.
"""

from __future__ import annotations

from intake_bot.cases.errors import CaseError

INVITED = "invited"
HOUSEHOLD_ANSWERING = "household_answering"
READY_FOR_REVIEW = "ready_for_review"
DOCUMENTS_GENERATED = "documents_generated"
REFUSED = "refused"
ERASED = "erased"

STATUSES = (INVITED, HOUSEHOLD_ANSWERING, READY_FOR_REVIEW, DOCUMENTS_GENERATED, REFUSED, ERASED)
CLOSED = frozenset({REFUSED, ERASED})

#: status -> the statuses it may move to. Staying put is always allowed.
TRANSITIONS: dict[str, frozenset[str]] = {
    INVITED: frozenset({HOUSEHOLD_ANSWERING, READY_FOR_REVIEW, DOCUMENTS_GENERATED, REFUSED, ERASED}),
    HOUSEHOLD_ANSWERING: frozenset({READY_FOR_REVIEW, DOCUMENTS_GENERATED, REFUSED, ERASED}),
    READY_FOR_REVIEW: frozenset({DOCUMENTS_GENERATED, REFUSED, ERASED}),
    DOCUMENTS_GENERATED: frozenset({REFUSED, ERASED}),
    REFUSED: frozenset({HOUSEHOLD_ANSWERING, ERASED}),
    ERASED: frozenset(),
}


class StatusError(CaseError):
    """A transition the status machine does not allow."""


def can_move(current: str, new: str) -> bool:
    """True when a case in ``current`` may move to ``new``."""
    return new == current or new in TRANSITIONS[current]


def check_move(current: str, new: str) -> None:
    """Raise StatusError unless a case in ``current`` may move to ``new``."""
    if not can_move(current, new):
        raise StatusError("case.error.transition", current=current, new=new)


def is_closed(status: str) -> bool:
    """True for a case that can no longer be answered, rendered or revived by staff."""
    return status in CLOSED
