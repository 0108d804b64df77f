"""The interview engine: pure functions from (flow, state, input) to a new state.

Nothing here knows about Telegram, the terminal or storage. A channel asks
:func:`next_question`, shows it, and passes what the person answered to :func:`apply_answer`;
the returned state is stored before anything is shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from intake_bot.engine.expressions import ExpressionError, evaluate, rule_words
from intake_bot.engine.reader import Reply, clean_text, read_reply
from intake_bot.engine.shortcuts import derive_answers, entry_answers, records_for
from intake_bot.engine.parsing import InvalidAnswer
from intake_bot.engine.state import ACTIVE, STOPPED, Provenance, evolve, make_record
from intake_bot.engine.values import encode
from intake_bot.engine.vocabulary import FRENCH, Vocabulary
from intake_bot.engine.walk import Slot, Walk, field_key_of, typed_value, walk
from intake_bot.questionnaire.model import Field, Flow


@dataclass(frozen=True)
class Message:
    """A message id of intake_bot.messages and its parameters, rendered by a channel."""

    id: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Question:
    """The question to ask now: its slot, and the current answer record when it has one."""

    slot: Slot
    record: dict | None
    notes: tuple[Slot, ...] = ()

    @property
    def path(self) -> str:
        """The question's path in the state."""
        return self.slot.path

    @property
    def field(self):
        """The questionnaire field asked."""
        return self.slot.field


@dataclass(frozen=True)
class Outcome:
    """The result of an answer: the new state, or the same state and an error message."""

    state: dict[str, Any]
    error: Message | None = None
    path: str | None = None

    @property
    def accepted(self) -> bool:
        """True when the answer was stored."""
        return self.error is None


@dataclass(frozen=True)
class Progress:
    """Counts over the questions relevant now for a role."""

    answered: int
    remaining: int
    by_section: dict[str, tuple[int, int]]

    @property
    def total(self) -> int:
        """Answered plus remaining."""
        return self.answered + self.remaining

    @property
    def ratio(self) -> float:
        """Share answered, 0.0 to 1.0 (display only)."""
        return self.answered / self.total if self.total else 1.0


def askable(flow: Flow, state: dict, role: str, today: date,
            walked: Walk | None = None) -> tuple[Walk, list[Slot]]:
    """The walk (``walked`` when the caller already has it for this state) and the relevant
    slots a person in ``role`` may answer, in order."""
    result = walked or walk(flow, state["answers"], today)
    return result, result.asked_to(role)


def next_question(flow: Flow, state: dict, role: str, today: date,
                  walked: Walk | None = None) -> Question | None:
    """The question to ask now, or None when the role has nothing left (or the interview stopped).

    A cursor set by :func:`go_back`, :func:`jump_to` or :func:`reopen` wins; otherwise it is the
    first relevant question not answered yet.
    """
    _, slots = askable(flow, state, role, today, walked)
    slot = _current_slot(slots, state)
    if slot is None:
        return None
    return Question(slot, state["answers"].get(slot.path), _notes_before(slots, slot, state))


def _current_slot(slots: list[Slot], state: dict) -> Slot | None:
    """The cursor's slot, else the first unanswered one; a note is shown above the question
    after it (issue 14: one screen less), so it is current only when nothing follows it."""
    if state["status"] != ACTIVE:
        return None
    answers, cursor = state["answers"], state.get("cursor")
    at_cursor = next((s for s in slots if s.path == cursor), None) if cursor else None
    if at_cursor:
        return at_cursor
    unanswered = [s for s in slots if s.path not in answers]
    return next((s for s in unanswered if s.field.kind != "note"), unanswered[0] if unanswered else None)


def _notes_before(slots: list[Slot], slot: Slot, state: dict) -> tuple[Slot, ...]:
    """The unanswered notes right before ``slot``: shown above it, recorded with its answer."""
    if slot.field.kind == "note":
        return ()
    notes: list[Slot] = []
    for earlier in reversed(slots[:slots.index(slot)]):
        if earlier.field.kind != "note" or earlier.path in state["answers"]:
            break
        notes.insert(0, earlier)
    return tuple(notes)


