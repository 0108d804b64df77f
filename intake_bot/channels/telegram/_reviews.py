"""Reviews (« bilans », issue 13) in the chat: the worker's ``/bilan D-000001`` and the
household's part, answered in its language.

A review is asked with the diagnostic's interview rendering (:class:`Turn`): :class:`ReviewDesk`
shows one review through the few service methods a Turn calls, and :class:`ReviewBox` gives its
question buttons their review twins (``ReviewAnswer`` for ``Answer``…), so that a tap reaches
the review, never the diagnostic of a case with the same number. Every write goes through the
case service (:mod:`intake_bot.cases.reviews`).

Hooks: :func:`worker_takes` and :func:`household_takes` are asked first by the worker's and the
household's chats; they return False for anything that is not theirs.
"""

from __future__ import annotations

from typing import Any

from intake_bot.cases import CaseError
from intake_bot.engine.reader import Reply
from intake_bot.i18n import render
from intake_bot.cases.reviews import Review
from intake_bot.channels.telegram import _views as views
from intake_bot.channels.telegram._callbacks import (
    REVIEW_TWINS, BadCallback, CallbackData, ReviewAction, ReviewStart, unpack,
)
from intake_bot.channels.telegram._event import BUTTON, COMMAND, TEXT
from intake_bot.channels.telegram._interview import Turn
from intake_bot.channels.telegram._notices import deliver_notices
from intake_bot.channels.telegram._outbox import Button
from intake_bot.channels.telegram._session import IDLE, REVIEWING

LOCALE = "fr"
KINDS = ("intermediate", "final")
#: Question button prefix -> the prefix of its review twin.
TWIN_PREFIXES = {plain.prefix: twin.prefix for plain, twin in REVIEW_TWINS.items()}
REVIEW_PREFIXES = frozenset({*TWIN_PREFIXES.values(), ReviewStart.prefix, ReviewAction.prefix})


class ReviewDesk:
    """One review seen by a :class:`Turn` as a case service: its ``case_id`` arguments are the
    review's id."""

    def __init__(self, service: Any, review: Review) -> None:
        self.service, self.review = service, review
        self.casework = service.review_casework(review)

    def screen(self, actor: Any, _review_id: int):
        """The review's current question for ``actor``, and its progress."""
        return self.service.review_screen(actor, self.review.id)

    def answer(self, actor: Any, _review_id: int, reply: Reply, locale: str, witnessed: bool = False):
        """Answer in the review (committed before the reply)."""
        return self.service.answer_review(actor, self.review.id, reply, locale, witnessed)

    def back(self, actor: Any, _review_id: int) -> None:
        """One question back in the review."""
        self.service.review_back(actor, self.review.id)

    def jump(self, actor: Any, _review_id: int, path: str):
        """Make a question of the review current."""
        return self.service.review_jump(actor, self.review.id, path)


class ReviewBox:
    """An outbox whose question buttons become their review twins (any other button of a
    question, such as « change a section », is left out: it belongs to the diagnostic)."""

    def __init__(self, box: Any) -> None:
        self._box = box

    def say(self, chat_id: int, text: str, rows=(), edit: int | None = None) -> None:
        """Queue a message with review buttons."""
        self._box.say(chat_id, text, review_rows(rows), edit)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._box, name)


def review_rows(rows) -> list[list[Button]]:
    """``rows`` with each question button's data given its review prefix."""
    kept = []
    for row in rows:
        twins = [Button(b.label, _twin(b.data)) for b in row if _twin(b.data)]
        if twins:
            kept.append(twins)
    return kept


def _twin(data: str) -> str | None:
    prefix, separator, rest = data.partition("|")
    twin = TWIN_PREFIXES.get(prefix)
    return f"{twin}{separator}{rest}" if twin else None


def _is_review_button(data: str | None) -> bool:
    return bool(data) and data.partition("|")[0] in REVIEW_PREFIXES


# --- the worker --------------------------------------------------------------------------------

def worker_takes(chat: Any) -> bool:
    """Handle the worker's update when it is about a review (``/bilan``, a review button, or
    text, ``/back`` and ``/skip`` while answering one); False otherwise."""
    event, session = chat.event, chat.session
    reviewing = session.mode == REVIEWING and session.review_id and not session.awaiting
    if event.kind == COMMAND and event.command == "bilan":
        WorkerReview(chat).command()
    elif event.kind == COMMAND and reviewing and event.command in ("back", "skip"):
        WorkerReview(chat).step(event.command)
    elif event.kind == TEXT and reviewing:
        WorkerReview(chat).typed()
    elif event.kind == BUTTON and _is_review_button(event.data):
        WorkerReview(chat).button()
    else:
        return False
    return True


