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

# Issue 13, the life of a measure after the diagnostic (intake_bot/cases/measure.py): the
# commission's or funder's decision, the support under contract, its reviews and renewals, and
# the exit with its outcome. A case whose support ended stays readable (its final review, its
# figures) until it is erased.
DECIDED = "decided"
SUPPORT_STARTED = "support_started"
INTERMEDIATE_REVIEW = "intermediate_review"
RENEWED = "renewed"
FINAL_REVIEW = "final_review"
SUPPORT_CLOSED = "closed"

STATUSES = (INVITED, HOUSEHOLD_ANSWERING, READY_FOR_REVIEW, DOCUMENTS_GENERATED, DECIDED,
            SUPPORT_STARTED, INTERMEDIATE_REVIEW, RENEWED, FINAL_REVIEW, SUPPORT_CLOSED,
            REFUSED, ERASED)
CLOSED = frozenset({REFUSED, ERASED})
#: Statuses of a case whose documents were made (the diagnostic is done).
AFTER_DOCUMENTS = frozenset({DOCUMENTS_GENERATED, DECIDED, SUPPORT_STARTED, INTERMEDIATE_REVIEW,
                             RENEWED, FINAL_REVIEW, SUPPORT_CLOSED})
#: Statuses of a support under way (the contract signed, the exit not yet recorded).
UNDER_SUPPORT = frozenset({SUPPORT_STARTED, INTERMEDIATE_REVIEW, RENEWED, FINAL_REVIEW})

#: status -> the statuses it may move to. Staying put is always allowed (a decision adjourned
#: then taken, a second intermediate review, a second renewal).
TRANSITIONS: dict[str, frozenset[str]] = {
    INVITED: frozenset({HOUSEHOLD_ANSWERING, READY_FOR_REVIEW, DOCUMENTS_GENERATED, REFUSED, ERASED}),
    HOUSEHOLD_ANSWERING: frozenset({READY_FOR_REVIEW, DOCUMENTS_GENERATED, REFUSED, ERASED}),
    READY_FOR_REVIEW: frozenset({DOCUMENTS_GENERATED, REFUSED, ERASED}),
    DOCUMENTS_GENERATED: frozenset({DECIDED, REFUSED, ERASED}),
    DECIDED: frozenset({SUPPORT_STARTED, SUPPORT_CLOSED, REFUSED, ERASED}),
    SUPPORT_STARTED: frozenset({INTERMEDIATE_REVIEW, RENEWED, FINAL_REVIEW, SUPPORT_CLOSED, ERASED}),
    INTERMEDIATE_REVIEW: frozenset({RENEWED, FINAL_REVIEW, SUPPORT_CLOSED, ERASED}),
    RENEWED: frozenset({INTERMEDIATE_REVIEW, FINAL_REVIEW, SUPPORT_CLOSED, ERASED}),
    FINAL_REVIEW: frozenset({RENEWED, SUPPORT_CLOSED, ERASED}),
    SUPPORT_CLOSED: frozenset({ERASED}),
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
