"""The in-memory twin of the SQLite storage, for tests."""

from __future__ import annotations

import copy
from contextlib import contextmanager
from dataclasses import replace
from typing import Any, Collection, Iterator

from intake_bot.engine.state import new_state
from intake_bot.storage.facts import MemoryFactStore  # issue 12, indicators
from intake_bot.storage.base import Review  # issue 13
from intake_bot.storage.base import (
    Account, AnswerEvent, Case, CaseQuery, CaseSummary, FollowUpEntry, Invitation, Link, Person,
    SignInToken,
    StaffCredential, Storage, WebSession, scrub_audit, utc_now,
)


MUTABLE_CASE_FIELDS = frozenset({"status", "locale", "label", "organisation", "worker", "objectives",
                                 "documents_at", "documents_outdated", "contract_start",
                                 "contract_months", "rights_in_diagnostic"})


class MemoryStorage(MemoryFactStore, Storage):
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
        self.forget_facts(case_id)
        self._erase_measure(case_id)
        self.audit(actor, "case.erase", case_id)

    # --- the life of a measure (issue 13) -----------------------------------------------------

    def _erase_measure(self, case_id: int) -> None:
        self._kept("_measures").pop(case_id, None)
        self.__dict__["_follow_ups"] = [e for e in self._kept("_follow_ups", list)
                                        if e.case_id != case_id]
        for key in [k for k, (c, _) in self._kept("_reminders").items() if c == case_id]:
            del self._kept("_reminders")[key]

    def _kept(self, name: str, empty: type = dict) -> Any:
        return self.__dict__.setdefault(name, empty())

    def get_measure(self, case_id: int) -> dict[str, Any] | None:
        found = self._kept("_measures").get(case_id)
        return copy.deepcopy(found) if found is not None else None

    def save_measure(self, case_id: int, data: dict[str, Any]) -> None:
        self._kept("_measures")[case_id] = copy.deepcopy(data)

    def measures(self) -> dict[int, dict[str, Any]]:
        return copy.deepcopy(self._kept("_measures"))

    def add_follow_up(self, entry: FollowUpEntry) -> FollowUpEntry:
        log = self._kept("_follow_ups", list)
        stored = replace(entry, id=max((e.id for e in log), default=0) + 1, at=entry.at or utc_now())
        log.append(stored)
        return stored

    def follow_ups(self, case_id: int | None = None) -> list[FollowUpEntry]:
        found = [e for e in self._kept("_follow_ups", list) if case_id in (None, e.case_id)]
        return sorted(found, key=lambda e: (e.on, e.id))

    def claim_reminder(self, key: str, case_id: int, at: str) -> bool:
        if key in self._kept("_reminders"):
            return False
        self._kept("_reminders")[key] = (case_id, at)
        return True

    def sent_reminders(self, case_id: int) -> list[str]:
        return [k for k, (c, _) in self._kept("_reminders").items() if c == case_id]

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

    # --- reviews (issue 13) -------------------------------------------------------------------

    def _review_table(self) -> dict[int, Review]:
        return self.__dict__.setdefault("_reviews", {})

    def _review_answers(self) -> dict[int, list[AnswerEvent]]:
        return self.__dict__.setdefault("_review_events", {})

    def create_review(self, case_id: int, kind: str, started_by: str,
                      context: dict[str, Any]) -> Review:
        table = self._review_table()
        review = Review(max(table, default=0) + 1, case_id, kind, utc_now(), started_by,
                        copy.deepcopy(context), new_state())
        table[review.id] = review
        self._review_answers()[review.id] = []
        return copy.deepcopy(review)

    def get_review(self, review_id: int) -> Review | None:
        return copy.deepcopy(self._review_table().get(review_id))

    def reviews(self, case_id: int) -> list[Review]:
        return [copy.deepcopy(r) for _, r in sorted(self._review_table().items())
                if r.case_id == case_id]

    def save_review_state(self, review_id: int, state: dict[str, Any],
                          answer: AnswerEvent | None = None) -> None:
        table = self._review_table()
        table[review_id] = replace(table[review_id], state=copy.deepcopy(state))
        if answer is not None:
            self._review_answers()[review_id].append(copy.deepcopy(answer))

    def review_history(self, review_id: int) -> list[AnswerEvent]:
        return copy.deepcopy(self._review_answers().get(review_id, []))

    def complete_review(self, review_id: int, completed_at: str, completed_by: str) -> Review:
        table = self._review_table()
        table[review_id] = replace(table[review_id], completed_at=completed_at,
                                   completed_by=completed_by)
        return copy.deepcopy(table[review_id])

    def erase_reviews(self, case_id: int) -> None:
        for review in self.reviews(case_id):
            del self._review_table()[review.id]
            self._review_answers().pop(review.id, None)

    # --- the staff portal (issue 12) -----------------------------------------------------------

    def _portal(self, name: str) -> dict:
        return self.__dict__.setdefault(name, {})

    def save_credential(self, credential: StaffCredential) -> StaffCredential:
        self._portal("_credentials")[credential.account_id] = credential
        return credential

    def get_credential(self, account_id: str) -> StaffCredential | None:
        return self._portal("_credentials").get(account_id)

    def save_sign_in_token(self, token: SignInToken) -> SignInToken:
        self._portal("_sign_in")[token.token_hash] = token
        return token

    def use_sign_in_token(self, token_hash: str, used_at: str) -> SignInToken | None:
        token = self._portal("_sign_in").get(token_hash)
        if token is None or token.used_at:
            return None
        self._portal("_sign_in")[token_hash] = replace(token, used_at=used_at)
        return self._portal("_sign_in")[token_hash]

    def save_web_session(self, session: WebSession) -> WebSession:
        self._portal("_web_sessions")[session.id_hash] = session
        return session

    def get_web_session(self, id_hash: str) -> WebSession | None:
        return self._portal("_web_sessions").get(id_hash)

    def delete_web_sessions(self, id_hash: str | None = None, seen_before: str | None = None,
                            account_id: str | None = None) -> int:
        sessions = self._portal("_web_sessions")
        gone = [k for k, w in sessions.items()
                if (w.id_hash == id_hash if id_hash is not None else
                    w.seen_at < seen_before if seen_before is not None else
                    w.account_id == account_id)]
        for key in gone:
            del sessions[key]
        return len(gone)

    def find_cases(self, query: CaseQuery) -> tuple[list[CaseSummary], int]:
        found = [s for s in map(self._summary, self.list_cases(query.organisation))
                 if _matches(s, query)]
        return found[query.offset:query.offset + query.limit], len(found)

    def _summary(self, case: Case) -> CaseSummary:
        measures = [a.record.get("value") for a in self._answers.get(case.id, []) if a.path == "measure"]
        applicant = next((p for p in self._people.get(case.id, []) if p.position == 0), None)
        return CaseSummary(case, str(measures[-1]) if measures and measures[-1] is not None else None,
                           applicant.first_name if applicant else None,
                           applicant.last_name if applicant else None)


def _matches(summary: CaseSummary, query: CaseQuery) -> bool:
    case = summary.case
    name = f"{summary.first_name or ''} {summary.last_name or ''}".lower()
    return (case.status != "erased" and query.status in (None, case.status)
            and query.worker in (None, case.worker) and query.case_id in (None, case.id)
            and query.measure in (None, summary.measure)
            and (not query.text or query.text.lower() in name))
