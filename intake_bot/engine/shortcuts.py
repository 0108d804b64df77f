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
import re
from typing import Any

from intake_bot.engine import budget_lines, parsing
from intake_bot.engine.expressions import ExpressionError, evaluate_memo, scope
from intake_bot.engine.parsing import InvalidAnswer
from intake_bot.engine.reader import Reply, clean_text
from intake_bot.engine.state import Provenance, make_record
from intake_bot.engine.values import encode
from intake_bot.engine.vocabulary import Vocabulary
from intake_bot.engine.walk import Slot, Walk, walk
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
    expression's value when nobody answered it, dropped when the value is gone."""
    if not any(f.derive for f in flow.by_key.values()):
        return answers
    answers = dict(answers)
    read = names_read(flow)
    for _ in range(3):  # a derived value may feed another derivation further on
        walked = walk(flow, answers, today)
        changed, names = False, _Names(walked)
        for slot in walked.slots:
            if slot.field.derive and not slot.adds_entry and _update(slot, names, answers, at):
                changed |= slot.field.id in read  # walk again only when a rule reads it
        if not changed:
            break
    return answers


@functools.lru_cache(maxsize=8)
def names_read(flow: Flow) -> frozenset[str]:
    """The field ids a rule that shapes the walk may read (a word of a relevance, derive or
    hide_choices expression): a derived answer no such rule reads needs no second walk."""
    sources = " ".join(source for f in flow.by_key.values()
                       for source in (f.relevant, f.derive, *(r for r, _ in f.hide_choices))
                       if source)
    words = set(re.findall(r"\w+", sources))
    return frozenset(f.id for f in flow.by_key.values() if f.id in words)


class _Names:
    """The names a derive rule reads, built once per walk (and per group entry)."""

    def __init__(self, walked: Walk) -> None:
        self.walked, self.top, self.entries = walked, scope(walked.context), {}

    def of(self, slot: Slot) -> dict[str, Any]:
        if slot.index is None:
            return self.top
        key = (slot.group_key, slot.index)
        if key not in self.entries:
            entry = self.walked.context[slot.group_key][slot.index]
            self.entries[key] = {**self.top, "item": entry, "index": slot.index}
        return self.entries[key]


def _update(slot: Slot, names: _Names, answers: dict[str, dict], at: str) -> bool:
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


def _derived_value(slot: Slot, names: _Names) -> Any:
    try:
        return evaluate_memo(slot.field.derive, names.of(slot))
    except ExpressionError:
        return None


def is_derived(record: dict | None) -> bool:
    """True for an answer the engine derived (nobody was asked)."""
    return bool(record) and record.get("by") == DERIVED_BY
