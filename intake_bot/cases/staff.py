"""Staff sign-in and what the web portal reads (issue 12), as a part of the case service.

* Passwords: argon2id hashes (argon2-cffi); after :data:`MAX_FAILURES` wrong passwords in a row
  the account refuses every password for :data:`LOCK_MINUTES` (audited); :class:`AddressThrottle`
  slows an address that keeps failing, whichever accounts it tries.
* One-time sign-in links (``/portail`` in the bot): single use, :data:`LINK_MINUTES` minutes,
  only the SHA-256 of the token stored.
* Web sessions kept by the store: the cookie carries a random id whose hash is stored, with the
  session's CSRF token; :data:`IDLE_MINUTES` minutes without a request end it.
* The case list filtered and paginated by the database, the case page's data, every view audited.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from intake_bot.cases import access
from intake_bot.cases import invitations as tokens
from intake_bot.cases.access import SYSTEM_ACCOUNT
from intake_bot.cases.errors import CaseError
from intake_bot.storage.base import (
    Account, Case, CaseQuery, CaseSummary, SignInToken, StaffCredential, WebSession,
)

MAX_FAILURES, LOCK_MINUTES = 5, 15
LINK_MINUTES, IDLE_MINUTES = 10, 30
PAGE_SIZE = 20
EMAIL_PREFIX = "email:"
#: Audit actions that make a document's history on the case page.
DOCUMENT_ACTIONS = ("document.generate", "document.send", "document.denied")
HASHER = PasswordHasher()
#: Verified when no account matches, so that an unknown address takes as long as a known one.
_DUMMY_HASH = HASHER.hash(secrets.token_urlsafe(16))


def email_account_id(email: str) -> str:
    """The account id of a member of staff who signs in with an email address."""
    return EMAIL_PREFIX + email.strip().lower()


def hash_secret(value: str) -> str:
    """How a session id or a sign-in token is stored (SHA-256, hex)."""
    return tokens.hash_token(value)


@dataclass(frozen=True)
class SignIn:
    """The outcome of a sign-in: ``ok`` (with the account), ``invalid`` or ``locked``."""

    result: str
    account: Account | None = None


@dataclass(frozen=True)
class Session:
    """A signed-in browser: its account and CSRF token (``cookie`` only when just opened)."""

    account: Account
    csrf: str
    cookie: str = ""


@dataclass
class AddressThrottle:
    """Failed sign-ins per address (in this process): after :attr:`free` failures, each new
    attempt from the address waits twice as long, up to :attr:`ceiling` seconds."""

    free: int = 3
    ceiling: float = 30.0
    failures: dict[str, int] = field(default_factory=dict)

    def delay(self, address: str) -> float:
        """Seconds to wait before answering ``address``."""
        extra = self.failures.get(address, 0) - self.free
        return 0.0 if extra < 0 else min(self.ceiling, 0.5 * 2 ** extra)

    def failed(self, address: str) -> None:
        """Count a failure of ``address``."""
        self.failures[address] = self.failures.get(address, 0) + 1
        if len(self.failures) > 10_000:  # a flood of addresses: keep memory bounded
            self.failures.pop(next(iter(self.failures)))

    def succeeded(self, address: str) -> None:
        """Forget the failures of ``address``."""
        self.failures.pop(address, None)


@dataclass(frozen=True)
class AnswerLine:
    """One answer of the case page: question, answer as read, who gave it, when, in which
    language; the household's own words and their French translation for free text."""

    path: str
    question: str
    answer: str
    by: str = ""
    at: str = ""
    lang: str = ""
    raw: str | None = None
    translation: str | None = None
    translation_by: str = ""


@dataclass(frozen=True)
class CasePage:
    """What the portal shows of one case."""

    case: Case
    summary: CaseSummary
    sections: list[tuple[str, list[AnswerLine]]]
    figures: Any
    freins_suggested: list[str]
    freins_retained: list[str]
    documents: list[dict[str, Any]]
    audit: list[dict[str, Any]] | None


