"""Is the database whole? SQLite's own checks, then every stored answer against the flow: a real
path of the questionnaire, a value its field can hold."""

from __future__ import annotations

import json
import re

from intake_bot.engine.values import decode
from intake_bot.engine.walk import field_key_of
from intake_bot.questionnaire.compiler import load_flow

PATH = re.compile(r"^\w+(\[\d+\](\.\w+)?)?$")
TYPES = {"yes_no": bool, "group": bool, "integer": int, "text": str}


def inconsistencies(storage, flow=None) -> list[str]:
    """Everything wrong with ``storage``'s database (an empty list when it is consistent)."""
    flow = flow or load_flow()
    db = storage.db
    problems = [f"integrity_check: {row[0]}" for row in db.execute("pragma integrity_check")
                if row[0] != "ok"]
    problems += [f"foreign_key_check: {row}" for row in db.execute("pragma foreign_key_check")]
    for case in storage.list_cases():
        for path, record in storage.load_state(case.id)["answers"].items():
            problems += _answer_problems(flow, f"case {case.id} state", path, record)
    for case_id, path, value, skipped in db.execute("select case_id, path, value, skipped from answers"):
        record = {"value": json.loads(value), "skipped": bool(skipped)}
        problems += _answer_problems(flow, f"case {case_id} answers", path, record)
    return problems


def _answer_problems(flow, where: str, path: str, record: dict) -> list[str]:
    key = field_key_of(path)
    if not PATH.match(path) or key not in flow.by_key:
        return [f"{where}: {path!r} is not a path of the flow"]
    field = flow.field(key)
    if record.get("skipped") or record.get("value") is None:
        return []
    try:
        value = decode(field, record["value"])
    except (TypeError, ValueError, ArithmeticError) as error:
        return [f"{where}: {path} = {record['value']!r} ({error})"]
    if field.kind in TYPES and not isinstance(value, TYPES[field.kind]):
        return [f"{where}: {path} = {value!r} is not {field.kind}"]
    codes = value if field.kind == "multi_choice" else [value] if field.kind == "single_choice" else []
    return [f"{where}: {path} has no choice {code!r}" for code in codes if field.choice(code) is None]
