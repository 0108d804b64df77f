"""The life of a support measure after the diagnostic (issue 13), as phases of the case service.

Phases (statuses, :mod:`.statuses`) and what moves a case through them:

* ``documents_generated`` -> ``decided``: :meth:`MeasurePhases.decide` (commission or funder;
  accepted, refused or adjourned; the measure granted, which may differ from the one
  recommended). An adjourned decision may be taken again; a refused one leads to the exit.
* ``decided`` (accepted) -> ``support_started``: :meth:`MeasurePhases.start_support` (the day
  the contract was signed; the end from the contract's duration within the measure's bounds).
* ``intermediate_review`` / ``final_review``: :meth:`MeasurePhases.record_review` (the reviews
  helper's questionnaires call it once a review is done).
* ``renewed``: :meth:`MeasurePhases.renew` (a later end date, still within the bounds counted
  from the start, and the reason).
* ``closed``: :meth:`MeasurePhases.close_support` with an outcome (OUTCOMES).

Beside the phases: the measure's purpose (access or staying), eviction prevention
(EVICTION_STEPS, each with its date), the follow-up log (visits, calls, meetings, incidents),
the contact frequency planned by the contract compared with the log, and the reminders due to
the worker (:func:`due_reminders`, a pure function; :meth:`MeasurePhases.claim_reminders`
records each one sent so that it is sent once). Every change is audited; everything here is
erased with the case (the store's ``erase_case``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any, Iterable, Mapping
from zoneinfo import ZoneInfo

from intake_bot.cases import statuses
from intake_bot.cases.errors import CaseError
from intake_bot.cases.notices import Notice
from intake_bot.engine.dates import add_months
from intake_bot.storage.base import Case, FollowUpEntry

if TYPE_CHECKING:
    from intake_bot.storage.base import Account, Link

ACCEPTED, REFUSED, ADJOURNED = "accepted", "refused", "adjourned"
DECISION_RESULTS = (ACCEPTED, REFUSED, ADJOURNED)
DECISION_BODIES = ("commission", "funder")
ACCESS, STAYING = "access", "staying"
PURPOSES = (ACCESS, STAYING)
INTERMEDIATE, FINAL = "intermediate", "final"
REVIEW_STATUS = {INTERMEDIATE: statuses.INTERMEDIATE_REVIEW, FINAL: statuses.FINAL_REVIEW}
OUTCOMES = ("social_housing", "private_housing", "maintained", "accommodation", "no_news",
            "support_stopped", "moved_away", "other")
VISIT, CALL, MEETING, INCIDENT = "visit", "call", "meeting", "incident"
CONTACT_KINDS = (VISIT, CALL, MEETING)
LOG_KINDS = (*CONTACT_KINDS, INCIDENT)
INCIDENTS = ("payment", "neighbour", "landlord")
NOTE_LIMIT = 500
#: Eviction prevention: the FSL « maintien » application and its decision, the repayment plan
#: agreed with the landlord, the CCAPEX referral, then the stages of the procedure, in order.
PROCEDURE_STAGES = ("payment_order", "summons", "judgment", "order_to_leave", "police_assistance")
EVICTION_STEPS = ("fsl_application", "fsl_decision", "repayment_plan", "ccapex_referral",
                  *PROCEDURE_STAGES)
FSL_DECISIONS = ("granted", "refused")

#: Reminders: a review due within REVIEW_NOTICE, the end within ENDING_NOTICE, a residence
#: permit expiring within PERMIT_NOTICE_MONTHS, no contact for longer than the contract's rhythm.
REVIEW_NOTICE = timedelta(days=7)
ENDING_NOTICE = timedelta(days=30)
PERMIT_NOTICE_MONTHS = 3
REVIEW_DUE, MEASURE_ENDING, NO_CONTACT, PERMIT_EXPIRING = (
    "review_due", "measure_ending", "no_contact", "permit_expiring")
#: Reminders go out on weekdays, 9:00 to 18:00 in Paris.
PARIS = ZoneInfo("Europe/Paris")
SENDING_HOURS = (time(9, 0), time(18, 0))
DAYS_PER_MONTH = 30.4375


@dataclass(frozen=True)
class Measure:
    """What a case's measure recorded so far (dates as dates, codes as listed above)."""

    case_id: int
    purpose: str | None = None
    decision: str | None = None
    decided_on: date | None = None
    body: str | None = None
    granted: str | None = None
    start: date | None = None
    end: date | None = None
    reviews: tuple[tuple[str, date], ...] = ()
    renewals: tuple[tuple[date, date, str], ...] = ()  # (recorded on, new end, reason)
    outcome: str | None = None
    closed_on: date | None = None
    eviction: Mapping[str, tuple[date, str]] = field(default_factory=dict)  # step -> (date, value)

    def reviewed(self, kind: str) -> date | None:
        """The day of the latest review of ``kind`` (None when none)."""
        days = [on for k, on in self.reviews if k == kind]
        return max(days) if days else None

    def next_review(self) -> tuple[str, date] | None:
        """The next review due (kind, day): the intermediate one halfway through the current
        period unless held, then the final one at the end; None outside a support."""
        if self.start is None or self.end is None or self.closed_on is not None:
            return None
        period_start = self.renewals[-1][0] if self.renewals else self.start
        intermediate = self.reviewed(INTERMEDIATE)
        if intermediate is None or intermediate < period_start:
            if not self.renewals or self.reviewed(FINAL) is None:
                return INTERMEDIATE, period_start + (self.end - period_start) / 2
        final = self.reviewed(FINAL)
        if final is None or final < period_start:
            return FINAL, self.end
        return None

    def duration_days(self, today: date) -> int | None:
        """Days of support from the start to the exit (to ``today`` while under way)."""
        if self.start is None:
            return None
        return ((self.closed_on or today) - self.start).days


