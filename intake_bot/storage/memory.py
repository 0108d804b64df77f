"""The in-memory twin of the SQLite storage, for tests."""

from __future__ import annotations

import copy
from contextlib import contextmanager
from dataclasses import replace
from typing import Any, Collection, Iterator

from intake_bot.engine.state import new_state
from intake_bot.storage.base import (
    Account, AnswerEvent, Case, Invitation, Link, Person, Storage, scrub_audit, utc_now,
)


MUTABLE_CASE_FIELDS = frozenset({"status", "locale", "label", "organisation", "worker", "objectives",
                                 "documents_at", "documents_outdated", "contract_start",
                                 "contract_months", "rights_in_diagnostic"})


class MemoryStorage(Storage):
    """Everything in dicts; same contract as the SQLite storage, nothing survives the process."""

    def __init__(self) -> None:
        self._cases: dict[int, Case] = {}
        self._states: dict[int, dict[str, Any]] = {}
        self._answers: dict[int, list[AnswerEvent]] = {}
        self._people: dict[int, list[Person]] = {}
        self._audit: list[dict[str, Any]] = []
        self._accounts: dict[str, Account] = {}
        self._invitations: dict[str, Invitation] = {}
        self._links: dict[tuple[str, str], Link] = {}
        self._sessions: dict[tuple[str, str], dict[str, Any]] = {}
        self._updates: dict[int, str] = {}
        self._depth = 0

    def create_case(self, created_by: str, organisation: str = "", worker: str = "",
                    locale: str = "fr", status: str = "invited") -> Case:
        case = Case(id=len(self._cases) + 1, created_at=utc_now(), created_by=created_by,
                    status=status, locale=locale, organisation=organisation, worker=worker)
        self._cases[case.id] = case
        self._states[case.id] = new_state()
        self._answers[case.id], self._people[case.id] = [], []
        self.audit(created_by, "case.create", case.id)
        return case

    def get_case(self, case_id: int) -> Case | None:
        return self._cases.get(case_id)

    def list_cases(self, organisation: str | None = None) -> list[Case]:
        cases = [c for c in self._cases.values() if organisation is None or c.organisation == organisation]
        return sorted(cases, key=lambda c: c.id, reverse=True)

    def update_case(self, case_id: int, **changes: Any) -> Case:
        unknown = set(changes) - MUTABLE_CASE_FIELDS
        if unknown:
            raise ValueError(f"cannot update case columns {sorted(unknown)}")
        if changes.get("objectives") is not None:
            changes["objectives"] = tuple(changes["objectives"])
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
        for token_hash in [k for k, i in self._invitations.items() if i.case_id == case_id]:
            del self._invitations[token_hash]
        for key in [k for k, link in self._links.items() if link.case_id == case_id]:
            del self._links[key]
        self.update_case(case_id, status="erased", label="", objectives=None, documents_outdated=False)
        self.audit(actor, "case.erase", case_id)

    def anonymise_erased(self, case_id: int, household_accounts: Collection[str]) -> None:
        case = self._cases[case_id]
        self._cases[case_id] = replace(case, created_at=case.created_at[:7], created_by="", worker="",
                                       documents_at=case.documents_at[:7] if case.documents_at else None)
        for line in self._audit:
            if line["case_id"] == case_id:
                line["actor"], line["details"] = scrub_audit(line["actor"], line["details"],
                                                             household_accounts)

    def activity(self) -> dict[int, list[str]]:
        found: dict[int, list[str]] = {}
        for case in self._cases.values():
            if case.status == "erased":
                continue
            times = [case.created_at, *(a.record.get("at") for a in self._answers[case.id][-1:]),
                     *(line["at"] for line in self._audit if line["case_id"] == case.id)]
            found[case.id] = [t for t in times if t]
        return found

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

    def save_account(self, account: Account) -> Account:
        old = self._accounts.get(account.id)
        account = replace(account, created_at=old.created_at if old else account.created_at or utc_now())
        self._accounts[account.id] = account
        return account

    def get_account(self, account_id: str) -> Account | None:
        return self._accounts.get(account_id)

    def list_accounts(self) -> list[Account]:
        return [self._accounts[k] for k in sorted(self._accounts)]

    def save_invitation(self, invitation: Invitation) -> Invitation:
        self._invitations[invitation.token_hash] = invitation
        return invitation

    def get_invitation(self, token_hash: str) -> Invitation | None:
        return self._invitations.get(token_hash)

    def invitations(self, case_id: int) -> list[Invitation]:
        return [i for i in self._invitations.values() if i.case_id == case_id]

    def save_link(self, link: Link) -> Link:
        self._links[(link.channel, str(link.user_id))] = link
        return link

    def get_link(self, channel: str, user_id: str) -> Link | None:
        return self._links.get((channel, str(user_id)))

    def links(self, case_id: int) -> list[Link]:
        return sorted((link for link in self._links.values() if link.case_id == case_id),
                      key=lambda link: link.linked_at)

    def delete_link(self, channel: str, user_id: str) -> None:
        self._links.pop((channel, str(user_id)), None)

    def load_session(self, channel: str, user_id: str) -> dict[str, Any]:
        return copy.deepcopy(self._sessions.get((channel, str(user_id)), {}))

    def save_session(self, channel: str, user_id: str, data: dict[str, Any] | None) -> None:
        if data is None:
            self._sessions.pop((channel, str(user_id)), None)
        else:
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
