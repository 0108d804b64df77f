"""The case service: the only way a door (console, Telegram, web, CLI) touches a case.

It checks who may do what (:mod:`.access`), moves cases through their statuses
(:mod:`.statuses`), issues and redeems invitations, links household accounts, keeps the
contract's objectives, builds and audits documents, erases, and returns the notices a door
must deliver (:class:`~intake_bot.cases.notices.Notice`), never sending anything itself.
Every request that writes is one transaction of the case store.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any, Union

from intake_bot.cases import access, statuses
from intake_bot.cases import documents as docs
from intake_bot.cases import invitations as tokens
from intake_bot.cases import retention
from intake_bot.cases.access import SYSTEM_ACCOUNT
from intake_bot.cases.errors import CaseClosed, CaseError, CaseNotFound, NotAllowed
from intake_bot.cases.indicators import CaseIndicators  # issue 12: indicators
from intake_bot.cases.notices import CONFIRM_LINK, Notice
from intake_bot.cases.reviews import ReviewsMixin  # issue 13: reviews
from intake_bot.cases.staff import StaffPortal
from intake_bot.cases.measure import MeasurePhases  # issue 13: the measure's phases
from intake_bot.casework import Casework, Screen
from intake_bot.documents import DocumentError
from intake_bot.documents.objectives import Objective
from intake_bot.engine import interview
from intake_bot.engine.interview import Outcome
from intake_bot.engine.reader import Reply
from intake_bot.engine.state import STOPPED
from intake_bot.storage.base import Account, Case, CommitGroup, Invitation, Link, Storage
from intake_bot.translation import NoTranslator  # issue 15: objectives fetched off a door's loop

if TYPE_CHECKING:
    from intake_bot.rights import RightsChecker, RightsReport

HOUSEHOLD, WORKER_ROLE = "household", "worker"
STAFF_LOCALE = "fr"
RETENTION_ACTOR = "system:retention"
REFERENCE = re.compile(r"^\s*(?:d\s*-?\s*)?0*(\d{1,9})\s*$", re.IGNORECASE)

#: Who acts: a staff account (or the system), or a household's linked chat account.
Actor = Union[Account, Link]


def parse_reference(text: str | int) -> int | None:
    """The case id in ``D-000042``, ``d-42``, ``42`` (None when it names no case)."""
    match = REFERENCE.match(str(text))
    return int(match.group(1)) if match else None


def actor_id(actor: Actor) -> str:
    """How the audit log names ``actor``."""
    return actor.account_id if isinstance(actor, Link) else actor.id


def engine_role(actor: Actor) -> str:
    """The questionnaire role of ``actor``: the household, or a worker (any staff)."""
    return HOUSEHOLD if isinstance(actor, Link) else WORKER_ROLE


@dataclass(frozen=True)
class Answered:
    """An answer's outcome and the notices it causes (the household done, documents outdated)."""

    outcome: Outcome
    notices: list[Notice] = field(default_factory=list)


@dataclass(frozen=True)
class Issued:
    """A new invitation: the token (shown once, in the link) and what is stored."""

    token: str
    invitation: Invitation


@dataclass(frozen=True)
class Redeemed:
    """What opening an invitation did: ``linked``, ``pending`` (a worker must confirm a second
    account), ``other_case`` (this account already answers another case: the invitation is left
    unused) or ``invalid`` (unknown, used, revoked, expired, erased case: all look the same)."""

    result: str
    case: Case | None = None
    notices: list[Notice] = field(default_factory=list)


