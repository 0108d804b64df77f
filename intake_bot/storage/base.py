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
from typing import Any, Callable, Collection


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
    translation: str | None = None  # ``text`` machine-translated into ``translation_locale``
    translation_locale: str | None = None


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

    # Issue 13, reviews (« bilans »): one interview per review of a case, beside the case's own.
    # Plain methods, so that a store written before them still loads; each store implements them.

    def create_review(self, case_id: int, kind: str, started_by: str,
                      context: dict[str, Any]) -> Review:
        """A new review of a case, with an empty interview and what it asks about."""
        raise NotImplementedError

    def get_review(self, review_id: int) -> Review | None:
        """The review, or None."""
        raise NotImplementedError

    def reviews(self, case_id: int) -> list[Review]:
        """Every review of a case, oldest first."""
        raise NotImplementedError

    def save_review_state(self, review_id: int, state: dict[str, Any],
                          answer: AnswerEvent | None = None) -> None:
        """Atomically store a review's interview ``state`` and the answer that produced it."""
        raise NotImplementedError

    def review_history(self, review_id: int) -> list[AnswerEvent]:
        """Every answer ever given in a review, oldest first."""
        raise NotImplementedError

    def complete_review(self, review_id: int, completed_at: str, completed_by: str) -> Review:
        """Mark a review completed (when, by whom); the review as it now is."""
        raise NotImplementedError

    def erase_reviews(self, case_id: int) -> None:
        """Delete every review of a case, its interview and answers (the case's erasure)."""
        raise NotImplementedError


@dataclass(frozen=True)
class Review:
    """A review (« bilan ») of a case: ``kind`` intermediate or final, what it asks about
    (``context``: the contract's objectives and the retained freins, fixed when it started),
    its interview ``state`` (the engine's), and when and by whom it was completed."""

    id: int
    case_id: int
    kind: str
    started_at: str
    started_by: str
    context: dict[str, Any] = field(default_factory=dict)
    state: dict[str, Any] = field(default_factory=dict)
    completed_at: str | None = None
    completed_by: str | None = None


@dataclass(frozen=True)
class QueuedReply:
    """A reply the Bot API did not take, kept until it does: ``payload`` is the door's JSON."""

    id: int
    chat_id: int
    payload: str
    created_at: str


@dataclass(eq=False)
class CommitGroup:
    """Transactions of several updates committed together, with one disk flush (a "group
    commit"): each is durable once its group has ended without error."""

    error: BaseException | None = None
    ended: bool = False
    scheduled: bool = False  # a door has asked for its commit
    _listeners: list[Callable[[BaseException | None], None]] = field(default_factory=list)

    def when_ended(self, listener: Callable[[BaseException | None], None]) -> None:
        """Call ``listener(error)`` once the group is committed (error None) or lost."""
        if self.ended:
            listener(self.error)
        else:
            self._listeners.append(listener)

    def end(self, error: BaseException | None = None) -> None:
        """Committed (``error`` None), or lost with ``error``: tell every listener."""
        self.ended, self.error = True, error
        for listener in self._listeners:
            listener(error)
        self._listeners.clear()


class ChannelStore(ABC):
    """What a chat door keeps between updates: sessions and the ids of updates processed."""

    @abstractmethod
    def atomic(self) -> AbstractContextManager[None]:
        """A block whose writes commit together (shared with the case store of the same file)."""

    def atomic_in_group(self) -> AbstractContextManager[None]:
        """:meth:`atomic`, whose commit may be shared with the transactions that follow it at
        the same moment: durable only once :meth:`open_group` is committed. By default it is
        :meth:`atomic`, durable when it ends."""
        return self.atomic()

    def open_group(self) -> CommitGroup | None:
        """The commit group the last :meth:`atomic_in_group` joined, while not committed."""
        return None

    def commit_group(self, group: CommitGroup) -> None:
        """Commit ``group`` if it is still open (a write outside it commits it first); its
        listeners learn the outcome. Never raises."""

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

    def checkpoint_aside(self, on: bool) -> None:
        """While ``on``: the store's log is folded into its file by a thread of its own, so that
        no commit of the door waits for it (SQLite). Nothing by default."""

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


