"""Babel extractor for the flow files: every string a person reads, with its field key as context.

Registered in pyproject.toml under ``[tool.babel.extractors]``; ``make catalogs`` runs it.
"""

from __future__ import annotations

from typing import Any, BinaryIO, Iterator

import yaml

FIELD_TEXTS = ("label", "hint", "doc_label", "add_first", "add_more")
Extracted = tuple[int, str, tuple[str, str], list[str]]


def extract_flow(fileobj: BinaryIO, keywords: Any, comment_tags: Any, options: Any) -> Iterator[Extracted]:
    """Yield ``(line, "pgettext", (context, text), comments)`` for each string of a flow file."""
    source = fileobj.read().decode("utf-8")
    data = yaml.safe_load(source)
    lines = source.splitlines()
    # A review flow (flows/reviews/*.yaml, issue 13) holds a list of sections; the fields of a
    # ``per_objective`` section are extracted once, in the context ``<section>.<id>``.
    for section in data["sections"] if "sections" in data else [data]:
        title = section.get("title")
        if title:
            yield _entry(lines, f"section.{section['section']}", title, "section title")
        prefix = f"{section['section']}." if section.get("per_objective") else ""
        for raw in section.get("fields", []):
            yield from _field_strings(raw, prefix=prefix, lines=lines)


def _field_strings(raw: dict[str, Any], prefix: str, lines: list[str]) -> Iterator[Extracted]:
    key = f"{prefix}{raw['id']}"
    for attribute in FIELD_TEXTS:
        if raw.get(attribute):
            yield _entry(lines, key, str(raw[attribute]).strip(), attribute)
    if raw.get("kind") != "yes_no":
        for code, value in (raw.get("choices") or {}).items():
            label, doc = (value.get("label"), value.get("doc")) if isinstance(value, dict) else (value, None)
            yield _entry(lines, key, str(label), f"choice {code}")
            if doc:
                yield _entry(lines, f"{key}.doc", str(doc), f"choice {code}, wording for documents")
    for child in raw.get("fields") or ():
        yield from _field_strings(child, prefix=f"{key}.", lines=lines)


def _entry(lines: list[str], context: str, text: str, what: str) -> Extracted:
    first_words = text.splitlines()[0][:30]
    line = next((n for n, content in enumerate(lines, start=1) if first_words in content), 0)
    return line, "pgettext", (context, text), [what]