class WorkerReview:
    """A worker's update about a review."""

    def __init__(self, chat: Any) -> None:
        self.chat, self.service, self.account = chat, chat.service, chat.account
        self.session, self.box, self.chat_id = chat.session, chat.box, chat.event.chat_id

    def _say(self, message_id: str, rows=(), edit: int | None = None, **params) -> None:
        self.box.say(self.chat_id, render(message_id, LOCALE, **params), rows, edit)

    def command(self) -> None:
        """``/bilan D-000001`` (or the selected case): which review, as two buttons."""
        reference = self.chat.event.argument or self.session.case_id
        if not reference:
            self._say("tg.w.review_usage")
            return
        try:
            case = self.service.case(self.account, reference)
        except CaseError as refused:
            self._say(refused.message_id, **refused.params)
            return
        rows = [[Button(render(f"tg.w.review_{kind}_button", LOCALE),
                        ReviewStart(case.id, kind).pack()) for kind in KINDS]]
        self._say("tg.w.review_choose", rows, reference=case.reference)

    def button(self) -> None:
        """A review button: start a review, act on one, or answer one of its questions."""
        data = unpack(self.chat.event.data)
        self.box.answer_callback(self.chat.event.callback_id)
        edit = self.chat.event.message_id
        try:
            self._button(data, edit)
        except CaseError as refused:
            self._say(refused.message_id, **refused.params)

    def _button(self, data: CallbackData, edit: int | None) -> None:
        if isinstance(data, ReviewStart):
            self._start(data, edit)
        elif isinstance(data, ReviewAction):
            self._action(self.service.review(self.account, data.review), data.action)
        else:
            review = self._select(self.service.review(self.account, data.case))
            if self._turn(review).button(data, edit):
                self._next(review, edit)

    def _start(self, data: ReviewStart, edit: int | None) -> None:
        if data.review_kind not in KINDS:
            raise BadCallback(data)
        review = self._select(self.service.start_review(self.account, data.case, data.review_kind))
        case = self.service.case(self.account, review.case_id)
        self._say("review.started", edit=edit, title=render(f"review.kind.{review.kind}", LOCALE),
                  reference=case.reference, objectives=len(review.context.get("objectives", ())))
        self._next(review, None)

    def _select(self, review: Review) -> Review:
        if self.session.review_id != review.id:
            self.session.clear_pending()
        self.session.mode, self.session.review_id = REVIEWING, review.id
        self.session.case_id = review.case_id
        return review

    def _turn(self, review: Review) -> Turn:
        case = self.service.case(self.account, review.case_id)
        title = render(f"review.kind.{review.kind}", LOCALE) + " — " + case.reference
        return Turn(ReviewDesk(self.service, review), self.account, review.id, LOCALE,
                    self.chat_id, self.session, ReviewBox(self.box), title=title)

    def _current(self) -> Review:
        return self.service.review(self.account, self.session.review_id)

    def typed(self) -> None:
        """Typed words answer the review's current question."""
        review = self._current()
        if self.service.review_screen(self.account, review.id).question is None:
            self._next(review, None)  # nothing left to type: what can be done with the review
        elif self._turn(review).reply(Reply(text=self.chat.event.text)):
            self._next(review, None)

    def step(self, command: str) -> None:
        """``/back`` or ``/skip`` in the review."""
        review = self._current()
        turn = self._turn(review)
        if command == "back":
            turn.back()
        elif turn.reply(Reply(skip=True)):
            self._next(review, None)

    def _next(self, review: Review, edit: int | None) -> None:
        """The next question of the worker's part, or what can be done with the review."""
        if self._turn(review).show(edit):
            return
        case = self.service.case(self.account, review.case_id)
        rows = [[Button(render(f"tg.w.review_{name}_button", LOCALE),
                        ReviewAction(review.id, action).pack())]
                for name, action in (("invite", "invite"), ("document", "doc"),
                                     ("complete", "done"))]
        self._say("review.worker_done", rows, title=render(f"review.kind.{review.kind}", LOCALE),
                  reference=case.reference)

    def _action(self, review: Review, action: str) -> None:
        case = self.service.case(self.account, review.case_id)
        if action == "invite":
            notices = self.service.invite_to_review(self.account, review.id)
            invite_households(self.box, notices, review)
            self._say("review.invited", reference=case.reference)
        elif action == "doc":
            self._send_document(review)
        elif action == "done":
            done = self.service.complete_review(self.account, review.id)
            self.session.mode, self.session.review_id = IDLE, None
            self._say("review.completed", title=render(f"review.kind.{review.kind}", LOCALE),
                      reference=case.reference, date=_day(done.completed_at))
            self._send_document(done)
        else:
            raise BadCallback(action)

    def _send_document(self, review: Review) -> None:
        document = self.service.review_document(self.account, review.id)
        self.box.document(self.chat_id, document.content, document.file_name,
                          render(f"review.kind.{review.kind}", LOCALE))