def apply_answer(flow: Flow, state: dict, reply: Reply, provenance: Provenance, today: date,
                 vocabulary: Vocabulary = FRENCH) -> Outcome:
    """Validate ``reply`` for the current question, or for ``reply.path`` when it names any
    question relevant now that the role may answer, and store it.

    Returns the new state, or the unchanged state with the message explaining what to fix.
    A consent (``consent: true``) is the household's: a worker records it only as witnessed.
    A stopped interview takes no answer, not even one naming its question (an old button).
    """
    if state["status"] == STOPPED:
        return Outcome(state, Message("error.interview_closed"))
    role = provenance.by
    result, slots = askable(flow, state, role, today)
    slot = _current_slot(slots, state)
    if reply.path and (slot is None or reply.path != slot.path):
        slot = next((s for s in slots if s.path == reply.path), None)
        if slot is None:  # no longer relevant, or not this role's question
            return Outcome(state, Message("error.stale_question"))
    if slot is None:
        return Outcome(state, Message("error.unknown_question"))
    if slot.field.consent and provenance.by == "worker" and not provenance.witnessed:
        return Outcome(state, Message("error.consent_household_only"))
    try:
        found = entry_answers(slot, reply, vocabulary, result.context)
        added = records_for(found, provenance, reply.text) if found is not None else \
            _with_also(flow, state, slot, reply, result, vocabulary, today, provenance)
        if added is None:
            value, skipped = read_reply(slot, reply, vocabulary, today)
            _check_constraint(slot, value, result)
    except InvalidAnswer as invalid:
        return Outcome(state, Message(invalid.message_id, dict(invalid.params)))
    if added is not None:
        return Outcome(_stored(flow, state, slots, slot, added, provenance, today), path=slot.path)
    record = make_record(encode(slot.field, value), provenance, reply.text, skipped,
                         consent=slot.field.consent)
    new_state = _stored(flow, state, slots, slot, {slot.path: record}, provenance, today)
    return Outcome(_apply_stop(slot, value, new_state), path=slot.path)


def _with_also(flow: Flow, state: dict, slot: Slot, reply: Reply, result: Walk,
               vocabulary: Vocabulary, today: date, provenance: Provenance) -> dict[str, dict] | None:
    """The records of ``slot`` and of its ``also`` question when one typed message answers
    both (issue 14), each keeping the words it came from; None otherwise."""
    f = slot.field
    text = clean_text(reply.text or "")
    if not f.also or slot.adds_entry or reply.codes is not None or reply.skip or not text:
        return None
    other_path = slot.path[: len(slot.path) - len(f.id)] + f.also

    def other_after(value: Any) -> tuple[Slot | None, Walk]:
        """The other question as it stands once ``slot`` is answered ``value`` (as it stands
        now when it is asked already: a walk costs about a millisecond)."""
        now = result.slot(other_path)
        if now is not None and now.field.asked_to(provenance.by) \
                and f.id not in rule_words(now.field.relevant) | rule_words(now.field.constraint):
            return now, result
        answers = {**state["answers"], slot.path: make_record(encode(f, value), provenance, None)}
        walked = walk(flow, answers, today)
        return next((s for s in walked.slots if s.path == other_path
                     and s.field.asked_to(provenance.by)), None), walked

    parts = _also_parts(slot, text, result, other_after, vocabulary, today)
    if parts is None:
        return None
    (value, words), (other, other_value, other_words) = parts
    return {slot.path: make_record(encode(f, value), provenance, words),
            other.path: make_record(encode(other.field, other_value), provenance, other_words)}


def _also_parts(slot: Slot, text: str, result: Walk, other_after, vocabulary: Vocabulary,
                today: date) -> tuple[tuple[Any, str], tuple[Slot, Any, str]] | None:
    """((value, words), (other slot, value, words)): a yes/no question reads any answer other
    than yes or no as the other question's, "yes, and this" (or that question's error); a text
    question takes the start of the message, the other question the rest, split at the first
    word where both are valid."""
    if slot.field.kind == "yes_no":
        if _valid(slot, text, result, vocabulary, today) is not None:
            return None  # a plain yes or no
        other, walked = other_after(True)
        if other is None:
            return None
        value, skipped = read_reply(other, Reply(text=text), vocabulary, today)  # its error if not
        _check_constraint(other, value, walked)
        return None if skipped or value is None else ((True, text), (other, value, text))
    words = text.split()
    for cut in range(1, len(words)):
        head, tail = " ".join(words[:cut]), " ".join(words[cut:])
        value = _valid(slot, head, result, vocabulary, today)
        if value is None:
            continue
        other, walked = other_after(value)
        other_value = _valid(other, tail, walked, vocabulary, today) if other else None
        if other_value is not None:
            return (value, head), (other, other_value, tail)
    return None


def _valid(slot: Slot, text: str, result: Walk, vocabulary: Vocabulary, today: date) -> Any:
    """The value ``text`` gives ``slot`` when it is a valid answer (not "I don't know")."""
    try:
        value, skipped = read_reply(slot, Reply(text=text), vocabulary, today)
        _check_constraint(slot, value, result)
    except InvalidAnswer:
        return None
    return None if skipped else value


def _stored(flow: Flow, state: dict, slots: list[Slot], slot: Slot, records: dict[str, dict],
            provenance: Provenance, today: date) -> dict:
    """``state`` with ``records``, the notes shown above ``slot``, and derived answers updated."""
    shown = {note.path: make_record(True, provenance, None)
             for note in _notes_before(slots, slot, state)}
    answers = derive_answers(flow, {**state["answers"], **shown, **records}, today, provenance.at)
    return evolve(state, answers=answers, cursor=None)


def _scope(slot: Slot, result: Walk) -> dict[str, Any]:
    if slot.index is None or slot.adds_entry:
        return dict(result.context)
    entries = result.context[slot.group_key]
    return {**result.context, "item": entries[slot.index], "index": slot.index}


