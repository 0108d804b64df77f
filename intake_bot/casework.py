"""Casework: the engine applied to stored cases. Load, apply, commit, then reply.

Channels (console, Telegram) call this and nothing below it; it is the one place where an answer
becomes durable. Every state change is committed before the caller gets anything to show.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import Any, Callable

from intake_bot.engine import interview
from intake_bot.engine.derived import Figures, compute_figures
from intake_bot.engine.interview import Outcome, Progress, Question
from intake_bot.engine.reader import Reply
from intake_bot.engine.state import STOPPED, Provenance
from intake_bot.engine.walk import Walk, field_key_of
from intake_bot.i18n import vocabulary_for
from intake_bot.i18n.detection import detect_language, should_offer_switch
from intake_bot.questionnaire.compiler import load_flow
from intake_bot.questionnaire.model import Flow
from intake_bot.storage.base import AnswerEvent, CaseStore, Person
from intake_bot.translation import NoTranslator, Translation, Translator, translate_or_defer

def _utc_now() -> datetime:
    return datetime.now(timezone.utc)


@dataclass(frozen=True)
class Screen:
    """The current question (None when nothing is left) and the progress of a role."""

    question: Question | None
    progress: Progress


@dataclass
class Casework:
    """The interview of stored cases, for one storage and one questionnaire."""

    storage: CaseStore
    flow: Flow | None = None
    clock: Callable[[], datetime] = _utc_now
    translator: Translator = field(default_factory=NoTranslator)

    def __post_init__(self) -> None:
        self.flow = self.flow or load_flow()

    def today(self) -> date:
        """Today's date by the casework's clock."""
        return self.clock().date()

    def current(self, case_id: int, role: str) -> Question | None:
        """The question to ask ``role`` now, or None when nothing is left."""
        return interview.next_question(self.flow, self.storage.load_state(case_id), role, self.today())

    def screen(self, case_id: int, role: str) -> Screen:
        """What a chat shows now: the current question and the progress, from one walk."""
        state = self.storage.load_state(case_id)
        walked = interview.relevant_answers(self.flow, state, self.today())
        return Screen(interview.next_question(self.flow, state, role, self.today(), walked),
                      interview.progress(self.flow, state, role, self.today(), walked))

    def state(self, case_id: int) -> dict[str, Any]:
        """The stored interview state."""
        return self.storage.load_state(case_id)

    def answer(self, case_id: int, reply: Reply, role: str, locale: str,
               witnessed: bool = False) -> Outcome:
        """Apply ``reply`` from ``role`` (``witnessed``: a worker records what the household
        said in their presence); on success commit answer, state and people first. Statuses
        and notices are the case service's."""
        state = self.storage.load_state(case_id)
        at = self.clock().isoformat(timespec="milliseconds")
        provenance = Provenance(by=role, at=at, lang=locale, witnessed=witnessed)
        outcome = interview.apply_answer(self.flow, state, reply, provenance, self.today(),
                                         vocabulary_for(locale))
        if not outcome.accepted:
            return outcome
        path = outcome.path
        new_state = _with_language_tag(self.flow, outcome.state, path, locale)
        walked = interview.relevant_answers(self.flow, new_state, self.today())
        notes, others = _also_recorded(self.flow, state, new_state, path)
        for also in notes:  # shown above the question: in the history before its answer
            self.storage.save_state(case_id, new_state, AnswerEvent(also, new_state["answers"][also]))
        self.storage.save_state(case_id, new_state, AnswerEvent(path, new_state["answers"][path]),
                                people_of(walked))
        for also in others:  # entries typed in the same message, answers derived from it
            self.storage.save_state(case_id, new_state, AnswerEvent(also, new_state["answers"][also]))
        return interview.Outcome(new_state, path=path)

    def prefill(self, case_id: int, values: dict[str, Any], role: str) -> None:
        """Record ``values`` (field key -> typed value) known before anyone is asked (issue 14:
        the organisation and worker of the account that opens the case, today's date)."""
        state = self.storage.load_state(case_id)
        at = self.clock().isoformat(timespec="milliseconds")
        filled = interview.prefill(self.flow, state, values, Provenance(by=role, at=at, lang="fr"),
                                   self.today())
        if filled is not state:
            self.storage.save_state(case_id, filled)

    def reopen(self, case_id: int) -> None:
        """Make a stopped interview (consent refused) active again at the question that stopped
        it; only the case service calls this, when the household redeems a new invitation."""
        state = self.storage.load_state(case_id)
        if state["status"] == STOPPED:
            self.storage.save_state(case_id, interview.reopen(self.flow, state))

    def translate_pending(self, case_id: int) -> int:
        """Try the translator on every free-text answer still "à traduire"; return how many
        were translated. Call it after replying: a slow or failing backend delays nothing."""
        state = self.storage.load_state(case_id)
        translated = {}
        for path, record in state["answers"].items():
            pending = record.get("translation") or {}
            if pending.get("pending"):
                result = translate_or_defer(self.translator, record["value"], pending["lang"])
                if not result.pending:
                    translated[path] = {**record, "translation": _translation_record(result)}
        if translated:
            self.storage.save_state(case_id, {**state, "answers": {**state["answers"], **translated}})
        return len(translated)

    def set_translation(self, case_id: int, path: str, text: str, worker: str) -> None:
        """A worker's own translation of a free-text answer (marked human, replaces the machine's)."""
        state = self.storage.load_state(case_id)
        record = state["answers"][path]
        lang = (record.get("translation") or {}).get("lang") or record.get("lang")
        translation = {"text": text, "lang": lang, "machine": False, "pending": False,
                       "engine": "human", "by": worker}
        answers = {**state["answers"], path: {**record, "translation": translation}}
        self.storage.save_state(case_id, {**state, "answers": answers})
        self.storage.audit(worker, "translation.correct", case_id, path=path)

    def language_offer(self, case_id: int, chosen: str) -> str | None:
        """The language to offer once, when the household keeps writing in another one."""
        state = self.storage.load_state(case_id)
        detected = [r.get("detected_lang") for path, r in state["answers"].items()
                    if r.get("by") == "household" and "detected_lang" in r
                    and self._is_prose(path)]  # a name tagged before issue 14 does not count
        offer = should_offer_switch(chosen, detected, bool(state.get("language_offered")))
        if offer:
            self.storage.save_state(case_id, {**state, "language_offered": True})
        return offer

    def _is_prose(self, path: str) -> bool:
        """True when the answer at ``path`` is prose (a field of the current questionnaire)."""
        key = field_key_of(path)
        return key in self.flow.by_key and self.flow.field(key).prose

    def back(self, case_id: int, role: str) -> Question | None:
        """Step back one question (answers kept) and return it."""
        state = self.storage.load_state(case_id)
        self.storage.save_state(case_id, interview.go_back(self.flow, state, role, self.today()))
        return self.current(case_id, role)

    def jump(self, case_id: int, path: str, role: str) -> Outcome:
        """Make ``path`` the current question, to change its answer."""
        outcome = interview.jump_to(self.flow, self.storage.load_state(case_id), path, role, self.today())
        if outcome.accepted:
            self.storage.save_state(case_id, outcome.state)
        return outcome

    def progress(self, case_id: int, role: str) -> Progress:
        """Answered and remaining questions for ``role``."""
        return interview.progress(self.flow, self.storage.load_state(case_id), role, self.today())

    def walk(self, case_id: int) -> Walk:
        """The relevant questions and typed answers of the case."""
        return interview.relevant_answers(self.flow, self.storage.load_state(case_id), self.today())

    def figures(self, case_id: int) -> Figures:
        """Derived figures (household type, budget, suggested freins) of the case."""
        return compute_figures(self.walk(case_id).context, self.today())


