"""One pass over the questionnaire: which questions are relevant now, and the typed answers.

Relevance is evaluated in questionnaire order with only the answers of questions that are
themselves relevant, so an answer made moot by a change upstream stays stored but stops counting.
"""

from __future__ import annotations

import functools
from collections import OrderedDict
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, Callable, NamedTuple, TypeVar

from intake_bot.engine.expressions import (
    ExpressionError, evaluate_memo, names_used, rule_words, scope,
)
from intake_bot.engine.values import decode
from intake_bot.questionnaire.model import Field, Flow


class Slot(NamedTuple):
    """A question that is relevant now: its path, its field, and its place in a group.

    A named tuple: a walk makes a few hundred of them, and a tuple is made three times faster
    than a frozen dataclass."""

    path: str
    field: Field
    index: int | None = None
    adds_entry: bool = False

    @property
    def group_key(self) -> str | None:
        """The key of the group this slot belongs to, if any."""
        if self.adds_entry:
            return self.field.key
        return self.field.key.rsplit(".", 1)[0] if "." in self.field.key else None


@dataclass(frozen=True)
class Walk:
    """The relevant slots in order, and the typed answers as expressions see them.

    A repeated group's value is the list of its entries, or None while it is unanswered.
    """

    slots: tuple[Slot, ...]
    context: dict[str, Any]
    _by_role: dict[str, list[Slot]] = field(default_factory=dict, compare=False, repr=False)

    def slot(self, path: str) -> Slot | None:
        """The relevant slot at ``path``, or None."""
        return next((s for s in self.slots if s.path == path), None)

    def asked_to(self, role: str) -> list[Slot]:
        """The slots a person in ``role`` may answer, in order (made once per walk and role:
        an update asks for them several times)."""
        slots = self._by_role.get(role)
        if slots is None:
            slots = self._by_role[role] = [s for s in self.slots if s.field.asked_to(role)]
        return list(slots)


def entry_path(group: Field, index: int) -> str:
    """Path of the "add entry ``index``?" question of ``group``."""
    return f"{group.key}[{index}]"


def child_path(group: Field, index: int, child: Field) -> str:
    """Path of ``child`` in entry ``index`` of ``group``."""
    return f"{group.key}[{index}].{child.id}"


def field_key_of(path: str) -> str:
    """The field key a path asks: ``members[1].birth_date`` -> ``members.birth_date``."""
    group, bracket, rest = path.partition("[")
    if not bracket:
        return path
    _, dot, child = rest.partition("].")
    return f"{group}.{child}" if dot else group


def typed_value(field: Field, record: dict | None) -> Any:
    """The typed value of a record, None when absent or skipped."""
    if record is None or record.get("skipped"):
        return None
    return decode(field, record.get("value"))


def is_relevant(field: Field, names: dict[str, Any]) -> bool:
    """True when ``field`` has no relevance rule or its rule holds over ``names`` (a scope)."""
    if not field.relevant:
        return True
    try:
        return bool(evaluate_memo(field.relevant, names))
    except ExpressionError:
        return False  # a rule that cannot be evaluated yet (missing answers) does not hold


#: Walks remembered, by flow, day and when each path was answered (then compared by value). Enough for
#: every chat of a busy bot: a household's next update walks the answers its last one stored,
#: after a few hundred other households have walked theirs.
_RECENT: OrderedDict[tuple, list[tuple[dict, Walk]]] = OrderedDict()
RECENT_WALKS = 512
_SAME_KEY = 4  # walks kept for one key (answers given at the same moments, values differing)