@dataclass(frozen=True)
class Frequency:
    """The contract's planned rhythm (home visits a month, days between calls) beside the log:
    contacts and visits a month since the start, the last contact, and whether it is overdue."""

    visits_per_month: int
    call_days: int
    contacts: int
    visits: int
    contacts_per_month: float
    visits_per_month_logged: float
    last_contact: date | None
    overdue: bool


@dataclass(frozen=True)
class Reminder:
    """A reminder due to the worker of case ``case_id``: ``kind``, the day it is about, and a
    ``key`` that names it once and for all (a new contact or a new end date makes a new one)."""

    case_id: int
    kind: str
    on: date
    detail: str = ""

    @property
    def key(self) -> str:
        """What the store records so that the reminder is sent once."""
        return f"{self.case_id}:{self.kind}:{self.detail}:{self.on.isoformat()}"


@dataclass(frozen=True)
class SupportFigures:
    """What an indicator needs of one case's measure (issue 12's indicators read these)."""

    case_id: int
    status: str
    measure: str | None
    purpose: str | None
    start: date | None
    end: date | None
    closed_on: date | None
    outcome: str | None
    duration_days: int | None
    renewals: int
    contacts: dict[str, int]
    incidents: dict[str, int]
    contacts_per_month: float | None


# --- the record: JSON in the store, a Measure here --------------------------------------------

def measure_of(case_id: int, data: Mapping[str, Any] | None) -> Measure:
    """The typed view of a case's stored measure record."""
    data = data or {}
    decision = data.get("decision") or {}
    support = data.get("support") or {}
    closing = data.get("exit") or {}
    return Measure(
        case_id, data.get("purpose"), decision.get("result"), _day(decision.get("on")),
        decision.get("body"), decision.get("granted"), _day(support.get("start")),
        _day(support.get("end")),
        tuple((r["kind"], _day(r["on"])) for r in data.get("reviews", [])),
        tuple((_day(r["on"]), _day(r["end"]), r.get("reason", "")) for r in data.get("renewals", [])),
        closing.get("outcome"), _day(closing.get("on")),
        {step: (_day(v["on"]), v.get("value", "")) for step, v in data.get("eviction", {}).items()})


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def frequency(measure: Measure, log: Iterable[FollowUpEntry], planned: tuple[int, int],
              today: date) -> Frequency:
    """The planned rhythm ``planned`` (visits a month, days between calls) against the log."""
    contacts = [e for e in log if e.kind in CONTACT_KINDS]
    visits = [e for e in contacts if e.kind == VISIT]
    last = max((date.fromisoformat(e.on) for e in contacts), default=None)
    months = None
    if measure.start is not None:
        months = max(((measure.closed_on or today) - measure.start).days, 1) / DAYS_PER_MONTH
    since = last or measure.start
    overdue = since is not None and measure.closed_on is None and (today - since).days > planned[1]
    return Frequency(planned[0], planned[1], len(contacts), len(visits),
                     round(len(contacts) / months, 2) if months else 0.0,
                     round(len(visits) / months, 2) if months else 0.0, last, overdue)


