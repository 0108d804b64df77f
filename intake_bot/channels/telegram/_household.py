"""A household in the chat: language, consent and questions of its own case, nothing else."""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from typing import Callable

from intake_bot.cases import Case, CaseClosed, CaseError, CaseService, Link, statuses
from intake_bot.documents import DocumentError
from intake_bot.engine.reader import Reply
from intake_bot.engine.state import STOPPED
from intake_bot.i18n import LANGUAGES, render
from intake_bot.channels.telegram import _views as views
from intake_bot.channels.telegram._measure import next_review_text
from intake_bot.channels.telegram._callbacks import (
    BadCallback, Bilingual, CallbackData, Erase, Language, Section, unpack,
)
from intake_bot.channels.telegram._event import BUTTON, COMMAND, EDITED, MEDIA, TEXT, Event
from intake_bot.channels.telegram._interview import QUESTION_BUTTONS, Turn
from intake_bot.channels.telegram import _reviews  # issue 13: reviews
from intake_bot.channels.telegram._notices import deliver_notices, shown_since
from intake_bot.channels.telegram._offloop import OffLoop
from intake_bot.channels.telegram._outbox import Button, Outbox
from intake_bot.channels.telegram._session import INTERVIEW, LANGUAGE, PAUSED, Session

log = logging.getLogger(__name__)
ROLE = "household"
FRENCH = "fr"
WORKER_COMMANDS = frozenset({"new", "cases", "fill", "answers", "progress", "invite", "revoke",
                             "documents", "objectives", "takeover", "erase"})
DOCUMENT_COMMANDS = frozenset({"documents", "contract"})


