"""Rows of the SQL stores as typed records, and back: the one conversion SQLite and PostgreSQL share
(both keep timestamps and JSON as text, so a row reads the same from either)."""

from __future__ import annotations

from typing import Any

import orjson

from intake_bot.storage.base import Account, Case, Link, ObjectiveRecord
from intake_bot.storage.base import AnswerEvent, Review  # issue 13

CASE_COLUMNS = ("id", "created_at", "created_by", "status", "locale", "label", "organisation",
                "worker", "objectives", "documents_at", "documents_outdated", "contract_start",
                "contract_months", "rights_in_diagnostic")
MUTABLE_CASE_COLUMNS = frozenset(CASE_COLUMNS[3:])


def dumps(value: Any) -> str:
    """Compact JSON text, non-ASCII kept as written (as ``json.dumps(value, ensure_ascii=False,
    separators=(",", ":"))``; orjson writes a whole diagnostic's state six times faster)."""
    return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode()


def loads(text: str | bytes) -> Any:
    """The value of JSON text (orjson reads a whole diagnostic's state twice as fast)."""
    return orjson.loads(text)


def case_of(row: dict[str, Any]) -> Case:
    """A case row as a Case."""
    values = {k: row[k] for k in CASE_COLUMNS}
    values["objectives"] = objectives_of(row["objectives"])
    values["documents_outdated"] = bool(row["documents_outdated"])
    values["rights_in_diagnostic"] = bool(row["rights_in_diagnostic"])
    return Case(**values)


def objectives_json(objectives: Any) -> str | None:
    """Objectives as the JSON text of the objectives column (None stays None)."""
    if objectives is None:
        return None
    return dumps([{"code": o.code, "text": o.text, "freins": list(o.freins),
                   "situations": list(o.situations), **_translation_fields(o)} for o in objectives])


def _translation_fields(objective: Any) -> dict[str, str]:
    """An objective's machine translation, only when it has one (older rows stay as they were)."""
    if not getattr(objective, "translation", None):
        return {}
    return {"translation": objective.translation, "translation_locale": objective.translation_locale}


def objectives_of(text: str | None) -> tuple[ObjectiveRecord, ...] | None:
    """The objectives column read back."""
    if text is None:
        return None
    return tuple(ObjectiveRecord(o["code"], o.get("text"), tuple(o.get("freins") or ()),
                                 tuple(o.get("situations") or ()), o.get("translation"),
                                 o.get("translation_locale"))
                 for o in loads(text))


def history_record(row: dict[str, Any]) -> dict[str, Any]:
    """An answers row as the answer record of the history."""
    record = {"value": loads(row["value"]), "skipped": bool(row["skipped"]),
              "by": row["given_by"], "at": row["given_at"], "lang": row["lang"], "raw": row["raw"]}
    if row["witnessed"] is not None:
        record["witnessed"] = bool(row["witnessed"])
    return record


def account_of(row: dict[str, Any]) -> Account:
    """An accounts row as an Account."""
    return Account(id=row["id"], name=row["name"], organisation=row["organisation"] or "",
                   role=row["role"], active=bool(row["active"]), created_at=row["created_at"] or "")


def link_of(row: dict[str, Any]) -> Link:
    """A links row as a Link."""
    return Link(channel=row["channel"], user_id=row["user_id"], case_id=row["case_id"],
                linked_at=row["linked_at"], pending=bool(row["pending"]), display=row["display"] or "")


def review_of(row: dict[str, Any]) -> Review:
    """A reviews row as a Review (issue 13)."""
    return Review(id=row["id"], case_id=row["case_id"], kind=row["kind"],
                  started_at=row["started_at"], started_by=row["started_by"],
                  context=loads(row["context"]), state=loads(row["state"]),
                  completed_at=row["completed_at"], completed_by=row["completed_by"])


def review_answer_of(row: dict[str, Any]) -> AnswerEvent:
    """A review_answers row as an AnswerEvent (issue 13)."""
    return AnswerEvent(row["path"], loads(row["record"]))
