"""A worker reviewing the contract objectives of a case before the documents are made.

Buttons (``o|…``): ``o|rm|<n>|<theme>`` removes objective n (the theme guards against a list
changed since it was shown), ``o|add`` lists the themes, ``o|th|<theme>`` asks for the actions
agreed (the next typed text), ``o|std|<theme>`` adds the theme with its usual commitments,
``o|reset`` goes back to the objectives proposed from the freins.
"""

from __future__ import annotations

from dataclasses import dataclass

from intake_bot.casework import Casework
from intake_bot.documents.objectives import THEMES, Objective
from intake_bot.i18n import render
from intake_bot.storage.base import Case
from intake_bot.channels.telegram import _documents as documents
from intake_bot.channels.telegram._callbacks import BadCallback, pack
from intake_bot.channels.telegram._outbox import Button, Outbox
from intake_bot.channels.telegram._session import OBJECTIVE_TEXT, Session
from intake_bot.channels.telegram._views import Rows, short_label

LOCALE = "fr"
TEXT_LIMIT = 500


def theme_title(code: str) -> str:
    """The French title of an objective theme."""
    return render(f"doc.objective.{code}", LOCALE)


def objectives_view(reference: str, objectives: list[Objective]) -> tuple[str, Rows]:
    """The numbered objectives with a remove button each, then add and reset."""
    lines = [render("tg.w.objectives_title", LOCALE, reference=reference)]
    rows = []
    for number, objective in enumerate(objectives, start=1):
        title = theme_title(objective.code)
        if objective.text:
            lines.append(render("tg.w.objective_line", LOCALE, number=number, title=title,
                                actions=objective.text))
        else:
            lines.append(render("tg.w.objective_line_standard", LOCALE, number=number, title=title))
        label = render("tg.w.objective_remove", LOCALE, number=number, title=title)
        rows.append([Button(short_label(label), pack("o", "rm", number, objective.code))])
    lines += ["", render("tg.w.objectives_hint", LOCALE)]
    rows.append([Button(render("tg.w.objective_add", LOCALE), pack("o", "add"))])
    rows.append([Button(render("tg.w.objective_reset", LOCALE), pack("o", "reset"))])
    return "\n".join(lines), rows


@dataclass
class ObjectivesChat:
    """The objectives of ``case``, as one worker update sees and changes them."""

    casework: Casework
    case: Case
    session: Session
    box: Outbox
    chat_id: int

    def _say(self, message_id: str, rows=(), edit: int | None = None, **params) -> None:
        self.box.say(self.chat_id, render(message_id, LOCALE, **params), rows, edit)

    def _current(self) -> list[Objective]:
        return documents.contract_objectives(self.casework, self.case.id)

    def _store(self, objectives: list[Objective] | None) -> None:
        documents.store_objectives(self.casework.storage, self.case.id, objectives)

    def show(self, edit: int | None = None) -> None:
        """The objectives as they will go into the contract."""
        text, rows = objectives_view(self.case.reference, self._current())
        self.box.say(self.chat_id, text, rows, edit)

    def button(self, parts: list[str], edit: int | None) -> None:
        """Act on an ``o|…`` button."""
        action, args = (parts[0], parts[1:]) if parts else ("", [])
        if action == "rm" and len(args) == 2 and args[0].isdigit():
            self._remove(int(args[0]), args[1], edit)
        elif action == "add" and not args:
            rows = [[Button(theme_title(code), pack("o", "th", code))] for code in THEMES]
            self._say("tg.w.objective_theme", rows, edit)
        elif action in ("th", "std") and len(args) == 1 and args[0] in THEMES:
            self._theme(action, args[0], edit)
        elif action == "reset" and not args:
            self._store(None)
            self.show(edit)
        else:
            raise BadCallback(parts)

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
        self.session.expect(OBJECTIVE_TEXT, code)
        rows = [[Button(render("tg.w.objective_standard", LOCALE), pack("o", "std", code))]]
        self._say("tg.w.objective_type", rows, edit, title=theme_title(code))

    def typed(self, code: str, text: str) -> None:
        """The actions agreed for a new objective of theme ``code`` (the worker's words)."""
        text = text.strip()
        if len(text) > TEXT_LIMIT:
            self._say("tg.w.text_too_long", length=len(text), limit=TEXT_LIMIT)
            return
        self.session.clear_awaiting()
        self._store(self._current() + [Objective(code, text or None)])
        self.show()