def walk(flow: Flow, answers: dict[str, dict], today: date) -> Walk:
    """Walk the whole questionnaire over ``answers`` (path -> record).

    A pure function, so recent results are reused: one update walks the same answers several
    times (to validate, after storing, to show the next screen), and the next update of the
    same chat walks them again. Answers are matched by value (a dict comparison costs
    microseconds, a walk a few hundred) against a copy of the dict walked, so a caller adding,
    replacing or removing records of its dict afterwards cannot get a stale walk (a record
    itself is never changed once made).
    """
    key = _key(flow, answers, today)
    seen = _RECENT.get(key)
    if seen is not None:
        for seen_answers, result in seen:
            if seen_answers == answers:
                _RECENT.move_to_end(key)
                return result
    result = _walk(flow, answers, today)
    _remember(key, answers, result)
    return result


def _key(flow: Flow, answers: dict[str, dict], today: date) -> tuple:
    return flow, today, tuple((path, record.get("at")) for path, record in answers.items())


def _remember(key: tuple, answers: dict[str, dict], result: Walk) -> None:
    seen = _RECENT.setdefault(key, [])
    seen.append((dict(answers), result))  # records are never changed in place (make_record)
    del seen[:-_SAME_KEY]
    _RECENT.move_to_end(key)
    while len(_RECENT) > RECENT_WALKS:
        _RECENT.popitem(last=False)


def remember(flow: Flow, answers: dict[str, dict], today: date, result: Walk) -> None:
    """Remember ``result`` as the walk of ``answers`` (made by :func:`walk_deriving`)."""
    _remember(_key(flow, answers, today), answers, result)


#: Called at each relevant derived question with its slot, the names its rule reads and the
#: answers; it brings the question's record up to date in those answers.
Deriver = Callable[[Slot, dict, dict], None]


def walk_deriving(flow: Flow, answers: dict[str, dict], today: date, derive: Deriver) -> Walk:
    """Walk ``answers`` (the caller's own dict: ``derive`` changes it) deriving on the way: each
    derived question's rule reads the answers walked before it, and the questions after it
    read its new value (one walk instead of one per round of derivations). Within a group
    entry, the rule also reads the entry's later answers as stored (a person told "my daughter"
    has relation and sex derived; an older entry answered them and derives the person)."""
    return _walk(flow, answers, today, derive)


def _walk(flow: Flow, answers: dict[str, dict], today: date, derive: Deriver | None = None) -> Walk:
    keys = [f.key for s in flow.sections for f in s.fields]
    names = scope({key: None for key in keys})
    # a rule may read a question asked later (a group's entries read "does everyone live
    # here?", asked once the list is done): its answer, none until answered or while irrelevant
    names.update({key: typed_value(flow.by_key[key], answers.get(key)) for key in read_ahead(flow)})
    names["today"] = today
    slots: list[Slot] = []
    for section in flow.sections:
        for f in section.fields:
            if f.is_group:
                if is_relevant(f, names):
                    names[f.key] = _walk_group(f, answers, names, slots, derive)
            elif is_relevant(f, names):
                slots.append(_slot(offered(f, names), None, False, f.key))
                if derive is not None and f.derive:
                    derive(slots[-1], names, answers)
                names[f.key] = typed_value(f, answers.get(f.key))
            else:
                names[f.key] = None
    context = {key: names[key] for key in keys}
    context["today"] = today
    return Walk(tuple(slots), context)


@functools.lru_cache(maxsize=8)
def read_ahead(flow: Flow) -> tuple[str, ...]:
    """The top-level questions a rule of an earlier question reads."""
    order = [f.key for s in flow.sections for f in s.fields]
    position = {key: i for i, key in enumerate(order)}
    ahead = set()
    for s in flow.sections:
        for top in s.fields:
            for f in (top, *top.fields):
                rules = (f.relevant, f.derive, *(r for r, _ in f.hide_choices))
                for rule in filter(None, rules):
                    ahead |= {n for n in names_used(rule) if position.get(n, -1) > position[top.key]
                              and not flow.by_key[n].is_group}
    return tuple(sorted(ahead))