@dataclass
class CaseService(StaffPortal, ReviewsMixin, MeasurePhases, CaseIndicators):
    """Cases for the people allowed to see them, in one case store."""

    casework: Casework
    settings: Any = None
    invite_ttl_days: int = 14
    #: The rights checker (issue 17); None: the process's shared one.
    rights_checker: Any = None

    @property
    def store(self) -> Storage:
        """The store (for the service and the casework only: doors never touch it)."""
        return self.casework.storage

    def now(self) -> datetime:
        """The current time by the casework's clock."""
        return self.casework.clock()

    def _stamp(self) -> str:
        return _iso(self.now())

    # --- accounts -------------------------------------------------------------------------

    def account(self, account_id: str) -> Account | None:
        """The active account with this id, or None (a removed account gets nothing)."""
        found = self.store.get_account(account_id)
        return found if found and found.active else None

    def save_account(self, account_id: str, name: str, organisation: str, role: str,
                     by: Account = SYSTEM_ACCOUNT) -> Account:
        """Create, update or reactivate an account; audited."""
        self._require(by, "accounts")
        if role not in access.ROLES:
            raise CaseError("case.error.role", role=role)
        with self.store.atomic():
            saved = self.store.save_account(Account(account_id, name, organisation, role))
            self.store.audit(by.id, "account.save", None, account=account_id, role=role,
                             organisation=organisation)
        return saved

    def remove_account(self, account_id: str, by: Account = SYSTEM_ACCOUNT) -> bool:
        """Deactivate an account (its cases stay with the organisation); False when unknown."""
        self._require(by, "accounts")
        found = self.store.get_account(account_id)
        if found is None:
            return False
        with self.store.atomic():
            self.store.save_account(replace(found, active=False))
            self.store.audit(by.id, "account.deactivate", None, account=account_id)
        return True

    def accounts(self, by: Account = SYSTEM_ACCOUNT) -> list[Account]:
        """Every account (no household data in them)."""
        self._require(by, "accounts")
        return self.store.list_accounts()

    def staff_ids(self, channel: str) -> list[str]:
        """The user ids, within ``channel``, of every active worker or coordinator (for menus)."""
        return [a.id.partition(":")[2] for a in self.store.list_accounts()
                if a.active and a.role in access.STAFF and a.id.startswith(channel + ":")]

    def close(self) -> None:
        """Release the store."""
        self.store.close()

    # --- door state (chat sessions, processed updates): kept beside the cases -------------

    @contextmanager
    def transaction(self, chat_id: int | None = None, grouped: bool = False):
        """One transaction for everything a door does with one update; with ``chat_id``, no
        other process handles that chat until it ends (issue 16: several instances).

        ``grouped``: its commit may be shared with the updates handled right after it (one
        disk flush for all); the door then waits for :meth:`open_group` to be committed
        before it replies."""
        with self.store.atomic_in_group() if grouped else self.store.atomic():
            if chat_id is not None:
                self.store.lock_chat(chat_id)
            yield

    def open_group(self) -> CommitGroup | None:
        """The group commit the last grouped transaction joined, while not yet committed."""
        return self.store.open_group()

    def commit_group(self, group: CommitGroup) -> None:
        """Commit ``group`` (its listeners learn whether it was); never raises."""
        self.store.commit_group(group)

    def claim_update(self, update_id: int) -> bool:
        """Record an update as processed; False when it already was (a duplicate)."""
        return self.store.claim_update(update_id)

    def forget_updates(self, before: str) -> int:
        """Drop processed-update records older than ``before``."""
        return self.store.forget_updates(before)

    # Issue 11: what a chat door needs to survive a busy database and a Bot API outage.

    def limit_storage_waits(self, seconds: float) -> None:
        """Wait at most ``seconds`` for another process's write lock, then fail (busy)."""
        self.store.limit_waits(seconds)

    def checkpoint_aside(self, on: bool) -> None:
        """While ``on``, the store tidies its log beside the door's commits, not in them."""
        self.store.checkpoint_aside(on)

    def keep_reply(self, chat_id: int, payload: str) -> int:
        """Keep a reply the chat service did not take (committed at once); its id."""
        return self.store.queue_reply(chat_id, payload)

    def kept_replies(self) -> list:
        """The replies kept, oldest first (:class:`~intake_bot.storage.base.QueuedReply`)."""
        return self.store.queued_replies()

    def drop_reply(self, reply_id: int) -> None:
        """Forget a kept reply: sent, or given up."""
        self.store.drop_reply(reply_id)

    def note_messages(self, chat_id: int, message_ids, at: str) -> None:
        """Note messages shown in a chat, to delete them when its case is erased."""
        self.store.remember_messages(chat_id, message_ids, at)

    def forget_messages(self, before: str) -> None:
        """Forget the messages noted before ``before`` (too old to delete from a chat)."""
        self.store.forget_messages(before)

    def take_messages(self, chat_id: int, since: str) -> list[int]:
        """The messages of a chat noted since ``since``; every note of that chat forgotten."""
        return self.store.take_messages(chat_id, since)

    def load_session(self, channel: str, user_id: str) -> dict[str, Any]:
        """A chat user's session data ({} when none)."""
        return self.store.load_session(channel, str(user_id))

    def save_session(self, channel: str, user_id: str, data: dict[str, Any] | None) -> None:
        """Replace a chat user's session data (None deletes it)."""
        self.store.save_session(channel, str(user_id), data)

    # --- cases ----------------------------------------------------------------------------

    def create_case(self, account: Account, locale: str = "fr",
                    status: str = statuses.INVITED) -> Case:
        """A new case of the account's organisation, followed by that account."""
        self._require(account, "create")
        worker = account.id if account.role in access.STAFF else ""
        with self.store.atomic():
            case = self.store.create_case(account.id, account.organisation, worker, locale, status)
            if worker:  # issue 14: what the account says is not asked again (changeable)
                self.casework.prefill(case.id, {"organisation": account.organisation,
                                                "worker_name": account.name,
                                                "diagnostic_date": self.casework.today()}, "worker")
            self._save_facts(case)  # counted in the indicators from its creation
        return case

    def cases(self, account: Account) -> list[Case]:
        """The cases ``account`` may see (not erased), newest first."""
        self._require(account, "list")
        organisation = None if account.role == access.SYSTEM else account.organisation
        return [c for c in self.store.list_cases(organisation)
                if c.status != statuses.ERASED and access.can(account, "read", c)]

    def colleagues_cases(self, account: Account) -> list[Case]:
        """Open cases of the account's organisation that another worker follows."""
        return [c for c in self.store.list_cases(account.organisation)
                if c.status != statuses.ERASED and access.can(account, "take_over", c)]

    def case(self, actor: Actor, case_ref: str | int, action: str = "read") -> Case:
        """The case named ``case_ref`` when ``actor`` may take ``action`` on it; raises
        CaseNotFound otherwise (a case one may not see is not said to exist)."""
        case_id = parse_reference(case_ref)
        case = self.store.get_case(case_id) if case_id is not None else None
        if case is None or not self._allowed(actor, action, case):
            raise CaseNotFound("case.error.not_found", reference=str(case_ref))
        if case.status == statuses.ERASED and action != "audit":
            raise CaseNotFound("case.error.not_found", reference=case.reference)
        return case

    def _allowed(self, actor: Actor, action: str, case: Case) -> bool:
        if isinstance(actor, Link):
            current = self.store.get_link(actor.channel, actor.user_id)
            return (current is not None and not current.pending and current.case_id == case.id
                    and action in ("read", "answer", "erase", "contract"))
        return access.can(actor, action, case)

    def _require(self, account: Account, action: str) -> None:
        if not access.can(account, action):
            raise NotAllowed("case.error.not_allowed")

    def answerable(self, actor: Actor, case_ref: str | int) -> Case:
        """The case when ``actor`` may answer it now; raises CaseClosed when it was refused or
        erased, CaseNotFound when ``actor`` may not see it."""
        return self._open(actor, case_ref, "answer")

    def _open(self, actor: Actor, case_id: int, action: str) -> Case:
        case = self.case(actor, case_id, action)
        if statuses.is_closed(case.status):
            raise CaseClosed(f"case.error.closed_{case.status}", reference=case.reference)
        return case

    def _move(self, case: Case, status: str, actor: str) -> Case:
        if case.status == status:
            return case
        statuses.check_move(case.status, status)
        moved = self.store.update_case(case.id, status=status)
        self.store.audit(actor, "case.status", case.id, status=status, before=case.status)
        return moved

    def take_over(self, account: Account, case_ref: str | int) -> Case:
        """A worker takes over a colleague's case of their organisation; audited."""
        case = self.case(account, case_ref, "take_over")
        with self.store.atomic():
            taken = self.store.update_case(case.id, worker=account.id)
            self.store.audit(account.id, "case.take_over", case.id, previous=case.worker)
        return taken

    def reassign(self, by: Account, case_ref: str | int, to: str) -> tuple[Case, list[Notice]]:
        """Give a case to another worker of its organisation; the new worker is told."""
        case = self.case(by, case_ref, "reassign")
        target = self.account(to)
        if target is None or target.role not in access.STAFF or \
                case.organisation not in ("", target.organisation):
            raise CaseError("case.error.reassign_target", account=to)
        with self.store.atomic():  # a case made at the server's console joins the worker's service
            moved = self.store.update_case(case.id, worker=target.id, organisation=target.organisation)
            self.store.audit(by.id, "case.reassign", case.id, previous=case.worker, to=target.id)
            self._save_facts(moved)  # the indicators count it in its new organisation
        return moved, [self._staff_notice(target.id, "case.notice.assigned", case)]

    # --- the interview --------------------------------------------------------------------

    def answer(self, actor: Actor, case_id: int, reply: Reply, locale: str,
               witnessed: bool = False) -> Answered:
        """Apply ``reply`` from ``actor``; answer, status and audit committed together, then the
        notices to deliver."""
        case = self._open(actor, case_id, "answer")
        role = engine_role(actor)
        with self.store.atomic():
            outcome = self.casework.answer(case.id, reply, role, locale, witnessed=witnessed)
            if outcome.accepted:
                self._save_facts(case, outcome.state)  # the indicators' facts, same transaction
            notices = self._after_answer(case, actor, outcome) if outcome.accepted else []
        return Answered(outcome, notices)

    def _after_answer(self, case: Case, actor: Actor, outcome: Outcome) -> list[Notice]:
        state, who = outcome.state, actor_id(actor)
        if state["status"] == STOPPED:
            self._move(case, statuses.REFUSED, who)
            self.store.audit(who, "consent.refused", case.id)
            return self._tell_worker(case, "case.notice.household_refused")
        notices = []
        if case.documents_at and not case.documents_outdated:
            self.store.update_case(case.id, documents_outdated=True)
            notices += self._tell_worker(case, "case.notice.documents_outdated", exclude=who)
        if engine_role(actor) == HOUSEHOLD and case.status in (statuses.INVITED,
                                                                statuses.HOUSEHOLD_ANSWERING):
            if interview.next_question(self.casework.flow, state, HOUSEHOLD, self.casework.today()) is None:
                self._move(case, statuses.READY_FOR_REVIEW, who)
                self._note_household_done(case)
                notices += self._tell_worker(case, "case.notice.household_done")
        return notices

    def screen(self, actor: Actor, case_id: int) -> Screen:
        """What a chat shows ``actor`` now: the current question and the progress."""
        case = self.case(actor, case_id, "read")
        return self.casework.screen(case.id, engine_role(actor))

    def back(self, actor: Actor, case_id: int) -> None:
        """Step back one question (answers kept)."""
        case = self._open(actor, case_id, "answer")
        self.casework.back(case.id, engine_role(actor))

    def jump(self, actor: Actor, case_id: int, path: str) -> Outcome:
        """Make ``path`` the current question, to change its answer (a closed case: refused)."""
        case = self._open(actor, case_id, "answer")
        return self.casework.jump(case.id, path, engine_role(actor))

    def set_translation(self, account: Account, case_id: int, path: str, text: str) -> None:
        """A worker's own French translation of a household's free-text answer."""
        case = self._open(account, case_id, "answer")
        self.casework.set_translation(case.id, path, text, account.id)

    def translate_pending(self, case_id: int, translator: Any = None) -> int:
        """Store the translations of free-text answers still « à traduire » (``translator``:
        one that answers from what a door fetched off the event loop)."""
        casework = replace(self.casework, translator=translator) if translator else self.casework
        return casework.translate_pending(case_id)

    def language_offer(self, link: Link) -> str | None:
        """The language to offer once, when the household keeps writing in another one."""
        case = self.case(link, link.case_id, "read")
        return self.casework.language_offer(case.id, case.locale)

    def set_household_language(self, link: Link, locale: str) -> Case:
        """The language the household reads and signs its contract in."""
        case = self.case(link, link.case_id, "read")
        return self.store.update_case(case.id, locale=locale)

    # --- invitations and household accounts -----------------------------------------------

    def invite(self, account: Account, case_ref: str | int) -> Issued:
        """A new invitation for the household; every earlier unused one is revoked."""
        case = self.case(account, case_ref, "invite")
        if case.status == statuses.ERASED:
            raise CaseClosed("case.error.closed_erased", reference=case.reference)
        token = tokens.new_token()
        now = self.now()
        invitation = Invitation(tokens.hash_token(token), case.id, account.id, _iso(now),
                                _iso(now + timedelta(days=self.invite_ttl_days)))
        with self.store.atomic():
            self._revoke(case.id, account.id)
            self.store.save_invitation(invitation)
            self.store.audit(account.id, "invitation.create", case.id, expires_at=invitation.expires_at)
        return Issued(token, invitation)

    def revoke(self, account: Account, case_ref: str | int) -> int:
        """Revoke every unused invitation of a case; how many."""
        case = self.case(account, case_ref, "invite")
        with self.store.atomic():
            return self._revoke(case.id, account.id)

    def _revoke(self, case_id: int, actor: str) -> int:
        now = self._stamp()
        open_ones = [i for i in self.store.invitations(case_id) if not i.used_at and not i.revoked_at]
        for invitation in open_ones:
            self.store.save_invitation(replace(invitation, revoked_at=now))
        if open_ones:
            self.store.audit(actor, "invitation.revoke", case_id, count=len(open_ones))
        return len(open_ones)

    def household(self, channel: str, user_id: str) -> Link | None:
        """The link of a household's chat account (active or pending), or None."""
        link = self.store.get_link(channel, str(user_id))
        if link is None:
            return None
        case = self.store.get_case(link.case_id)
        return link if case is not None and case.status != statuses.ERASED else None

    def store_case(self, link: Link) -> Case | None:
        """The case of a household's link (None when it is gone)."""
        return self.store.get_case(link.case_id)

    def redeem(self, channel: str, user_id: str, token: str, display: str, locale: str) -> Redeemed:
        """A person opened an invitation link: link their account to its case, or, when the
        case already has a household account, wait for its worker's confirmation."""
        invitation = self.store.get_invitation(tokens.hash_token(token)) if tokens.well_formed(token) else None
        if not tokens.usable(invitation, self.now()):
            return Redeemed("invalid")
        case = self.store.get_case(invitation.case_id)
        account = f"{channel}:{user_id}"
        if case is None or case.status == statuses.ERASED:
            return Redeemed("invalid")
        current = self.household(channel, user_id)
        if current is not None and not current.pending and current.case_id != case.id:
            return Redeemed("other_case", self.store.get_case(current.case_id))  # link kept unused
        with self.store.atomic():
            if not self.store.use_invitation(invitation.token_hash, self._stamp(), account):
                return Redeemed("invalid")  # another process redeemed it first (issue 16)
            self.store.audit(account, "invitation.use", case.id)
            others = [k for k in self.store.links(case.id) if k.account_id != account and not k.pending]
            link = Link(channel, str(user_id), case.id, self._stamp(), pending=bool(others), display=display)
            self.store.save_link(link)
            if link.pending:
                self.store.audit(account, "case.link_pending", case.id, display=display)
                return Redeemed("pending", case, self._confirm_notices(case, link))
            case = self._linked(case, link, locale)
        return Redeemed("linked", case, self._tell_worker(case, "case.notice.household_linked",
                                                          display=display or account))

    def _linked(self, case: Case, link: Link, locale: str) -> Case:
        self.store.audit(link.account_id, "case.link", case.id, channel=link.channel)
        if case.status == statuses.REFUSED:
            self.casework.reopen(case.id)
            self.store.audit(link.account_id, "consent.reopen", case.id)
        if case.status in (statuses.INVITED, statuses.REFUSED):
            case = self._move(case, statuses.HOUSEHOLD_ANSWERING, link.account_id)
        return self.store.update_case(case.id, locale=locale)

    def link_local_household(self, account: Account, case_ref: str | int, locale: str) -> Link:
        """The household answering at the server's own terminal (console), linked by the
        operator; audited."""
        self._require(account, "accounts")
        case = self._open(account, case_ref, "answer")
        link = Link(account.id.partition(":")[0], "household", case.id, self._stamp())
        with self.store.atomic():
            self.store.save_link(link)
            self.store.audit(account.id, "case.link", case.id, channel=link.channel)
            self.store.update_case(case.id, locale=locale)
        return link

    def confirm_link(self, account: Account, case_ref: str | int, subject: str,
                     accept: bool) -> list[Notice]:
        """The worker accepts (the new account replaces the old one) or refuses a household
        account waiting to be linked; both accounts' people are told."""
        case = self.case(account, case_ref, "invite")
        channel, _, user_id = subject.partition(":")
        pending = self.store.get_link(channel, user_id)
        if pending is None or not pending.pending or pending.case_id != case.id:
            raise CaseError("case.error.nothing_to_confirm", reference=case.reference)
        with self.store.atomic():
            if not accept:
                self.store.delete_link(channel, user_id)
                self.store.audit(account.id, "case.link_refused", case.id, account=subject)
                return [Notice(subject, "case.notice.link_refused", case.locale)]
            for old in self.store.links(case.id):
                if old.account_id != subject:
                    self.store.delete_link(old.channel, old.user_id)
            self.store.save_link(replace(pending, pending=False, linked_at=self._stamp()))
            self.store.audit(account.id, "case.relink", case.id, account=subject)
            self._linked(case, replace(pending, pending=False), case.locale)
        return [Notice(subject, "case.notice.link_confirmed", case.locale)]

    # --- objectives and documents ---------------------------------------------------------

    def objectives(self, account: Account, case_ref: str | int) -> list[Objective]:
        """The contract's objectives: the worker's choice, else those proposed from the freins."""
        case = self.case(account, case_ref, "objectives")
        return docs.contract_objectives(self.casework, case, self._cached_rights(case))

    def set_objectives(self, account: Account, case_ref: str | int,
                       objectives: list[Objective] | None) -> None:
        """Keep the chosen objectives (None: back to those proposed from the freins)."""
        case = self._open(account, case_ref, "objectives")
        if objectives is not None:  # a translation of words since changed is dropped
            objectives = docs.kept_translations(objectives, docs.chosen_objectives(case))
        with self.store.atomic():
            self.store.update_case(case.id, objectives=docs.objective_records(objectives))
            self.store.audit(account.id, "objectives.set", case.id,
                             themes=[o.code for o in objectives] if objectives is not None else None)

    def objectives_to_translate(self, account: Account, case_ref: str | int) -> tuple[list[tuple[str, str]], str]:
        """For a door that calls the backend off its event loop: the objectives the worker typed
        that :meth:`translate_objectives` would offer the configured backend, each (text, its
        language), and the household's language they go into. Nothing without a backend or for
        a closed case. Reads only (access checked as :meth:`translate_objectives` does)."""
        case = self.case(account, case_ref, "objectives")
        chosen = docs.chosen_objectives(case)
        if not chosen or statuses.is_closed(case.status) \
                or isinstance(self.casework.translator, NoTranslator):
            return [], case.locale
        texts = [(o.text, docs.FRENCH) for o in chosen if docs.awaits_translation(o, case.locale)]
        return list(dict.fromkeys(texts)), case.locale

    def translate_objectives(self, account: Account, case_ref: str | int, translator: Any = None) -> int:
        """Offer the objectives the worker typed to the translation backend (``translator``, else
        the configured one): each translated into the household's language is kept beside the
        French, marked machine-translated. Returns how many were translated (0 without a backend)."""
        case = self.case(account, case_ref, "objectives")
        chosen = docs.chosen_objectives(case)
        if not chosen or statuses.is_closed(case.status):
            return 0
        translated, count = docs.translate_objectives(chosen, case.locale, translator or self.casework.translator)
        if count:
            with self.store.atomic():
                self.store.update_case(case.id, objectives=docs.objective_records(translated))
                self.store.audit(account.id, "objectives.translate", case.id, count=count)
        return count

    def set_contract_start(self, account: Account, case_ref: str | int, start: date | None) -> Case:
        """Set the day the contract starts (None: back to the day the documents are made)."""
        case = self._open(account, case_ref, "objectives")
        with self.store.atomic():
            self.store.audit(account.id, "contract.start", case.id,
                             start=start.isoformat() if start else None)
            return self.store.update_case(case.id, contract_start=start.isoformat() if start else None)

    def set_contract_months(self, account: Account, case_ref: str | int, months: int | None) -> Case:
        """Set the contract's duration in months, e.g. one of the measure's bounds when the
        recommended duration is outside them (None: back to the recommended duration)."""
        case = self._open(account, case_ref, "objectives")
        with self.store.atomic():
            self.store.audit(account.id, "contract.months", case.id, months=months)
            return self.store.update_case(case.id, contract_months=months)

    def documents(self, account: Account, case_ref: str | int,
                  kinds: tuple[str, ...] = docs.KINDS, translator: Any = None) -> docs.Built:
        """Both documents from the current answers; each generation audited (kind, SHA-256);
        the case marked generated. A document that cannot be built (a contract out of the
        measure's bounds) is left out, its French reason in ``Built.failed`` and its refusal
        audited, and never costs the others: the diagnostic does not depend on the contract.
        A closed case, or one of which nothing can be built, is refused (and audited).
        ``translator``: as :meth:`translate_objectives` (a door that fetched off its loop
        passes a ``translation.prefetched.Prefetched``)."""
        if "contract" in kinds:  # issue 15: the worker's words in the household's language
            self.translate_objectives(account, case_ref, translator)
        gathered = self.gather_documents(account, case_ref, kinds)
        try:
            built = gathered.build()
        except DocumentError as error:
            return self.record_documents(account, gathered, error)
        return self.record_documents(account, gathered, built)

    def gather_documents(self, account: Account, case_ref: str | int,
                         kinds: tuple[str, ...] = docs.KINDS) -> docs.Gathered:
        """First step of :meth:`documents` for a door that builds off its event loop (issue 16):
        the access check and the case's data, read now; ``Gathered.build()`` then reads no store
        (run it in a thread), and :meth:`record_documents` audits its result."""
        case = self.case(account, case_ref, "documents")
        if statuses.is_closed(case.status):
            self._deny(account.id, case.id, "documents", case.status)
            raise CaseClosed(f"case.error.closed_{case.status}", reference=case.reference)
        return docs.gather(self.casework, case, self.settings, kinds, self._cached_rights(case),
                           self._granted_measure(case))

    def record_documents(self, account: Account, gathered: docs.Gathered,
                         outcome: docs.Built | DocumentError) -> docs.Built:
        """Last step of :meth:`documents`: audit what ``gathered.build()`` gave (raising its
        DocumentError, audited, when nothing could be built) and mark the case generated."""
        case = self.case(account, gathered.case.id, "documents")
        if isinstance(outcome, DocumentError):
            self._deny(account.id, case.id, "documents", "build_failed")
            raise outcome
        with self.store.atomic():
            for kind in outcome.failed:
                self._deny(account.id, case.id, kind, "build_failed")
            for document in outcome:
                self.store.audit(account.id, "document.generate", case.id, kind=document.kind,
                                 sha256=document.sha256, file=document.file_name, role=account.role)
            if case.status not in statuses.AFTER_DOCUMENTS:  # a measure's phases stay
                self._move(case, statuses.DOCUMENTS_GENERATED, account.id)
            self.store.update_case(case.id, documents_at=self._stamp(), documents_outdated=False)
        return outcome

    def rights(self, account: Account, case_ref: str | int, wait: float | None = None,
               checker: RightsChecker | None = None) -> RightsReport:
        """The rights report (issue 17) of the case's current answers: per benefit, estimated
        and declared monthly amounts and the non-take-up flag. Allowed to whoever may have the
        documents made. ``wait``: None blocks until computed (CLI, tests); a door on an event
        loop passes 0 and gets ``pending`` while the worker process computes. Audited."""
        case = self.case(account, case_ref, "documents")
        if statuses.is_closed(case.status):
            raise CaseClosed(f"case.error.closed_{case.status}", reference=case.reference)
        answers = self.casework.walk(case.id).context
        report = (checker or self._rights_checker()).report(answers, self.casework.today(), wait)
        self.store.audit(account.id, "rights.check", case.id, status=report.status,
                         flagged=[line.code for line in report.flagged])
        return report

    def set_rights_in_diagnostic(self, account: Account, case_ref: str | int, shown: bool) -> Case:
        """Whether the diagnostic's budget shows the rights estimate (the worker chooses).
        Audited."""
        case = self._open(account, case_ref, "documents")
        with self.store.atomic():
            self.store.audit(account.id, "rights.in_diagnostic", case.id, shown=bool(shown))
            return self.store.update_case(case.id, rights_in_diagnostic=bool(shown))

    def _rights_checker(self) -> RightsChecker:
        from intake_bot.rights import default_checker  # loads no openfisca: a worker process does

        return self.rights_checker or default_checker()

    def _cached_rights(self, case: Case) -> docs.RightsEstimate | None:
        """The rights check already computed for the case's current answers, as document
        data; None when none is cached (documents never wait for it)."""
        answers = self.casework.walk(case.id).context
        return docs.rights_estimate(self._rights_checker().cached(answers, self.casework.today()))

    def household_contract(self, link: Link) -> docs.Document:
        """The household's own contract (its language beside French), once a worker had the
        documents made; never the diagnostic. Audited."""
        gathered = self.gather_household_contract(link)
        try:
            built = gathered.build()
        except DocumentError as error:
            return self.record_household_contract(link, gathered, error)
        return self.record_household_contract(link, gathered, built)

    def gather_household_contract(self, link: Link) -> docs.Gathered:
        """First step of :meth:`household_contract` (as :meth:`gather_documents`)."""
        case = self.case(link, link.case_id, "contract")
        if case.status not in statuses.AFTER_DOCUMENTS:
            self._deny(link.account_id, case.id, "contract", "not_generated")
            raise CaseError("case.error.contract_not_ready")
        return docs.gather(self.casework, case, self.settings, ("contract",),
                           self._cached_rights(case), self._granted_measure(case))

    def record_household_contract(self, link: Link, gathered: docs.Gathered,
                                  outcome: docs.Built | DocumentError) -> docs.Document:
        """Last step of :meth:`household_contract`: the send audited, or the failure."""
        case = self.case(link, gathered.case.id, "contract")
        if isinstance(outcome, DocumentError):
            self._deny(link.account_id, case.id, "contract", "build_failed")
            raise outcome
        [document] = outcome
        self.store.audit(link.account_id, "document.send", case.id, kind=document.kind,
                         sha256=document.sha256, file=document.file_name, role=HOUSEHOLD)
        return document

    def deny(self, actor_name: str, case_id: int | None, what: str, reason: str) -> None:
        """Log a refused request for documents (from a door that refused it itself)."""
        self._deny(actor_name, case_id, what, reason)

    def _deny(self, actor_name: str, case_id: int | None, what: str, reason: str) -> None:
        self.store.audit(actor_name, "document.denied", case_id, command=what, reason=reason)

    def audit_trail(self, account: Account, case_ref: str | int) -> list[dict[str, Any]]:
        """The audit lines of a case (coordinators and the system)."""
        return self.store.audit_log(self.case(account, case_ref, "audit").id)

    # --- erasure --------------------------------------------------------------------------

    def erase(self, actor: Actor, case_ref: str | int) -> list[Notice]:
        """Erase a case's answers, people, invitations, links and objectives; the household
        or the worker is told (whichever did not ask). What stays is anonymous: see
        :meth:`_erase`."""
        case = self.case(actor, case_ref, "erase")
        who = actor_id(actor)
        households = [k.account_id for k in self.store.links(case.id) if not k.pending]
        self._erase(case, who, retention.REQUEST)
        if isinstance(actor, Link):
            return self._tell_worker(case, "case.notice.household_erased")
        notices = [Notice(h, "case.notice.erased_by_service", case.locale) for h in households]
        return notices + self._tell_worker(case, "case.notice.erased", exclude=who)

    def _erase(self, case: Case, who: str, reason: str) -> None:
        """One transaction: the personal data deleted (pages overwritten: secure_delete), the
        figures for indicators kept in a ``case.indicators`` audit line, the case row and its
        audit lines made anonymous, the household's chat sessions forgotten; then the WAL is
        checkpointed so that no copy of the deleted rows stays in it."""
        accounts = retention.household_accounts(self.store, case.id)
        figures = retention.indicators(self.casework, case, reason, self.now())
        links = self.store.links(case.id)
        with self.store.atomic():
            statuses.check_move(case.status, statuses.ERASED)
            self.store.erase_case(case.id, who)
            self.store.erase_reviews(case.id)  # issue 13: the reviews go with the case
            self.store.audit(who, "case.indicators", case.id, **figures)
            self.store.anonymise_erased(case.id, accounts)
            for link in links:
                self.store.save_session(link.channel, link.user_id, None)
        self.store.checkpoint()

    def hold_lease(self, job: str, seconds: float) -> bool:
        """Whether this process runs the periodic ``job`` for the next ``seconds`` (renewed by
        its holder; taken over once it lapses): one instance runs it (issue 16)."""
        return self.store.hold_lease(job, seconds)

    def purge(self, dry_run: bool = False, months: int | None = None) -> list[retention.Stale]:
        """Erase every case without activity for ``months`` (default: the RETENTION_MONTHS
        setting, 24), as the system; with ``dry_run`` only say which. See :mod:`.retention`
        for what counts as activity."""
        months = months if months is not None else getattr(self.settings, "retention_months", 24)
        found = retention.stale_cases(self.store, self.now(), months)
        for stale in [] if dry_run else found:
            case = self.store.get_case(stale.case_id)
            if case is not None and case.status != statuses.ERASED:
                self._erase(case, RETENTION_ACTOR, retention.RETENTION)
        return found

    def backup(self, destination: Any) -> None:
        """A consistent copy of the whole store in the file ``destination`` (0600), taken
        while the bot may be running (SQLite's online backup API)."""
        self.store.backup(destination)

    # --- notices --------------------------------------------------------------------------

    def _tell_worker(self, case: Case, message_id: str, exclude: str | None = None,
                     **params: Any) -> list[Notice]:
        if not case.worker or case.worker == exclude or self.account(case.worker) is None:
            return []
        return [self._staff_notice(case.worker, message_id, case, **params)]

    def _staff_notice(self, recipient: str, message_id: str, case: Case, **params: Any) -> Notice:
        return Notice(recipient, message_id, STAFF_LOCALE, {"reference": case.reference, **params},
                      case_id=case.id)

    def _confirm_notices(self, case: Case, link: Link) -> list[Notice]:
        if not case.worker or self.account(case.worker) is None:
            return []
        return [Notice(case.worker, "case.notice.confirm_link", STAFF_LOCALE,
                       {"reference": case.reference, "display": link.display or link.account_id},
                       kind=CONFIRM_LINK, case_id=case.id, subject=link.account_id)]


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="milliseconds")
