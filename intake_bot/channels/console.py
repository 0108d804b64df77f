"""The console chat: the same interview in a terminal, numbered choices and slash commands."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field, replace
from typing import Callable

from intake_bot.cases import Account, Actor, Case, CaseError, CaseService, access, statuses
from intake_bot.casework import Casework
from intake_bot.engine.interview import Question
from intake_bot.engine.reader import Reply
from intake_bot.i18n import LANGUAGES, field_text, render, use_locale
from intake_bot.channels.budget_summary import budget_lines_summary
from intake_bot.presentation import (
    calendar_hint, current_answer_line, entry_heading, options, progress_bar, question_label, record_text,
    section_title, suggestion_line, summary_label,
)

COMMANDS = ("/back", "/change", "/skip", "/pause", "/language", "/help")
RULE = "─" * 40
SUGGESTED_FIELD = "freins"
BUDGET_SECTION = "budget"
# Messages whose Telegram wording ("Touchez un bouton") the console, without buttons, replaces.
CONSOLE_WORDING = {"error.choice_invalid": "error.choice_invalid_console"}


def _console_render(message_id: str, **params: object) -> str:
    """``render`` with the console's own wording where it has one (issue 14)."""
    return render(CONSOLE_WORDING.get(message_id, message_id), **params)


class EndOfInput(Exception):
    """Standard input was closed: behave as /pause."""


#: Whoever runs the console on the server: the operator, with the command line's rights (the
#: cases it creates belong to the configured organisation, INTAKE_ORGANISATION).
CONSOLE_ACCOUNT = Account(id="console:local", name="console", organisation="", role=access.SYSTEM)


def console_account(service: CaseService) -> Account:
    """The console's account, in the organisation of the settings."""
    organisation = getattr(service.settings, "organisation", "") or ""
    return replace(CONSOLE_ACCOUNT, organisation=organisation)