def _also_recorded(flow: Flow, before: dict[str, Any], after: dict[str, Any],
                   path: str) -> tuple[list[str], list[str]]:
    """The records one answer added or changed besides its own (issue 14): notes shown above
    the question, then entries typed in one message and derived answers, in that order."""
    old = before["answers"]
    changed = [p for p, record in after["answers"].items() if p != path and old.get(p) != record]
    notes = [p for p in changed if flow.by_key.get(field_key_of(p)) is not None
             and flow.by_key[field_key_of(p)].kind == "note"]
    return notes, [p for p in changed if p not in notes]


def people_of(walked: Walk) -> list[Person]:
    """The household as stored in the people table: the applicant, then each member."""
    answers = walked.context
    applicant = Person(0, "applicant", answers.get("first_name"), answers.get("last_name"),
                       answers.get("sex"), _iso(answers.get("birth_date")))
    members = [Person(i + 1, m.get("relation") or "unknown", m.get("first_name"), m.get("last_name"),
                      m.get("sex"), _iso(m.get("birth_date")), {"lives_here": m.get("lives_here")})
               for i, m in enumerate(answers.get("members") or [])]
    return [applicant, *members]


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _with_language_tag(flow: Flow, state: dict[str, Any], path: str, locale: str) -> dict[str, Any]:
    """For a free-text answer: the language it is written in, and its translation status."""
    record = state["answers"][path]
    if not flow.field(field_key_of(path)).prose or record.get("skipped") or not record.get("value"):
        return state  # names, numbers, references, dates, amounts: never detected (issue 14)
    detected = detect_language(record["value"])
    lang = detected or locale
    tagged = {**record, "detected_lang": detected,
              "translation": _translation_record(translate_or_defer(NoTranslator(), record["value"], lang))}
    return {**state, "answers": {**state["answers"], path: tagged}}


def _translation_record(result: Translation) -> dict[str, Any]:
    return {"text": result.text, "lang": result.source, "machine": result.machine,
            "pending": result.pending, "engine": result.engine}
