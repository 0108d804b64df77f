"""Someone the bot does not know yet: an invitation link opens their case, nothing else does."""

from __future__ import annotations

from dataclasses import dataclass

from intake_bot.cases import CaseService
from intake_bot.i18n import match_locale, render
from intake_bot.channels.telegram import _views as views
from intake_bot.channels.telegram._event import COMMAND, Event
from intake_bot.channels.telegram._household import DOCUMENT_COMMANDS, WORKER_COMMANDS
from intake_bot.channels.telegram._notices import deliver_notices
from intake_bot.channels.telegram._outbox import Outbox
from intake_bot.channels.telegram._session import CHANNEL, LANGUAGE, Session


@dataclass
class Welcome:
    """One update from a person who is neither staff nor linked to a case (or whose new account
    waits for the worker's confirmation)."""

    service: CaseService
    session: Session
    event: Event
    box: Outbox
    waiting: bool = False

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
        elif event.kind == COMMAND and event.command in WORKER_COMMANDS | DOCUMENT_COMMANDS:
            if event.command in DOCUMENT_COMMANDS:
                self.service.deny(f"{CHANNEL}:{event.user_id}", None, event.command, "unknown_user")
            self._say("tg.worker_only" if event.command in WORKER_COMMANDS else "tg.not_linked")
        else:
            self.box.answer_callback(event.callback_id, render("tg.stale_button", self.locale))
            self._say("tg.link_waiting" if self.waiting else "tg.not_linked")

    def _redeem(self, token: str) -> None:
        redeemed = self.service.redeem(CHANNEL, str(self.event.user_id), token, self.event.display,
                                       self.locale)
        deliver_notices(self.box, redeemed.notices)
        if redeemed.result == "invalid":
            self._say("tg.invalid_link")
        elif redeemed.result == "pending":
            self._say("tg.link_waiting")
        else:
            self.session.mode, self.session.case_id = LANGUAGE, None
            text, rows = views.language_picker(self.locale)
            self.box.say(self.event.chat_id, text, rows)
