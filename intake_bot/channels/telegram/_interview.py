"""One person answering one case in a chat: show the question, read replies and buttons.

Shared by households and workers; what happens when nothing is left to ask is theirs to decide
(:meth:`Turn.show` returns False when nothing is left).
"""

from __future__ import annotations

from dataclasses import dataclass

from intake_bot.cases import Actor, CaseService, engine_role
from intake_bot.casework import Casework
from intake_bot.engine.reader import Reply
from intake_bot.engine.walk import field_key_of, typed_value
from intake_bot.i18n import render
from intake_bot.channels.telegram import _views as views
from intake_bot.channels.telegram._callbacks import (
    Answer, BadCallback, CallbackData, Confirm, Explain, Jump, Section, Skip, Toggle, Witnessed,
    ref_path, slot_ref,
)
from intake_bot.channels.telegram._notices import deliver_notices
from intake_bot.channels.telegram._outbox import Outbox
from intake_bot.channels.telegram._session import Session

#: The kinds of button a Turn acts on.
QUESTION_BUTTONS = (Answer, Toggle, Confirm, Skip, Jump, Explain, Witnessed)


@dataclass
class Turn:
    """The interview of ``case_id`` as ``actor`` sees it in ``chat_id``, for one update.

    Replies are read and errors told in ``locale``; questions are shown in ``shown`` (default
    ``locale``) with, when ``below`` is set, the same question in that language underneath.
    Every write goes through the case service; the notices it returns are queued.
    """

    service: CaseService
    actor: Actor
    case_id: int
    locale: str
    chat_id: int
    session: Session
    box: Outbox
    shown: str | None = None
    below: str | None = None
    title: str | None = None

    @property
    def casework(self) -> Casework:
        """The interview engine over the case (reads only; writes go through the service)."""
        return self.service.casework

    @property
    def role(self) -> str:
        """household or worker."""
        return engine_role(self.actor)

    def _pending_key(self, ref: str) -> str:
        return f"{self.case_id}:{ref}"

    def show(self, edit: int | None = None, error: str | None = None) -> bool:
        """Show the current question (editing message ``edit``); False when there is none."""
        screen = self.service.screen(self.actor, self.case_id)
        question = screen.question
        if question is None:
            return False
        pending = None
        key = self._pending_key(slot_ref(self.casework.flow, question.slot))
        if self.session.pending_ref != key:
            self._preselect(question, key)
        if self.session.pending_ref == key:
            pending = self.session.pending_codes
        text, rows = views.question_view(self.casework, self.case_id, screen, self.shown or self.locale,
                                         pending, error, self.below, witness=self.role == "worker")
        if self.title:
            text = self.title + "\n" + text
        self.box.say(self.chat_id, text, rows, edit)
        return True

    def _preselect(self, question, key: str) -> None:
        """The freins the answers suggest, ticked before the worker confirms or corrects them
        (issue 14: the question says they are pre-suggested)."""
        if question.field.key != views.SUGGESTED_FIELD or question.record is not None:
            return
        suggested = self.casework.figures(self.case_id).suggested_freins
        if suggested:
            self.session.pending_ref, self.session.pending_codes = key, list(suggested)

    def reply(self, reply: Reply, edit: int | None = None, witnessed: bool = False) -> bool:
        """Apply a reply; on error show the question again with the reason. True when stored."""
        self.session.clear_pending()
        answered = self.service.answer(self.actor, self.case_id, reply, self.locale, witnessed)
        outcome = answered.outcome
        deliver_notices(self.box, answered.notices)
        error = render(outcome.error.id, self.locale, **outcome.error.params) if outcome.error else None
        if error and not self.show(edit, error):
            self.box.say(self.chat_id, "⚠ " + error)
        return outcome.accepted

    def button(self, data: CallbackData, edit: int | None) -> bool:
        """Act on a question button of this case; True when an answer was stored."""
        path = ref_path(self.casework.flow, data.ref)
        if isinstance(data, Explain):
            self.explain(path)
            return False
        if isinstance(data, Answer):
            return self.reply(Reply(codes=(data.code,), path=path), edit)
        if isinstance(data, Witnessed):
            return self.reply(Reply(codes=(data.code,), path=path), edit, witnessed=True)
        if isinstance(data, Skip):
            return self.reply(Reply(skip=True, path=path), edit)
        if isinstance(data, Toggle):
            return self._toggle(data.ref, data.code, edit)
        if isinstance(data, Confirm):
            if self.session.pending_ref != self._pending_key(data.ref):
                return self.reply(Reply(codes=(), path=path), edit)
            return self.reply(Reply(codes=tuple(self.session.pending_codes), path=path), edit)
        if isinstance(data, Jump):
            self.jump(path, edit)
            return False
        raise BadCallback(data)

    def _toggle(self, ref: str, code: str, edit: int | None) -> bool:
        question = self.service.screen(self.actor, self.case_id).question
        if question is None or slot_ref(self.casework.flow, question.slot) != ref:
            self.show(error=render("error.stale_question", self.locale))
            return False
        if question.field.choice(code) is None:
            raise BadCallback(code)
        key = self._pending_key(ref)
        if self.session.pending_ref != key:
            self.session.pending_ref = key
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
        self.service.back(self.actor, self.case_id)
        self.show()

    def jump(self, path: str, edit: int | None = None) -> None:
        """Make ``path`` the current question (to change its answer) and show it."""
        self.session.clear_pending()
        outcome = self.service.jump(self.actor, self.case_id, path)
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

    def change_section(self, data: Section, edit: int | None) -> None:
        """List the answers of one section (a page of them) as buttons."""
        if not 0 <= data.section < len(self.casework.flow.sections):
            raise BadCallback(data)
        rows = views.change_questions(self.casework, self.case_id, self.role, self.locale,
                                      data.section, data.page)
        self.box.say(self.chat_id, render("tg.change_which", self.locale), rows, edit)