@dataclass
class ConsoleChat:
    """One person at a terminal answering the diagnostic of one case."""

    service: CaseService
    read_line: Callable[[str], str] = input
    write: Callable[[str], None] = print
    locale: str | None = None
    role: str | None = None
    case_id: int | None = None
    _section: str | None = field(default=None, init=False)
    _actor: Actor | None = field(default=None, init=False)

    @property
    def casework(self) -> Casework:
        """The interview engine (reads only; every write goes through the case service)."""
        return self.service.casework

    def run(self) -> int:
        """Run until the interview is complete, stopped or paused; return an exit status."""
        try:
            self.locale = self.locale or self._choose_language()
            with use_locale(self.locale):
                self.role = self.role or self._choose_role()
                self.case_id = self.case_id or self._choose_case()
                self._actor = self._actor_for(self.case_id)
                return self._interview()
        except (EndOfInput, KeyboardInterrupt):
            with use_locale(self.locale or "fr"):
                self.write(render("chat.paused"))
            return 0

    def _ask(self, prompt: str = "> ") -> str:
        try:
            return self.read_line(prompt)
        except EOFError as exc:
            raise EndOfInput from exc

    def _pick(self, title: str, labels: list[str], default: int | None = None) -> int:
        """Show numbered ``labels`` and return the 0-based index chosen."""
        while True:
            self.write(title)
            for number, label in enumerate(labels, start=1):
                self.write(f"  {number}. {label}")
            text = self._ask().strip()
            if not text and default is not None:
                return default
            if text.isdigit() and 1 <= int(text) <= len(labels):
                return int(text) - 1
            self.write(_console_render("error.choice_invalid"))

    def _choose_language(self) -> str:
        codes = list(LANGUAGES)
        with use_locale("fr"):
            index = self._pick(render("chat.choose_language"),
                               [LANGUAGES[c].native_name for c in codes], default=0)
        return codes[index]

    def _choose_role(self) -> str:
        roles = ["household", "worker"]
        return roles[self._pick(render("chat.choose_role"), [render(f"role.{r}") for r in roles])]

    def _choose_case(self) -> int:
        open_cases = [c for c in self.service.cases(CONSOLE_ACCOUNT) if not statuses.is_closed(c.status)]
        labels = [render("chat.new_case")] + [self._case_label(c) for c in open_cases]
        index = self._pick(render("chat.choose_case"), labels) if open_cases else 0
        if index == 0:
            return self.service.create_case(console_account(self.service), self.locale,
                                            statuses.HOUSEHOLD_ANSWERING).id
        return open_cases[index - 1].id

    def _actor_for(self, case_id: int) -> Actor:
        """The household (linked through this terminal) or the operator, as the service sees them."""
        if self.role == "household":
            return self.service.link_local_household(CONSOLE_ACCOUNT, case_id, self.locale)
        return CONSOLE_ACCOUNT

    def _case_label(self, case: Case) -> str:
        percent = round(self.casework.progress(case.id, self.role).ratio * 100)
        return render("chat.resume_case", reference=case.reference, percent=percent)

    def _interview(self) -> int:
        self.write(render("chat.welcome"))
        self.write(render("chat.help"))
        while True:
            with use_locale(self.locale):  # /language may change it between two turns
                question = self.casework.current(self.case_id, self.role)
                if question is None:
                    return self._finish()
                self._show(question)
                if not self._handle(self._ask().strip()):
                    self.write(render("chat.paused") + "\n" + render("console.paused"))
                    return 0

    def _handle(self, text: str) -> bool:
        """Act on one line; False when the person paused."""
        command = text.split()[0].lower() if text.startswith("/") else None
        if command == "/pause":
            return False
        if command == "/help":
            self.write(render("chat.help"))
        elif command == "/back":
            self.service.back(self._actor, self.case_id)
        elif command == "/change":
            self._change()
        elif command == "/language":
            self.locale = self._choose_language()
            self._section = None
            if self.role == "household":
                self.service.set_household_language(self._actor, self.locale)
        elif command == "/skip":
            self._reply(Reply(skip=True))
        elif command is not None:
            self.write(render("chat.unknown_command"))
        else:
            self._reply(Reply(text=text))
        return True

    def _reply(self, reply: Reply) -> None:
        witnessed = self._witnessed() if self._consent_by_worker() else False
        if witnessed is None:
            return
        try:
            outcome = self.service.answer(self._actor, self.case_id, reply, self.locale, witnessed).outcome
        except CaseError as refused:
            self.write("⚠ " + render(refused.message_id, **refused.params))
            return
        except (sqlite3.OperationalError, UnicodeEncodeError):  # rolled back: say so (issue 11)
            self.write("⚠ " + render("console.not_saved"))
            return
        if outcome.error:
            self.write("⚠ " + _console_render(outcome.error.id, **outcome.error.params))
            return
        if "translation" in outcome.state["answers"][outcome.path]:
            self.service.translate_pending(self.case_id)
            if self.role == "household":
                offer = self.service.language_offer(self._actor)
                if offer:
                    self.write(render("chat.language_offer", language=LANGUAGES[offer].native_name))

    def _consent_by_worker(self) -> bool:
        question = self.casework.current(self.case_id, self.role)
        return self.role == "worker" and question is not None and question.field.consent

    def _witnessed(self) -> bool | None:
        """Ask the worker whether the household expressed this consent in their presence;
        None (nothing recorded) when it did not."""
        labels = [render("chat.witnessed_yes"), render("chat.witnessed_no")]
        if self._pick(render("chat.witnessed_question"), labels) == 0:
            return True
        self.write("⚠ " + render("error.consent_household_only"))
        return None

    def _show(self, question: Question) -> None:
        slot = question.slot
        if slot.field.section != self._section:
            self._announce_section(slot.field.section)
        lines = ["", progress_bar(self.casework.progress(self.case_id, self.role))]
        heading = entry_heading(self.casework.flow, slot)
        lines += [heading] if heading else []
        lines += [question_label(note) + "\n" for note in question.notes]  # shown above it
        if slot.field.key == SUGGESTED_FIELD:
            lines += budget_lines_summary(self.casework.figures(self.case_id))
        lines.append(question_label(slot))
        hint = "" if slot.adds_entry else field_text(slot.field, "hint")
        lines += [f"  ({hint})"] if hint else []
        calendar = None if slot.adds_entry else calendar_hint(slot.field)
        lines += [f"  ({calendar})"] if calendar else []
        lines += [f"  {n}. {o.label}" for n, o in enumerate(options(slot), start=1)]
        if slot.field.key == SUGGESTED_FIELD:
            suggested = suggestion_line(slot.field, self.casework.figures(self.case_id).suggested_freins)
            lines += [suggested] if suggested else []
        if slot.field.kind == "multi_choice":
            lines.append(render("chat.multi_hint"))
        if slot.field.kind == "note":
            lines.append(render("chat.note_continue"))
        elif not (slot.field.required or slot.adds_entry):
            lines.append(render("chat.skip_hint"))
        current = current_answer_line(question, own=self._own)
        lines += [current] if current else []
        self.write("\n".join(lines))

    def _announce_section(self, section_id: str) -> None:
        if self._section is not None:
            self._summarise(self._section)
        self._section = section_id
        self.write(f"\n{RULE}\n{section_title(self.casework.flow, section_id)}\n{RULE}")

    def _summarise(self, section_id: str) -> None:
        lines = self._answer_lines(section_id)
        if section_id == BUDGET_SECTION:  # issue 14: one line per amount, then the totals
            lines = self._budget_lines() + ["  " + line for line in
                                            budget_lines_summary(self.casework.figures(self.case_id))]
        if lines:
            title = section_title(self.casework.flow, section_id)
            self.write("\n" + render("chat.section_summary", section=title) + "\n" + "\n".join(lines))

    @property
    def _own(self) -> bool:
        """True when the household reads its own answers (a skip reads « Je ne sais pas »)."""
        return self.role == "household"

    def _answer_lines(self, section_id: str | None = None) -> list[str]:
        walked = self.casework.walk(self.case_id)
        answers = self.casework.state(self.case_id)["answers"]
        lines = []
        for slot in walked.slots:
            if section_id and slot.field.section != section_id:
                continue
            if slot.path in answers and slot.field.kind != "note" and slot.field.asked_to(self.role):
                label = summary_label(field_text(slot.field, "doc_label") or question_label(slot))
                number = f" {slot.index + 1}" if slot.index is not None and not slot.adds_entry else ""
                answer = record_text(slot.field, answers[slot.path], own=self._own)
                lines.append("  • " + render("chat.answer_line", question=label + number, answer=answer))
        return lines

    def _budget_lines(self) -> list[str]:
        """The budget section in short: « Loyer : 780,00 € » per entry, the other answers as usual."""
        walked = self.casework.walk(self.case_id)
        answers = self.casework.state(self.case_id)["answers"]
        lines = []
        for slot in walked.slots:
            if slot.field.section != BUDGET_SECTION or slot.path not in answers or slot.adds_entry:
                continue
            if slot.index is None:
                if slot.field.kind != "note" and slot.field.asked_to(self.role):
                    lines.append("  • " + render("chat.answer_line",
                                                 question=summary_label(field_text(slot.field, "doc_label")
                                                                        or question_label(slot)),
                                                 answer=record_text(slot.field, answers[slot.path],
                                                                    own=self._own)))
            elif slot.field.id == "amount":
                first = self.casework.flow.field(slot.group_key).fields[0]
                kind = answers.get(f"{slot.path.rsplit('.', 1)[0]}.{first.id}")
                lines.append("  • " + render("chat.answer_line", question=record_text(first, kind),
                                             answer=record_text(slot.field, answers[slot.path])))
        return lines

    def _change(self) -> None:
        walked = self.casework.walk(self.case_id)
        answers = self.casework.state(self.case_id)["answers"]
        answered = [s for s in walked.slots if s.path in answers and s.field.asked_to(self.role)
                    and s.field.kind != "note"]
        if not answered:
            self.write(render("chat.nothing_to_change"))
            return
        labels = [render("chat.answer_line", question=summary_label(question_label(s)),
                         answer=record_text(s.field, answers[s.path], own=self._own)) for s in answered]
        index = self._pick(render("chat.change_which"), labels)
        outcome = self.service.jump(self._actor, self.case_id, answered[index].path)
        if outcome.error:
            self.write("⚠ " + _console_render(outcome.error.id, **outcome.error.params))

    def _finish(self) -> int:
        state = self.casework.state(self.case_id)
        if state["status"] == "stopped":
            self.write(render(state["stop_message"] or "chat.stopped"))
            return 0
        if self._section:
            self._summarise(self._section)
        self.write("\n" + render(f"chat.complete_{self.role}"))
        return 0
