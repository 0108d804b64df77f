"""What the bot keeps, behind two small abstract bases over typed records.

* :class:`CaseStore`: cases, their interview, answer history, people, accounts, invitations,
  household links and the audit log. Only the case service (:mod:`intake_bot.cases`) and the
  casework below it use it.
* :class:`ChannelStore`: what a chat door keeps for itself (chat sessions, processed update ids).

Two implementations keep the same contract: :mod:`.memory` (tests) and :mod:`.sqlite` (the
embedded default). Every method that writes is atomic, and :meth:`CaseStore.atomic` groups several
writes of both stores into one transaction.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from contextlib import AbstractContextManager
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from typing import Any, Collection


def utc_now() -> str:
    """The current time as an ISO-8601 UTC string (what every stored timestamp uses)."""
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


HOUSEHOLD_ACTOR = "household"
DISPLAY_KEYS = frozenset({"display"})


def scrub_audit(actor: str, details: dict[str, Any],
                household_accounts: Collection[str]) -> tuple[str, dict[str, Any]]:
    """An audit line of an erased case without personal data: the household's accounts named
    ``household``, display names (``Amina (@amina)``) dropped; staff accounts are kept."""
    def scrub(value: Any) -> Any:
        return HOUSEHOLD_ACTOR if isinstance(value, str) and value in household_accounts else value

    kept = {key: scrub(value) for key, value in details.items() if key not in DISPLAY_KEYS}
    return scrub(actor), kept


@dataclass(frozen=True)
class ObjectiveRecord:
    """One objective of a case's contract as chosen by a worker (theme code, own words, freins,
    and the household situations it was proposed for)."""

    code: str
    text: str | None = None
    freins: tuple[str, ...] = ()
    situations: tuple[str, ...] = ()


@dataclass(frozen=True)
class Case:
    """A household's diagnostic file.

    ``worker`` is the account id of the worker who follows it, ``organisation`` the service it
    belongs to; ``locale`` is the household's language; ``objectives`` the contract objectives a
    worker chose (None: those proposed from the freins).
    """

    id: int
    created_at: str
    created_by: str
    status: str = "invited"
    locale: str = "fr"
    label: str = ""
    organisation: str = ""
    worker: str = ""
    objectives: tuple[ObjectiveRecord, ...] | None = None
    documents_at: str | None = None
    documents_outdated: bool = False
    contract_start: str | None = None
    contract_months: int | None = None
    rights_in_diagnostic: bool = False

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
class Account:
    """A member of staff: ``id`` is how every door and the audit log name them
    (``telegram:4242``); ``role`` is worker, coordinator or admin."""

    id: str
    name: str
    organisation: str
    role: str = "worker"
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
    used_by: str | None = None


@dataclass(frozen=True)
class Link:
    """A household's chat account linked to its case. ``pending`` until a worker confirms it
    when another account was already linked (a lost phone); ``display`` is how the door names
    the account to the worker."""

    channel: str
    user_id: str
    case_id: int
    linked_at: str
    pending: bool = False
    display: str = ""

    @property
    def account_id(self) -> str:
        """``channel:user_id``, as the audit log names this person."""
        return f"{self.channel}:{self.user_id}"


class CaseStore(ABC):
    """Cases, interview states, answer history, people, accounts, invitations, links, audit."""

    @abstractmethod
    def atomic(self) -> AbstractContextManager[None]:
        """A block whose writes (including those of nested methods) commit together or not at all."""

    @abstractmethod
    def create_case(self, created_by: str, organisation: str = "", worker: str = "",
                    locale: str = "fr", status: str = "invited") -> Case:
        """Create a case with an empty interview; audited."""

    @abstractmethod
    def get_case(self, case_id: int) -> Case | None:
        """The case, or None."""

    @abstractmethod
    def list_cases(self, organisation: str | None = None) -> list[Case]:
        """Every case (of ``organisation`` when given), newest first."""

    @abstractmethod
    def update_case(self, case_id: int, **changes: Any) -> Case:
        """Change the mutable fields of a case (status, locale, label, organisation, worker,
        objectives, documents_at, documents_outdated, contract_start, contract_months, rights_in_diagnostic)."""

    @abstractmethod
    def load_state(self, case_id: int) -> dict[str, Any]:
        """The interview state of the case."""

    @abstractmethod
    def save_state(self, case_id: int, state: dict[str, Any], answer: AnswerEvent | None = None,
                   people: list[Person] | None = None) -> None:
        """Atomically store ``state``, the answer that produced it and the people it implies."""

    @abstractmethod
    def answer_history(self, case_id: int) -> list[AnswerEvent]:
        """Every answer ever given for the case, oldest first."""

    @abstractmethod
    def people(self, case_id: int) -> list[Person]:
        """The household's people, applicant first."""

    @abstractmethod
    def erase_case(self, case_id: int, actor: str) -> None:
        """Delete every answer, person, invitation, link and objective of a case; keep the case
        row (status erased, no label) and its audit lines; audited."""

    @abstractmethod
    def audit(self, actor: str, action: str, case_id: int | None = None, **details: Any) -> None:
        """Append a line to the audit log."""

    @abstractmethod
    def audit_log(self, case_id: int | None = None) -> list[dict[str, Any]]:
        """Audit lines, oldest first, for one case or all."""

    @abstractmethod
    def save_account(self, account: Account) -> Account:
        """Create or replace an account (keeping its first creation time)."""

    @abstractmethod
    def get_account(self, account_id: str) -> Account | None:
        """The account, active or not, or None."""

    @abstractmethod
    def list_accounts(self) -> list[Account]:
        """Every account, by id."""

    @abstractmethod
    def save_invitation(self, invitation: Invitation) -> Invitation:
        """Create or replace an invitation."""

    @abstractmethod
    def get_invitation(self, token_hash: str) -> Invitation | None:
        """The invitation with this token hash, or None."""

    @abstractmethod
    def invitations(self, case_id: int) -> list[Invitation]:
        """Every invitation of a case, oldest first."""

    @abstractmethod
    def save_link(self, link: Link) -> Link:
        """Create or replace the link of a chat account (an account has one link at most)."""

    @abstractmethod
    def get_link(self, channel: str, user_id: str) -> Link | None:
        """The link of a chat account, or None."""

    @abstractmethod
    def links(self, case_id: int) -> list[Link]:
        """The chat accounts linked (or waiting to be) to a case."""

    @abstractmethod
    def delete_link(self, channel: str, user_id: str) -> None:
        """Remove the link of a chat account (nothing when there is none)."""

    def use_invitation(self, token_hash: str, used_at: str, used_by: str) -> bool:
        """Mark an invitation used unless it already is or was revoked; True for the one caller
        that did (issue 16: under a race of two processes, the database decides). This default
        is right for a store whose :meth:`atomic` serialises writers (SQLite, memory)."""
        with self.atomic():
            invitation = self.get_invitation(token_hash)
            if invitation is None or invitation.used_at or invitation.revoked_at:
                return False
            self.save_invitation(replace(invitation, used_at=used_at, used_by=used_by))
            return True

    # Issue 11 (erasure, retention, backup): plain methods, so that a store written before them
    # still loads; each store of the project implements them.

    def anonymise_erased(self, case_id: int, household_accounts: Collection[str]) -> None:
        """After :meth:`erase_case`: the case row keeps its creation month only (``2026-11``),
        no creator nor worker, the month of its documents; the case's audit lines name each of
        ``household_accounts`` "household" and keep no display name (:func:`scrub_audit`)."""
        raise NotImplementedError

    def activity(self) -> dict[int, list[str]]:
        """For each case not erased, the times (ISO) of its latest activity of each kind: its
        creation, its interview's last change, its last answer, its last audit line."""
        raise NotImplementedError

    def checkpoint(self) -> None:
        """Push what an erasure removed out of any write-ahead log (nothing by default)."""

    def backup(self, destination: Any) -> None:
        """A consistent copy of the whole store in the file ``destination`` (mode 0600)."""
        raise NotImplementedError