def _day(stamp: str) -> str:
    """``2026-11-25T…`` -> ``25/11/2026``."""
    year, month, day = stamp[:10].split("-")
    return f"{day}/{month}/{year}"


def invite_households(box: Any, notices, review: Review) -> None:
    """The household's invitation to answer its part: the message in its language, with a
    button to start."""
    for notice in notices:
        if notice.kind != "review":
            deliver_notices(box, [notice])
            continue
        if not notice.user_id.lstrip("-").isdigit():
            continue
        text = views.directed(render(notice.message_id, notice.locale, **notice.params), notice.locale)
        rows = [[Button(render("tg.h.review_start_button", notice.locale),
                        ReviewAction(review.id, "answer").pack())]]
        box.say(int(notice.user_id), text, rows)


# --- the household -----------------------------------------------------------------------------

def household_takes(chat: Any) -> bool:
    """Handle the household's update when it is about a review (a review button, or text,
    ``/back`` and ``/skip`` while answering its part); False otherwise."""
    event, session = chat.event, chat.session
    if event.kind == BUTTON and _is_review_button(event.data):
        HouseholdReview(chat).button()
    elif session.review_id and event.kind == TEXT:
        HouseholdReview(chat).typed()
    elif session.review_id and event.kind == COMMAND and event.command in ("back", "skip"):
        HouseholdReview(chat).step(event.command)
    else:
        return False
    return True


class HouseholdReview:
    """A household's update about its part of a review, in its language."""

    def __init__(self, chat: Any) -> None:
        self.chat, self.service, self.link = chat, chat.service, chat.link
        self.session, self.box, self.chat_id = chat.session, chat.box, chat.event.chat_id
        self.locale = chat.locale

    def _turn(self, review: Review) -> Turn:
        return Turn(ReviewDesk(self.service, review), self.link, review.id, self.locale,
                    self.chat_id, self.session, ReviewBox(self.box))

    def button(self) -> None:
        """« Répondre » or one of the review's question buttons."""
        data = unpack(self.chat.event.data)
        self.box.answer_callback(self.chat.event.callback_id)
        edit = self.chat.event.message_id
        if isinstance(data, ReviewStart) or (isinstance(data, ReviewAction) and data.action != "answer"):
            self.chat._say("tg.worker_only")
            return
        review = self._review(data.review if isinstance(data, ReviewAction) else data.case)
        if review is None:
            return
        self.session.review_id = review.id
        if isinstance(data, ReviewAction):
            self._next(review, None)
        elif self._turn(review).button(data, edit):
            self._next(review, edit)

    def _review(self, review_id: int) -> Review | None:
        """The review when it is of this household's case and still open; else it is told."""
        try:
            review = self.service.review(self.link, review_id, "answer")
        except CaseError:
            review = None
        if review is None or review.completed_at:
            self.session.review_id = None
            self.chat._say("tg.stale_button")
            return None
        return review

    def typed(self) -> None:
        """Typed words answer the household's current review question; a free-text answer is
        translated later by the worker (the diagnostic's follow-up reads the case's answers)."""
        review = self._review(self.session.review_id)
        if review is not None and self._turn(review).reply(Reply(text=self.chat.event.text)):
            self._next(review, None)

    def step(self, command: str) -> None:
        """``/back`` or ``/skip`` in the household's part."""
        review = self._review(self.session.review_id)
        if review is None:
            return
        turn = self._turn(review)
        if command == "back":
            turn.back()
        elif turn.reply(Reply(skip=True)):
            self._next(review, None)

    def _next(self, review: Review, edit: int | None) -> None:
        if self._turn(review).show(edit):
            return
        self.session.review_id = None
        self.chat._say("review.household_thanks")
