"""The review questionnaires (issue 13): ``intake_bot/flows/reviews/<kind>.yaml`` compiled for one
case's contract.

A review file holds a whole flow (``flow``, ``title``, ``sections``: a list of sections in the
format of ``intake_bot/flows/*.yaml``). The engine repeats a group by asking « another one? »;
a review must instead ask its questions once per objective of the case's contract. So the
objectives are not iterated by the engine: :func:`review_sections` (a pure function) turns the
file and the case's :class:`ReviewContext` into plain sections, then the ordinary compiler
checks them (:func:`compile_sections`). Two review keys are read there and nowhere else:

* a section with ``per_objective: true``: each of its fields is written once per objective,
  with id ``objective_<n>_<id>`` (n from 1) and ``{number}`` / ``{objective}`` replaced in its
  label and hint by the objective's number and French title;
* a field with ``choices_from: retained_freins``: its choices are the freins the diagnostic
  retained (code and French label), followed by the field's own choices (« Aucun »).

Those generated fields are the worker's, in French: their strings are extracted once from the
file (context ``<section>.<id>``), not per case.
"""

from __future__ import annotations

import copy
import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from intake_bot.questionnaire.compiler import FLOWS_DIR, FlowError, compile_sections
from intake_bot.questionnaire.model import Flow

REVIEWS_DIR = FLOWS_DIR / "reviews"
REVIEW_KINDS = ("intermediate", "final")
PER_OBJECTIVE = "per_objective"
CHOICES_FROM = "choices_from"
RETAINED_FREINS = "retained_freins"


@dataclass(frozen=True)
class ReviewContext:
    """What a review asks about, fixed when the review starts: the contract's objectives (their
    French titles, in order) and the freins the diagnostic retained (code, French label)."""

    objectives: tuple[str, ...] = ()
    freins: tuple[tuple[str, str], ...] = ()


def review_file(kind: str, directory: Path = REVIEWS_DIR) -> dict[str, Any]:
    """The raw flow of review ``kind`` (intermediate or final)."""
    if kind not in REVIEW_KINDS:
        raise FlowError(f"unknown review kind {kind!r}; one of {REVIEW_KINDS}")
    raw = yaml.safe_load((directory / f"{kind}.yaml").read_text(encoding="utf-8"))
    if not isinstance(raw, dict) or not isinstance(raw.get("sections"), list):
        raise FlowError(f"reviews/{kind}.yaml: a review needs a list of 'sections'")
    return raw


def review_sections(raw: dict[str, Any], context: ReviewContext) -> list[dict[str, Any]]:
    """The plain sections of a review file for ``context`` (pure: ``raw`` is not changed)."""
    return [_plain_section(section, context) for section in raw["sections"]]


def _plain_section(section: dict[str, Any], context: ReviewContext) -> dict[str, Any]:
    plain = {k: v for k, v in section.items() if k != PER_OBJECTIVE}
    fields = [_with_choices(f, context) for f in section.get("fields", [])]
    if section.get(PER_OBJECTIVE):
        fields = [_objective_field(f, number, title)
                  for number, title in enumerate(context.objectives, start=1) for f in fields]
    plain["fields"] = fields
    return plain


def objective_key(number: int, field_id: str) -> str:
    """The key of a per-objective field: ``objective_2_status``."""
    return f"objective_{number}_{field_id}"


def _objective_field(raw: dict[str, Any], number: int, title: str) -> dict[str, Any]:
    field = copy.deepcopy(raw)
    field["id"] = objective_key(number, raw["id"])
    for attribute in ("label", "hint", "doc_label"):
        if field.get(attribute):
            field[attribute] = str(field[attribute]).replace("{number}", str(number)) \
                .replace("{objective}", title)
    return field


def _with_choices(raw: dict[str, Any], context: ReviewContext) -> dict[str, Any]:
    source = raw.get(CHOICES_FROM)
    if source is None:
        return raw
    if source != RETAINED_FREINS:
        raise FlowError(f"{raw.get('id')}: {CHOICES_FROM} must be {RETAINED_FREINS}")
    field = {k: v for k, v in raw.items() if k != CHOICES_FROM}
    field["choices"] = {**dict(context.freins), **(raw.get("choices") or {})}
    return field


@functools.lru_cache(maxsize=64)
def review_flow(kind: str, context: ReviewContext = ReviewContext()) -> Flow:
    """The compiled review ``kind`` for a case's ``context`` (cached: a Flow is immutable)."""
    raw = review_file(kind)
    try:
        return compile_sections(review_sections(raw, context))
    except FlowError as error:
        raise FlowError(f"reviews/{kind}.yaml: {error}") from error


def review_title(kind: str) -> str:
    """The French title of review ``kind`` (« Bilan intermédiaire »)."""
    return str(review_file(kind).get("title", kind))