def due_reminders(case: Case, measure: Measure, log: Iterable[FollowUpEntry],
                  call_days: int, permit_expiry: date | None, today: date) -> list[Reminder]:
    """The reminders due today about one case (pure): a review due within 7 days, the measure
    ending within 30 days, no contact for longer than the contract's days between calls, the
    residence permit expiring within 3 months. Reminders already sent are the caller's to drop
    (by key)."""
    if case.status in statuses.CLOSED or case.status == statuses.SUPPORT_CLOSED:
        return []
    found = []
    under_support = case.status in statuses.UNDER_SUPPORT and measure.end is not None
    review = measure.next_review() if under_support else None
    if review is not None and review[1] - today <= REVIEW_NOTICE:
        found.append(Reminder(case.id, REVIEW_DUE, review[1], review[0]))
    if under_support and timedelta(0) <= measure.end - today <= ENDING_NOTICE:
        found.append(Reminder(case.id, MEASURE_ENDING, measure.end))
    if under_support:
        check = frequency(measure, log, (0, call_days), today)
        if check.overdue:
            found.append(Reminder(case.id, NO_CONTACT, check.last_contact or measure.start))
    if permit_expiry is not None and today <= permit_expiry <= add_months(today, PERMIT_NOTICE_MONTHS):
        found.append(Reminder(case.id, PERMIT_EXPIRING, permit_expiry))
    return found


def sending_hour(moment: datetime) -> bool:
    """True on a weekday between 9:00 and 18:00 in Paris (when reminders go out)."""
    local = moment.astimezone(PARIS)
    return local.weekday() < 5 and SENDING_HOURS[0] <= local.time() < SENDING_HOURS[1]


def reminder_notice(case: Case, reminder: Reminder) -> Notice:
    """The worker's message for ``reminder`` (French, as every staff message)."""
    message_id = f"measure.reminder.{reminder.kind}"
    if reminder.kind == REVIEW_DUE:
        message_id += f"_{reminder.detail}"
    return Notice(case.worker, message_id, "fr", {"reference": case.reference, "on": reminder.on},
                  case_id=case.id)


# --- the phases, on the case service -----------------------------------------------------------

