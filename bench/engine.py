"""Engine: time per answered question (apply the answer, find the next question) over complete
scripted interviews of varied households, pure engine, no storage."""

from __future__ import annotations

import time
from datetime import date

from bench.documents import complete_case_answers
from bench.stats import percentile
from intake_bot.engine.interview import apply_answer, next_question
from intake_bot.engine.reader import Reply
from intake_bot.engine.state import Provenance, new_state
from intake_bot.i18n import vocabulary_for
from intake_bot.questionnaire.compiler import load_flow
from tests.scripted import SINGLE_MOTHER, answer_for

TODAY = date(2026, 11, 22)


def _scripted_replies(script: dict) -> callable:
    return lambda path: Reply(text=answer_for(script, path))


def _path_replies(pairs: list[tuple]) -> callable:
    by_path = dict(pairs)

    def reply(path: str) -> Reply:
        value = by_path.get(path)
        if value is None:
            return Reply(skip=True)
        return Reply(codes=value) if isinstance(value, tuple) else Reply(text=value)
    return reply


HOUSEHOLDS = {
    "single mother, arrears, typed answers": _scripted_replies(SINGLE_MOTHER),
    "couple, three children, buttons": _path_replies(complete_case_answers()),
}


def interview_timings(reply_for, role: str = "worker") -> list[float]:
    """Seconds per answered question over one complete interview."""
    flow, vocabulary = load_flow(), vocabulary_for("fr")
    state, timings = new_state(), []
    # the worker records the household's consents as expressed in their presence (witnessed)
    provenance = Provenance(role, "2026-11-22T10:00:00+00:00", "fr", witnessed=role == "worker")
    question = next_question(flow, state, role, TODAY)
    while question is not None:
        started = time.perf_counter()
        outcome = apply_answer(flow, state, reply_for(question.path), provenance, TODAY, vocabulary)
        if not outcome.accepted:
            raise RuntimeError(f"{question.path}: {outcome.error}")
        state = outcome.state
        question = next_question(flow, state, role, TODAY)
        timings.append(time.perf_counter() - started)
    return timings


def run_once() -> tuple[float, float, int]:
    """(p50, p99) in milliseconds and the number of answers, over every household once."""
    timings = [t for reply_for in HOUSEHOLDS.values() for t in interview_timings(reply_for)]
    return percentile(timings, 0.5) * 1e3, percentile(timings, 0.99) * 1e3, len(timings)
