"""A registered social worker in the chat: create cases, invite households, fill and review."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from intake_bot.casework import Casework
from intake_bot.engine.reader import Reply
from intake_bot.i18n import render
from intake_bot.presentation import progress_bar
from intake_bot.storage.base import Case, Worker
from intake_bot.channels.telegram import _invitations as invitations
from intake_bot.channels.telegram import _views as views
from intake_bot.channels.telegram._callbacks import BadCallback, pack, unpack
from intake_bot.channels.telegram._event import BUTTON, COMMAND, EDITED, MEDIA, TEXT, Event
from intake_bot.channels.telegram._interview import Turn
from intake_bot.channels.telegram._outbox import Button, Outbox
from intake_bot.channels.telegram._session import CHANNEL, FILLING, IDLE, SETUP, Session

ROLE = "worker"
LOCALE = "fr"
SETUP_FIELDS = ("measure", "referrer", "diagnostic_level")
CASES_SHOWN = 30


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
        return Turn(self.casework, case.id, ROLE, LOCALE, self.event.chat_id, self.session, self.box)

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
        simple = {"new": self._new, "cases": self._cases, "help": self._help, "start": self._start,
                  "pause": self._pause}
        if command in simple:
            simple[command]()
            return
        case_commands = {"fill": self._fill, "answers": self._answers, "progress": self._progress,
                         "invite": self._invite, "revoke": self._revoke, "change": self._change,
                         "back": self._back, "skip": self._skip}
        if command not in case_commands:
            self._say("chat.unknown_command")
            return
        case = self._case()
        if case is None:
            self._say("tg.w.no_case")
            return
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
        mine = [c for c in self.casework.storage.list_cases() if c.created_by == self.actor
                and c.status != "erased"][:CASES_SHOWN]
        if not mine:
            self._say("tg.w.no_cases")
            return
        rows = []
        for case in mine:
            progress = self.casework.progress(case.id, "household")
            label = render("tg.w.case_button", LOCALE, reference=case.reference,
                           status=render(f"tg.status.{case.status}", LOCALE),
                           answered=progress.answered, total=progress.total)
            rows.append([Button(label, pack("w", case.id))])
        self._say("tg.w.cases_title", rows)

    def _fill(self, case: Case) -> None:
        self.session.mode = FILLING
        self._next(case, None)

    def _answers(self, case: Case) -> None:
        lines = views.answer_lines(self.casework, case.id, ROLE, LOCALE, show_raw=True)
        title = render("tg.w.answers_title", LOCALE, reference=case.reference)
        body = lines or [render("tg.w.no_answers", LOCALE)]
        for text in views.chunks([title, *body]):
            self.box.say(self.event.chat_id, text)

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

    def _text(self) -> None:
        case = self._case()
        if case is None or self.session.mode not in (SETUP, FILLING):
            self._say("tg.w.help")
            return
        self._answer(case, Reply(text=self.event.text), None)

    def _answer(self, case: Case, reply: Reply, edit: int | None) -> None:
        if self.session.mode not in (SETUP, FILLING):
            self.session.mode = FILLING
        if self._turn(case).reply(reply, edit):
            self._next(case, edit)

    def _button(self) -> None:
        kind, parts = unpack(self.event.data)
        edit = self.event.message_id
        self.box.answer_callback(self.event.callback_id)
        if kind == "w":
            self._select(parts)
            return
        case = self._case()
        if case is None:
            self._say("tg.w.no_case")
            return
        if kind == "h":
            self._turn(case).change_section(parts, edit)
        elif kind in ("a", "s", "c", "t", "g"):
            if self.session.mode not in (SETUP, FILLING):
                self.session.mode = FILLING
            if self._turn(case).button(kind, parts, edit):
                self._next(case, edit)
        else:
            raise BadCallback(kind)

    def _select(self, parts: list[str]) -> None:
        if not parts or not parts[0].isdigit():
            raise BadCallback(parts)
        self.session.case_id = int(parts[0])
        case = self._case()
        if case is None:
            self.session.case_id = None
            self._say("tg.w.case_not_found")
            return
        self.session.mode = IDLE
        self.session.clear_pending()
        self._say("tg.w.case_selected", reference=case.reference)