@dataclass
class HouseholdChat:
    """One update from a household whose account is linked to its case."""

    service: CaseService
    link: Link
    case: Case
    session: Session
    event: Event
    box: Outbox

    @property
    def actor(self) -> str:
        """How this person is named in the audit log."""
        return self.link.account_id

    @property
    def locale(self) -> str:
        """The language the household chose."""
        return self.case.locale

    @property
    def chat_id(self) -> int:
        """Where to answer."""
        return self.event.chat_id

    def _turn(self) -> Turn:
        return Turn(self.service, self.link, self.case.id, self.locale, self.chat_id,
                    self.session, self.box, below=FRENCH if self.session.bilingual else None)

    def _say(self, message_id: str, rows=(), edit: int | None = None, **params) -> None:
        self.box.say(self.chat_id, views.directed(render(message_id, self.locale, **params), self.locale),
                     rows, edit)

    def handle(self) -> None:
        """Act on the event; a request the case service refuses is told in the household's language."""
        try:
            self._handle()
        except CaseClosed:
            self._say("tg.case_closed_household")
        except CaseError as refused:
            self._say(refused.message_id, **refused.params)

    def _handle(self) -> None:
        kind = self.event.kind
        if kind == MEDIA:
            self._say("tg.text_only")
        elif kind == EDITED:
            self._say("tg.edited")
        elif _reviews.household_takes(self):  # issue 13: its part of a review
            pass
        elif self.session.mode == LANGUAGE and not (kind == BUTTON and self._menu_button()):
            self.box.answer_callback(self.event.callback_id)
            self.pick_language()
        elif kind == COMMAND:
            self._command(self.event.command)
        elif kind == TEXT and self.session.mode == PAUSED:  # issue 14: not an answer
            self._say("chat.paused_reminder")
        elif kind == TEXT:
            self._typed()
        elif kind == BUTTON:
            self._button()

    def _menu_button(self) -> bool:
        try:
            return isinstance(unpack(self.event.data), (Language, Bilingual))
        except BadCallback:
            return False

    def pick_language(self, edit: int | None = None, toggle: bool = False) -> None:
        """Show the language menu, the household's current one first (``toggle``: with the
        button that shows or hides the French under each question)."""
        text, rows = views.language_picker(self.locale)
        if toggle and self.locale != FRENCH:
            on = not self.session.bilingual
            label = render("tg.button_bilingual_on" if on else "tg.button_bilingual_off", self.locale)
            rows.append([Button(label, Bilingual("on" if on else "off").pack())])
        self.box.say(self.chat_id, text, rows, edit)

    def _typed(self) -> None:
        """A typed answer; a free-text one is translated once the reply is sent."""
        question = self.service.screen(self.link, self.case.id).question
        stored = self._turn().reply(Reply(text=self.event.text))
        if stored and question is not None and question.field.kind == "text":
            self.box.translate_after(self.case.id, self.chat_id, self.event.user_id)
        self._after(stored, None)

    def _command(self, command: str | None) -> None:
        turn = self._turn()
        if self.session.mode == PAUSED and command not in ("pause", "help"):
            self.session.mode = INTERVIEW  # any other command resumes
        if command == "start":
            if self.event.argument:
                self._open_link(self.event.argument)
            self._resume(self._turn())
        elif command == "help":
            help_text = render("tg.help_household", self.locale) + "\n" + render("tg.help_contract", self.locale)
            review = next_review_text(self.service, self.link, self.locale)  # issue 13
            help_text += "\n\n" + review if review else ""
            self.box.say(self.chat_id, views.directed(help_text, self.locale))
        elif command == "contract":
            self._contract()
        elif command == "back":
            turn.back()
        elif command == "change":
            turn.change_menu()
        elif command == "skip":
            self._after(turn.reply(Reply(skip=True)), None)
        elif command == "pause":
            self.session.clear_pending()
            self.session.mode = PAUSED
            self._say("chat.paused_resume")
        elif command == "language":
            self.session.mode = LANGUAGE
            self.pick_language(toggle=True)
        elif command == "delete":
            self._say("tg.delete_confirm", [
                [Button(render("tg.button_delete", self.locale), Erase(self.case.id, "yes").pack())],
                [Button(render("tg.button_keep", self.locale), Erase(self.case.id, "no").pack())]])
        elif command in WORKER_COMMANDS:
            if command in DOCUMENT_COMMANDS:
                self.service.deny(self.actor, self.case.id, command, "not_worker")
            self._say("tg.worker_only")
        else:
            self._say("chat.unknown_command")

    def _open_link(self, token: str) -> None:
        """A new invitation of its own case reopens a refused case; any other link changes
        nothing (the household keeps answering its case, the other link stays unused)."""
        redeemed = self.service.redeem(self.link.channel, self.link.user_id, token,
                                       self.event.display, self.locale)
        deliver_notices(self.box, redeemed.notices)
        if redeemed.result == "linked":
            self.case = redeemed.case
        else:
            self._say("tg.already_linked")

    def _resume(self, turn: Turn, edit: int | None = None) -> None:
        if self.case.status == statuses.REFUSED or not turn.show(edit):
            self._finished(edit)

    def _button(self) -> None:
        data = unpack(self.event.data)
        self.box.answer_callback(self.event.callback_id)
        handler = self._buttons().get(type(data))
        if handler is None:
            raise BadCallback(data)
        if hasattr(data, "case") and data.case != self.case.id:  # a button of another case
            self._say("tg.stale_button")
            return
        handler(data, self.event.message_id)

    def _buttons(self) -> dict[type[CallbackData], Callable[[CallbackData, int | None], None]]:
        """The kinds of button a household uses, and what each does."""
        return {Language: self._language, Bilingual: self._bilingual, Erase: self._delete,
                Section: lambda data, edit: self._turn().change_section(data, edit),
                **{kind: self._question_button for kind in QUESTION_BUTTONS}}

    def _question_button(self, data: CallbackData, edit: int | None) -> None:
        if self.session.mode == PAUSED:  # a tap on a question is a deliberate answer: resume
            self.session.mode = INTERVIEW
        self._after(self._turn().button(data, edit), edit)

    def _language(self, data: Language, edit: int | None) -> None:
        if data.locale not in LANGUAGES:
            raise BadCallback(data)
        # issue 14: the worker may have answered the case questions already; the welcome is for
        # a household that has not answered anything yet
        answers = self.service.casework.state(self.case.id)["answers"].values()
        first_time = self.session.mode == LANGUAGE and not any(r.get("by") == "household" for r in answers)
        self.case = self.service.set_household_language(self.link, data.locale)
        self.session.mode = INTERVIEW
        self.box.say(self.chat_id, "✓ " + LANGUAGES[data.locale].native_name, (), edit)
        if first_time:
            self._say("chat.welcome")
        self._resume(self._turn())

    def _bilingual(self, data: Bilingual, edit: int | None) -> None:
        """Show (``on``) or stop showing (``off``) the French under each question."""
        if data.state not in ("on", "off"):
            raise BadCallback(data)
        self.session.bilingual = data.state == "on"
        self.session.mode = INTERVIEW
        message = "tg.button_bilingual_on" if self.session.bilingual else "tg.button_bilingual_off"
        self.box.say(self.chat_id, views.directed("✓ " + render(message, self.locale), self.locale),
                     (), edit)
        self._resume(self._turn())

    def _contract(self) -> None:
        """Send the household its contract (its language beside French), once a worker had the
        documents made; never the diagnostic."""
        try:
            gathered = self.service.gather_household_contract(self.link)
        except DocumentError:
            log.exception("contract of case %s could not be built", self.case.id)
            self._say("tg.contract_failed")
            return
        except CaseError:
            self._say("tg.contract_not_ready")
            return
        finish = lambda outcome, box: replace(self, box=box)._contract_built(gathered, outcome)
        self.box.later(OffLoop(self.chat_id, gathered.build, finish))  # issue 16: off the loop

    def _contract_built(self, gathered, outcome) -> None:
        """Audit and send the contract built off the loop (``outcome``: it, or the error)."""
        if isinstance(outcome, Exception) and not isinstance(outcome, DocumentError):
            raise outcome
        try:
            document = self.service.record_household_contract(self.link, gathered, outcome)
        except DocumentError:
            log.error("contract of case %s could not be built: %s", self.case.id, outcome)
            self._say("tg.contract_failed")
            return
        except CaseError:  # unlinked or erased meanwhile
            self._say("tg.contract_not_ready")
            return
        caption = views.directed(render("tg.contract_caption", self.locale, reference=self.case.reference),
                                 self.locale)
        self.box.document(self.chat_id, document.content, document.file_name, caption)

    def _after(self, stored: bool, edit: int | None) -> None:
        """After an answer: the next question, or the end (summary)."""
        if not stored:
            return
        self.case = self.service.case(self.link, self.case.id)
        if self.case.status != statuses.REFUSED and self._turn().show(edit):
            return
        self._finished(edit)

    def _finished(self, edit: int | None = None) -> None:
        state = self.service.casework.state(self.case.id)
        if state["status"] == STOPPED:
            self._say(state["stop_message"] or "chat.stopped", edit=edit)
            return
        lines = [render("tg.summary_title", self.locale)]
        lines += views.answer_lines(self.service.casework, self.case.id, ROLE, self.locale)
        for text in views.chunks([views.directed(line, self.locale) for line in lines]):
            self.box.say(self.chat_id, text)
        self._say("chat.complete_household")

    def _delete(self, data: Erase, edit: int | None) -> None:
        if data.choice != "yes":
            self._say("tg.delete_cancelled", edit=edit)
            return
        notices = self.service.erase(self.link, self.case.id)
        self.box.delete(self.chat_id, self.service.take_messages(self.chat_id, shown_since()))
        self._say("tg.deleted", edit=edit)
        deliver_notices(self.box, notices)
