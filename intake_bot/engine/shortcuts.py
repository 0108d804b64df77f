"""Fewer screens (issue 14): one tap or one message answering more than one question, answers
derived instead of asked, and notes shown above the question that follows them.

* An "add an entry?" question of a group with ``add_with`` takes the code of that first field:
  one tap says "yes, and it is this" (a child, a salary, a debt to the landlord).
* A group with ``lines: true`` reads several entries typed at once ("loyer 780, eau 30"),
  which also closes the list.
* A field with ``derive`` gets the value of that expression recorded as its answer, marked
  ``derived``, while nobody answered it; the record follows the answers it comes from.
"""

from __future__ import annotations

import functools
from typing import Any

from intake_bot.engine import budget_lines, parsing
from intake_bot.engine.expressions import ExpressionError, evaluate_memo, rule_words
from intake_bot.engine.parsing import InvalidAnswer
from intake_bot.engine.reader import Reply, clean_text
from intake_bot.engine.state import Provenance, make_record
from intake_bot.engine.values import encode
from intake_bot.engine.vocabulary import Vocabulary
from intake_bot.engine.walk import Slot, remember, walk_deriving
from intake_bot.questionnaire.model import Field, Flow

DERIVED_BY = "derived"


def entry_answers(slot: Slot, reply: Reply, vocabulary: Vocabulary,
                  context: dict | None = None) -> dict[str, tuple] | None:
    """path -> (field, value) when ``reply`` to an "add?" question adds entries with their
    first answers; None when it is a plain yes/no (read as usual). ``context`` (the walk's
    names) lets a budget line name who receives it."""
    group = slot.field
    if not slot.adds_entry or reply.skip:
        return None
    first = group.fields[0]
    if group.add_with and reply.codes is not None and len(reply.codes) == 1 \
            and first.choice(reply.codes[0]) is not None:
        return _with_first(group, slot.index, reply.codes[0])
    text = clean_text(reply.text or "") if reply.codes is None else ""
    if group.add_with and text:
        numbered = _numbered(group, slot.index, text)
        if numbered is not None:
            return numbered
    if not text or _is_yes_no(text, vocabulary):
        return None
    if group.lines and budget_lines.looks_like_lines(text):
        owners = budget_lines.line_owners(text, budget_lines.people_by_name(context or {}))
        return budget_lines.entry_records(group, budget_lines.parse_lines(group, text, vocabulary),
                                          slot.index, owners)
    if group.add_with:
        return _with_first(group, slot.index, parsing.parse_choice(text, vocabulary.options(first)))
    return None


def _numbered(group: Field, index: int, text: str) -> dict[str, tuple] | None:
    """The option typed by its number as shown: the first field's choices, then "no"."""
    number = parsing.normalize_digits(text).strip()
    choices = group.fields[0].choices
    if not number.isdigit() or not 1 <= int(number) <= len(choices) + 1:
        return None
    if int(number) == len(choices) + 1:
        return {f"{group.key}[{index}]": (group, False)}
    return _with_first(group, index, choices[int(number) - 1].code)


def _with_first(group: Field, index: int, code: str) -> dict[str, tuple]:
    first = group.fields[0]
    return {f"{group.key}[{index}]": (group, True), f"{group.key}[{index}].{first.id}": (first, code)}


def _is_yes_no(text: str, vocabulary: Vocabulary) -> bool:
    try:
        parsing.parse_yes_no(text, vocabulary.yes_words, vocabulary.no_words)
    except InvalidAnswer:
        return parsing.normalize_digits(text).strip() in ("1", "2")
    return True


def records_for(found: dict[str, tuple], provenance: Provenance, raw: str | None) -> dict[str, dict]:
    """The answer records of ``entry_answers``' values."""
    return {path: make_record(encode(f, value), provenance, raw) for path, (f, value) in found.items()}


# --- derived answers --------------------------------------------------------------------------

def derive_answers(flow: Flow, answers: dict[str, dict], today, at: str) -> dict[str, dict]:
    """``answers`` with every relevant ``derive`` field's record brought up to date: set to the
    expression's value when nobody answered it, dropped when the value is gone.

    Derived while walking (one walk); walked again only when a changed derived answer is read
    by a rule that comes before it (a rule reading a later question: see ``forward_reads``)."""
    if not any(f.derive for f in flow.by_key.values()):
        return answers
    answers = dict(answers)
    forward = forward_reads(flow)
    for _ in range(3):  # a derived value read by an earlier rule changes that rule's outcome
        changed: set[str] = set()

        def derive(slot: Slot, names: dict[str, Any], derived: dict[str, dict]) -> None:
            if _update(slot, names, derived, at):
                changed.add(slot.field.key)
        walked = walk_deriving(flow, answers, today, derive)
        if not changed & forward:
            remember(flow, answers, today, walked)  # the walk of these answers: the next one
            break
    return answers


@functools.lru_cache(maxsize=8)
def forward_reads(flow: Flow) -> frozenset[str]:
    """The keys of derived questions that a rule placed before them may read (a word of an
    earlier relevance, derive or hide_choices rule, in the questionnaire or in the entry)."""
    order = [f for s in flow.sections for top in s.fields for f in (top, *top.fields)]
    found, earlier_words = set(), set()
    for f in order:
        if f.derive and f.id in earlier_words:
            found.add(f.key)
        for source in (f.relevant, f.derive, *(r for r, _ in f.hide_choices)):
            earlier_words |= rule_words(source)
    return frozenset(found)


def _update(slot: Slot, names: dict[str, Any], answers: dict[str, dict], at: str) -> bool:
    record = answers.get(slot.path)
    if record is not None and record.get("by") != DERIVED_BY:
        return False  # a person's answer wins
    value = _derived_value(slot, names)
    if value is None:
        if record is not None:
            del answers[slot.path]
            return True
        return False
    stored = encode(slot.field, value)
    if record is not None and record.get("value") == stored:
        return False
    answers[slot.path] = make_record(stored, Provenance(DERIVED_BY, at, "fr"), None)
    return True


def _derived_value(slot: Slot, names: dict[str, Any]) -> Any:
    try:
        return evaluate_memo(slot.field.derive, names)
    except ExpressionError:
        return None


def is_derived(record: dict | None) -> bool:
    """True for an answer the engine derived (nobody was asked)."""
    return bool(record) and record.get("by") == DERIVED_BY
