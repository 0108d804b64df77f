"""The channel's core: one update in, the messages to send out; every write committed first.

Each update is handled in one storage transaction that also records its update id, so a
duplicated update changes nothing, and an answer is durable before any reply leaves.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import Callable

from intake_bot.cases import Account, Case, CaseService, Link
from intake_bot.i18n import LANGUAGES, match_locale, render, use_locale
from intake_bot.channels.telegram import _followup as followup
from intake_bot.channels.telegram import _views as views
from intake_bot.channels.telegram._callbacks import BadCallback
from intake_bot.channels.telegram._event import BUTTON, GROUP, OTHER, Event
from intake_bot.channels.telegram._household import HouseholdChat
from intake_bot.channels.telegram._outbox import AfterText, Outbox
from intake_bot.channels.telegram._session import CHANNEL, load_session, save_session
from intake_bot.channels.telegram._welcome import Welcome
from intake_bot.channels.telegram._worker import LOCALE as WORKER_LOCALE, WorkerChat

log = logging.getLogger(__name__)


@dataclass
class Core:
    """Routes events to the staff, household or welcome conversation."""

    service: CaseService
    bot_username: str = ""
    in_transaction: Callable[[], None] = lambda: None  # e.g. write the message ids noted
    locales: dict[int, str] = field(default_factory=dict)  # last known, for "not saved" notices

    @property
    def casework(self):
        """The interview engine below the case service."""
        return self.service.casework

    def now(self) -> datetime:
        """The current time by the casework's clock."""
        return self.service.now()

    def locale_of(self, user_id: int | None, language_code: str | None = None) -> str:
        """The language to answer a user in: chosen (household), French (staff), else their app's."""
        return self._who(user_id).locale(language_code)

    def known_locale(self, user_id: int | None, language_code: str | None) -> str:
        """The language a user was last answered in, without reading the store (it may be what
        failed); their app's when unknown."""
        return self.locales.get(user_id) or match_locale(language_code)

    def _who(self, user_id: int | None) -> "Who":
        if user_id is None:
            return Who(None, None, None)
        link = self.service.household(CHANNEL, str(user_id))
        case = self.service.store_case(link) if link and not link.pending else None
        return Who(link, case, self.service.account(f"{CHANNEL}:{user_id}"))

    def handle(self, event: Event) -> Outbox:
        """Handle one event in one transaction; an already processed update gives nothing.
        The transaction may join a group commit: the caller waits for ``open_group()`` to be
        committed before sending the replies (``_groupcommit``)."""
        box = Outbox()
        with self.service.transaction(event.chat_id, grouped=True):
            if not self.service.claim_update(event.update_id):
                log.info("duplicate update %s ignored", event.update_id)
                return box
            if event.kind == OTHER or event.user_id is None or event.chat_id is None:
                return box
            self.in_transaction()
            who = self._who(event.user_id)
            self.locales[event.user_id] = who.locale(event.language_code)
            with use_locale(who.locale(event.language_code)):
                self._route(event, who, box)
        return box

    def _route(self, event: Event, who: "Who", box: Outbox) -> None:
        locale = who.locale(event.language_code)
        if event.kind == GROUP:
            box.say(event.chat_id, views.directed(render("tg.private_only", locale), locale))
            return
        session = load_session(self.service, event.user_id)
        try:
            self._converse(event, who, session, box)
        except (BadCallback, ValueError):
            log.warning("unreadable button %r from update %s", event.data, event.update_id)
            box.items.clear()
            box.answer_callback(event.callback_id, render("tg.stale_button", locale))
            if event.kind != BUTTON:
                raise
        # looked up again: the conversation may have linked (/start) or unlinked (/delete) them
        after = self._who(event.user_id)
        save_session(self.service, event.user_id, session if after.account or after.case else None)

    def _converse(self, event: Event, who: "Who", session, box: Outbox) -> None:
        if who.account:
            WorkerChat(self.service, who.account, session, event, box, self.bot_username,
                       self.now()).handle()
        elif who.case:
            HouseholdChat(self.service, who.link, who.case, session, event, box).handle()
        else:
            Welcome(self.service, session, event, box, waiting=bool(who.link)).handle()

    def finish(self, job, outcome) -> Outbox:
        """The end of work done off the loop (``_offloop.OffLoop``: documents built in a worker
        process): audited and queued in one transaction holding the job's chat again."""
        box = Outbox()
        with self.service.transaction(job.chat_id, grouped=True):
            job.finish(outcome, box)
        return box

    def pending_texts(self, job: AfterText) -> list[tuple[str, str]]:
        """The free text of the job's case still waiting for a translation."""
        return followup.pending_texts(self.casework, job.case_id)

    def after_text(self, job: AfterText, fetched: followup.Fetched) -> Outbox:
        """Store the translations fetched after a free-text answer; then, once, offer the
        language the household keeps writing in. One transaction, no network."""
        box = Outbox()
        with self.service.transaction(grouped=True):
            link = self.service.household(CHANNEL, str(job.user_id))
            if link is None or link.pending or link.case_id != job.case_id:
                return box  # unlinked (erased) meanwhile
            followup.store_translations(self.service, job.case_id, fetched)
            offered = self.service.language_offer(link)
            current = self.service.store_case(link).locale
            if offered in LANGUAGES:
                followup.offer_language(box, job.chat_id, offered, current)
        return box


@dataclass(frozen=True)
class Who:
    """Who sent an update, looked up once: a household's link (and its case), or staff."""

    link: Link | None
    case: Case | None
    account: Account | None

    def locale(self, language_code: str | None) -> str:
        """Their language: chosen (household), French (staff), else their app's."""
        if self.account:
            return WORKER_LOCALE
        if self.case:
            return self.case.locale
        return match_locale(language_code)
