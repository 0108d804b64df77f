"""SQLite storage through sqlite-utils: the embedded default (WAL, one file under the data dir)."""

from __future__ import annotations

import json
import sqlite3
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Any, Iterator

import sqlite_utils

from intake_bot.engine.state import new_state
from intake_bot.storage.base import AnswerEvent, Case, Person, Storage, utc_now
from intake_bot.storage.migrations import migrate

CASE_COLUMNS = ("id", "created_at", "created_by", "status", "locale", "label")


def open_database(path: str | Path) -> sqlite_utils.Database:
    """Open (creating if needed) the database at ``path`` (":memory:" for tests), migrated."""
    if str(path) != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False, timeout=30)
    db = sqlite_utils.Database(conn)
    conn.execute("pragma foreign_keys = on")
    if str(path) != ":memory:":
        db.enable_wal()
        conn.execute("pragma synchronous = full")  # an answer acknowledged is an answer kept
    migrate(db)
    return db


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


class SqliteStorage(Storage):
    """Storage in one SQLite file; every write is one transaction."""

    def __init__(self, path: str | Path) -> None:
        self.path = path
        self.db = open_database(path)

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        # Raw SQL inside: sqlite-utils helpers open their own `with conn:` and would commit early.
        self.db.execute("begin immediate")
        try:
            yield
        except BaseException:
            self.db.execute("rollback")
            raise
        self.db.execute("commit")

    def _insert(self, table: str, row: dict[str, Any]) -> int:
        columns = ", ".join(row)
        marks = ", ".join("?" for _ in row)
        cursor = self.db.execute(f"insert into {table} ({columns}) values ({marks})", list(row.values()))
        return cursor.lastrowid

    def create_case(self, created_by: str, locale: str = "fr", label: str = "") -> Case:
        now = utc_now()
        with self._transaction():
            case_id = self._insert("cases", {"created_at": now, "created_by": created_by,
                                             "status": "household_answering", "locale": locale,
                                             "label": label})
            self._insert("interviews", {"case_id": case_id, "state": _dumps(new_state()),
                                        "version": 0, "updated_at": now})
            self._insert_audit(created_by, "case.create", case_id, {})
        return self.get_case(case_id)

    def get_case(self, case_id: int) -> Case | None:
        rows = list(self.db["cases"].rows_where("id = ?", [case_id]))
        return Case(**{k: rows[0][k] for k in CASE_COLUMNS}) if rows else None

    def list_cases(self) -> list[Case]:
        rows = self.db["cases"].rows_where(order_by="id desc")
        return [Case(**{k: r[k] for k in CASE_COLUMNS}) for r in rows]

    def update_case(self, case_id: int, **changes: Any) -> Case:
        unknown = set(changes) - set(CASE_COLUMNS[3:])
        if unknown:
            raise ValueError(f"cannot update case columns {sorted(unknown)}")
        assignments = ", ".join(f"{column} = ?" for column in changes)
        with self._transaction():
            self.db.execute(f"update cases set {assignments} where id = ?", [*changes.values(), case_id])
        return self.get_case(case_id)

    def load_state(self, case_id: int) -> dict[str, Any]:
        row = self.db.execute("select state from interviews where case_id = ?", [case_id]).fetchone()
        if row is None:
            raise KeyError(case_id)
        return json.loads(row[0])

    def save_state(self, case_id: int, state: dict[str, Any], answer: AnswerEvent | None = None,
                   people: list[Person] | None = None) -> None:
        with self._transaction():
            self.db.execute("update interviews set state = ?, version = version + 1, "
                            "updated_at = ? where case_id = ?", [_dumps(state), utc_now(), case_id])
            if answer is not None:
                self._insert_answer(case_id, answer)
            if people is not None:
                self._replace_people(case_id, people)

    def _insert_answer(self, case_id: int, answer: AnswerEvent) -> None:
        r = answer.record
        self._insert("answers", {"case_id": case_id, "path": answer.path,
                                   "value": _dumps(r.get("value")), "skipped": int(r.get("skipped", False)),
                                   "given_by": r.get("by"), "given_at": r.get("at"),
                                   "lang": r.get("lang"), "raw": r.get("raw")})

    def _replace_people(self, case_id: int, people: list[Person]) -> None:
        self.db.execute("delete from people where case_id = ?", [case_id])
        for p in people:
            self._insert("people", {**{k: v for k, v in asdict(p).items() if k != "extra"},
                                    "case_id": case_id, "extra": _dumps(p.extra)})

    def answer_history(self, case_id: int) -> list[AnswerEvent]:
        rows = self.db["answers"].rows_where("case_id = ?", [case_id], order_by="id")
        return [AnswerEvent(r["path"], {"value": json.loads(r["value"]), "skipped": bool(r["skipped"]),
                                        "by": r["given_by"], "at": r["given_at"], "lang": r["lang"],
                                        "raw": r["raw"]}) for r in rows]

    def people(self, case_id: int) -> list[Person]:
        rows = self.db["people"].rows_where("case_id = ?", [case_id], order_by="position")
        return [Person(position=r["position"], relation=r["relation"], first_name=r["first_name"],
                       last_name=r["last_name"], sex=r["sex"], birth_date=r["birth_date"],
                       extra=json.loads(r["extra"] or "{}")) for r in rows]

    def audit(self, actor: str, action: str, case_id: int | None = None, **details: Any) -> None:
        with self._transaction():
            self._insert_audit(actor, action, case_id, details)

    def _insert_audit(self, actor: str, action: str, case_id: int | None, details: dict) -> None:
        self._insert("audit", {"at": utc_now(), "actor": actor, "action": action,
                                 "case_id": case_id, "details": _dumps(details)})

    def audit_log(self, case_id: int | None = None) -> list[dict[str, Any]]:
        where, args = ("case_id = ?", [case_id]) if case_id is not None else (None, None)
        rows = self.db["audit"].rows_where(where, args, order_by="id")
        return [{"at": r["at"], "actor": r["actor"], "action": r["action"], "case_id": r["case_id"],
                 "details": json.loads(r["details"])} for r in rows]

    def erase_case(self, case_id: int, actor: str) -> None:
        with self._transaction():
            for table in ("answers", "people"):
                self.db.execute(f"delete from {table} where case_id = ?", [case_id])
            self.db.execute("update interviews set state = ?, version = version + 1 where case_id = ?",
                            [_dumps(new_state()), case_id])
            self.db.execute("update cases set status = 'erased', label = '' where id = ?", [case_id])
            self._insert_audit(actor, "case.erase", case_id, {})

    def close(self) -> None:
        self.db.conn.close()