class StaffPortal:
    """Sign-in, sessions and the portal's reading of cases: mixed into CaseService."""

    # --- accounts and passwords ----------------------------------------------------------

    def add_staff(self, email: str, name: str, organisation: str, role: str,
                  by: Account = SYSTEM_ACCOUNT) -> Account:
        """Create (or update) a member of staff who signs in with an email address."""
        return self.save_account(email_account_id(email), name, organisation, role, by=by)

    def set_password(self, account_id: str, password: str, by: Account = SYSTEM_ACCOUNT) -> None:
        """Set an account's password (argon2id); failures and lock cleared; audited."""
        self._require(by, "accounts")
        if self.store.get_account(account_id) is None:
            raise CaseError("portal.error.no_account", account=account_id)
        if len(password) < 12:
            raise CaseError("portal.error.short_password", minimum=12)
        with self.store.atomic():
            self.store.save_credential(StaffCredential(account_id, HASHER.hash(password)))
            self.store.audit(by.id, "staff.password", None, account=account_id)

    def sign_in(self, email: str, password: str) -> SignIn:
        """Check an email and password; count a failure, lock after :data:`MAX_FAILURES`."""
        account_id = email_account_id(email)
        account = self.account(account_id)
        credential = self.store.get_credential(account_id) if account else None
        if credential is None or not credential.password_hash:
            _verify(_DUMMY_HASH, password)
            return SignIn("invalid")
        now = self.now()
        if credential.locked_until and datetime.fromisoformat(credential.locked_until) > now:
            return SignIn("locked")
        if _verify(credential.password_hash, password):
            self.store.save_credential(StaffCredential(account_id, credential.password_hash))
            return SignIn("ok", account)
        return self._failed(credential, now)

    def _failed(self, credential: StaffCredential, now: datetime) -> SignIn:
        failures = credential.failures + 1
        locked = failures >= MAX_FAILURES
        until = _iso(now + timedelta(minutes=LOCK_MINUTES)) if locked else None
        with self.store.atomic():
            self.store.save_credential(StaffCredential(credential.account_id, credential.password_hash,
                                                       0 if locked else failures, until))
            if locked:
                self.store.audit(credential.account_id, "staff.locked", None, until=until)
        return SignIn("locked" if locked else "invalid")

    # --- one-time sign-in links ----------------------------------------------------------

    def sign_in_link(self, account: Account) -> str:
        """A new one-time sign-in token for ``account`` (shown once, in the link); audited."""
        if account is None or not account.active or account.role not in access.ROLES:
            raise CaseError("case.error.not_allowed")
        token, now = tokens.new_token(), self.now()
        with self.store.atomic():
            self.store.save_sign_in_token(SignInToken(hash_secret(token), account.id, _iso(now),
                                                      _iso(now + timedelta(minutes=LINK_MINUTES))))
            self.store.audit(account.id, "staff.sign_in_link", None)
        return token

    def redeem_sign_in_link(self, token: str) -> SignIn:
        """The account of a one-time link not used yet and not expired (it is used now)."""
        if not tokens.well_formed(token):
            return SignIn("invalid")
        now = self.now()
        used = self.store.use_sign_in_token(hash_secret(token), _iso(now))
        if used is None or datetime.fromisoformat(used.expires_at) <= now:
            return SignIn("invalid")
        account = self.account(used.account_id)
        return SignIn("ok", account) if account else SignIn("invalid")

    # --- web sessions --------------------------------------------------------------------

    def open_web_session(self, account: Account, how: str) -> Session:
        """A new web session for ``account`` (signed in by ``how``); audited."""
        cookie, csrf, now = secrets.token_urlsafe(32), secrets.token_urlsafe(32), self._stamp()
        with self.store.atomic():
            self.store.delete_web_sessions(seen_before=_iso(self.now() - _idle()))
            self.store.save_web_session(WebSession(hash_secret(cookie), account.id, csrf, now, now))
            self.store.audit(account.id, "staff.sign_in", None, how=how)
        return Session(account, csrf, cookie)

    def web_session(self, cookie: str | None) -> Session | None:
        """The session of a cookie when it is known, active, and was seen within
        :data:`IDLE_MINUTES` minutes (its time seen renewed); None otherwise."""
        if not cookie or not tokens.well_formed(cookie):
            return None
        found = self.store.get_web_session(hash_secret(cookie))
        now = self.now()
        if found is None or datetime.fromisoformat(found.seen_at) <= now - _idle():
            return None
        account = self.account(found.account_id)
        if account is None:
            return None
        if datetime.fromisoformat(found.seen_at) < now - timedelta(seconds=30):
            self.store.save_web_session(WebSession(found.id_hash, found.account_id, found.csrf,
                                                   found.created_at, _iso(now)))
        return Session(account, found.csrf)

    def close_web_session(self, cookie: str | None) -> None:
        """Sign out: the session is deleted."""
        if cookie:
            self.store.delete_web_sessions(id_hash=hash_secret(cookie))

    def deactivate_staff(self, by: Account, account_id: str) -> bool:
        """Deactivate an account and end its web sessions; False when unknown."""
        removed = self.remove_account(account_id, by=by)
        if removed:
            self.store.delete_web_sessions(account_id=account_id)
        return removed

    # --- the case list and the case page -------------------------------------------------

    def find_cases(self, account: Account, status: str | None = None, measure: str | None = None,
                   worker: str | None = None, search: str = "", page: int = 1,
                   per_page: int = PAGE_SIZE) -> tuple[list[CaseSummary], int]:
        """One page of the cases ``account`` may read, filtered, and how many match in all."""
        from intake_bot.cases.service import parse_reference

        self._require(account, "list")
        if account.role == access.WORKER:
            worker = account.id
        search = search.strip()
        case_id = parse_reference(search) if search else None
        query = CaseQuery(organisation=None if account.role == access.SYSTEM else account.organisation,
                          worker=worker or None, status=status or None, measure=measure or None,
                          text=None if case_id is not None else search or None, case_id=case_id,
                          offset=(max(page, 1) - 1) * per_page, limit=per_page)
        return self.store.find_cases(query)

    def workers(self, account: Account) -> list[Account]:
        """The workers and coordinators of ``account``'s organisation (for a filter)."""
        return [a for a in self.store.list_accounts()
                if a.role in access.STAFF and a.organisation == account.organisation]

    def staff_names(self, account: Account) -> dict[str, str]:
        """Account id -> name of the staff of ``account``'s organisation (to name workers)."""
        return {a.id: a.name for a in self.store.list_accounts()
                if account.role == access.SYSTEM or a.organisation == account.organisation}

    def case_page(self, account: Account, case_ref: str | int) -> CasePage:
        """Everything the case page shows; the view audited."""
        case = self.case(account, case_ref, "read")
        self.store.audit(account.id, "case.view", case.id, role=account.role)
        walked = self.casework.walk(case.id)
        answers = self.casework.state(case.id)["answers"]
        figures = self.casework.figures(case.id)
        [summary], _ = self.store.find_cases(CaseQuery(case_id=case.id, limit=1))
        history = self.store.audit_log(case.id)
        return CasePage(case, summary, _sections(self.casework.flow, walked, answers), figures,
                        _frein_labels(self.casework.flow, figures.suggested_freins),
                        _frein_labels(self.casework.flow, walked.context.get("freins") or ()),
                        [line for line in history if line["action"] in DOCUMENT_ACTIONS],
                        history if access.can(account, "audit", case) else None)

    def download(self, account: Account, case_ref: str | int, kind: str, translator: Any = None):
        """One document built from the current answers (audited as a generation and a download);
        ``translator`` as :meth:`CaseService.documents`."""
        built = self.documents(account, case_ref, (kind,), translator)
        document = next((d for d in built if d.kind == kind), None)
        if document is None:
            raise CaseError("portal.error.document", reason="; ".join(built.failed.values()))
        self.store.audit(account.id, "document.download", self.case(account, case_ref, "read").id,
                         kind=kind, sha256=document.sha256)
        return document


