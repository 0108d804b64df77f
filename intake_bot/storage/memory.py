"""The in-memory twin of the SQLite storage, for tests."""

from __future__ import annotations

import copy
from dataclasses import replace
from typing import Any

from intake_bot.engine.state import new_state
from intake_bot.storage.base import AnswerEvent, Case, Person, Storage, utc_now


class MemoryStorage(Storage):
    """Everything in dicts; same contract as the SQLite storage, nothing survives the process."""

    def __init__(self) -> None:
        self._cases: dict[int, Case] = {}
        self._states: dict[int, dict[str, Any]] = {}
        self._answers: dict[int, list[AnswerEvent]] = {}
        self._people: dict[int, list[Person]] = {}
        self._audit: list[dict[str, Any]] = []

    def create_case(self, created_by: str, locale: str = "fr", label: str = "") -> Case:
        case = Case(id=len(self._cases) + 1, created_at=utc_now(), created_by=created_by,
                    locale=locale, label=label)
        self._cases[case.id] = case
        self._states[case.id] = new_state()
        self._answers[case.id], self._people[case.id] = [], []
        self.audit(created_by, "case.create", case.id)
        return case

    def get_case(self, case_id: int) -> Case | None:
        return self._cases.get(case_id)

    def list_cases(self) -> list[Case]:
        return sorted(self._cases.values(), key=lambda c: c.id, reverse=True)

    def update_case(self, case_id: int, **changes: Any) -> Case:
        self._cases[case_id] = replace(self._cases[case_id], **changes)
        return self._cases[case_id]

    def load_state(self, case_id: int) -> dict[str, Any]:
        return copy.deepcopy(self._states[case_id])

    def save_state(self, case_id: int, state: dict[str, Any], answer: AnswerEvent | None = None,
                   people: list[Person] | None = None) -> None:
        self._states[case_id] = copy.deepcopy(state)
        if answer is not None:
            self._answers[case_id].append(copy.deepcopy(answer))
        if people is not None:
            self._people[case_id] = copy.deepcopy(people)

    def answer_history(self, case_id: int) -> list[AnswerEvent]:
        return copy.deepcopy(self._answers.get(case_id, []))

    def people(self, case_id: int) -> list[Person]:
        return copy.deepcopy(self._people.get(case_id, []))

    def audit(self, actor: str, action: str, case_id: int | None = None, **details: Any) -> None:
        self._audit.append({"at": utc_now(), "actor": actor, "action": action,
                            "case_id": case_id, "details": details})

    def audit_log(self, case_id: int | None = None) -> list[dict[str, Any]]:
        return [dict(a) for a in self._audit if case_id is None or a["case_id"] == case_id]

    def erase_case(self, case_id: int, actor: str) -> None:
        self._states[case_id] = new_state()
        self._answers[case_id], self._people[case_id] = [], []
        self.update_case(case_id, status="erased", label="")
        self.audit(actor, "case.erase", case_id)