# Issue 12, the staff web portal: staff passwords, one-time sign-in links, web sessions and
# a case list filtered and paginated by the database. Plain methods, so that a store written
# before them still loads; each store of the project implements them.

@dataclass(frozen=True)
class StaffCredential:
    """A member of staff's password (argon2 hash) and failed sign-ins; ``locked_until`` (ISO)
    refuses every password until then."""

    account_id: str
    password_hash: str | None = None
    failures: int = 0
    locked_until: str | None = None


@dataclass(frozen=True)
class SignInToken:
    """A one-time sign-in link of the portal; only the token's hash is stored."""

    token_hash: str
    account_id: str
    created_at: str
    expires_at: str
    used_at: str | None = None


@dataclass(frozen=True)
class WebSession:
    """A signed-in browser: the hash of its cookie, its CSRF token, when it was last seen."""

    id_hash: str
    account_id: str
    csrf: str
    created_at: str
    seen_at: str


@dataclass(frozen=True)
class CaseQuery:
    """Which cases a page lists: ``organisation``/``worker`` None for any; ``status`` None for
    any but erased; ``measure`` the answer's code; ``text`` a part of the applicant's name;
    ``case_id`` one case; ``offset``/``limit`` the page."""

    organisation: str | None = None
    worker: str | None = None
    status: str | None = None
    measure: str | None = None
    text: str | None = None
    case_id: int | None = None
    offset: int = 0
    limit: int = 20


@dataclass(frozen=True)
class CaseSummary:
    """A line of the case list: the case, its measure code, the applicant's name."""

    case: Case
    measure: str | None = None
    first_name: str | None = None
    last_name: str | None = None


class PortalStore:
    """The portal's part of a store (issue 12)."""

    def save_credential(self, credential: StaffCredential) -> StaffCredential:
        """Create or replace a staff member's credential."""
        raise NotImplementedError

    def get_credential(self, account_id: str) -> StaffCredential | None:
        """The credential of an account, or None."""
        raise NotImplementedError

    def save_sign_in_token(self, token: SignInToken) -> SignInToken:
        """Keep a new one-time sign-in token."""
        raise NotImplementedError

    def use_sign_in_token(self, token_hash: str, used_at: str) -> SignInToken | None:
        """Mark the token used and return it, unless it is unknown or already used (None):
        under a race, the database lets one caller have it."""
        raise NotImplementedError

    def save_web_session(self, session: WebSession) -> WebSession:
        """Create or replace a web session."""
        raise NotImplementedError

    def get_web_session(self, id_hash: str) -> WebSession | None:
        """The web session with this cookie hash, or None."""
        raise NotImplementedError

    def delete_web_sessions(self, id_hash: str | None = None, seen_before: str | None = None,
                            account_id: str | None = None) -> int:
        """Delete the session ``id_hash``, or those last seen before ``seen_before``, or every
        session of ``account_id``; how many."""
        raise NotImplementedError

    def find_cases(self, query: CaseQuery) -> tuple[list[CaseSummary], int]:
        """One page of the cases matching ``query``, newest first, and how many match in all
        (filtered and counted by the database)."""
        raise NotImplementedError


# Issue 13, the life of a measure: its phases (one JSON record per case, kept by
# intake_bot.cases.measure), the follow-up log, and the reminders already sent. Plain methods,
# so that a store written before them still loads; each store of the project implements them.

@dataclass(frozen=True)
class FollowUpEntry:
    """One line of a case's follow-up log: a ``kind`` of contact (visit, call, meeting) or an
    incident (``detail``: payment, neighbour, landlord), on the day ``on`` (ISO date), with a
    short French ``note``, entered by the account ``by`` at ``at`` (ISO time); ``id`` once
    stored."""

    case_id: int
    kind: str
    on: str
    note: str = ""
    by: str = ""
    detail: str = ""
    at: str = ""
    id: int | None = None