def _sections(flow: Any, walked: Any, answers: dict[str, Any]) -> list[tuple[str, list[AnswerLine]]]:
    from intake_bot.presentation import question_label, record_text, section_title

    by_section: dict[str, list[AnswerLine]] = {}
    for slot in walked.slots:
        record = answers.get(slot.path)
        if record is None:
            continue
        translation = record.get("translation") or {}
        foreign = "translation" in record and not str(record.get("lang") or "fr").startswith("fr")
        by_section.setdefault(slot.field.section, []).append(AnswerLine(
            slot.path, question_label(slot, "fr"), record_text(slot.field, record, "fr"),
            record.get("by") or "", record.get("at") or "", record.get("lang") or "",
            (record.get("raw") or str(record.get("value") or "")) if foreign else None,
            translation.get("text"), _translator(translation)))
    return [(section_title(flow, s.id, "fr"), by_section[s.id]) for s in flow.sections
            if s.id in by_section]


def _translator(translation: dict[str, Any]) -> str:
    if translation.get("engine") == "human":
        return translation.get("by") or "human"
    return translation.get("engine") or "" if translation.get("machine") else ""


def _frein_labels(flow: Any, codes: Any) -> list[str]:
    from intake_bot.i18n import choice_label

    f = flow.field("freins")
    return [choice_label(f, f.choice(code), "fr") if f.choice(code) else str(code) for code in codes]


def _verify(password_hash: str, password: str) -> bool:
    try:
        return HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _idle() -> timedelta:
    return timedelta(minutes=IDLE_MINUTES)


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="milliseconds")


def same_token(given: str | None, expected: str | None) -> bool:
    """Whether a CSRF token matches (constant time); never for an empty one."""
    return bool(given) and bool(expected) and hmac.compare_digest(given, expected)