class MeasurePhases:
    """The case service's measure phases (mixed into CaseService: uses its store, access checks
    and status moves)."""

    def measure(self, actor: Account | Link, case_ref: str | int) -> Measure:
        """The measure of a case as recorded so far."""
        case = self.case(actor, case_ref, "read")
        return measure_of(case.id, self.store.get_measure(case.id))

    def _change(self, account: Account, case_ref: str | int) -> tuple[Case, dict[str, Any]]:
        case = self._open(account, case_ref, "objectives")
        return case, self.store.get_measure(case.id) or {}

    def _commit(self, account: Account, case: Case, data: dict[str, Any], action: str,
                status: str | None = None, **details: Any) -> Measure:
        with self.store.atomic():
            if status is not None:
                self._move(case, status, account.id)
            self.store.save_measure(case.id, data)
            self.store.audit(account.id, action, case.id, **details)
        return measure_of(case.id, data)

    def _day_or_today(self, on: date | None) -> date:
        return on or self.casework.today()

    def set_purpose(self, account: Account, case_ref: str | int, purpose: str) -> Measure:
        """The measure's purpose: access to housing, or staying in the current home."""
        _check(purpose, PURPOSES, "purpose")
        case, data = self._change(account, case_ref)
        data["purpose"] = purpose
        return self._commit(account, case, data, "measure.purpose", purpose=purpose)

    def decide(self, account: Account, case_ref: str | int, result: str, on: date | None = None,
               body: str = "commission", granted: str | None = None) -> Measure:
        """The commission's or funder's decision on the diagnostic: ``result`` accepted, refused
        or adjourned, on the day ``on`` (today by default); ``granted`` the measure granted
        (default: the one recommended). Only after the documents, or after an adjournment."""
        _check(result, DECISION_RESULTS, "decision")
        _check(body, DECISION_BODIES, "body")
        case, data = self._change(account, case_ref)
        previous = (data.get("decision") or {}).get("result")
        if case.status not in (statuses.DOCUMENTS_GENERATED, statuses.DECIDED) or \
                previous not in (None, ADJOURNED):
            raise statuses.StatusError("case.error.transition", current=case.status,
                                       new=statuses.DECIDED)
        granted = granted or self._recommended(case)
        day = self._day_or_today(on)
        data["decision"] = {"result": result, "on": day.isoformat(), "body": body, "granted": granted}
        data.setdefault("decisions", []).append(data["decision"])
        return self._commit(account, case, data, "measure.decision", statuses.DECIDED,
                            result=result, on=day.isoformat(), body=body, granted=granted)

    def recommended_measure(self, account: Account, case_ref: str | int) -> str | None:
        """The measure code the diagnostic recommends (what a decision grants by default)."""
        return self._recommended(self.case(account, case_ref, "read"))

    def _granted_measure(self, case: Case) -> str | None:
        """The measure an accepted decision granted (None before it, or when refused)."""
        decision = (self.store.get_measure(case.id) or {}).get("decision") or {}
        return decision.get("granted") if decision.get("result") == ACCEPTED else None

    def _recommended(self, case: Case) -> str | None:
        from intake_bot.documents.measures import contract_measure

        return contract_measure(self._answers(case))

    def _answers(self, case: Case) -> dict[str, Any]:
        return self.casework.walk(case.id).context

    def start_support(self, account: Account, case_ref: str | int, signed_on: date | None = None,
                      end: date | None = None) -> Measure:
        """The contract signed on ``signed_on`` (default: the start set with /debut, else
        today) starts the support; ``end`` defaults to the contract's duration (the months the
        worker set, else the recommended ones, else the measure's default), within the bounds
        of the measure granted. The case's contract start follows."""
        case, data = self._change(account, case_ref)
        if case.status != statuses.DECIDED:
            raise statuses.StatusError("case.error.transition", current=case.status,
                                       new=statuses.SUPPORT_STARTED)
        if (data.get("decision") or {}).get("result") != ACCEPTED:
            raise CaseError("measure.error.not_accepted", reference=case.reference)
        start = signed_on or _day(case.contract_start) or self.casework.today()
        bounds, label = self._bounds(case, data)
        months = case.contract_months or self._answers(case).get("duration_months") or bounds.default
        end = end or add_months(start, int(months))
        self._check_period(start, end, bounds, label, case)
        data["support"] = {"start": start.isoformat(), "end": end.isoformat()}
        with self.store.atomic():
            self.store.update_case(case.id, contract_start=start.isoformat())
            return self._commit(account, case, data, "measure.support_started",
                                statuses.SUPPORT_STARTED, start=start.isoformat(), end=end.isoformat())

    def _bounds(self, case: Case, data: Mapping[str, Any]):
        from intake_bot.documents.measures import bounds_for
        from intake_bot.documents.sources import options_from

        granted = (data.get("decision") or {}).get("granted") or self._recommended(case)
        return bounds_for(granted, options_from(self.settings).duration_bounds), granted or "?"

    @staticmethod
    def _check_period(start: date, end: date, bounds, label: str, case: Case) -> None:
        earliest, latest = add_months(start, bounds.minimum), add_months(start, bounds.maximum)
        if not earliest <= end <= latest:
            raise CaseError("measure.error.bounds", reference=case.reference, measure=label,
                            earliest=earliest, latest=latest, end=end)

    def record_review(self, account: Account, case_ref: str | int, kind: str,
                      on: date | None = None) -> Measure:
        """An intermediate or final review held on ``on`` (today by default), during the
        support (the reviews' questionnaires call this once a review is done)."""
        _check(kind, REVIEW_STATUS, "review")
        case, data = self._change(account, case_ref)
        self._require_support(case)
        day = self._day_or_today(on)
        data.setdefault("reviews", []).append({"kind": kind, "on": day.isoformat()})
        return self._commit(account, case, data, "measure.review", REVIEW_STATUS[kind],
                            kind=kind, on=day.isoformat())

    def _require_support(self, case: Case) -> None:
        if case.status not in statuses.UNDER_SUPPORT:
            raise CaseError("measure.error.not_under_support", reference=case.reference)

    def renew(self, account: Account, case_ref: str | int, end: date, reason: str,
              on: date | None = None) -> Measure:
        """Renew or extend the support to ``end`` (later than the current end, within the
        measure's bounds counted from the start), for ``reason`` (French, required)."""
        case, data = self._change(account, case_ref)
        self._require_support(case)
        reason = (reason or "").strip()
        if not reason:
            raise CaseError("measure.error.reason", reference=case.reference)
        current = measure_of(case.id, data)
        if end <= current.end:
            raise CaseError("measure.error.end_not_later", reference=case.reference,
                            end=current.end)
        bounds, label = self._bounds(case, data)
        self._check_period(current.start, end, bounds, label, case)
        day = self._day_or_today(on)
        data.setdefault("renewals", []).append({"on": day.isoformat(), "end": end.isoformat(),
                                                "previous_end": current.end.isoformat(),
                                                "reason": reason[:NOTE_LIMIT]})
        data["support"]["end"] = end.isoformat()
        return self._commit(account, case, data, "measure.renewed", statuses.RENEWED,
                            end=end.isoformat(), previous_end=current.end.isoformat())

    def close_support(self, account: Account, case_ref: str | int, outcome: str,
                      on: date | None = None) -> Measure:
        """The exit: ``outcome`` (OUTCOMES) on the day ``on`` (today by default); from a
        support under way, or from a decision that did not start one."""
        _check(outcome, OUTCOMES, "outcome")
        case, data = self._change(account, case_ref)
        if data.get("exit"):  # the exit is recorded once
            raise statuses.StatusError("case.error.transition", current=case.status,
                                       new=statuses.SUPPORT_CLOSED)
        day = self._day_or_today(on)
        data["exit"] = {"outcome": outcome, "on": day.isoformat()}
        return self._commit(account, case, data, "measure.closed", statuses.SUPPORT_CLOSED,
                            outcome=outcome, on=day.isoformat())

    def record_eviction_step(self, account: Account, case_ref: str | int, step: str,
                             on: date | None = None, value: str = "") -> Measure:
        """Eviction prevention: the day a step was reached (FSL application, FSL decision with
        ``value`` granted/refused, repayment plan, CCAPEX referral, each procedure stage)."""
        _check(step, EVICTION_STEPS, "step")
        if step == "fsl_decision":
            _check(value, FSL_DECISIONS, "fsl_decision")
        case, data = self._change(account, case_ref)
        day = self._day_or_today(on)
        data.setdefault("eviction", {})[step] = {"on": day.isoformat(), "value": value}
        return self._commit(account, case, data, "measure.eviction", step=step,
                            on=day.isoformat(), value=value)

    # --- the follow-up log ---------------------------------------------------------------------

    def log_contact(self, account: Account, case_ref: str | int, kind: str, note: str = "",
                    on: date | None = None, detail: str = "") -> FollowUpEntry:
        """Add a visit, call, meeting or incident (``detail``: payment, neighbour, landlord)
        to the case's log, with a short French note; committed and audited together."""
        _check(kind, LOG_KINDS, "contact")
        if kind == INCIDENT:
            _check(detail, INCIDENTS, "incident")
        case = self._open(account, case_ref, "objectives")
        note = (note or "").strip()
        if len(note) > NOTE_LIMIT:
            raise CaseError("measure.error.note_too_long", length=len(note), limit=NOTE_LIMIT)
        day = self._day_or_today(on)
        with self.store.atomic():
            entry = self.store.add_follow_up(FollowUpEntry(case.id, kind, day.isoformat(), note,
                                                           account.id, detail if kind == INCIDENT else ""))
            self.store.audit(account.id, "measure.follow_up", case.id, kind=kind,
                             on=day.isoformat(), detail=entry.detail)
        return entry

    def follow_up_log(self, actor: Account, case_ref: str | int) -> list[FollowUpEntry]:
        """The case's follow-up log, by date."""
        case = self.case(actor, case_ref, "read")
        return self.store.follow_ups(case.id)

    def planned_frequency(self, case: Case) -> tuple[int, int]:
        """(home visits a month, days between calls) the contract plans (by intensity)."""
        from intake_bot.documents.contract import contact_frequency
        from intake_bot.documents.sources import options_from

        return contact_frequency(options_from(self.settings), self._answers(case).get("intensity"))

    def contact_frequency(self, actor: Account, case_ref: str | int) -> Frequency:
        """The contract's planned rhythm beside the contacts logged."""
        case = self.case(actor, case_ref, "read")
        measure = measure_of(case.id, self.store.get_measure(case.id))
        return frequency(measure, self.store.follow_ups(case.id), self.planned_frequency(case),
                         self.casework.today())

    def next_review(self, link: Link) -> tuple[str, date] | None:
        """The household's next review (kind, day), None when none is planned."""
        case = self.case(link, link.case_id, "read")
        if case.status not in statuses.UNDER_SUPPORT:
            return None
        return measure_of(case.id, self.store.get_measure(case.id)).next_review()

    # --- reminders -----------------------------------------------------------------------------

    def due_reminders(self, today: date | None = None) -> list[tuple[Case, Reminder]]:
        """Every reminder due today over the store, sent or not (pure over what is stored)."""
        today = today or self.casework.today()
        records = self.store.measures()
        found = []
        for case in self.store.list_cases():
            if not case.worker or case.status not in statuses.AFTER_DOCUMENTS:
                continue
            measure = measure_of(case.id, records.get(case.id))
            answers = self._answers(case)
            permit = answers.get("residence_permit_expiry")
            found += [(case, r) for r in due_reminders(
                case, measure, self.store.follow_ups(case.id), self.planned_frequency(case)[1],
                permit if isinstance(permit, date) else None, today)]
        return found

    def claim_reminders(self, now: datetime | None = None) -> list[Notice]:
        """Inside the caller's transaction: each reminder due and never sent, recorded as sent
        and returned as a notice to its worker. The caller commits the notices' delivery (a
        durable outbox) in the same transaction: nothing lost, nothing sent twice."""
        now = now or self.now()
        notices = []
        with self.store.atomic():
            for case, reminder in self.due_reminders(now.date()):
                if self.account(case.worker) is None:
                    continue
                if self.store.claim_reminder(reminder.key, case.id, now.isoformat()):
                    self.store.audit("system:reminders", "measure.reminder", case.id,
                                     kind=reminder.kind, on=reminder.on.isoformat())
                    notices.append(reminder_notice(case, reminder))
        return notices

    def sent_reminders(self, account: Account, case_ref: str | int) -> list[str]:
        """The keys of the reminders already sent about a case."""
        return self.store.sent_reminders(self.case(account, case_ref, "read").id)

    # --- figures for the indicators -------------------------------------------------------------

    def support_figures(self, account: Account) -> list[SupportFigures]:
        """Per case ``account`` may see with a measure recorded: the measure, purpose, start,
        end, exit and outcome, the support's duration in days, the renewals, the contacts and
        incidents logged by kind and the contacts a month (for the indicators)."""
        records, today = self.store.measures(), self.casework.today()
        figures = []
        for case in self.cases(account):
            if case.id in records:
                figures.append(_figures(case, measure_of(case.id, records[case.id]),
                                        self.store.follow_ups(case.id), today))
        return figures