class MeasureStore:
    """The measure's part of a store (issue 13)."""

    def get_measure(self, case_id: int) -> dict[str, Any] | None:
        """The measure record of a case (JSON-able data), or None when none was kept."""
        raise NotImplementedError

    def save_measure(self, case_id: int, data: dict[str, Any]) -> None:
        """Create or replace the measure record of a case."""
        raise NotImplementedError

    def measures(self) -> dict[int, dict[str, Any]]:
        """Every measure record, by case id."""
        raise NotImplementedError

    def add_follow_up(self, entry: FollowUpEntry) -> FollowUpEntry:
        """Append a line to a case's follow-up log; the line with its id and time."""
        raise NotImplementedError

    def follow_ups(self, case_id: int | None = None) -> list[FollowUpEntry]:
        """The follow-up log of one case (or of every case), by date then entry order."""
        raise NotImplementedError

    def claim_reminder(self, key: str, case_id: int, at: str) -> bool:
        """Record that reminder ``key`` was sent; False when it already was (send it once)."""
        raise NotImplementedError

    def sent_reminders(self, case_id: int) -> list[str]:
        """The keys of the reminders sent about a case, in the order sent."""
        raise NotImplementedError


# Issue 12, indicators: a few facts per case (its diagnostic level, household type, freins…)
# kept beside its answers, so that the database counts them (GROUP BY) for a period without
# loading any case. Plain methods, so that a store written before them still loads.

#: The fact every case has, whatever its answers: counting it counts the cases.
CASE_FACT = ("case", "1")


@dataclass(frozen=True)
class CaseFacts:
    """What a case counts as in the indicators: the ``day`` it counts on (ISO date), its
    ``measure`` code ('' when unanswered), its ``organisation``, and (key, value) pairs."""

    day: str
    measure: str
    organisation: str
    items: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class FactScope:
    """Which cases a count covers: ``start`` to ``end`` inclusive (ISO dates), one
    ``organisation`` (None: all) and one ``measure`` (None: all)."""

    start: str
    end: str
    organisation: str | None = None
    measure: str | None = None


class FactStore:
    """The indicators' part of a store (issue 12)."""

    def save_facts(self, case_id: int, facts: CaseFacts) -> None:
        """Replace the facts a case's answers imply (only what changed is written); facts
        noted at an event (:meth:`note_fact`) stay, and follow the case's day and measure."""
        raise NotImplementedError

    def note_fact(self, case_id: int, key: str, value: str) -> None:
        """Record a fact of an event (the household's part completed), replacing the case's
        earlier value of ``key``; needs the case to have facts already."""
        raise NotImplementedError

    def fact_counts(self, scope: FactScope) -> dict[str, dict[str, int]]:
        """For the cases of ``scope``: key -> value -> number of cases; the key ``status``
        counts the cases by their current status."""
        raise NotImplementedError

    def fact_median(self, scope: FactScope, key: str) -> float | None:
        """The median of the integer values of ``key`` over the cases of ``scope`` (None when
        no case has one)."""
        raise NotImplementedError

    def measure_counts(self, scope: FactScope) -> dict[str, dict[str, int]]:
        """The measures of the cases of ``scope`` (its organisation and measure): ``outcome``
        -> exit outcome -> exits dated in the period; ``contact`` -> ``contact.<kind>`` or
        ``incident.<detail>`` -> follow-ups dated in the period."""
        raise NotImplementedError

    def measure_average_days(self, scope: FactScope) -> float | None:
        """The average days from the support's start to its exit, over the exits of ``scope``
        dated in the period (None when none)."""
        raise NotImplementedError

    def cases_without_facts(self) -> list[int]:
        """The cases not erased that have no fact yet (a database older than the facts)."""
        raise NotImplementedError


class Storage(CaseStore, ChannelStore, PortalStore, MeasureStore, FactStore, ABC):
    """Both stores over one database, so one transaction can span them (what the bot opens)."""

    def close(self) -> None:
        """Release resources (nothing by default)."""