def _check_constraint(slot: Slot, value: Any, result: Walk) -> None:
    f = slot.field
    if value is None or slot.adds_entry or not f.constraint:
        return
    try:
        holds = evaluate(f.constraint, {**_scope(slot, result), "value": value})
    except ExpressionError:
        return  # the rule depends on answers we do not have: nothing to hold against
    if not holds:
        raise InvalidAnswer(f.error or "error.choice_invalid")


def _apply_stop(slot: Slot, value: Any, state: dict) -> dict:
    if slot.adds_entry or not _stops(slot.field, value):
        return state
    return evolve(state, status=STOPPED, stop_message=slot.field.stop_message)


def _stops(f: Field, value: Any) -> bool:
    if not f.stop_if:
        return False
    try:
        return bool(evaluate(f.stop_if, {"value": value}))
    except ExpressionError:
        return False


def go_back(flow: Flow, state: dict, role: str, today: date) -> dict:
    """Move to the answered question before the current one; answers are all kept.

    A stopped interview does not move: only :func:`reopen` makes it active again.
    """
    if state["status"] == STOPPED:
        return state
    _, slots = askable(flow, state, role, today)
    current = _current_slot(slots, state)
    stop_at = slots.index(current) if current else len(slots)
    earlier = [s for s in slots[:stop_at] if s.path in state["answers"]]
    if not earlier:
        return state
    return evolve(state, cursor=earlier[-1].path)


def jump_to(flow: Flow, state: dict, path: str, role: str, today: date) -> Outcome:
    """Make ``path`` (a relevant question ``role`` may answer) the current question.

    A stopped interview (the household refused) is closed: jumping is refused with
    ``error.interview_closed``; only the household reopens it (:func:`reopen`).
    """
    if state["status"] == STOPPED:
        return Outcome(state, Message("error.interview_closed"))
    _, slots = askable(flow, state, role, today)
    if all(s.path != path for s in slots):
        return Outcome(state, Message("error.unknown_question"))
    return Outcome(evolve(state, cursor=path))


def reopen(flow: Flow, state: dict) -> dict:
    """The stopped ``state`` made active again, the cursor on the answer that stopped it.

    That answer is kept, so the household sees it and can change it. The case service calls
    this when the household redeems a new invitation; a state not stopped is returned as is.
    """
    if state["status"] != STOPPED:
        return state
    return evolve(state, status=ACTIVE, stop_message=None, cursor=_stopping_path(flow, state))


def _stopping_path(flow: Flow, state: dict) -> str | None:
    """The first answered question, in questionnaire order, whose answer stops the interview."""
    order = {key: i for i, key in enumerate(flow.keys())}
    stopping = [path for path, record in state["answers"].items()
                if _record_stops(flow.by_key.get(field_key_of(path)), record)]
    return min(stopping, key=lambda path: (order[field_key_of(path)], path), default=None)


def _record_stops(f: Field | None, record: dict) -> bool:
    if f is None or f.is_group:  # an unknown key, or an "add entry?" question
        return False
    return _stops(f, typed_value(f, record))


def progress(flow: Flow, state: dict, role: str, today: date,
             walked: Walk | None = None) -> Progress:
    """Answered and remaining questions for ``role``, in total and per section: the one figure
    every door shows (bar, case lists, resume menu).

    Steady (issue 14): an open "add an entry?" question counts the questions of one more entry
    too, so saying yes does not make the total jump; saying no removes them.
    """
    _, slots = askable(flow, state, role, today, walked)
    answers = state["answers"]
    by_section: dict[str, list[int]] = {s.id: [0, 0] for s in flow.sections}
    for slot in slots:
        by_section[slot.field.section][0 if slot.path in answers else 1] += 1
        if slot.adds_entry and slot.path not in answers:
            by_section[slot.field.section][1] += _entry_estimate(slot.field, role)
    answered = sum(v[0] for v in by_section.values())
    remaining = sum(v[1] for v in by_section.values())
    return Progress(answered, remaining, {k: (v[0], v[1]) for k, v in by_section.items()})


def prefill(flow: Flow, state: dict, values: dict[str, Any], provenance: Provenance,
            today: date) -> dict:
    """``state`` with ``values`` (field key -> typed value) recorded for the top-level questions
    that are relevant and still unanswered: what is known is not asked (issue 14: the worker's
    organisation and name from the account, today's date). Each stays changeable."""
    walked = walk(flow, state["answers"], today)
    known = {path: make_record(encode(flow.field(path), value), provenance, None)
             for path, value in values.items()
             if value not in (None, "") and path not in state["answers"] and walked.slot(path)}
    if not known:
        return state
    return evolve(state, answers=derive_answers(flow, {**state["answers"], **known}, today,
                                                provenance.at))


def _entry_estimate(group: Field, role: str) -> int:
    """The questions of one more entry of ``group`` that ``role`` may be asked (at most: some
    depend on the answers; derived ones are not asked)."""
    return sum(1 for child in group.fields if child.asked_to(role) and not child.derive)


def relevant_answers(flow: Flow, state: dict, today: date) -> Walk:
    """The walk of every relevant question and the typed answers (for documents and figures)."""
    return walk(flow, state["answers"], today)
