"""Skip logic and constraints: Jinja2 expressions evaluated in a sandbox, never ``eval``."""

from __future__ import annotations

import functools
import re
from datetime import date
from decimal import Decimal
from typing import Any, Callable

from jinja2 import StrictUndefined, TemplateSyntaxError, meta, nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment

from intake_bot.engine.dates import add_months, age_on, months_between
from intake_bot.engine.parsing import is_latin_script

BUILTIN_NAMES = frozenset({"value", "today", "item", "index", "age_on", "months_between",
                           "add_months", "is_latin", "has_digit", "none", "true", "false"})
_ENV = ImmutableSandboxedEnvironment(undefined=StrictUndefined)
_ENV.globals.update(age_on=age_on, months_between=months_between, add_months=add_months,
                    is_latin=is_latin_script,  # is_latin: a name typed in Latin letters (issue 14)
                    has_digit=lambda text: text is not None and any(ch.isdigit() for ch in str(text)))


class ExpressionError(Exception):
    """An expression failed at evaluation time (type mismatch, missing name)."""


@functools.lru_cache(maxsize=1024)
def _compiled(source: str) -> Callable[..., Any]:
    return _ENV.compile_expression(source, undefined_to_none=False)


def scope(names: dict[str, Any]) -> dict[str, Any]:
    """``names`` plus the sandbox's globals: a mapping :func:`evaluate_in` reads without copying."""
    return {**_ENV.globals, **names}


def evaluate(source: str, context: dict[str, Any]) -> Any:
    """Evaluate ``source`` with the names of ``context``; raise ExpressionError on failure."""
    return evaluate_in(source, scope(context))


_MEMO: dict[tuple, tuple[bool, Any]] = {}
_MEMO_SIZE = 100_000
_UNFROZEN = object()


def evaluate_memo(source: str, names: dict[str, Any]) -> Any:
    """:func:`evaluate_in`, remembered for the values of the names ``source`` reads when they
    are plain values (text, numbers, dates, and lists and entries of them): a walk evaluates
    ~60 rules and the rules of each group entry, most of them over answers that did not change
    since the last walk."""
    key = _memo_key(source, names)
    if key is None:
        return evaluate_in(source, names)
    known = _MEMO.get(key)
    if known is None:
        try:
            known = (True, evaluate_in(source, names))
        except ExpressionError as error:
            known = (False, error)
        if len(_MEMO) >= _MEMO_SIZE:
            _MEMO.clear()
        _MEMO[key] = known
    if not known[0]:
        raise known[1]
    return known[1]


def _memo_key(source: str, names: dict[str, Any]) -> tuple | None:
    values = [source]
    for name in _free_names(source):
        value = _frozen(names[name]) if name in names else _UNFROZEN
        if value is _UNFROZEN:
            return None
        values.append(value)
    return tuple(values)


@functools.lru_cache(maxsize=4096)
def _free_names(source: str) -> tuple[str, ...]:
    return tuple(sorted(names_used(source) - set(_ENV.globals)))


_PLAIN = frozenset({str, int, float, bool, date, Decimal, type(None)})


def _frozen(value: Any) -> Any:
    """``value`` as a hashable key part (a group's entry too: a dict of plain values), or
    _UNFROZEN. Its type is part of it: 1 == True == Decimal(1), but a rule may tell them apart."""
    kind = type(value)
    if kind in _PLAIN:
        return (kind, value)
    if kind is list or kind is tuple:
        items = tuple(map(_frozen, value))
        return _UNFROZEN if _UNFROZEN in items else (list, items)
    if kind is dict:
        items = tuple(map(_frozen, value.values()))
        return _UNFROZEN if _UNFROZEN in items else (dict, tuple(value), items)
    if isinstance(value, (str, int, float, date, Decimal)):
        return (kind, value)
    return _UNFROZEN


def evaluate_in(source: str, names: dict[str, Any]) -> Any:
    """Evaluate ``source`` over ``names`` as given (see :func:`scope`), without copying them.

    Jinja's own ``TemplateExpression.__call__`` copies globals and every name into a new dict on
    each call; a walk evaluates dozens of rules over ~100 names, so it shares one mapping instead.
    """
    try:
        template = _compiled(source)._template  # the expression's compiled template (jinja2 3.x)
        context = template.new_context(names, shared=True)
        for _ in template.root_render_func(context):
            pass
        return context.vars["result"]
    except Exception as exc:  # any runtime failure of a flow author's expression
        raise ExpressionError(f"{source!r}: {exc}") from exc


def check_expression(source: str) -> str | None:
    """None when ``source`` compiles, else the reason it does not."""
    try:
        _compiled(source)
    except TemplateSyntaxError as exc:
        return str(exc)
    return None


def rule_words(source: str | None) -> set[str]:
    """Every word of a rule, attributes included (``item.relation`` reads ``relation``): what a
    field id must not be among for a rule surely not to read it."""
    return set(re.findall(r"\w+", source or ""))


def names_used(source: str) -> set[str]:
    """The free names ``source`` reads (field ids and builtins)."""
    ast = _ENV.parse("{{ " + source + " }}")
    names = meta.find_undeclared_variables(ast)
    loop_names = {n.name for n in ast.find_all(nodes.Name) if n.ctx == "store"}
    return set(names) - loop_names
