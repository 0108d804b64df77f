"""Someone the bot does not know yet: an invitation link opens their case, nothing else does."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from intake_bot.casework import Casework
from intake_bot.i18n import match_locale, render
from intake_bot.channels.telegram import _invitations as invitations
from intake_bot.channels.telegram import _views as views
from intake_bot.channels.telegram._event import COMMAND, Event
from intake_bot.channels.telegram import _documents as documents
from intake_bot.channels.telegram._household import DOCUMENT_COMMANDS, WORKER_COMMANDS, worker_chat_id
from intake_bot.channels.telegram._outbox import Outbox
from intake_bot.channels.telegram._session import CHANNEL, LANGUAGE, Session


@dataclass
class Welcome:
    """One update from a person who is neither a worker nor linked to a case."""

    casework: Casework
    session: Session
    event: Event
    box: Outbox
    now: datetime

    @property
    def locale(self) -> str:
        """The language of the person's Telegram app, when we speak it."""
        return match_locale(self.event.language_code)

    def _say(self, message_id: str, **params) -> None:
        text = render(message_id, self.locale, **params)
        self.box.say(self.event.chat_id, views.directed(text, self.locale))

    def handle(self) -> None:
        """Redeem an invitation, or explain how to start; never say whether a case exists."""
        event = self.event
        if event.kind == COMMAND and event.command == "start" and event.argument:
            self._redeem(event.argument)
        elif event.kind == COMMAND and event.command in WORKER_COMMANDS:
            self._refuse_documents(event.command)
            self._say("tg.worker_only")
        elif event.kind == COMMAND and event.command in DOCUMENT_COMMANDS:
            self._refuse_documents(event.command)
            self._say("tg.not_linked")
        else:
            self.box.answer_callback(event.callback_id, render("tg.stale_button", self.locale))
            self._say("tg.not_linked")

    def _refuse_documents(self, command: str) -> None:
        if command in DOCUMENT_COMMANDS:
            documents.deny(self.casework.storage, f"{CHANNEL}:{self.event.user_id}", None, command,
                           "unknown_user")

    def _redeem(self, token: str) -> None:
        storage = self.casework.storage
        invitation = invitations.find_usable(storage, token, self.now)
        if invitation is None:
            self._say("tg.invalid_link")
            return
        actor = f"{CHANNEL}:{self.event.user_id}"
        storage.mark_invitation_used(invitation.token_hash, actor)
        storage.link_participant(CHANNEL, str(self.event.user_id), invitation.case_id, "household",
                                 self.locale)
        case = storage.get_case(invitation.case_id)
        if case.status == "invited":
            case = storage.update_case(case.id, status="household_answering")
        self.session.mode, self.session.case_id = LANGUAGE, None
        text, rows = views.language_picker(self.locale)
        self.box.say(self.event.chat_id, text, rows)
        worker = worker_chat_id(case)
        if worker is not None:
            self.box.say(worker, render("tg.w.household_linked", "fr", reference=case.reference))
