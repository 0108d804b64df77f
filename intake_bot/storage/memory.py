"""The in-memory twin of the SQLite storage, for tests."""

from __future__ import annotations

import copy
from contextlib import contextmanager
from dataclasses import replace
from typing import Any, Iterator

from intake_bot.engine.state import new_state
from intake_bot.storage.base import (
    AnswerEvent, Case, Invitation, Participant, Person, Storage, Worker, utc_now,
)


class MemoryStorage(Storage):
    """Everything in dicts; same contract as the SQLite storage, nothing survives the process."""

    def __init__(self) -> None:
        self._cases: dict[int, Case] = {}
        self._states: dict[int, dict[str, Any]] = {}
        self._answers: dict[int, list[AnswerEvent]] = {}
        self._people: dict[int, list[Person]] = {}
        self._audit: list[dict[str, Any]] = []
        self._workers: dict[int, Worker] = {}
        self._invitations: dict[str, Invitation] = {}
        self._participants: dict[tuple[str, str], Participant] = {}
        self._sessions: dict[tuple[str, str], dict[str, Any]] = {}
        self._updates: dict[int, str] = {}
        self._depth = 0

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

    @contextmanager
    def atomic(self) -> Iterator[None]:
        if self._depth:
            yield
            return
        snapshot = copy.deepcopy({k: v for k, v in self.__dict__.items() if k != "_depth"})
        self._depth += 1
        try:
            yield
        except BaseException:
            self.__dict__.update(snapshot)
            raise
        finally:
            self._depth -= 1

    def save_worker(self, telegram_id: int, name: str, organisation: str = "",
                    actor: str = "admin") -> Worker:
        old = self._workers.get(telegram_id)
        worker = Worker(telegram_id, name, organisation, True, old.created_at if old else utc_now())
        self._workers[telegram_id] = worker
        self.audit(actor, "worker.save", None, telegram_id=telegram_id)
        return worker

    def get_worker(self, telegram_id: int) -> Worker | None:
        return self._workers.get(telegram_id)

    def deactivate_worker(self, telegram_id: int, actor: str = "admin") -> bool:
        if telegram_id not in self._workers:
            return False
        self._workers[telegram_id] = replace(self._workers[telegram_id], active=False)
        self.audit(actor, "worker.deactivate", None, telegram_id=telegram_id)
        return True

    def list_workers(self) -> list[Worker]:
        return [self._workers[k] for k in sorted(self._workers)]

    def create_invitation(self, token_hash: str, case_id: int, created_by: str,
                          expires_at: str) -> Invitation:
        invitation = Invitation(token_hash, case_id, created_by, utc_now(), expires_at)
        self._invitations[token_hash] = invitation
        self.audit(created_by, "invitation.create", case_id, expires_at=expires_at)
        return invitation

    def get_invitation(self, token_hash: str) -> Invitation | None:
        return self._invitations.get(token_hash)

    def invitations(self, case_id: int) -> list[Invitation]:
        return sorted((i for i in self._invitations.values() if i.case_id == case_id),
                      key=lambda i: i.created_at)

    def mark_invitation_used(self, token_hash: str, actor: str) -> None:
        invitation = replace(self._invitations[token_hash], used_at=utc_now())
        self._invitations[token_hash] = invitation
        self.audit(actor, "invitation.use", invitation.case_id)

    def revoke_invitations(self, case_id: int, actor: str) -> int:
        now = utc_now()
        open_ones = [i for i in self.invitations(case_id) if not i.used_at and not i.revoked_at]
        for invitation in open_ones:
            self._invitations[invitation.token_hash] = replace(invitation, revoked_at=now)
        self.audit(actor, "invitation.revoke", case_id, count=len(open_ones))
        return len(open_ones)

    def link_participant(self, channel: str, user_id: str, case_id: int, role: str,
                         locale: str) -> Participant:
        participant = Participant(channel, str(user_id), case_id, role, locale, utc_now())
        self._participants[(channel, str(user_id))] = participant
        self.audit(f"{channel}:{user_id}", "case.link", case_id, channel=channel, role=role)
        return participant

    def get_participant(self, channel: str, user_id: str) -> Participant | None:
        return self._participants.get((channel, str(user_id)))

    def set_participant_locale(self, channel: str, user_id: str, locale: str) -> None:
        key = (channel, str(user_id))
        self._participants[key] = replace(self._participants[key], locale=locale)

    def participants(self, case_id: int) -> list[Participant]:
        return [p for p in self._participants.values() if p.case_id == case_id]

    def unlink_participants(self, case_id: int) -> int:
        keys = [k for k, p in self._participants.items() if p.case_id == case_id]
        for key in keys:
            del self._participants[key]
            self._sessions.pop(key, None)
        return len(keys)

    def load_session(self, channel: str, user_id: str) -> dict[str, Any]:
        return copy.deepcopy(self._sessions.get((channel, str(user_id)), {}))

    def save_session(self, channel: str, user_id: str, data: dict[str, Any]) -> None:
        self._sessions[(channel, str(user_id))] = copy.deepcopy(data)

    def claim_update(self, update_id: int) -> bool:
        if update_id in self._updates:
            return False
        self._updates[update_id] = utc_now()
        return True

    def forget_updates(self, before: str) -> int:
        old = [k for k, at in self._updates.items() if at < before]
        for key in old:
            del self._updates[key]
        return len(old)
