"""A registered social worker in the chat: create cases, invite households, fill and review."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from intake_bot.casework import Casework
from intake_bot.documents import DocumentError
from intake_bot.documents.formatting import language_name
from intake_bot.engine.reader import Reply
from intake_bot.engine.state import STOPPED
from intake_bot.i18n import render
from intake_bot.presentation import progress_bar
from intake_bot.storage.base import Case, Worker
from intake_bot.channels.telegram import _documents as documents
from intake_bot.channels.telegram import _invitations as invitations
from intake_bot.channels.telegram import _views as views
from intake_bot.channels.telegram._callbacks import BadCallback, pack, ref_path, unpack
from intake_bot.channels.telegram._event import BUTTON, COMMAND, EDITED, MEDIA, TEXT, Event
from intake_bot.channels.telegram._household import household_locale
from intake_bot.channels.telegram._interview import Turn
from intake_bot.channels.telegram._objectives import ObjectivesChat
from intake_bot.channels.telegram._outbox import Button, Outbox
from intake_bot.channels.telegram._session import (
    CHANNEL, FILLING, IDLE, OBJECTIVE_TEXT, SETUP, TRANSLATION_TEXT, Session,
)

ROLE = "worker"
LOCALE = "fr"
SETUP_FIELDS = ("measure", "referrer", "diagnostic_level")
CASES_SHOWN = 30
DOCUMENT_KINDS = ("diagnostic", "contract")
TRANSLATION_LIMIT = 2000


@dataclass
class WorkerChat:
    """One update from a registered, active worker."""

    casework: Casework
    worker: Worker
    session: Session
    event: Event
    box: Outbox
    bot_username: str
    invite_ttl_days: int
    now: datetime
    settings: Any = None

    @property
    def actor(self) -> str:
        """How this worker is named in cases and the audit log."""
        return f"{CHANNEL}:{self.worker.telegram_id}"

    def _say(self, message_id: str, rows=(), edit: int | None = None, **params) -> None:
        self.box.say(self.event.chat_id, render(message_id, LOCALE, **params), rows, edit)

    def _case(self) -> Case | None:
        """The selected case, when it is this worker's and not erased."""
        case = self.casework.storage.get_case(self.session.case_id) if self.session.case_id else None
        return case if case and case.created_by == self.actor and case.status != "erased" else None

    def _turn(self, case: Case) -> Turn:
        shown = household_locale(self.casework.storage, case) if self.session.bilingual else None
        return Turn(self.casework, case.id, ROLE, LOCALE, self.event.chat_id, self.session, self.box,
                    shown=shown, below=LOCALE if shown else None)

    def _objectives_chat(self, case: Case) -> ObjectivesChat:
        return ObjectivesChat(self.casework, case, self.session, self.box, self.event.chat_id)

    def handle(self) -> None:
        """Act on the event."""
        kind = self.event.kind
        if kind == MEDIA:
            self._say("tg.text_only")
        elif kind == EDITED:
            self._say("tg.edited")
        elif kind == COMMAND:
            self._command(self.event.command)
        elif kind == TEXT:
            self._text()
        elif kind == BUTTON:
            self._button()

    def _command(self, command: str | None) -> None:
        self.session.clear_awaiting()
        simple = {"new": self._new, "cases": self._cases, "help": self._help, "start": self._start,
                  "pause": self._pause}
        if command in simple:
            simple[command]()
            return
        case_commands = {"fill": self._fill, "answers": self._answers, "progress": self._progress,
                         "invite": self._invite, "revoke": self._revoke, "change": self._change,
                         "back": self._back, "skip": self._skip, "documents": self._documents,
                         "objectives": self._objectives, "bilingual": self._bilingual}
        if command not in case_commands:
            self._say("chat.unknown_command")
            return
        case = self._case()
        if case is None and command == "documents":
            self._say("tg.w.documents_pick", self._case_rows("x"))
        elif case is None:
            self._say("tg.w.no_case")
        else:
            case_commands[command](case)

    def _help(self) -> None:
        self._say("tg.w.help")

    def _start(self) -> None:
        self._say("tg.link_for_household" if self.event.argument else "tg.w.help")

    def _pause(self) -> None:
        self.session.mode = IDLE
        self.session.clear_pending()
        self._say("chat.paused")

    def _new(self) -> None:
        storage = self.casework.storage
        case = storage.create_case(created_by=self.actor, locale=LOCALE)
        storage.update_case(case.id, status="invited")
        self.session.case_id, self.session.mode = case.id, SETUP
        self.session.clear_pending()
        self._say("tg.w.new_case", reference=case.reference)
        self._next(case, None)

    def _next(self, case: Case, edit: int | None) -> None:
        """The next question of the mode, or what ends it (the invitation after setup)."""
        question = self.casework.current(case.id, ROLE)
        if self.session.mode == SETUP:
            if question is not None and question.field.key in SETUP_FIELDS:
                self._turn(case).show(edit)
                return
            self.session.mode = IDLE
            self._send_invitation(case)
        elif self.session.mode == FILLING:
            if not self._turn(case).show(edit):
                self.session.mode = IDLE
                self._say("chat.complete_worker", edit=edit)

    def _send_invitation(self, case: Case) -> None:
        token, invitation = invitations.issue(self.casework.storage, case.id, self.actor,
                                              self.invite_ttl_days, self.now)
        link = invitations.deep_link(self.bot_username, token)
        expires = datetime.fromisoformat(invitation.expires_at).date()
        self._say("tg.w.invite", reference=case.reference, expires=expires, link=link)
        self.box.photo(self.event.chat_id, invitations.qr_png(link),
                       render("tg.w.qr_caption", LOCALE, reference=case.reference))

    def _cases(self) -> None:
        rows = self._case_rows("w")
        if rows:
            self._say("tg.w.cases_title", rows)
        else:
            self._say("tg.w.no_cases")

    def _case_rows(self, kind: str) -> list[list[Button]]:
        """One button per case of this worker (newest first), with button data ``kind|id``."""
        mine = [c for c in self.casework.storage.list_cases() if c.created_by == self.actor
                and c.status != "erased"][:CASES_SHOWN]
        rows = []
        for case in mine:
            progress = self.casework.progress(case.id, "household")
            label = render("tg.w.case_button", LOCALE, reference=case.reference,
                           status=render(f"tg.status.{case.status}", LOCALE),
                           answered=progress.answered, total=progress.total)
            rows.append([Button(label, pack(kind, case.id))])
        return rows

    def _fill(self, case: Case) -> None:
        self.session.mode = FILLING
        self._next(case, None)

    def _answers(self, case: Case) -> None:
        lines = views.answer_lines(self.casework, case.id, ROLE, LOCALE, show_raw=True)
        title = render("tg.w.answers_title", LOCALE, reference=case.reference)
        body = lines or [render("tg.w.no_answers", LOCALE)]
        rows = views.translation_rows(self.casework, case.id, ROLE, LOCALE)
        body += ["", render("tg.w.fix_title", LOCALE)] if rows else []
        texts = views.chunks([title, *body])
        for number, text in enumerate(texts, start=1):
            self.box.say(self.event.chat_id, text, rows if number == len(texts) else ())

    def _progress(self, case: Case) -> None:
        self._say("tg.w.progress", reference=case.reference,
                  status=render(f"tg.status.{case.status}", LOCALE),
                  household=progress_bar(self.casework.progress(case.id, "household"), LOCALE),
                  worker=progress_bar(self.casework.progress(case.id, ROLE), LOCALE))

    def _invite(self, case: Case) -> None:
        self._send_invitation(case)

    def _revoke(self, case: Case) -> None:
        count = self.casework.storage.revoke_invitations(case.id, self.actor)
        self._say("tg.w.revoked", reference=case.reference, count=count)

    def _change(self, case: Case) -> None:
        self.session.mode = FILLING
        self._turn(case).change_menu()

    def _back(self, case: Case) -> None:
        self.session.mode = FILLING if self.session.mode == IDLE else self.session.mode
        self._turn(case).back()

    def _skip(self, case: Case) -> None:
        self._answer(case, Reply(skip=True), None)

    def _documents(self, case: Case) -> None:
        """Make both documents from the current answers and send them, each release audited."""
        storage = self.casework.storage
        if self.casework.state(case.id)["status"] == STOPPED:
            documents.deny(storage, self.actor, case.id, "documents", "refused")
            self._say("tg.w.documents_stopped", reference=case.reference)
            return
        try:
            built = documents.build(self.casework, case, self.settings, DOCUMENT_KINDS,
                                    household_locale(storage, case))
        except DocumentError as exc:
            documents.deny(storage, self.actor, case.id, "documents", "build_failed")
            self._say("tg.w.documents_failed", reference=case.reference, reason=str(exc))
            return
        for kind, content in built.items():
            caption = render(f"tg.w.{kind}_caption", LOCALE, reference=case.reference)
            documents.release(self.box, storage, self.event.chat_id, self.actor, ROLE, case, kind,
                              content, caption)
        documents.mark_generated(storage, case)
        self._say("tg.w.documents_sent", reference=case.reference)

    def _objectives(self, case: Case) -> None:
        self._objectives_chat(case).show()

    def _bilingual(self, case: Case) -> None:
        """Show the questions in the household's language with French below, or stop."""
        self.session.bilingual = not self.session.bilingual
        locale = household_locale(self.casework.storage, case)
        if not self.session.bilingual:
            self._say("tg.w.bilingual_off")
        elif locale == LOCALE:
            self._say("tg.w.bilingual_on_french")
        else:
            self._say("tg.w.bilingual_on", language=language_name(locale))
        if self.session.mode in (SETUP, FILLING):
            self._turn(case).show()

    def _text(self) -> None:
        case = self._case()
        if case is not None and self.session.awaiting:
            self._awaited(case)
            return
        if case is None or self.session.mode not in (SETUP, FILLING):
            self._say("tg.w.help")
            return
        self._answer(case, Reply(text=self.event.text), None)

    def _awaited(self, case: Case) -> None:
        """Typed text a button asked for: an objective's actions, or a translation."""
        if self.session.awaiting == OBJECTIVE_TEXT:
            self._objectives_chat(case).typed(self.session.awaiting_ref, self.event.text)
        elif self.session.awaiting == TRANSLATION_TEXT:
            self._translation_typed(case, self.session.awaiting_ref, self.event.text.strip())
        else:
            self.session.clear_awaiting()
            self._say("tg.w.help")

    def _fix_translation(self, case: Case, parts: list[str]) -> None:
        """Ask for the French translation of a free-text answer."""
        if len(parts) != 1:
            raise BadCallback(parts)
        record = self.casework.state(case.id)["answers"].get(ref_path(self.casework.flow, parts[0]))
        if record is None or not views.foreign_text(record):
            self._say("tg.w.answer_gone")
            return
        self.session.expect(TRANSLATION_TEXT, parts[0])
        self._say("tg.w.type_translation", original=record["value"])

    def _translation_typed(self, case: Case, ref: str, text: str) -> None:
        path = ref_path(self.casework.flow, ref)
        slot = self.casework.walk(case.id).slot(path)
        record = self.casework.state(case.id)["answers"].get(path)
        if slot is None or record is None or not views.foreign_text(record):
            self.session.clear_awaiting()
            self._say("tg.w.answer_gone")
        elif len(text) > TRANSLATION_LIMIT:
            self._say("tg.w.text_too_long", length=len(text), limit=TRANSLATION_LIMIT)
        else:
            self.session.clear_awaiting()
            self.casework.set_translation(case.id, path, text, self.actor)
            self._say("tg.w.translation_saved", label=views.answer_label(slot, LOCALE), translation=text)

    def _answer(self, case: Case, reply: Reply, edit: int | None) -> None:
        if self.session.mode not in (SETUP, FILLING):
            self.session.mode = FILLING
        if self._turn(case).reply(reply, edit):
            self._next(case, edit)

    def _button(self) -> None:
        kind, parts = unpack(self.event.data)
        edit = self.event.message_id
        self.box.answer_callback(self.event.callback_id)
        if kind in ("w", "x"):
            case = self._choose(parts)
            if case is not None and kind == "x":
                self._documents(case)
            elif case is not None:
                self._say("tg.w.case_selected", reference=case.reference)
            return
        case = self._case()
        if case is None:
            self._say("tg.w.no_case")
            return
        if kind == "h":
            self._turn(case).change_section(parts, edit)
        elif kind == "q":
            self._turn(case).button(kind, parts, edit)
        elif kind == "o":
            self._objectives_chat(case).button(parts, edit)
        elif kind == "f":
            self._fix_translation(case, parts)
        elif kind in ("a", "s", "c", "t", "g"):
            if self.session.mode not in (SETUP, FILLING):
                self.session.mode = FILLING
            if self._turn(case).button(kind, parts, edit):
                self._next(case, edit)
        else:
            raise BadCallback(kind)

    def _choose(self, parts: list[str]) -> Case | None:
        """Select the case a button names, when it is this worker's (else say it is not found)."""
        if not parts or not parts[0].isdigit():
            raise BadCallback(parts)
        self.session.case_id = int(parts[0])
        case = self._case()
        if case is None:
            self.session.case_id = None
            self._say("tg.w.case_not_found")
            return None
        self.session.mode = IDLE
        self.session.clear_pending()
        self.session.clear_awaiting()
        return case
