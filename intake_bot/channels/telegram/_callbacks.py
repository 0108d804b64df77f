"""Callback data of inline buttons: short, language-independent, at most 64 bytes.

A question is named by a short ref: the index of its field in the questionnaire, and the entry
number inside a repeated group (``"12"``, ``"31.2"``). Button data is ``kind|part|part``:

    a|<ref>|<code>   answer a choice question        t|<ref>|<code>   toggle a multi-choice option
    c|<ref>          confirm the multi-choice        s|<ref>          skip ("je ne sais pas")
    g|<ref>          change this answer (jump)       h|<n>[|<page>]   list the answers of section n
    l|<locale>       choose a language               w|<case id>      (worker) choose a case
    d|yes, d|no      confirm or cancel erasure       q|<ref>          explain the question's words
    b|on, b|off      French under each question      x|<case id>      (worker) documents of a case
    f|<ref>          (worker) correct a translation  o|…              (worker) contract objectives
"""

from __future__ import annotations


from intake_bot.engine.walk import Slot, child_path, entry_path
from intake_bot.questionnaire.model import Flow

MAX_BYTES = 64
SEPARATOR = "|"


class BadCallback(ValueError):
    """Button data that this bot did not make (or made by an older version of the flows)."""


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


def pack(kind: str, *parts: object) -> str:
    """Button data for ``kind`` and its parts; raises ValueError beyond 64 bytes."""
    data = SEPARATOR.join([kind, *map(str, parts)])
    if len(data.encode("utf-8")) > MAX_BYTES:
        raise ValueError(f"callback data too long: {data!r}")
    return data


def unpack(data: str | None) -> tuple[str, list[str]]:
    """(kind, parts) of button data; raises BadCallback for anything malformed."""
    if not data or len(data.encode("utf-8")) > MAX_BYTES:
        raise BadCallback(data)
    kind, *parts = data.split(SEPARATOR)
    if not kind:
        raise BadCallback(data)
    return kind, parts
