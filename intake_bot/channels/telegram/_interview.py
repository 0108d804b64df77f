"""One person answering one case in a chat: show the question, read replies and buttons.

Shared by households and workers; what happens when nothing is left to ask is theirs to decide
(:meth:`Turn.show` returns False when nothing is left).
"""

from __future__ import annotations

from dataclasses import dataclass

from intake_bot.casework import Casework
from intake_bot.engine.reader import Reply
from intake_bot.engine.walk import field_key_of, typed_value
from intake_bot.i18n import render
from intake_bot.channels.telegram import _views as views
from intake_bot.channels.telegram._callbacks import BadCallback, ref_path, slot_ref
from intake_bot.channels.telegram._outbox import Outbox
from intake_bot.channels.telegram._session import Session


@dataclass
class Turn:
    """The interview of ``case_id`` as seen by ``role`` in ``chat_id``, for one update.

    Replies are read and errors told in ``locale``; questions are shown in ``shown`` (default
    ``locale``) with, when ``below`` is set, the same question in that language underneath.
    """

    casework: Casework
    case_id: int
    role: str
    locale: str
    chat_id: int
    session: Session
    box: Outbox
    shown: str | None = None
    below: str | None = None

    def show(self, edit: int | None = None, error: str | None = None) -> bool:
        """Show the current question (editing message ``edit``); False when there is none."""
        screen = self.casework.screen(self.case_id, self.role)
        question = screen.question
        if question is None:
            return False
        pending = None
        if self.session.pending_ref == slot_ref(self.casework.flow, question.slot):
            pending = self.session.pending_codes
        text, rows = views.question_view(self.casework, screen, self.shown or self.locale,
                                         pending, error, self.below)
        self.box.say(self.chat_id, text, rows, edit)
        return True

    def reply(self, reply: Reply, edit: int | None = None) -> bool:
        """Apply a reply; on error show the question again with the reason. True when stored."""
        self.session.clear_pending()
        outcome = self.casework.answer(self.case_id, reply, self.role, self.locale)
        error = render(outcome.error.id, self.locale, **outcome.error.params) if outcome.error else None
        if error and not self.show(edit, error):
            self.box.say(self.chat_id, "⚠ " + error)
        return outcome.accepted

    def button(self, kind: str, parts: list[str], edit: int | None) -> bool:
        """Act on an interview button (a, t, c, s, g, q); True when an answer was stored."""
        if not parts:
            raise BadCallback(kind)
        path = ref_path(self.casework.flow, parts[0])
        if kind == "q":
            self.explain(path)
            return False
        if kind == "a" and len(parts) == 2:
            return self.reply(Reply(codes=(parts[1],), path=path), edit)
        if kind == "s":
            return self.reply(Reply(skip=True, path=path), edit)
        if kind == "t" and len(parts) == 2:
            return self._toggle(parts[0], parts[1], edit)
        if kind == "c":
            if self.session.pending_ref != parts[0]:
                return self.reply(Reply(codes=(), path=path), edit)
            return self.reply(Reply(codes=tuple(self.session.pending_codes), path=path), edit)
        if kind == "g":
            self.jump(path, edit)
            return False
        raise BadCallback(kind)

    def _toggle(self, ref: str, code: str, edit: int | None) -> bool:
        question = self.casework.current(self.case_id, self.role)
        if question is None or slot_ref(self.casework.flow, question.slot) != ref:
            self.show(error=render("error.stale_question", self.locale))
            return False
        if question.field.choice(code) is None:
            raise BadCallback(code)
        if self.session.pending_ref != ref:
            self.session.pending_ref = ref
            self.session.pending_codes = list(typed_value(question.field, question.record) or [])
        codes = self.session.pending_codes
        if code in codes:
            codes.remove(code)
        else:
            codes.append(code)
        self.show(edit)
        return False

    def explain(self, path: str) -> None:
        """Explain the glossary terms of the question at ``path`` (the question stays as it is)."""
        terms = views.question_terms(self.casework.flow.field(field_key_of(path)))
        if not terms:
            raise BadCallback(path)
        self.box.say(self.chat_id, views.explanations(terms, self.shown or self.locale, self.below))

    def back(self) -> None:
        """Go back one question and show it."""
        self.session.clear_pending()
        self.casework.back(self.case_id, self.role)
        self.show()

    def jump(self, path: str, edit: int | None = None) -> None:
        """Make ``path`` the current question (to change its answer) and show it."""
        self.session.clear_pending()
        outcome = self.casework.jump(self.case_id, path, self.role)
        if outcome.error:
            self.box.say(self.chat_id, render(outcome.error.id, self.locale, **outcome.error.params))
        self.show(edit)

    def change_menu(self) -> None:
        """Offer the sections that have answers, to pick one answer to change."""
        rows = views.change_sections(self.casework, self.case_id, self.role, self.locale)
        if not rows:
            self.box.say(self.chat_id, render("chat.nothing_to_change", self.locale))
            return
        self.box.say(self.chat_id, render("tg.change_section", self.locale), rows)

    def change_section(self, parts: list[str], edit: int | None) -> None:
        """List the answers of one section (a page of them) as buttons."""
        number, page = int(parts[0]), int(parts[1]) if len(parts) > 1 else 0
        if not 0 <= number < len(self.casework.flow.sections) or page < 0:
            raise BadCallback(parts)
        rows = views.change_questions(self.casework, self.case_id, self.role, self.locale, number, page)
        self.box.say(self.chat_id, render("tg.change_which", self.locale), rows, edit)
