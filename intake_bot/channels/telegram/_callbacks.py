"""Typed callback data of inline buttons: each kind a frozen dataclass, one registry of kinds.

A button carries what it acts on: the case (``case``) and, for a question, its short ref (the
index of its field in the questionnaire, and the entry number inside a repeated group: ``"12"``,
``"31.2"``). Data is ``prefix|field|field`` (at most 64 bytes, Telegram's limit). A button of an
older message therefore acts on its own case and question, or is refused, never on whatever the
chat has selected now. Modelled on aiogram's ``CallbackData``.
"""

from __future__ import annotations

import dataclasses
import functools
from typing import ClassVar, TypeVar, get_type_hints

from intake_bot.engine.walk import Slot, child_path, entry_path
from intake_bot.questionnaire.model import Flow

MAX_BYTES = 64
SEPARATOR = "|"
REGISTRY: dict[str, type["CallbackData"]] = {}
C = TypeVar("C", bound="CallbackData")


class BadCallback(ValueError):
    """Button data that this bot did not make (or made by an older version of the flows)."""


@dataclasses.dataclass(frozen=True)
class CallbackData:
    """Base of every kind of button data; subclasses register with :func:`kind`."""

    prefix: ClassVar[str] = ""

    def pack(self) -> str:
        """The button data; raises ValueError beyond 64 bytes or on a separator in a value."""
        values = [str(getattr(self, f.name)) for f in dataclasses.fields(self)]
        if any(SEPARATOR in value for value in values):
            raise ValueError(f"separator in callback data {values!r}")
        data = SEPARATOR.join([self.prefix, *values])
        if len(data.encode("utf-8")) > MAX_BYTES:
            raise ValueError(f"callback data too long: {data!r}")
        return data


def kind(prefix: str):
    """Register a CallbackData subclass under ``prefix`` (unique)."""
    def register(cls: type[C]) -> type[C]:
        if prefix in REGISTRY or SEPARATOR in prefix:
            raise ValueError(f"callback prefix {prefix!r} taken or invalid")
        cls.prefix = prefix
        REGISTRY[prefix] = cls
        return cls
    return register


def unpack(data: str | None) -> CallbackData:
    """The typed button data; raises BadCallback for anything this bot did not make."""
    if not data or len(data.encode("utf-8")) > MAX_BYTES:
        raise BadCallback(data)
    prefix, *values = data.split(SEPARATOR)
    cls = REGISTRY.get(prefix)
    if cls is None:
        raise BadCallback(data)
    fields = dataclasses.fields(cls)
    if len(values) != len(fields):
        raise BadCallback(data)
    hints = _hints(cls)
    return cls(**{f.name: _typed(hints[f.name], value, data) for f, value in zip(fields, values)})


@functools.cache
def _hints(cls: type) -> dict[str, type]:
    return get_type_hints(cls)  # resolving annotations takes longer than the rest of unpack


def _typed(hint: type, value: str, data: str) -> object:
    if hint is int:
        if not value.isdigit():
            raise BadCallback(data)
        return int(value)
    if not value and hint is not str:
        raise BadCallback(data)
    return value


# --- the kinds of button -------------------------------------------------------------------

@kind("a")
@dataclasses.dataclass(frozen=True)
class Answer(CallbackData):
    """Answer a choice question (or a group's "add an entry?" question) with ``code``."""

    case: int
    ref: str
    code: str


@kind("t")
@dataclasses.dataclass(frozen=True)
class Toggle(CallbackData):
    """Toggle option ``code`` of a multi-choice question."""

    case: int
    ref: str
    code: str


@kind("c")
@dataclasses.dataclass(frozen=True)
class Confirm(CallbackData):
    """Confirm the options toggled for a multi-choice question."""

    case: int
    ref: str


@kind("s")
@dataclasses.dataclass(frozen=True)
class Skip(CallbackData):
    """« Je ne sais pas »."""

    case: int
    ref: str


@kind("g")
@dataclasses.dataclass(frozen=True)
class Jump(CallbackData):
    """Change this answer (make the question current)."""

    case: int
    ref: str


@kind("q")
@dataclasses.dataclass(frozen=True)
class Explain(CallbackData):
    """Explain the French administrative words of the question."""

    case: int
    ref: str


@kind("v")
@dataclasses.dataclass(frozen=True)
class Witnessed(CallbackData):
    """(worker) Record a consent the household expressed in the worker's presence."""

    case: int
    ref: str
    code: str


@kind("h")
@dataclasses.dataclass(frozen=True)
class Section(CallbackData):
    """List a page of the answers of section ``section``, to pick one to change."""

    case: int
    section: int
    page: int


@kind("l")
@dataclasses.dataclass(frozen=True)
class Language(CallbackData):
    """Choose a language."""

    locale: str


@kind("b")
@dataclasses.dataclass(frozen=True)
class Bilingual(CallbackData):
    """Show (``on``) or hide (``off``) the French under each question."""

    state: str


@kind("d")
@dataclasses.dataclass(frozen=True)
class Erase(CallbackData):
    """Confirm (``yes``) or cancel (``no``) the erasure of a case."""

    case: int
    choice: str