@dataclass(frozen=True)
class QueuedReply:
    """A reply the Bot API did not take, kept until it does: ``payload`` is the door's JSON."""

    id: int
    chat_id: int
    payload: str
    created_at: str


class ChannelStore(ABC):
    """What a chat door keeps between updates: sessions and the ids of updates processed."""

    @abstractmethod
    def atomic(self) -> AbstractContextManager[None]:
        """A block whose writes commit together (shared with the case store of the same file)."""

    @abstractmethod
    def load_session(self, channel: str, user_id: str) -> dict[str, Any]:
        """The chat session data of a user ({} when none)."""

    @abstractmethod
    def save_session(self, channel: str, user_id: str, data: dict[str, Any] | None) -> None:
        """Replace the chat session data of a user (None deletes it)."""

    @abstractmethod
    def claim_update(self, update_id: int) -> bool:
        """Record a chat update as processed; False when it already was (a duplicate)."""

    @abstractmethod
    def forget_updates(self, before: str) -> int:
        """Drop processed-update records older than ``before`` (ISO); return how many."""

    def hold_lease(self, name: str, seconds: float) -> bool:
        """Take or renew the lease of job ``name`` for ``seconds``; False while another process
        holds it (issue 16: a job runs in one instance). True by default: one process."""
        return True

    def lock_chat(self, chat_id: int) -> None:
        """Inside :meth:`atomic`: hold the chat until the transaction ends, so that two processes
        never handle updates of one chat at once (issue 16). Nothing by default: SQLite and the
        in-memory twin already let one writer at a time in."""

    # Issue 11, the chat door's fault tolerance: plain methods kept in memory by default (so every
    # store runs the door); SqliteStorage keeps them in its file (schema "outbox").

    def limit_waits(self, seconds: float) -> None:
        """Wait at most ``seconds`` for another process's write lock (nothing by default)."""

    def queue_reply(self, chat_id: int, payload: str) -> int:
        """Keep a reply that could not be sent (``payload``: the door's JSON); its id, in order."""
        replies = self.__dict__.setdefault("_replies", {})
        reply_id = max(replies, default=0) + 1
        replies[reply_id] = QueuedReply(reply_id, chat_id, payload, utc_now())
        return reply_id

    def queued_replies(self) -> list[QueuedReply]:
        """Every reply kept, oldest first."""
        return [r for _, r in sorted(self.__dict__.get("_replies", {}).items())]

    def drop_reply(self, reply_id: int) -> None:
        """Forget a kept reply (sent, or given up)."""
        self.__dict__.get("_replies", {}).pop(reply_id, None)

    def remember_messages(self, chat_id: int, message_ids: Collection[int], at: str) -> None:
        """Note messages shown in a chat (to delete them when its case is erased)."""
        shown = self.__dict__.setdefault("_shown", {})
        shown.setdefault(chat_id, {}).update({m: at for m in message_ids})

    def forget_messages(self, before: str) -> None:
        """Forget every message noted before ``before`` (too old to be deleted from a chat)."""
        for noted in self.__dict__.get("_shown", {}).values():
            for message_id in [m for m, at in noted.items() if at < before]:
                del noted[message_id]

    def take_messages(self, chat_id: int, since: str) -> list[int]:
        """The messages noted in a chat at or after ``since``, forgetting every one of it."""
        noted = self.__dict__.setdefault("_shown", {}).pop(chat_id, {})
        return sorted(m for m, at in noted.items() if at >= since)


class Storage(CaseStore, ChannelStore, ABC):
    """Both stores over one database, so one transaction can span them (what the bot opens)."""

    def close(self) -> None:
        """Release resources (nothing by default)."""
