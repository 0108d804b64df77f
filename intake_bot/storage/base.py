"""What the bot needs from storage, behind one small abstract base.

Two implementations keep the same contract: :mod:`.memory` (tests) and :mod:`.sqlite`
(the embedded default). Every method that writes is atomic: an answer, the interview state that
follows from it and its audit line are committed together or not at all.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
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
