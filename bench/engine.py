"""Engine: time per answered question (apply the answer, find the next question) over complete
scripted interviews of varied households, pure engine, no storage."""

from __future__ import annotations

import itertools
import time
from datetime import date, datetime, timedelta, timezone

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


_INTERVIEWS = itertools.count()
_WARM = iter([True])  # once per process


def interview_timings(reply_for, role: str = "worker") -> list[float]:
    """Seconds per answered question over one complete interview.

    Each answer is given at a moment of its own, as in real use, so no interview (of this run
    or an earlier one) finds its walks already made: the engine remembers walks by when each
    answer was given."""
    flow, vocabulary = load_flow(), vocabulary_for("fr")
    state, timings = new_state(), []
    started_at = datetime(2026, 11, 22, 10, tzinfo=timezone.utc) + timedelta(days=next(_INTERVIEWS))
    question = next_question(flow, state, role, TODAY)
    while question is not None:
        at = (started_at + timedelta(seconds=len(timings))).isoformat()
        # the worker records the household's consents as expressed in their presence (witnessed)
        provenance = Provenance(role, at, "fr", witnessed=role == "worker")
        started = time.perf_counter()
        outcome = apply_answer(flow, state, reply_for(question.path), provenance, TODAY, vocabulary)
        if not outcome.accepted:
            raise RuntimeError(f"{question.path}: {outcome.error}")
        state = outcome.state
        question = next_question(flow, state, role, TODAY)
        timings.append(time.perf_counter() - started)
    return timings


def run_once() -> tuple[float, float, int]:
    """(p50, p99) in milliseconds and the number of answers, over every household once.

    Measured after one unmeasured interview of each household: a running bot has compiled its
    rules and read its catalogs long before (the first answers of a fresh process take ~10 ms)."""
    if next(_WARM, None) is not None:
        for reply_for in HOUSEHOLDS.values():
            interview_timings(reply_for)
    timings = [t for reply_for in HOUSEHOLDS.values() for t in interview_timings(reply_for)]
    return percentile(timings, 0.5) * 1e3, percentile(timings, 0.99) * 1e3, len(timings)
