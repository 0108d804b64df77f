"""A member of staff in the chat: create cases, invite households, fill, review, documents.

What they may do on which case is the case service's to decide; this module lays it out.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import datetime
from functools import partial
from typing import Callable

from intake_bot.cases import Account, Case, CaseError, CaseService
from intake_bot.documents import DocumentError, DurationBounds
from intake_bot.documents.formatting import language_name
from intake_bot.engine.parsing import InvalidAnswer, parse_date
from intake_bot.engine.reader import Reply
from intake_bot.i18n import render
from intake_bot.presentation import progress_bar
from intake_bot.rights.text import report_text
from intake_bot.translation.prefetched import Prefetched, fetch  # issue 15: objectives
from intake_bot.channels.telegram import _invitations as invitations
from intake_bot.channels.telegram import _views as views
from intake_bot.channels.telegram._callbacks import (
    BadCallback, CallbackData, Choose, Documents, Erase, FixTranslation, LinkDecision, Months,
    Objectives, RightsInDiagnostic, Section, TakeOver, ref_path, unpack,
)
from intake_bot.channels.telegram._event import BUTTON, COMMAND, EDITED, MEDIA, TEXT, Event
from intake_bot.channels.telegram._interview import QUESTION_BUTTONS, Turn
from intake_bot.channels.telegram import _reviews  # issue 13: reviews
from intake_bot.channels.telegram._notices import deliver_notices, household_chats, shown_since
from intake_bot.channels.telegram import _measure as measure  # issue 13
from intake_bot.channels.telegram._objectives import ObjectivesChat
from intake_bot.channels.telegram._offloop import OffLoop
from intake_bot.channels.telegram._outbox import Button, Outbox
from intake_bot.channels.telegram._session import (
    FILLING, IDLE, OBJECTIVE_TEXT, SETUP, TRANSLATION_TEXT, Session,
)

log = logging.getLogger(__name__)
ROLE = "worker"
LOCALE = "fr"
SETUP_FIELDS = ("measure", "referrer", "diagnostic_level")
CASES_SHOWN = 30
TRANSLATION_LIMIT = 2000
#: ``/debut aucune``: the contract starts again the day the documents are made.
START_RESET_WORDS = frozenset({"aucune", "aucun", "-"})
ANSWERING_COMMANDS = frozenset({"fill", "change", "back", "skip"})
CASE_COMMANDS = frozenset({"fill", "answers", "progress", "invite", "revoke", "change", "back",
                           "skip", "documents", "objectives", "bilingual", "erase", "droits",
                           "debut"})


@dataclass
class WorkerChat:
    """One update from an active member of staff (worker, coordinator or admin)."""

    service: CaseService
    account: Account
    session: Session
    event: Event
    box: Outbox
    bot_username: str
    now: datetime

    @property
    def actor(self) -> str:
        """How this account is named in cases and the audit log."""
        return self.account.id

    def _say(self, message_id: str, rows=(), edit: int | None = None, **params) -> None:
        self.box.say(self.event.chat_id, render(message_id, LOCALE, **params), rows, edit)

    def _case(self) -> Case | None:
        """The selected case, while this account may still see it."""
        if not self.session.case_id:
            return None
        try:
            return self.service.case(self.account, self.session.case_id)
        except CaseError:
            return None

    def _turn(self, case: Case) -> Turn:
        shown = case.locale if self.session.bilingual else None
        return Turn(self.service, self.account, case.id, LOCALE, self.event.chat_id, self.session,
                    self.box, shown=shown, below=LOCALE if shown else None,
                    title=render("tg.w.question_case", LOCALE, reference=case.reference))

    def _objectives_chat(self, case: Case) -> ObjectivesChat:
        return ObjectivesChat(self.service, self.account, case, self.session, self.box,
                              self.event.chat_id)

    def handle(self) -> None:
        """Act on the event; a request the case service refuses is told, in French."""
        try:
            self._handle()
        except CaseError as refused:
            self._say(refused.message_id, **refused.params)

    def _handle(self) -> None:
        kind = self.event.kind
        if kind == MEDIA:
            self._say("tg.text_only")
        elif kind == EDITED:
            self._say("tg.edited")
        elif _reviews.worker_takes(self):  # issue 13: /bilan and the review being answered
            pass
        elif kind == COMMAND:
            self._command(self.event.command)
        elif kind == TEXT:
            self._text()
        elif kind == BUTTON:
            self._button()

    def _command(self, command: str | None) -> None:
        self.session.clear_awaiting()
        simple = {"new": self._new, "cases": self._cases, "help": self._help, "start": self._start,
                  "pause": self._pause, "takeover": self._takeover_list,
                  "portail": self._portal_link}
        if command in simple:
            simple[command]()
            return
        if command in measure.COMMANDS:  # issue 13: the measure's commands
            self._measure_chat().command(command)
            return
        if command not in CASE_COMMANDS:
            self._say("chat.unknown_command")
            return
        case = self._case()
        if case is None and command == "documents":
            self._say("tg.w.documents_pick", self._case_rows(Documents))
        elif case is None:
            self._say("tg.w.no_case")
        else:
            if command in ANSWERING_COMMANDS:
                self.service.answerable(self.account, case.id)  # a closed case says so
            self._case_commands()[command](case)

    def _case_commands(self) -> dict[str, Callable[[Case], None]]:
        return {"fill": self._fill, "answers": self._answers, "progress": self._progress,
                "invite": self._send_invitation, "revoke": self._revoke, "change": self._change,
                "back": self._back, "skip": self._skip, "documents": self._documents,
                "objectives": self._objectives, "bilingual": self._bilingual, "erase": self._erase,
                "droits": self._rights, "debut": self._contract_start}

    def _help(self) -> None:
        self._say("tg.w.help")

    def _portal_link(self) -> None:
        """Issue 12: a one-time sign-in link to the staff web portal (10 minutes, single use;
        opening it shows a button, so a link preview never uses it up)."""
        from intake_bot.cases.staff import LINK_MINUTES

        base = getattr(self.service.settings, "portal_url", None) or "http://127.0.0.1:8080"
        token = self.service.sign_in_link(self.account)
        self._say("tg.w.portal_link", minutes=LINK_MINUTES, url=f"{base.rstrip('/')}/connexion/{token}")

    def _start(self) -> None:
        self._say("tg.link_for_household" if self.event.argument else "tg.w.help")

    def _pause(self) -> None:
        self.session.mode = IDLE
        self.session.clear_pending()
        self._say("tg.w.paused")

    def _new(self) -> None:
        case = self.service.create_case(self.account)
        self.session.case_id, self.session.mode = case.id, SETUP
        self.session.clear_pending()
        self._say("tg.w.new_case", reference=case.reference)
        self._next(case, None)

    def _next(self, case: Case, edit: int | None) -> None:
        """The next question of the mode, or what ends it (the invitation after setup)."""
        question = self.service.screen(self.account, case.id).question
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
        issued = self.service.invite(self.account, case.id)
        link = invitations.deep_link(self.bot_username, issued.token)
        expires = datetime.fromisoformat(issued.invitation.expires_at).date()
        self._say("tg.w.invite", reference=case.reference, expires=expires, link=link)
        self.box.photo(self.event.chat_id, invitations.qr_png(link),
                       render("tg.w.qr_caption", LOCALE, reference=case.reference))

    def _cases(self) -> None:
        rows = self._case_rows(Choose)
        if rows:
            self._say("tg.w.cases_title", rows)
        else:
            self._say("tg.w.no_cases")

    def _case_rows(self, button: type[CallbackData], cases: list[Case] | None = None) -> list[list[Button]]:
        """One button per case this account sees (newest first)."""
        rows = []
        for case in (self.service.cases(self.account) if cases is None else cases)[:CASES_SHOWN]:
            progress = self.service.casework.progress(case.id, "household")
            label = render("tg.w.case_button", LOCALE, reference=case.reference,
                           status=render(f"tg.status.{case.status}", LOCALE),
                           answered=progress.answered, total=progress.total)
            rows.append([Button(label, button(case.id).pack())])
        return rows

    def _takeover_list(self) -> None:
        rows = self._case_rows(TakeOver, self.service.colleagues_cases(self.account))
        self._say("tg.w.takeover_title" if rows else "tg.w.takeover_none", rows)

    def _fill(self, case: Case) -> None:
        self.session.mode = FILLING
        self._next(case, None)

    def _answers(self, case: Case) -> None:
        casework = self.service.casework
        lines = views.answer_lines(casework, case.id, ROLE, LOCALE, show_raw=True)
        title = render("tg.w.answers_title", LOCALE, reference=case.reference)
        body = lines or [render("tg.w.no_answers", LOCALE)]
        rows = views.translation_rows(casework, case.id, ROLE, LOCALE)
        body += ["", render("tg.w.fix_title", LOCALE)] if rows else []
        texts = views.chunks([title, *body])
        for number, text in enumerate(texts, start=1):
            self.box.say(self.event.chat_id, text, rows if number == len(texts) else ())

    def _progress(self, case: Case) -> None:
        casework = self.service.casework
        self._say("tg.w.progress", reference=case.reference,
                  status=render(f"tg.status.{case.status}", LOCALE),
                  household=progress_bar(casework.progress(case.id, "household"), LOCALE),
                  worker=progress_bar(casework.progress(case.id, ROLE), LOCALE))

    def _revoke(self, case: Case) -> None:
        count = self.service.revoke(self.account, case.id)
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
        """Make both documents from the current answers and send them: the objectives the
        worker typed first offered to the translation backend in a thread (issue 15), then the
        case's data read, the files built off the event loop, audited by the service once built
        (issue 16)."""
        texts, target = self.service.objectives_to_translate(self.account, case.id)
        if not texts:
            self._gather_documents(case)
            return
        backend = self.service.casework.translator
        finish = lambda outcome, box: replace(self, box=box)._objectives_fetched(case, backend, outcome)
        self.box.later(OffLoop(self.event.chat_id, partial(fetch, backend, texts, target), finish,
                               in_thread=True))

    def _objectives_fetched(self, case: Case, backend, outcome) -> None:
        """Store the objectives' translations fetched off the loop (``outcome``: them, or the
        backend's error: the French stays, the contract says so), then make the documents."""
        if isinstance(outcome, Exception):
            log.error("objectives of case %s not translated: %r", case.id, outcome)
            outcome = {}
        try:
            self.service.translate_objectives(self.account, case.id, Prefetched(outcome, backend.engine))
        except CaseError as refused:  # erased or handed over meanwhile
            self._say(refused.message_id, **refused.params)
            return
        self._gather_documents(case)

    def _gather_documents(self, case: Case) -> None:
        """Read the case's data now; build the documents off the event loop (issue 16)."""
        try:
            gathered = self.service.gather_documents(self.account, case.id)
        except DocumentError as exc:
            self._say("tg.w.documents_failed", reference=case.reference, reason=str(exc))
            return
        finish = lambda outcome, box: replace(self, box=box)._documents_built(case, gathered, outcome)
        self.box.later(OffLoop(self.event.chat_id, gathered.build, finish))

    def _documents_built(self, case: Case, gathered, outcome) -> None:
        """Audit and send the documents built off the loop (``outcome``: them, or the error)."""
        if isinstance(outcome, Exception) and not isinstance(outcome, DocumentError):
            raise outcome
        try:
            built = self.service.record_documents(self.account, gathered, outcome)
        except DocumentError as exc:
            self._say("tg.w.documents_failed", reference=case.reference, reason=str(exc))
            return
        except CaseError as refused:  # erased or handed over meanwhile
            self._say(refused.message_id, **refused.params)
            return
        for document in built:
            caption = render(f"tg.w.{document.kind}_caption", LOCALE, reference=case.reference)
            self.box.document(self.event.chat_id, document.content, document.file_name, caption)
        for kind, reason in built.failed.items():  # the diagnostic never waits for the contract
            self._say("tg.w.document_failed", reference=case.reference, reason=reason)
            self._offer_months(case, getattr(built.errors[kind], "bounds", None))
        self._say("tg.w.documents_sent", reference=case.reference)

    def _offer_months(self, case: Case, bounds: DurationBounds | None) -> None:
        """The measure's shortest, default and longest contracts as buttons, when known."""
        if bounds is None:
            return
        choices = sorted({bounds.minimum, bounds.default, bounds.maximum})
        rows = [[Button(render("tg.w.months_button", LOCALE, months=months),
                        Months(case.id, months).pack()) for months in choices]]
        self._say("tg.w.months_offer", rows, reference=case.reference)

    def _contract_start(self, case: Case) -> None:
        """``/debut 01/02/2027``: the day the contract starts, as people write dates;
        ``/debut aucune``: back to the day the documents are made."""
        if not self.event.argument:
            self._say("tg.w.start_usage")
            return
        if self.event.argument.strip().casefold() in START_RESET_WORDS:
            self.service.set_contract_start(self.account, case.id, None)
            self._say("tg.w.start_reset", reference=case.reference)
            return
        try:
            start = parse_date(self.event.argument, LOCALE)
        except InvalidAnswer as bad:
            reason = render(bad.message_id, LOCALE, **bad.params)
            self._say("tg.w.start_invalid", reference=case.reference, reason=reason)
            return
        self.service.set_contract_start(self.account, case.id, start)
        self._say("tg.w.start_set", reference=case.reference, start=start)

    def _rights(self, case: Case) -> None:
        """The rights estimate (issue 17): computed by a worker process, never on this loop
        (``wait=0``: while it computes, the worker is asked to send /droits again)."""
        report = self.service.rights(self.account, case.id, wait=0)
        rows = ()
        if report.status == "ready":  # the worker chooses whether the diagnostic shows it
            label = "tg.w.rights_hide_button" if case.rights_in_diagnostic else "tg.w.rights_show_button"
            data = RightsInDiagnostic(case.id, 0 if case.rights_in_diagnostic else 1)
            rows = [[Button(render(label, LOCALE), data.pack())]]
        self.box.say(self.event.chat_id, report_text(report, case.reference, LOCALE), rows)

    def _rights_button(self, data: RightsInDiagnostic, edit: int | None) -> None:
        """Show the rights estimate in the diagnostic's budget, or stop showing it."""
        if data.shown not in (0, 1):
            raise BadCallback(data)
        case = self._button_case(data)
        self.service.set_rights_in_diagnostic(self.account, case.id, bool(data.shown))
        self._say("tg.w.rights_shown" if data.shown else "tg.w.rights_hidden",
                  reference=case.reference)

    def _objectives(self, case: Case) -> None:
        self._objectives_chat(case).show()

    def _bilingual(self, case: Case) -> None:
        """Show the questions in the household's language with French below, or stop."""
        self.session.bilingual = not self.session.bilingual
        if not self.session.bilingual:
            self._say("tg.w.bilingual_off")
        elif case.locale == LOCALE:
            self._say("tg.w.bilingual_on_french")
        else:
            self._say("tg.w.bilingual_on", language=language_name(case.locale))
        if self.session.mode in (SETUP, FILLING):
            self._turn(case).show()

    def _erase(self, case: Case) -> None:
        self.service.case(self.account, case.id, "erase")  # refused here, before asking
        rows = [[Button(render("tg.w.erase_yes", LOCALE), Erase(case.id, "yes").pack())],
                [Button(render("tg.w.erase_no", LOCALE), Erase(case.id, "no").pack())]]
        self._say("tg.w.erase_confirm", rows, reference=case.reference)

    def _text(self) -> None:
        if self.session.awaiting:
            self._awaited()
            return
        case = self._case()
        if case is None or self.session.mode not in (SETUP, FILLING):
            self._say("tg.w.help")
            return
        self._answer(case, Reply(text=self.event.text), None)

    def _awaited(self) -> None:
        """Typed text a button asked for: an objective's actions, or a translation."""
        case_id, _, ref = (self.session.awaiting_ref or "").partition(":")
        what = self.session.awaiting
        self.session.clear_awaiting()
        case = self.service.case(self.account, case_id)
        if what == OBJECTIVE_TEXT:
            self._objectives_chat(case).typed(ref, self.event.text)
        elif what in measure.AWAITED:
            self._measure_chat().typed(what, f"{case.id}:{ref}", self.event.text)
        elif what == TRANSLATION_TEXT:
            self._translation_typed(case, ref, self.event.text.strip())
        else:
            self._say("tg.w.help")

    def _fix_translation(self, case: Case, ref: str) -> None:
        """Ask for the French translation of a free-text answer."""
        record = self.service.casework.state(case.id)["answers"].get(ref_path(self.service.casework.flow, ref))
        if record is None or not views.foreign_text(record):
            self._say("tg.w.answer_gone")
            return
        self.session.expect(TRANSLATION_TEXT, f"{case.id}:{ref}")
        self._say("tg.w.type_translation", original=record["value"])

    def _translation_typed(self, case: Case, ref: str, text: str) -> None:
        casework = self.service.casework
        path = ref_path(casework.flow, ref)
        slot = casework.walk(case.id).slot(path)
        record = casework.state(case.id)["answers"].get(path)
        if slot is None or record is None or not views.foreign_text(record):
            self._say("tg.w.answer_gone")
        elif len(text) > TRANSLATION_LIMIT:
            self.session.expect(TRANSLATION_TEXT, f"{case.id}:{ref}")
            self._say("tg.w.text_too_long", length=len(text), limit=TRANSLATION_LIMIT)
        else:
            self.service.set_translation(self.account, case.id, path, text)
            self._say("tg.w.translation_saved", label=views.answer_label(slot, LOCALE), translation=text)

    def _answer(self, case: Case, reply: Reply, edit: int | None) -> None:
        if self.session.mode not in (SETUP, FILLING):
            self.session.mode = FILLING
        if self._turn(case).reply(reply, edit):
            self._next(case, edit)

    # --- buttons: each acts on the case it names, or is refused -----------------------------

    def _button(self) -> None:
        data = unpack(self.event.data)
        self.box.answer_callback(self.event.callback_id)
        handler = self._buttons().get(type(data))
        if handler is None:
            raise BadCallback(data)
        handler(data, self.event.message_id)

    def _buttons(self) -> dict[type[CallbackData], Callable[[CallbackData, int | None], None]]:
        """The kinds of button staff use, and what each does."""
        return {Choose: self._choose, Documents: self._choose, TakeOver: self._choose,
                LinkDecision: self._link_decision, Section: self._section_button,
                Objectives: self._objectives_button, FixTranslation: self._fix_button,
                Erase: self._erase_decision, Months: self._months_button,
                RightsInDiagnostic: self._rights_button,
                **{kind: self._measure_button for kind in measure.BUTTONS},
                **{kind: self._question_button for kind in QUESTION_BUTTONS}}

    def _measure_chat(self) -> "measure.MeasureChat":
        return measure.MeasureChat(self.service, self.account, self.session, self.event, self.box)

    def _measure_button(self, data: CallbackData, edit: int | None) -> None:
        """A button of the measure's conversation (issue 13)."""
        self._measure_chat().button(data)

    def _button_case(self, data: CallbackData) -> Case:
        """The case a button names, selected, when this account may still see it."""
        case = self.service.case(self.account, data.case)
        if case.id != self.session.case_id:
            self._select(case)
        return case

    def _section_button(self, data: Section, edit: int | None) -> None:
        self._turn(self._button_case(data)).change_section(data, edit)

    def _objectives_button(self, data: Objectives, edit: int | None) -> None:
        self._objectives_chat(self._button_case(data)).button(data, edit)

    def _months_button(self, data: Months, edit: int | None) -> None:
        """Set the contract's duration the worker tapped, then make the documents again."""
        if data.months < 1:
            raise BadCallback(data)
        case = self._button_case(data)
        self.service.set_contract_months(self.account, case.id, data.months)
        self._say("tg.w.months_set", edit=edit, reference=case.reference, months=data.months)
        self._documents(case)

    def _fix_button(self, data: FixTranslation, edit: int | None) -> None:
        self._fix_translation(self._button_case(data), data.ref)

    def _question_button(self, data: CallbackData, edit: int | None) -> None:
        case = self._button_case(data)
        if self.session.mode not in (SETUP, FILLING):
            self.session.mode = FILLING
        if self._turn(case).button(data, edit):
            self._next(case, edit)

    def _select(self, case: Case) -> None:
        self.session.case_id = case.id
        self.session.mode = IDLE
        self.session.clear_pending()
        self.session.clear_awaiting()

    def _choose(self, data: Choose | Documents | TakeOver, edit: int | None = None) -> None:
        """Select the case a button names (taking it over first, for TakeOver)."""
        if isinstance(data, TakeOver):
            case = self.service.take_over(self.account, data.case)
            self._select(case)
            self._say("tg.w.taken_over", reference=case.reference)
            return
        case = self.service.case(self.account, data.case)
        self._select(case)
        if isinstance(data, Documents):
            self._documents(case)
        else:
            self._say("tg.w.case_selected", reference=case.reference)

    def _link_decision(self, data: LinkDecision, edit: int | None = None) -> None:
        if data.choice not in ("y", "n"):
            raise BadCallback(data)
        notices = self.service.confirm_link(self.account, data.case, data.account, data.choice == "y")
        deliver_notices(self.box, notices)
        reference = self.service.case(self.account, data.case).reference
        self._say("tg.w.link_accepted" if data.choice == "y" else "tg.w.link_refused",
                  reference=reference)

    def _erase_decision(self, data: Erase, edit: int | None) -> None:
        case = self._button_case(data)
        if data.choice != "yes":
            self._say("tg.w.erase_cancelled", edit=edit, reference=case.reference)
            return
        notices = self.service.erase(self.account, case.id)
        deliver_notices(self.box, notices)
        for chat in household_chats(self.service, notices):
            self.box.delete(chat, self.service.take_messages(chat, shown_since()))
        self.session.case_id = None
        self._say("tg.w.erased", edit=edit, reference=case.reference)