def offered(f: Field, names: dict[str, Any]) -> Field:
    """``f`` as asked now: without the choices its ``hide_choices`` rules hide (issue 14)."""
    if not f.hide_choices:
        return f
    hidden = frozenset(code for rule, codes in f.hide_choices if _holds(rule, names) for code in codes)
    return _without(f, hidden) if hidden else f


def _holds(rule: str, names: dict[str, Any]) -> bool:
    try:
        return bool(evaluate_memo(rule, names))
    except ExpressionError:
        return False


_ONCE: dict[tuple, tuple[Field, Any]] = {}
T = TypeVar("T")


def _once(key: tuple, f: Field, make: Callable[..., T], *args: Any) -> T:
    """``make(*args)``, made once per ``key`` (walks are hot): ``key`` starts with ``id(f)``,
    a field being known by identity (hashing a Field hashes all its questions)."""
    known = _ONCE.get(key)
    if known is None or known[0] is not f:
        if len(_ONCE) > 100_000:  # fields of flows compiled and dropped (tests)
            _ONCE.clear()
        known = _ONCE[key] = (f, make(*args))
    return known[1]


def _without(f: Field, hidden: frozenset) -> Field:
    """``f`` without the ``hidden`` choices."""
    return _once((id(f), "without", hidden), f, _choices_left, f, hidden)


def _choices_left(f: Field, hidden: frozenset) -> Field:
    return replace(f, choices=tuple(c for c in f.choices if c.code not in hidden))


def _walk_group(group: Field, answers: dict, names: dict, slots: list[Slot],
                derive: Deriver | None = None) -> list[dict] | None:
    """The group's entries; None while its first "add?" question is unanswered (unknown is not
    the same as "none": no resources is an answer)."""
    if typed_value(group, answers.get(entry_path(group, 0))) is None:
        slots.append(_slot(group, 0, True))
        return None
    entries: list[dict[str, Any]] = []
    for index in range(group.max_entries):
        slots.append(_slot(group, index, True))
        if typed_value(group, answers.get(slots[-1].path)) is not True:
            break
        item: dict[str, Any] = {child.id: None for child in group.fields}
        entries.append(item)
        entry_names = {**names, group.key: entries, "item": item, "index": index}
        for position, child in enumerate(group.fields):
            if is_relevant(child, entry_names):
                slots.append(_slot(child, index, False, None, group))
                if derive is not None and child.derive:
                    later = _reads_later(group, position)
                    derive(slots[-1], _ahead(group, index, later, answers, entry_names)
                           if later else entry_names, answers)
                item[child.id] = typed_value(child, answers.get(slots[-1].path))
    return entries


def _slot(f: Field, index: int | None, adds_entry: bool, path: str | None = None,
          group: Field | None = None) -> Slot:
    """The slot of ``f`` (at entry ``index`` of its group), made once: every walk has the same
    few hundred slots, and a walk remembered keeps its own (fewer objects for the collector)."""
    return _once((id(f), index, adds_entry), f, _new_slot, f, index, adds_entry, path, group)


def _new_slot(f: Field, index: int | None, adds_entry: bool, path: str | None,
              group: Field | None) -> Slot:
    path = path or (entry_path(f, index) if adds_entry else child_path(group, index, f))
    return Slot(path, f, index, adds_entry)


def _reads_later(group: Field, position: int) -> tuple[Field, ...]:
    """The later questions of the entry that the derive rule of child ``position`` reads."""
    return _once((id(group), "later", position), group, _later_read, group, position)


def _later_read(group: Field, position: int) -> tuple[Field, ...]:
    words = rule_words(group.fields[position].derive)
    return tuple(child for child in group.fields[position + 1:] if child.id in words)


def _ahead(group: Field, index: int, later: tuple[Field, ...], answers: dict,
           entry_names: dict) -> dict:
    """The names of an entry's rule with the ``later`` answers of the entry as stored."""
    item = dict(entry_names["item"])
    for child in later:
        item[child.id] = typed_value(child, answers.get(child_path(group, index, child)))
    return {**entry_names, "item": item}
