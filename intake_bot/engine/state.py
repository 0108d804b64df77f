"""The interview state: a JSON-safe dict, the only thing the engine reads and returns.

    {"answers": {path: record}, "cursor": path | None, "status": "active" | "stopped",
     "stop_message": message id | None}

A path names one asked question: ``birth_date``, ``members[1]`` (the "add entry 1?" question of a
repeated group), ``members[1].birth_date``. A record keeps the provenance of the answer:
``{"value": json-safe value, "skipped": bool, "by": "household" | "worker", "at": ISO datetime,
"lang": locale, "raw": the words typed or None}``. The record of a consent (a field marked
``consent: true``) also has ``"witnessed": bool``: True when a worker recorded it as expressed by
the household in the worker's presence; records of other fields have no such key.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

ACTIVE, STOPPED = "active", "stopped"


def new_state() -> dict[str, Any]:
    """The state of an interview that has not started."""
    return {"answers": {}, "cursor": None, "status": ACTIVE, "stop_message": None}


def evolve(state: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """A new state with ``changes`` applied. Shallow: the engine never mutates a state or a
    record, it replaces them (``answers`` is rebuilt on every answer)."""
    return {**state, **changes}


@dataclass(frozen=True)
class Provenance:
    """Who gave an answer, when, in which language.

    ``witnessed``: a worker states that the household expressed this answer in the worker's
    presence (what lets a worker record a consent).
    """

    by: str
    at: str
    lang: str
    witnessed: bool = False


def make_record(value: Any, provenance: Provenance, raw: str | None, skipped: bool = False,
                consent: bool = False) -> dict:
    """An answer record as stored in the state; a ``consent`` record also says whether a worker
    recorded it as witnessed."""
    record = {"value": value, "skipped": skipped, "by": provenance.by, "at": provenance.at,
              "lang": provenance.lang, "raw": raw}
    if consent:
        record["witnessed"] = provenance.by == "worker" and provenance.witnessed
    return record
