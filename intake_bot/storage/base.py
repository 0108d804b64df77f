"""What the bot needs from storage, behind one small abstract base.

Two implementations keep the same contract: :mod:`.memory` (tests) and :mod:`.sqlite`
(the embedded default). Every method that writes is atomic: an answer, the interview state that
follows from it and its audit line are committed together or not at all.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any


def utc_now() -> str:
    """The current time as an ISO-8601 UTC string (what every stored timestamp uses)."""
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


CASE_STATUSES = ("invited", "household_answering", "ready_for_review", "documents_generated",
                 "refused", "erased")


@dataclass(frozen=True)
class Case:
    """A household's diagnostic file."""

    id: int
    created_at: str
    created_by: str
    status: str = "household_answering"
    locale: str = "fr"
    label: str = ""

    @property
    def reference(self) -> str:
        """The number people use to name the case (D-000042)."""
        return f"D-{self.id:06d}"


@dataclass(frozen=True)
class AnswerEvent:
    """One answer as given, kept forever in the history (a change adds a new event)."""

    path: str
    record: dict[str, Any]


@dataclass
class Person:
    """One person of a household as projected from the answers (applicant is position 0)."""

    position: int
    relation: str
    first_name: str | None = None
    last_name: str | None = None
    sex: str | None = None
    birth_date: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Worker:
    """A social worker allowed to use the worker commands of a chat channel."""

    telegram_id: int
    name: str
    organisation: str = ""
    active: bool = True
    created_at: str = ""


@dataclass(frozen=True)
class Invitation:
    """A single-use link for a household to join one case; only the token's hash is stored."""

    token_hash: str
    case_id: int
    created_by: str
    created_at: str
    expires_at: str
    used_at: str | None = None
    revoked_at: str | None = None


@dataclass(frozen=True)
class Participant:
    """A chat user linked to one case, in one role, with the language they chose."""

    channel: str
    user_id: str
    case_id: int
    role: str
    locale: str
    linked_at: str


class Storage(ABC):
    """Cases, interview states, answer history, people, workers, links and the audit log."""

    @abstractmethod
    def create_case(self, created_by: str, locale: str = "fr", label: str = "") -> Case:
        """Create a case with an empty interview and return it."""

    @abstractmethod
    def get_case(self, case_id: int) -> Case | None:
        """The case, or None."""

    @abstractmethod
    def list_cases(self) -> list[Case]:
        """Every case, newest first."""

    @abstractmethod
    def update_case(self, case_id: int, **changes: Any) -> Case:
        """Change status, locale or label of a case."""

    @abstractmethod
    def load_state(self, case_id: int) -> dict[str, Any]:
        """The interview state of the case."""

    @abstractmethod
    def save_state(self, case_id: int, state: dict[str, Any], answer: AnswerEvent | None = None,
                   people: list[Person] | None = None) -> None:
        """Atomically store ``state``, the answer that produced it and the people it implies.

        Answers have their own history (:meth:`answer_history`); the audit log is for case-level
        events and every access to documents.
        """

    @abstractmethod
    def answer_history(self, case_id: int) -> list[AnswerEvent]:
        """Every answer ever given for the case, oldest first."""

    @abstractmethod
    def people(self, case_id: int) -> list[Person]:
        """The household's people, applicant first."""

    @abstractmethod
    def audit(self, actor: str, action: str, case_id: int | None = None, **details: Any) -> None:
        """Append a line to the audit log."""

    @abstractmethod
    def audit_log(self, case_id: int | None = None) -> list[dict[str, Any]]:
        """Audit lines, oldest first, for one case or all."""

    @abstractmethod
    def erase_case(self, case_id: int, actor: str) -> None:
        """Delete every answer and person of a case; keep the case row (status erased) and audit."""

    def close(self) -> None:
        """Release resources (nothing by default)."""

    # --- chat channels: workers, invitations, participants, sessions, updates (schema v2) ---

    @abstractmethod
    def atomic(self) -> AbstractContextManager[None]:
        """A block whose writes (including those of nested methods) commit together or not at all."""

    @abstractmethod
    def save_worker(self, telegram_id: int, name: str, organisation: str = "",
                    actor: str = "admin") -> Worker:
        """Register (or update and reactivate) a worker; audited."""

    @abstractmethod
    def get_worker(self, telegram_id: int) -> Worker | None:
        """The worker with this Telegram id, active or not, or None."""

    @abstractmethod
    def deactivate_worker(self, telegram_id: int, actor: str = "admin") -> bool:
        """Mark a worker inactive; False when there was no such worker. Audited."""

    @abstractmethod
    def list_workers(self) -> list[Worker]:
        """Every worker, by Telegram id."""

    @abstractmethod
    def create_invitation(self, token_hash: str, case_id: int, created_by: str,
                          expires_at: str) -> Invitation:
        """Store a new invitation for ``case_id``; audited."""

    @abstractmethod
    def get_invitation(self, token_hash: str) -> Invitation | None:
        """The invitation with this token hash, or None."""

    @abstractmethod
    def invitations(self, case_id: int) -> list[Invitation]:
        """Every invitation of a case, oldest first."""

    @abstractmethod
    def mark_invitation_used(self, token_hash: str, actor: str) -> None:
        """Record that the invitation was used now; audited."""

    @abstractmethod
    def revoke_invitations(self, case_id: int, actor: str) -> int:
        """Revoke every unused, unrevoked invitation of a case; return how many. Audited."""

    @abstractmethod
    def link_participant(self, channel: str, user_id: str, case_id: int, role: str,
                         locale: str) -> Participant:
        """Link a chat user to a case (replacing any earlier link of that user); audited."""

    @abstractmethod
    def get_participant(self, channel: str, user_id: str) -> Participant | None:
        """The case link of a chat user, or None."""

    @abstractmethod
    def set_participant_locale(self, channel: str, user_id: str, locale: str) -> None:
        """Change the language a linked user chose."""

    @abstractmethod
    def participants(self, case_id: int) -> list[Participant]:
        """The chat users linked to a case."""

    @abstractmethod
    def unlink_participants(self, case_id: int) -> int:
        """Remove every chat link (and their sessions) of a case; return how many links."""

    @abstractmethod
    def load_session(self, channel: str, user_id: str) -> dict[str, Any]:
        """The chat session data of a user ({} when none)."""

    @abstractmethod
    def save_session(self, channel: str, user_id: str, data: dict[str, Any]) -> None:
        """Replace the chat session data of a user (JSON-safe dict)."""

    @abstractmethod
    def claim_update(self, update_id: int) -> bool:
        """Record a chat update as processed; False when it already was (a duplicate)."""

    @abstractmethod
    def forget_updates(self, before: str) -> int:
        """Drop processed-update records older than ``before`` (ISO); return how many."""