def _figures(case: Case, measure: Measure, log: list[FollowUpEntry], today: date) -> SupportFigures:
    contacts = {kind: sum(1 for e in log if e.kind == kind) for kind in CONTACT_KINDS}
    incidents = {kind: sum(1 for e in log if e.kind == INCIDENT and e.detail == kind)
                 for kind in INCIDENTS}
    rhythm = frequency(measure, log, (0, 0), today) if measure.start else None
    return SupportFigures(case.id, case.status, measure.granted, measure.purpose, measure.start,
                          measure.end, measure.closed_on, measure.outcome,
                          measure.duration_days(today), len(measure.renewals), contacts, incidents,
                          rhythm.contacts_per_month if rhythm else None)


def erased_figures(store: Any, case_id: int, today: date) -> dict[str, Any]:
    """The anonymous figures of a case's measure an erasure keeps (issue 11's
    ``case.indicators`` line): measure granted, purpose, outcome, days of support, renewals,
    contacts and incidents by kind, months of the start and of the exit. No date, no note."""
    data = store.get_measure(case_id)
    if not data:
        return {}
    figures = _figures(Case(case_id, "", ""), measure_of(case_id, data), store.follow_ups(case_id),
                       today)
    return {"granted": figures.measure, "purpose": figures.purpose, "outcome": figures.outcome,
            "support_days": figures.duration_days, "renewals": figures.renewals,
            "contacts": figures.contacts, "incidents": figures.incidents,
            "support_start": figures.start.isoformat()[:7] if figures.start else None,
            "support_end": figures.closed_on.isoformat()[:7] if figures.closed_on else None}


def _check(value: str | None, allowed: Iterable[str], what: str) -> None:
    if value not in tuple(allowed):
        raise CaseError("measure.error.value", what=what, value=str(value))