@kind("w")
@dataclasses.dataclass(frozen=True)
class Choose(CallbackData):
    """(worker) Select a case."""

    case: int


@kind("x")
@dataclasses.dataclass(frozen=True)
class Documents(CallbackData):
    """(worker) Make and send the documents of a case."""

    case: int


@kind("r")
@dataclasses.dataclass(frozen=True)
class TakeOver(CallbackData):
    """(worker) Take over a colleague's case."""

    case: int


@kind("f")
@dataclasses.dataclass(frozen=True)
class FixTranslation(CallbackData):
    """(worker) Correct the translation of a free-text answer."""

    case: int
    ref: str


@kind("o")
@dataclasses.dataclass(frozen=True)
class Objectives(CallbackData):
    """(worker) Contract objectives: ``rm`` objective ``number`` of ``theme`` (the theme guards
    against a list changed since it was shown), ``add`` (list the themes), ``th`` (type the
    actions of ``theme``), ``std`` (``theme`` with its usual commitments), ``reset``."""

    case: int
    action: str
    theme: str = ""
    number: int = 0


@kind("k")
@dataclasses.dataclass(frozen=True)
class LinkDecision(CallbackData):
    """(worker) Accept (``y``) or refuse (``n``) household account ``account`` for a case."""

    case: int
    account: str
    choice: str


@kind("m")
@dataclasses.dataclass(frozen=True)
class Months(CallbackData):
    """(worker) Make the contract last ``months`` months: one of the measure's bounds offered
    when the recommended duration is outside them."""

    case: int
    months: int



@kind("p")
@dataclasses.dataclass(frozen=True)
class RightsInDiagnostic(CallbackData):
    """(worker) Show (``1``) or not (``0``) the rights estimate in the diagnostic's budget."""

    case: int
    shown: int


# --- reviews (issue 13): prefixes "y…" -------------------------------------------------------
# A review's question buttons are the question buttons above under their own prefix: ``case``
# holds the review's id, ``ref`` a question of the review's flow. Their own types keep them off
# the diagnostic's handlers (doors dispatch on the exact type).

@kind("ya")
@dataclasses.dataclass(frozen=True)
class ReviewAnswer(Answer):
    """(review ``case``) Answer a choice question."""


@kind("yt")
@dataclasses.dataclass(frozen=True)
class ReviewToggle(Toggle):
    """(review ``case``) Toggle an option of a multi-choice question."""


@kind("yc")
@dataclasses.dataclass(frozen=True)
class ReviewConfirm(Confirm):
    """(review ``case``) Confirm the options toggled."""


@kind("ys")
@dataclasses.dataclass(frozen=True)
class ReviewSkip(Skip):
    """(review ``case``) « Je ne sais pas »."""


@kind("yg")
@dataclasses.dataclass(frozen=True)
class ReviewJump(Jump):
    """(review ``case``) Change this answer."""


@kind("yq")
@dataclasses.dataclass(frozen=True)
class ReviewExplain(Explain):
    """(review ``case``) Explain the French administrative words of the question."""


@kind("yv")
@dataclasses.dataclass(frozen=True)
class ReviewWitnessed(Witnessed):
    """(review ``case``) A consent expressed in the worker's presence."""


#: Each question button kind and its review twin.
REVIEW_TWINS: dict[type[CallbackData], type[CallbackData]] = {
    Answer: ReviewAnswer, Toggle: ReviewToggle, Confirm: ReviewConfirm, Skip: ReviewSkip,
    Jump: ReviewJump, Explain: ReviewExplain, Witnessed: ReviewWitnessed,
}


@kind("yk")
@dataclasses.dataclass(frozen=True)
class ReviewStart(CallbackData):
    """(worker) Start review ``review_kind`` (``intermediate`` or ``final``) of a case."""

    case: int
    review_kind: str


@kind("yr")
@dataclasses.dataclass(frozen=True)
class ReviewAction(CallbackData):
    """On review ``review``: (worker) ``invite`` the household, ``doc`` make its document,
    ``done`` complete it; (household) ``answer`` its part."""

    review: int
    action: str


# --- question refs -------------------------------------------------------------------------

def slot_ref(flow: Flow, slot: Slot) -> str:
    """The short ref of a relevant question."""
    position = flow.keys().index(slot.field.key)
    return str(position) if slot.index is None else f"{position}.{slot.index}"


def ref_path(flow: Flow, ref: str) -> str:
    """The state path a ref names; raises BadCallback when it names nothing."""
    position, _, index = ref.partition(".")
    keys = flow.keys()
    if not position.isdigit() or int(position) >= len(keys) or (index and not index.isdigit()):
        raise BadCallback(ref)
    field = flow.field(keys[int(position)])
    if not index:
        if field.is_group or "." in field.key:
            raise BadCallback(ref)
        return field.key
    if field.is_group:
        return entry_path(field, int(index))
    if "." not in field.key:
        raise BadCallback(ref)
    return child_path(flow.field(field.key.rsplit(".", 1)[0]), int(index), field)
