"""A worker reviewing the contract objectives of a case before the documents are made.

Buttons are :class:`~intake_bot.channels.telegram._callbacks.Objectives` for the case: ``rm``
removes objective ``number`` (its ``theme`` guards against a list changed since it was shown),
``add`` lists the themes, ``th`` asks for the actions agreed (the next typed text), ``std`` adds
the theme with its usual commitments, ``reset`` goes back to the objectives proposed from the
freins. The objectives are kept per case by the case service.
"""

from __future__ import annotations

from dataclasses import dataclass

from intake_bot.cases import Account, Case, CaseService
from intake_bot.documents.objectives import THEMES, Objective
from intake_bot.i18n import render
from intake_bot.channels.telegram._callbacks import BadCallback, Objectives
from intake_bot.channels.telegram._outbox import Button, Outbox
from intake_bot.channels.telegram._session import OBJECTIVE_TEXT, Session
from intake_bot.channels.telegram._views import Rows, short_label

LOCALE = "fr"
TEXT_LIMIT = 500


def theme_title(code: str) -> str:
    """The French title of an objective theme."""
    return render(f"doc.objective.{code}", LOCALE)


def objectives_view(case: Case, objectives: list[Objective]) -> tuple[str, Rows]:
    """The numbered objectives with a remove button each, then add and reset."""
    lines = [render("tg.w.objectives_title", LOCALE, reference=case.reference)]
    rows = []
    for number, objective in enumerate(objectives, start=1):
        title = theme_title(objective.code)
        if objective.text:
            lines.append(render("tg.w.objective_line", LOCALE, number=number, title=title,
                                actions=objective.text))
        else:
            lines.append(render("tg.w.objective_line_standard", LOCALE, number=number, title=title))
        label = render("tg.w.objective_remove", LOCALE, number=number, title=title)
        rows.append([Button(short_label(label), Objectives(case.id, "rm", objective.code, number).pack())])
    lines += ["", render("tg.w.objectives_hint", LOCALE)]
    rows.append([Button(render("tg.w.objective_add", LOCALE), Objectives(case.id, "add").pack())])
    rows.append([Button(render("tg.w.objective_reset", LOCALE), Objectives(case.id, "reset").pack())])
    return "\n".join(lines), rows


@dataclass
class ObjectivesChat:
    """The objectives of ``case``, as one worker update sees and changes them."""

    service: CaseService
    account: Account
    case: Case
    session: Session
    box: Outbox
    chat_id: int

    def _say(self, message_id: str, rows=(), edit: int | None = None, **params) -> None:
        self.box.say(self.chat_id, render(message_id, LOCALE, **params), rows, edit)

    def _current(self) -> list[Objective]:
        return self.service.objectives(self.account, self.case.id)

    def _store(self, objectives: list[Objective] | None) -> None:
        self.service.set_objectives(self.account, self.case.id, objectives)

    def show(self, edit: int | None = None) -> None:
        """The objectives as they will go into the contract."""
        text, rows = objectives_view(self.case, self._current())
        self.box.say(self.chat_id, text, rows, edit)

    def button(self, data: Objectives, edit: int | None) -> None:
        """Act on an objectives button of this case."""
        if data.action == "rm" and data.theme in THEMES:
            self._remove(data.number, data.theme, edit)
        elif data.action == "add":
            rows = [[Button(theme_title(code), Objectives(self.case.id, "th", code).pack())]
                    for code in THEMES]
            self._say("tg.w.objective_theme", rows, edit)
        elif data.action in ("th", "std") and data.theme in THEMES:
            self._theme(data.action, data.theme, edit)
        elif data.action == "reset":
            self._store(None)
            self.show(edit)
        else:
            raise BadCallback(data)

    def _remove(self, number: int, code: str, edit: int | None) -> None:
        objectives = self._current()
        if not 1 <= number <= len(objectives) or objectives[number - 1].code != code:
            self.show()  # the list changed since it was shown: show it as it is now
            return
        if len(objectives) == 1:
            self._say("tg.w.objective_last")
            return
        self._store(objectives[: number - 1] + objectives[number:])
        self.show(edit)

    def _theme(self, action: str, code: str, edit: int | None) -> None:
        if action == "std":
            self.session.clear_awaiting()
            self._store(self._current() + [Objective(code)])
            self.show(edit)
            return
        self.session.expect(OBJECTIVE_TEXT, f"{self.case.id}:{code}")
        rows = [[Button(render("tg.w.objective_standard", LOCALE),
                        Objectives(self.case.id, "std", code).pack())]]
        self._say("tg.w.objective_type", rows, edit, title=theme_title(code))

    def typed(self, code: str, text: str) -> None:
        """The actions agreed for a new objective of theme ``code`` (the worker's words)."""
        text = text.strip()
        if code not in THEMES:
            self._say("tg.w.help")
            return
        if len(text) > TEXT_LIMIT:
            self.session.expect(OBJECTIVE_TEXT, f"{self.case.id}:{code}")
            self._say("tg.w.text_too_long", length=len(text), limit=TEXT_LIMIT)
            return
        self._store(self._current() + [Objective(code, text or None)])
        self.show()
