"""Casework: the engine applied to stored cases. Load, apply, commit, then reply.

Channels (console, Telegram) call this and nothing below it; it is the one place where an answer
becomes durable. Every state change is committed before the caller gets anything to show.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import Any, Callable

from intake_bot.engine import interview
from intake_bot.engine.derived import Figures, compute_figures
from intake_bot.engine.interview import Outcome, Progress, Question
from intake_bot.engine.reader import Reply
from intake_bot.engine.state import STOPPED, Provenance
from intake_bot.engine.walk import Walk
from intake_bot.i18n import vocabulary_for
from intake_bot.questionnaire.compiler import load_flow
from intake_bot.questionnaire.model import Flow
from intake_bot.storage.base import AnswerEvent, Person, Storage

def _utc_now() -> datetime:
    return datetime.now(timezone.utc)


@dataclass
class Casework:
    """The interview of stored cases, for one storage and one questionnaire."""

    storage: Storage
    flow: Flow | None = None
    clock: Callable[[], datetime] = _utc_now

    def __post_init__(self) -> None:
        self.flow = self.flow or load_flow()

    def today(self) -> date:
        """Today's date by the casework's clock."""
        return self.clock().date()

    def current(self, case_id: int, role: str) -> Question | None:
        """The question to ask ``role`` now, or None when nothing is left."""
        return interview.next_question(self.flow, self.storage.load_state(case_id), role, self.today())

    def state(self, case_id: int) -> dict[str, Any]:
        """The stored interview state."""
        return self.storage.load_state(case_id)

    def answer(self, case_id: int, reply: Reply, role: str, locale: str) -> Outcome:
        """Apply ``reply`` from ``role``; on success commit answer, state and people first."""
        state = self.storage.load_state(case_id)
        at = self.clock().isoformat(timespec="milliseconds")
        provenance = Provenance(by=role, at=at, lang=locale)
        outcome = interview.apply_answer(self.flow, state, reply, provenance, self.today(),
                                         vocabulary_for(locale))
        if not outcome.accepted:
            return outcome
        path = outcome.path
        walked = interview.relevant_answers(self.flow, outcome.state, self.today())
        self.storage.save_state(case_id, outcome.state,
                                AnswerEvent(path, outcome.state["answers"][path]),
                                people_of(walked))
        self._update_status(case_id, outcome.state, role)
        return outcome

    def _update_status(self, case_id: int, state: dict[str, Any], role: str) -> None:
        case = self.storage.get_case(case_id)
        if state["status"] == STOPPED and case.status != "refused":
            self.storage.update_case(case_id, status="refused")
        elif role == "household" and case.status in ("invited", "household_answering"):
            if interview.next_question(self.flow, state, "household", self.today()) is None:
                self.storage.update_case(case_id, status="ready_for_review")
                self.storage.audit("household", "household.complete", case_id)

    def back(self, case_id: int, role: str) -> Question | None:
        """Step back one question (answers kept) and return it."""
        state = self.storage.load_state(case_id)
        self.storage.save_state(case_id, interview.go_back(self.flow, state, role, self.today()))
        return self.current(case_id, role)

    def jump(self, case_id: int, path: str, role: str) -> Outcome:
        """Make ``path`` the current question, to change its answer."""
        outcome = interview.jump_to(self.flow, self.storage.load_state(case_id), path, role, self.today())
        if outcome.accepted:
            self.storage.save_state(case_id, outcome.state)
        return outcome

    def progress(self, case_id: int, role: str) -> Progress:
        """Answered and remaining questions for ``role``."""
        return interview.progress(self.flow, self.storage.load_state(case_id), role, self.today())

    def walk(self, case_id: int) -> Walk:
        """The relevant questions and typed answers of the case."""
        return interview.relevant_answers(self.flow, self.storage.load_state(case_id), self.today())

    def figures(self, case_id: int) -> Figures:
        """Derived figures (household type, budget, suggested freins) of the case."""
        return compute_figures(self.walk(case_id).context, self.today())


def people_of(walked: Walk) -> list[Person]:
    """The household as stored in the people table: the applicant, then each member."""
    answers = walked.context
    applicant = Person(0, "applicant", answers.get("first_name"), answers.get("last_name"),
                       answers.get("sex"), _iso(answers.get("birth_date")))
    members = [Person(i + 1, m.get("relation") or "unknown", m.get("first_name"), m.get("last_name"),
                      m.get("sex"), _iso(m.get("birth_date")), {"lives_here": m.get("lives_here")})
               for i, m in enumerate(answers.get("members") or [])]
    return [applicant, *members]


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None
