"""The channel's core: one update in, the messages to send out; every write committed first.

Each update is handled in one storage transaction that also records its update id, so a
duplicated update changes nothing, and an answer is durable before any reply leaves.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from intake_bot.casework import Casework
from intake_bot.storage.base import Participant, Worker
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
    """Routes events to the worker, household or welcome conversation."""

    casework: Casework
    invite_ttl_days: int = 14
    bot_username: str = ""
    settings: Any = None  # the application's Settings (organisation name of the documents)

    @property
    def storage(self):
        """The casework's storage."""
        return self.casework.storage

    def now(self) -> datetime:
        """The current time by the casework's clock."""
        return self.casework.clock()

    def locale_of(self, user_id: int | None, language_code: str | None = None) -> str:
        """The language to answer a user in: chosen (household), French (worker), else their app's."""
        return self._who(user_id).locale(language_code)

    def _who(self, user_id: int | None) -> "Who":
        if user_id is None:
            return Who(None, None)
        worker = self.storage.get_worker(user_id)
        return Who(self.storage.get_participant(CHANNEL, str(user_id)),
                   worker if worker and worker.active else None)

    def handle(self, event: Event) -> Outbox:
        """Handle one event in one transaction; an already processed update gives nothing."""
        box = Outbox()
        with self.storage.atomic():
            if not self.storage.claim_update(event.update_id):
                log.info("duplicate update %s ignored", event.update_id)
                return box
            if event.kind == OTHER or event.user_id is None or event.chat_id is None:
                return box
            who = self._who(event.user_id)
            with use_locale(who.locale(event.language_code)):
                self._route(event, who, box)
        return box

    def _route(self, event: Event, who: "Who", box: Outbox) -> None:
        locale = who.locale(event.language_code)
        if event.kind == GROUP:
            box.say(event.chat_id, views.directed(render("tg.private_only", locale), locale))
            return
        session = load_session(self.storage, event.user_id)
        try:
            self._converse(event, who, session, box)
        except (BadCallback, ValueError):
            log.warning("unreadable button %r from update %s", event.data, event.update_id)
            box.items.clear()
            box.answer_callback(event.callback_id, render("tg.stale_button", locale))
            if event.kind != BUTTON:
                raise
        # looked up again: the conversation may have linked (/start) or unlinked (/delete) them
        if who.worker or self.storage.get_participant(CHANNEL, str(event.user_id)):
            save_session(self.storage, event.user_id, session)

    def _converse(self, event: Event, who: "Who", session, box: Outbox) -> None:
        if who.worker:
            WorkerChat(self.casework, who.worker, session, event, box, self.bot_username,
                       self.invite_ttl_days, self.now(), self.settings).handle()
        elif who.participant:
            HouseholdChat(self.casework, who.participant, session, event, box, self.settings).handle()
        else:
            Welcome(self.casework, session, event, box, self.now()).handle()

    def pending_texts(self, job: AfterText) -> list[tuple[str, str]]:
        """The free text of the job's case still waiting for a translation."""
        return followup.pending_texts(self.casework, job.case_id)

    def after_text(self, job: AfterText, fetched: followup.Fetched) -> Outbox:
        """Store the translations fetched after a free-text answer; then, once, offer the
        language the household keeps writing in. One transaction, no network."""
        box = Outbox()
        with self.storage.atomic():
            participant = self.storage.get_participant(CHANNEL, str(job.user_id))
            if participant is None or participant.case_id != job.case_id:
                return box  # unlinked (erased) meanwhile
            followup.store_translations(self.casework, job.case_id, fetched)
            offered = self.casework.language_offer(job.case_id, participant.locale)
            if offered in LANGUAGES:
                followup.offer_language(box, job.chat_id, offered, participant.locale)
        return box


@dataclass(frozen=True)
class Who:
    """Who sent an update, looked up once: the case they answer for, or an active worker."""

    participant: Participant | None
    worker: Worker | None

    def locale(self, language_code: str | None) -> str:
        """Their language: chosen (household), French (worker), else their app's."""
        if self.participant:
            return self.participant.locale
        if self.worker:
            return WORKER_LOCALE
        return match_locale(language_code)
