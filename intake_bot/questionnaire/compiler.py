"""Compile flow definitions (plain data) into a :class:`Flow`, through small pure steps.

``compile_sections(raw_sections)`` is the pipeline: check the shape of each section, build the
fields, check ids are unique and expressions compile. ``load_flow()`` reads the packaged YAML.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any, Iterable

import yaml

from intake_bot.engine.expressions import BUILTIN_NAMES, check_expression, names_used
from intake_bot.questionnaire.model import AUDIENCES, KINDS, Choice, Field, Flow, Section

FLOWS_DIR = Path(__file__).resolve().parent.parent / "flows"
ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
CHOICE_KINDS = ("single_choice", "multi_choice", "yes_no")
DEFAULT_YES_NO = {"yes": "Oui", "no": "Non"}
FIELD_KEYS = {
    "id", "kind", "label", "who", "hint", "doc_label", "relevant", "constraint", "error",
    "required", "consent", "choices", "exclusive", "min", "max", "max_length", "stop_if",
    "stop_message", "add_first", "add_more", "max_entries", "fields", "precision", "prose",
    "derive", "add_with", "lines", "hide_choices", "also",
}
PRECISIONS = ("day", "month")
PROSE_ABOVE = 200  # a text field allowing more characters is prose unless it says otherwise


class FlowError(ValueError):
    """A flow definition is malformed; the message names the section and field."""


def read_flow_files(directory: Path = FLOWS_DIR) -> list[dict[str, Any]]:
    """Every ``*.yaml`` section of ``directory``, in file-name order."""
    return [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(directory.glob("*.yaml"))]


@functools.lru_cache(maxsize=4)
def load_flow(directory: Path = FLOWS_DIR) -> Flow:
    """The compiled questionnaire of ``directory`` (cached: a Flow is immutable)."""
    return compile_sections(read_flow_files(directory))


def compile_sections(raw_sections: Iterable[dict[str, Any]]) -> Flow:
    """Compile raw section mappings into a checked :class:`Flow`."""
    sections = tuple(_build_section(raw) for raw in raw_sections)
    by_key: dict[str, Field] = {}
    for section in sections:
        for f in _walk(section.fields):
            if f.key in by_key or (f.id in by_key and "." not in f.key):
                raise FlowError(f"{section.id}: duplicate field id {f.key!r}")
            by_key[f.key] = f
    known_names = BUILTIN_NAMES | {f.key for s in sections for f in s.fields}
    for f in by_key.values():
        _check_expressions(f, known_names)
        _check_messages(f)
        _check_also(f, by_key)
    return Flow(sections=sections, by_key=by_key)


def _walk(fields: Iterable[Field]) -> Iterable[Field]:
    for f in fields:
        yield f
        yield from _walk(f.fields)


def _build_section(raw: dict[str, Any]) -> Section:
    if not isinstance(raw, dict) or "section" not in raw or "fields" not in raw:
        raise FlowError(f"a section needs 'section' and 'fields': {str(raw)[:80]}")
    section_id = raw["section"]
    who = raw.get("who", "household")
    fields = tuple(_build_field(r, section_id, who, prefix="") for r in raw["fields"])
    return Section(id=section_id, title=raw.get("title", section_id), fields=fields)


def _build_field(raw: dict[str, Any], section: str, default_who: str, prefix: str) -> Field:
    where = f"{section}.{raw.get('id', '?')}"
    unknown = set(raw) - FIELD_KEYS
    if unknown:
        raise FlowError(f"{where}: unknown keys {sorted(unknown)}")
    field_id, kind = raw.get("id", ""), raw.get("kind")
    if not ID_PATTERN.match(str(field_id)):
        raise FlowError(f"{where}: id must be snake_case")
    if kind not in KINDS:
        raise FlowError(f"{where}: kind must be one of {KINDS}")
    if not raw.get("label"):
        raise FlowError(f"{where}: label is required")
    who = raw.get("who", default_who)
    if who not in AUDIENCES:
        raise FlowError(f"{where}: who must be one of {AUDIENCES}")
    key = f"{prefix}{field_id}"
    choices = _build_choices(raw, kind, where)
    exclusive = tuple(raw.get("exclusive", ()))
    if any(code not in {c.code for c in choices} for code in exclusive):
        raise FlowError(f"{where}: exclusive codes must be choices")
    _check_consent(raw, kind, where)
    _check_precision(raw, kind, where)
    if raw.get("constraint") and not raw.get("error"):
        raise FlowError(f"{where}: a constraint needs an error message id")
    children: tuple[Field, ...] = ()
    if kind == "group":
        if not raw.get("fields") or not raw.get("add_first"):
            raise FlowError(f"{where}: a group needs fields and add_first")
        children = tuple(_build_field(r, section, who, prefix=f"{key}.") for r in raw["fields"])
        if any(c.is_group for c in children):
            raise FlowError(f"{where}: groups cannot be nested")
    return Field(
        id=field_id, key=key, kind=kind, label=str(raw["label"]).strip(), section=section, who=who,
        hint=raw.get("hint"), doc_label=raw.get("doc_label"), relevant=raw.get("relevant"),
        constraint=raw.get("constraint"), error=raw.get("error"),
        required=bool(raw.get("required", False)), consent=raw.get("consent", False),
        choices=choices, exclusive=exclusive,
        min=raw.get("min"), max=raw.get("max"), max_length=int(raw.get("max_length", 1000)),
        stop_if=raw.get("stop_if"), stop_message=raw.get("stop_message"),
        add_first=raw.get("add_first"), add_more=raw.get("add_more") or raw.get("add_first"),
        max_entries=int(raw.get("max_entries", 20)), fields=children,
        precision=raw.get("precision", "day"), prose=_prose(raw, kind, where),
        derive=raw.get("derive"), add_with=_add_with(raw, children, where),
        lines=bool(raw.get("lines", False)), hide_choices=_hide_choices(raw, choices, where),
        also=_also(raw, kind, where),
    )


def _hide_choices(raw: dict[str, Any], choices, where: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """``hide_choices``: expression -> codes not offered while it holds (issue 14)."""
    hidden = raw.get("hide_choices") or {}
    known = {c.code for c in choices}
    if not isinstance(hidden, dict) or any(not set(codes) <= known for codes in hidden.values()):
        raise FlowError(f"{where}: hide_choices maps an expression to codes of its choices")
    return tuple((rule, tuple(codes)) for rule, codes in hidden.items())


def _also(raw: dict[str, Any], kind: str, where: str) -> str | None:
    """``also``: the field a message may answer with this one (checked against the next field
    once the section is built)."""
    other = raw.get("also")
    if other is not None and (kind not in ("text", "yes_no") or not isinstance(other, str)):
        raise FlowError(f"{where}: also is for a text or yes/no field, and names one field")
    return other


def _add_with(raw: dict[str, Any], children: tuple[Field, ...], where: str) -> str | None:
    """``add_with`` (a group's first field, a single choice) whose options the "add an entry?"
    question offers directly: tapping one adds the entry with that answer (issue 14)."""
    child_id = raw.get("add_with")
    if child_id is None:
        return None
    if not children or children[0].id != child_id or children[0].kind != "single_choice":
        raise FlowError(f"{where}: add_with names the group's first field, a single choice")
    return child_id


def _prose(raw: dict[str, Any], kind: str, where: str) -> bool:
    """Whether a text answer is prose (issue 14: language detection and translation only run on
    prose): as declared, else true for a text field allowing more than 200 characters."""
    if "prose" in raw:
        if kind != "text" or not isinstance(raw["prose"], bool):
            raise FlowError(f"{where}: prose is true or false, and only for a text field")
        return raw["prose"]
    return kind == "text" and int(raw.get("max_length", 1000)) > PROSE_ABOVE


def _check_also(f: Field, by_key: dict[str, Field]) -> None:
    """``also`` names a question (not a group or a note) of the same group as ``f``."""
    if f.also is None:
        return
    other = by_key.get(f.key[: len(f.key) - len(f.id)] + f.also)
    if other is None or other.kind in ("group", "note", "multi_choice") or other is f:
        raise FlowError(f"{f.section}.{f.id}: also names another question of the same group")


def _check_precision(raw: dict[str, Any], kind: str, where: str) -> None:
    """``precision`` (day or month) is only for dates."""
    if "precision" not in raw:
        return
    if kind != "date" or raw["precision"] not in PRECISIONS:
        raise FlowError(f"{where}: precision is day or month, and only for a date")


def _check_consent(raw: dict[str, Any], kind: str, where: str) -> None:
    consent = raw.get("consent", False)
    if not isinstance(consent, bool):
        raise FlowError(f"{where}: consent must be true or false")
    if consent and kind != "yes_no":
        raise FlowError(f"{where}: consent is only for yes_no fields (kind is {kind})")


def _build_choices(raw: dict[str, Any], kind: str, where: str) -> tuple[Choice, ...]:
    mapping = raw.get("choices")
    if kind == "yes_no":
        if mapping:
            raise FlowError(f"{where}: yes_no takes no choices (use single_choice)")
        mapping = DEFAULT_YES_NO
    if kind not in CHOICE_KINDS:
        if mapping:
            raise FlowError(f"{where}: only choice kinds take choices")
        return ()
    if not isinstance(mapping, dict) or not mapping:
        raise FlowError(f"{where}: choices must be a non-empty mapping code -> label")
    bad = [code for code in mapping if not ID_PATTERN.match(str(code))]
    if bad:
        raise FlowError(f"{where}: choice codes must be snake_case: {bad}")
    return tuple(_choice(str(code), value, where) for code, value in mapping.items())


def _choice(code: str, value: Any, where: str) -> Choice:
    """A choice from ``label`` or ``{label: …, doc: …}`` (the wording documents print)."""
    if not isinstance(value, dict):
        return Choice(code=code, label=str(value))
    unknown = set(value) - {"label", "doc"}
    if unknown or not value.get("label"):
        raise FlowError(f"{where}: choice {code} takes a label and an optional doc, not {sorted(unknown)}")
    return Choice(code=code, label=str(value["label"]), doc=str(value["doc"]) if value.get("doc") else None)


def _check_expressions(f: Field, known_names: frozenset[str] | set[str]) -> None:
    for attribute in ("relevant", "constraint", "stop_if"):
        source = getattr(f, attribute)
        if not source:
            continue
        problem = check_expression(source)
        if problem:
            raise FlowError(f"{f.key}: {attribute} does not compile: {problem}")
        unknown = names_used(source) - known_names
        if unknown:
            raise FlowError(f"{f.key}: {attribute} reads unknown names {sorted(unknown)}")


def _check_messages(f: Field) -> None:
    from intake_bot.messages import MESSAGES

    if bool(f.stop_if) != bool(f.stop_message):
        raise FlowError(f"{f.key}: stop_if and stop_message go together")
    for message_id in (f.error, f.stop_message):
        if message_id and message_id not in MESSAGES:
            raise FlowError(f"{f.key}: message id {message_id!r} is not in intake_bot.messages")
