"""A household in the chat: language, consent and questions of its own case, nothing else."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from intake_bot.casework import Casework
from intake_bot.documents import DocumentError
from intake_bot.engine.reader import Reply
from intake_bot.engine.state import STOPPED
from intake_bot.i18n import LANGUAGES, render
from intake_bot.storage.base import Case, Participant, Storage
from intake_bot.channels.telegram import _documents as documents
from intake_bot.channels.telegram import _views as views
from intake_bot.channels.telegram._callbacks import BadCallback, pack, unpack
from intake_bot.channels.telegram._event import BUTTON, COMMAND, EDITED, MEDIA, TEXT, Event
from intake_bot.channels.telegram._interview import Turn
from intake_bot.channels.telegram._outbox import Button, Outbox
from intake_bot.channels.telegram._session import CHANNEL, INTERVIEW, LANGUAGE, Session

log = logging.getLogger(__name__)
ROLE = "household"
FRENCH = "fr"
WORKER_COMMANDS = frozenset({"new", "cases", "fill", "answers", "progress", "invite", "revoke",
                             "documents", "objectives"})
DOCUMENT_COMMANDS = frozenset({"documents", "contract"})
MENU = ("l|", "b|")  # the buttons of the language menu


def worker_chat_id(case: Case) -> int | None:
    """The Telegram chat of the worker who created a case, when a Telegram worker did."""
    channel, _, user_id = case.created_by.partition(":")
    return int(user_id) if channel == CHANNEL and user_id.lstrip("-").isdigit() else None


def household_locale(storage: Storage, case: Case) -> str:
    """The language of a case's household: the one it chose in the chat, else the case's."""
    linked = [p for p in storage.participants(case.id) if p.role == ROLE]
    return linked[0].locale if linked else case.locale


@dataclass
class HouseholdChat:
    """One update from a household linked to a case."""

    casework: Casework
    participant: Participant
    session: Session
    event: Event
    box: Outbox
    settings: Any = None

    @property
    def actor(self) -> str:
        """How this person is named in the audit log."""
        return f"{CHANNEL}:{self.event.user_id}"

    @property
    def locale(self) -> str:
        """The language the household chose."""
        return self.participant.locale

    @property
    def chat_id(self) -> int:
        """Where to answer."""
        return self.event.chat_id

    def _turn(self) -> Turn:
        return Turn(self.casework, self.participant.case_id, ROLE, self.locale, self.chat_id,
                    self.session, self.box, below=FRENCH if self.session.bilingual else None)

    def _say(self, message_id: str, rows=(), edit: int | None = None, **params) -> None:
        self.box.say(self.chat_id, views.directed(render(message_id, self.locale, **params), self.locale),
                     rows, edit)

    def handle(self) -> None:
        """Act on the event."""
        self._status_before = self.casework.storage.get_case(self.participant.case_id).status
        kind = self.event.kind
        if kind == MEDIA:
            self._say("tg.text_only")
        elif kind == EDITED:
            self._say("tg.edited")
        elif self.session.mode == LANGUAGE and not (kind == BUTTON and (self.event.data or "")[:2] in MENU):
            self.box.answer_callback(self.event.callback_id)
            self.pick_language()
        elif kind == COMMAND:
            self._command(self.event.command)
        elif kind == TEXT:
            self._typed()
        elif kind == BUTTON:
            self._button()

    def pick_language(self, edit: int | None = None, toggle: bool = False) -> None:
        """Show the language menu, the household's current one first (``toggle``: with the
        button that shows or hides the French under each question)."""
        text, rows = views.language_picker(self.locale)
        if toggle and self.locale != FRENCH:
            on = not self.session.bilingual
            label = render("tg.button_bilingual_on" if on else "tg.button_bilingual_off", self.locale)
            rows.append([Button(label, pack("b", "on" if on else "off"))])
        self.box.say(self.chat_id, text, rows, edit)

    def _typed(self) -> None:
        """A typed answer; a free-text one is translated once the reply is sent."""
        question = self.casework.current(self.participant.case_id, ROLE)
        stored = self._turn().reply(Reply(text=self.event.text))
        if stored and question is not None and question.field.kind == "text":
            self.box.translate_after(self.participant.case_id, self.chat_id, self.event.user_id)
        self._after(stored, None)

    def _command(self, command: str | None) -> None:
        turn = self._turn()
        if command == "start":
            if self.event.argument:
                self._say("tg.already_linked")
            self._resume(turn)
        elif command == "help":
            help_text = render("tg.help_household", self.locale) + "\n" + render("tg.help_contract", self.locale)
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
            self._say("chat.paused")
        elif command == "language":
            self.session.mode = LANGUAGE
            self.pick_language(toggle=True)
        elif command == "delete":
            self._say("tg.delete_confirm", [[Button(render("tg.button_delete", self.locale), pack("d", "yes"))],
                                            [Button(render("tg.button_keep", self.locale), pack("d", "no"))]])
        elif command in WORKER_COMMANDS:
            if command in DOCUMENT_COMMANDS:
                documents.deny(self.casework.storage, self.actor, self.participant.case_id, command,
                               "not_worker")
            self._say("tg.worker_only")
        else:
            self._say("chat.unknown_command")

    def _resume(self, turn: Turn, edit: int | None = None) -> None:
        if not turn.show(edit):
            self._finished(edit)

    def _button(self) -> None:
        kind, parts = unpack(self.event.data)
        edit = self.event.message_id
        self.box.answer_callback(self.event.callback_id)
        if kind == "l":
            self._language(parts, edit)
        elif kind == "b":
            self._bilingual(parts, edit)
        elif kind == "d":
            self._delete(parts, edit)
        elif kind == "h":
            self._turn().change_section(parts, edit)
        else:
            self._after(self._turn().button(kind, parts, edit), edit)

    def _language(self, parts: list[str], edit: int | None) -> None:
        if not parts or parts[0] not in LANGUAGES:
            raise BadCallback(parts)
        first_time = self.session.mode == LANGUAGE and not self.casework.state(self.participant.case_id)["answers"]
        self.casework.storage.set_participant_locale(CHANNEL, str(self.event.user_id), parts[0])
        self.participant = self.casework.storage.get_participant(CHANNEL, str(self.event.user_id))
        self.session.mode = INTERVIEW
        self.box.say(self.chat_id, "✓ " + LANGUAGES[parts[0]].native_name, (), edit)
        if first_time:
            self._say("chat.welcome")
        self._resume(self._turn())

    def _bilingual(self, parts: list[str], edit: int | None) -> None:
        """Show (``on``) or stop showing (``off``) the French under each question."""
        if parts not in (["on"], ["off"]):
            raise BadCallback(parts)
        self.session.bilingual = parts == ["on"]
        self.session.mode = INTERVIEW
        message = "tg.button_bilingual_on" if self.session.bilingual else "tg.button_bilingual_off"
        self.box.say(self.chat_id, views.directed("✓ " + render(message, self.locale), self.locale),
                     (), edit)
        self._resume(self._turn())

    def _contract(self) -> None:
        """Send the household its contract (its language beside French), once a worker had the
        documents made; never the diagnostic."""
        storage = self.casework.storage
        case = storage.get_case(self.participant.case_id)
        if not documents.generated(storage, case.id):
            documents.deny(storage, self.actor, case.id, "contract", "not_generated")
            self._say("tg.contract_not_ready")
            return
        try:
            content = documents.build(self.casework, case, self.settings, ("contract",), self.locale)
        except DocumentError:
            log.exception("contract of case %s could not be built", case.id)
            documents.deny(storage, self.actor, case.id, "contract", "build_failed")
            self._say("tg.contract_failed")
            return
        caption = views.directed(render("tg.contract_caption", self.locale, reference=case.reference),
                                 self.locale)
        documents.release(self.box, storage, self.chat_id, self.actor, ROLE, case, "contract",
                          content["contract"], caption)

    def _after(self, stored: bool, edit: int | None) -> None:
        """After an answer: the next question, or the end (summary, worker told)."""
        if not stored or self._turn().show(edit):
            return
        self._finished(edit)
        self._tell_worker(self._status_before)

    def _finished(self, edit: int | None = None) -> None:
        state = self.casework.state(self.participant.case_id)
        if state["status"] == STOPPED:
            self._say(state["stop_message"] or "chat.stopped", edit=edit)
            return
        lines = [render("tg.summary_title", self.locale)]
        lines += views.answer_lines(self.casework, self.participant.case_id, ROLE, self.locale)
        for text in views.chunks([views.directed(line, self.locale) for line in lines]):
            self.box.say(self.chat_id, text)
        self._say("chat.complete_household")

    def _tell_worker(self, status_before: str) -> None:
        case = self.casework.storage.get_case(self.participant.case_id)
        worker = worker_chat_id(case)
        message = {"ready_for_review": "tg.w.household_done", "refused": "tg.w.household_refused"}.get(case.status)
        if worker is not None and message and status_before != case.status:
            self.box.say(worker, render(message, "fr", reference=case.reference))

    def _delete(self, parts: list[str], edit: int | None) -> None:
        if parts != ["yes"]:
            self._say("tg.delete_cancelled", edit=edit)
            return
        storage = self.casework.storage
        case = storage.get_case(self.participant.case_id)
        actor = f"{CHANNEL}:{self.event.user_id}"
        storage.erase_case(case.id, actor)
        storage.revoke_invitations(case.id, actor)
        storage.unlink_participants(case.id)
        documents.forget_case(storage, case.id)
        self._say("tg.deleted", edit=edit)
        worker = worker_chat_id(case)
        if worker is not None:
            self.box.say(worker, render("tg.w.household_erased", "fr", reference=case.reference))
