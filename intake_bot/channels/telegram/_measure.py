"""A worker following a measure from the phone (issue 13): the decision, the start of the
support, the follow-up log, renewals, the exit, eviction prevention; and the reminders job.

Commands (French, as the worker's menu): ``/decision``, ``/demarrage``, ``/suivi``, ``/journal``,
``/prolonger``, ``/cloture``, ``/expulsion``, ``/objet``; each takes the case's reference
(``/suivi D-000001``) or acts on the case selected with /cases. ``/debut`` (the contract's start,
:mod:`._worker`) stays the one way to set that date beforehand: ``/demarrage`` without a date
starts the support on it. Each button carries its case and every choice made so far; a typed
note or date is asked for with the session's ``awaiting``. Every reply that says « enregistré »
is sent after the commit (the core commits the update before any reply leaves).
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Callable

from intake_bot.cases import Account, Case, CaseError, CaseService, parse_reference
from intake_bot.cases import measure as phases
from intake_bot.documents.measures import DURATION_BOUNDS
from intake_bot.engine.parsing import InvalidAnswer, parse_date
from intake_bot.i18n import render
from intake_bot.channels.telegram._callbacks import BadCallback, CallbackData, kind
from intake_bot.channels.telegram._event import Event
from intake_bot.channels.telegram._notices import deliver_notices
from intake_bot.channels.telegram._outbox import Button, Outbox, Text
from intake_bot.channels.telegram._session import Session

log = logging.getLogger(__name__)
LOCALE = "fr"
COMMANDS = frozenset({"decision", "demarrage", "suivi", "journal", "prolonger", "cloture",
                      "expulsion", "objet"})
NOTE_TEXT, DECISION_DATE = "measure_note", "measure_date"
AWAITED = frozenset({NOTE_TEXT, DECISION_DATE})
TODAY, NO_MEASURE = "t", "-"
LOG_SHOWN = 15
REMINDER_JOB = "reminders"
REMINDER_PERIOD = timedelta(minutes=15)
REMINDER_LEASE = REMINDER_PERIOD.total_seconds() * 3


# --- the buttons (typed callback data, see _callbacks.py) ----------------------------------------

@kind("md")
@dataclasses.dataclass(frozen=True)
class DecisionStep(CallbackData):
    """(worker) /decision: ``result`` tapped, then ``granted`` (a measure code, ``-`` for
    none), then ``day`` (``t`` today; empty: not chosen yet)."""

    case: int
    result: str
    granted: str = ""
    day: str = ""


@kind("mf")
@dataclasses.dataclass(frozen=True)
class ContactStep(CallbackData):
    """(worker) /suivi: the ``kind`` of contact, then for an incident its ``detail``."""

    case: int
    kind: str
    detail: str = ""


@kind("mx")
@dataclasses.dataclass(frozen=True)
class ExitStep(CallbackData):
    """(worker) /cloture: the outcome of the support (today)."""

    case: int
    outcome: str


@kind("me")
@dataclasses.dataclass(frozen=True)
class EvictionStep(CallbackData):
    """(worker) /expulsion: the step reached today (``value``: the FSL's decision)."""

    case: int
    step: str
    value: str = ""


@kind("mp")
@dataclasses.dataclass(frozen=True)
class PurposeStep(CallbackData):
    """(worker) /objet: access to housing or staying in the current home."""

    case: int
    purpose: str


BUTTONS = (DecisionStep, ContactStep, ExitStep, EvictionStep, PurposeStep)


def _label(message_id: str, **params) -> str:
    return render(message_id, LOCALE, **params)


def _rows(items: list[tuple[str, str]], per_row: int = 2) -> list[list[Button]]:
    buttons = [Button(label, data) for label, data in items]
    return [buttons[i:i + per_row] for i in range(0, len(buttons), per_row)]


@dataclass
class MeasureChat:
    """One worker update about a measure."""

    service: CaseService
    account: Account
    session: Session
    event: Event
    box: Outbox

    def _say(self, message_id: str, rows=(), **params) -> None:
        self.box.say(self.event.chat_id, _label(message_id, **params), rows)

    # --- commands ---------------------------------------------------------------------------

    def command(self, name: str) -> None:
        """Act on ``/name [reference] [rest]``."""
        case, rest = self._target()
        if case is None:
            self._say("tg.m.usage", command=name)
            return
        self.session.case_id = case.id
        handlers: dict[str, Callable[[Case, str], None]] = {
            "decision": self._decision, "demarrage": self._start, "suivi": self._contact,
            "journal": self._log, "prolonger": self._renew, "cloture": self._exit,
            "expulsion": self._eviction, "objet": self._purpose}
        handlers[name](case, rest)

    def _target(self) -> tuple[Case | None, str]:
        """The case the argument names (else the selected one) and the rest of the argument."""
        words = (self.event.argument or "").split(maxsplit=1)
        if words and (words[0][:1] in "Dd" or words[0].isdigit()) and parse_reference(words[0]):
            return self.service.case(self.account, words[0]), words[1] if len(words) > 1 else ""
        if not self.session.case_id:
            return None, " ".join(words)
        try:
            return self.service.case(self.account, self.session.case_id), " ".join(words)
        except CaseError:
            return None, " ".join(words)

    def _decision(self, case: Case, rest: str) -> None:
        self.service.case(self.account, case.id, "objectives")
        items = [(_label(f"measure.decision.{r}"), DecisionStep(case.id, r).pack())
                 for r in phases.DECISION_RESULTS]
        self._say("tg.m.decision_ask", _rows(items, 3), reference=case.reference)

    def _start(self, case: Case, rest: str) -> None:
        signed_on = self._date(rest) if rest.strip() else None
        if rest.strip() and signed_on is None:
            return
        measure = self.service.start_support(self.account, case.id, signed_on)
        review = measure.next_review()
        self._say("tg.m.start_saved", reference=case.reference, start=measure.start,
                  end=measure.end, review=review[1] if review else measure.end)

    def _contact(self, case: Case, rest: str) -> None:
        items = [(_label(f"measure.contact.{k}"), ContactStep(case.id, k).pack())
                 for k in phases.LOG_KINDS]
        self._say("tg.m.contact_ask", _rows(items), reference=case.reference)

    def _log(self, case: Case, rest: str) -> None:
        entries = self.service.follow_up_log(self.account, case.id)
        if not entries:
            self._say("tg.m.log_empty", reference=case.reference)
            return
        lines = [_label("tg.m.log_title", reference=case.reference)]
        for entry in entries[-LOG_SHOWN:]:
            lines.append(_label("tg.m.log_line", on=date.fromisoformat(entry.on),
                                kind=_entry_kind(entry), note=entry.note or "—"))
        rhythm = self.service.contact_frequency(self.account, case.id)
        lines.append(_label("tg.m.log_last", contacts=rhythm.contacts,
                            per_month=rhythm.contacts_per_month,
                            last=rhythm.last_contact or "—"))
        self.box.say(self.event.chat_id, "\n".join(lines))

    def _renew(self, case: Case, rest: str) -> None:
        day_text, _, reason = rest.strip().partition(" ")
        if not day_text or not reason.strip():
            self._say("tg.m.renew_usage")
            return
        end = self._date(day_text)
        if end is None:
            return
        measure = self.service.renew(self.account, case.id, end, reason)
        self._say("tg.m.renewed_saved", reference=case.reference, end=measure.end)

    def _exit(self, case: Case, rest: str) -> None:
        self.service.case(self.account, case.id, "objectives")
        items = [(_label(f"measure.outcome.{o}"), ExitStep(case.id, o).pack())
                 for o in phases.OUTCOMES]
        self._say("tg.m.outcome_ask", _rows(items), reference=case.reference)

    def _eviction(self, case: Case, rest: str) -> None:
        self.service.case(self.account, case.id, "objectives")
        items = [(_label(f"measure.eviction.{s}"), EvictionStep(case.id, s).pack())
                 for s in phases.EVICTION_STEPS]
        self._say("tg.m.eviction_ask", _rows(items, 1), reference=case.reference)

    def _purpose(self, case: Case, rest: str) -> None:
        self.service.case(self.account, case.id, "objectives")
        items = [(_label(f"measure.purpose.{p}"), PurposeStep(case.id, p).pack())
                 for p in phases.PURPOSES]
        self._say("tg.m.purpose_ask", _rows(items), reference=case.reference)

    def _date(self, text: str) -> date | None:
        """The date typed, or None once the worker was told why it was not understood."""
        try:
            return parse_date(text.strip(), LOCALE)
        except InvalidAnswer as bad:
            self._say("tg.m.date_invalid", reason=_label(bad.message_id, **bad.params))
            return None

    # --- buttons ----------------------------------------------------------------------------

    def button(self, data: CallbackData) -> None:
        """Act on a measure button."""
        handlers = {DecisionStep: self._decision_step, ContactStep: self._contact_step,
                    ExitStep: self._exit_step, EvictionStep: self._eviction_step,
                    PurposeStep: self._purpose_step}
        case = self.service.case(self.account, data.case)
        self.session.case_id = case.id
        handlers[type(data)](case, data)

    def _decision_step(self, case: Case, data: DecisionStep) -> None:
        if data.result not in phases.DECISION_RESULTS:
            raise BadCallback(data)
        if not data.granted:
            self._ask_granted(case, data)
        elif not data.day:
            items = [(_label("tg.m.today_button"), dataclasses.replace(data, day=TODAY).pack())]
            self.session.expect(DECISION_DATE, f"{case.id}:{data.result}:{data.granted}")
            self._say("tg.m.date_ask", _rows(items), reference=case.reference)
            self._say("tg.m.type_date", reference=case.reference)
        else:
            self.session.clear_awaiting()
            self._decide(case, data.result, data.granted, None)

    def _ask_granted(self, case: Case, data: DecisionStep) -> None:
        if data.result != phases.ACCEPTED:
            self._decision_step(case, dataclasses.replace(data, granted=NO_MEASURE))
            return
        recommended = self.service.recommended_measure(self.account, case.id)
        codes = [recommended] if recommended else []
        codes += [code for code in DURATION_BOUNDS if code != recommended]
        items = [(code.upper(), dataclasses.replace(data, granted=code).pack()) for code in codes]
        self._say("tg.m.granted_ask", _rows(items, 3), reference=case.reference,
                  recommended=(recommended or "—").upper())

    def _decide(self, case: Case, result: str, granted: str, on: date | None) -> None:
        measure = self.service.decide(self.account, case.id, result, on,
                                      granted=None if granted == NO_MEASURE else granted)
        self._say("tg.m.decision_saved", reference=case.reference,
                  decision=_label(f"measure.decision.{result}"),
                  measure=(measure.granted or "—").upper(), on=measure.decided_on)

    def _contact_step(self, case: Case, data: ContactStep) -> None:
        if data.kind not in phases.LOG_KINDS:
            raise BadCallback(data)
        if data.kind == phases.INCIDENT and not data.detail:
            items = [(_label(f"measure.incident.{i}"), ContactStep(case.id, data.kind, i).pack())
                     for i in phases.INCIDENTS]
            self._say("tg.m.incident_ask", _rows(items, 1), reference=case.reference)
            return
        if data.detail and data.detail not in phases.INCIDENTS:
            raise BadCallback(data)
        self.session.expect(NOTE_TEXT, f"{case.id}:{data.kind}:{data.detail}")
        self._say("tg.m.note_ask", reference=case.reference, on=self.service.casework.today(),
                  kind=_kind_label(data.kind, data.detail))

    def _exit_step(self, case: Case, data: ExitStep) -> None:
        if data.outcome not in phases.OUTCOMES:
            raise BadCallback(data)
        measure = self.service.close_support(self.account, case.id, data.outcome)
        self._say("tg.m.closed_saved", reference=case.reference, on=measure.closed_on,
                  outcome=_label(f"measure.outcome.{data.outcome}"))

    def _eviction_step(self, case: Case, data: EvictionStep) -> None:
        if data.step not in phases.EVICTION_STEPS:
            raise BadCallback(data)
        if data.step == "fsl_decision" and not data.value:
            items = [(_label(f"measure.fsl.{v}"), EvictionStep(case.id, data.step, v).pack())
                     for v in phases.FSL_DECISIONS]
            self._say("tg.m.fsl_ask", _rows(items), reference=case.reference)
            return
        if data.value and data.value not in phases.FSL_DECISIONS:
            raise BadCallback(data)
        measure = self.service.record_eviction_step(self.account, case.id, data.step,
                                                    value=data.value)
        step = _label(f"measure.fsl.{data.value}") if data.value else \
            _label(f"measure.eviction.{data.step}")
        self._say("tg.m.eviction_saved", reference=case.reference, step=step,
                  on=measure.eviction[data.step][0])

    def _purpose_step(self, case: Case, data: PurposeStep) -> None:
        if data.purpose not in phases.PURPOSES:
            raise BadCallback(data)
        self.service.set_purpose(self.account, case.id, data.purpose)
        self._say("tg.m.purpose_saved", reference=case.reference,
                  purpose=_label(f"measure.purpose.{data.purpose}"))

    # --- typed text a button asked for ---------------------------------------------------------

    def typed(self, what: str, ref: str, text: str) -> None:
        """The note of a contact, or the date of a decision, as typed."""
        case_id, _, rest = ref.partition(":")
        case = self.service.case(self.account, case_id)
        first, _, second = rest.partition(":")
        if what == DECISION_DATE:
            on = self._date(text)
            if on is None:
                self.session.expect(DECISION_DATE, ref)
                return
            self._decide(case, first, second, on)
            return
        note = "" if text.strip() == "-" else text.strip()
        if len(note) > phases.NOTE_LIMIT:
            self.session.expect(NOTE_TEXT, ref)
        entry = self.service.log_contact(self.account, case.id, first, note, detail=second)
        rhythm = self.service.contact_frequency(self.account, case.id)
        self._say("tg.m.contact_saved", reference=case.reference, kind=_entry_kind(entry),
                  on=date.fromisoformat(entry.on), contacts=rhythm.contacts,
                  per_month=rhythm.contacts_per_month, visits=rhythm.visits_per_month,
                  days=rhythm.call_days)


def _kind_label(kind_code: str, detail: str) -> str:
    return _label(f"measure.incident.{detail}") if detail else _label(f"measure.contact.{kind_code}")


def _entry_kind(entry) -> str:
    return _kind_label(entry.kind, entry.detail)


# --- the household's side -----------------------------------------------------------------------

def next_review_text(service: CaseService, link, locale: str) -> str | None:
    """The household's next review date in its language, None when none is planned."""
    review = service.next_review(link)
    return render("tg.h.next_review", locale, on=review[1]) if review else None


# --- reminders: a job inside the running bot ------------------------------------------------------

def queue_reminders(service: CaseService, now: datetime) -> int:
    """One transaction: every reminder due and never sent is recorded as sent and its message
    kept in the durable outbox (sent by the courier, even after a restart). How many."""
    from intake_bot.channels.telegram._courier import encode

    with service.transaction():
        box = Outbox()
        deliver_notices(box, service.claim_reminders(now))
        texts = [item for item in box.items if isinstance(item, Text)]
        for item in texts:
            service.keep_reply(item.chat_id, encode(item))
    return len(texts)


async def reminder_job(service: CaseService, courier, clock: Callable[[], datetime] | None = None,
                       sleep=asyncio.sleep) -> None:
    """Every quarter of an hour, on weekdays from 9:00 to 18:00 in Paris, queue the reminders
    due (in the one instance holding the job's lease), then wake the courier to send them."""
    while True:
        try:
            now = (clock or service.now)()
            if phases.sending_hour(now) and service.hold_lease(REMINDER_JOB, REMINDER_LEASE):
                if queue_reminders(service, now):
                    courier.backlog |= {r.chat_id for r in service.kept_replies()}
                    courier.wake.set()
        except Exception:  # noqa: BLE001 - the next round tries again; the bot goes on
            log.exception("reminders: the round failed")
        await sleep(REMINDER_PERIOD.total_seconds())
