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
from intake_bot.storage.base import (
    AnswerEvent, Case, Invitation, Participant, Person, Storage, Worker, utc_now,
)
from intake_bot.storage.migrations import migrate

CASE_COLUMNS = ("id", "created_at", "created_by", "status", "locale", "label")
INVITATION_COLUMNS = ("token_hash", "case_id", "created_by", "created_at", "expires_at", "used_at",
                      "revoked_at")
PARTICIPANT_COLUMNS = ("channel", "user_id", "case_id", "role", "locale", "linked_at")


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
        self._depth = 0

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        # Raw SQL inside: sqlite-utils helpers open their own `with conn:` and would commit early.
        if self._depth:  # inside atomic(): a savepoint, committed with the outer transaction
            yield from self._savepoint()
            return
        self.db.execute("begin immediate")
        try:
            yield
        except BaseException:
            self._rollback("rollback")
            raise
        self.db.execute("commit")

    def _savepoint(self) -> Iterator[None]:
        self.db.execute("savepoint nested")
        try:
            yield
        except BaseException:
            if self.db.conn.in_transaction:
                self.db.execute("rollback to nested")
                self.db.execute("release nested")
            raise
        self.db.execute("release nested")

    def _rollback(self, statement: str) -> None:
        # SQLite rolls back by itself on some errors (SQLITE_FULL, I/O); a second rollback would
        # raise an error of its own and hide the real cause.
        if self.db.conn.in_transaction:
            self.db.execute(statement)

    @contextmanager
    def atomic(self) -> Iterator[None]:
        with self._transaction():
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1

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
        row = self._one("select * from cases where id = ?", [case_id])
        return Case(**{k: row[k] for k in CASE_COLUMNS}) if row else None

    def list_cases(self) -> list[Case]:
        rows = self._all("select * from cases order by id desc", [])
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
        if self.people(case_id) == people:  # most answers change no one: one read, no writes
            return
        self.db.execute("delete from people where case_id = ?", [case_id])
        for p in people:
            self._insert("people", {**{k: v for k, v in asdict(p).items() if k != "extra"},
                                    "case_id": case_id, "extra": _dumps(p.extra)})

    def answer_history(self, case_id: int) -> list[AnswerEvent]:
        rows = self._all("select * from answers where case_id = ? order by id", [case_id])
        return [AnswerEvent(r["path"], {"value": json.loads(r["value"]), "skipped": bool(r["skipped"]),
                                        "by": r["given_by"], "at": r["given_at"], "lang": r["lang"],
                                        "raw": r["raw"]}) for r in rows]

    def people(self, case_id: int) -> list[Person]:
        rows = self._all("select * from people where case_id = ? order by position", [case_id])
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
        where, args = ("where case_id = ?", [case_id]) if case_id is not None else ("", [])
        rows = self._all(f"select * from audit {where} order by id", args)
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

    # --- chat channels (schema v2) ------------------------------------------------------------

    def _one(self, sql: str, args: list[Any]) -> dict[str, Any] | None:
        cursor = self.db.execute(sql, args)
        row = cursor.fetchone()
        return dict(zip([d[0] for d in cursor.description], row)) if row else None

    def _all(self, sql: str, args: list[Any]) -> list[dict[str, Any]]:
        cursor = self.db.execute(sql, args)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row)) for row in cursor.fetchall()]

    def save_worker(self, telegram_id: int, name: str, organisation: str = "",
                    actor: str = "admin") -> Worker:
        with self._transaction():
            self.db.execute(
                "insert into workers (telegram_id, name, organisation, active, created_at) "
                "values (?, ?, ?, 1, ?) on conflict(telegram_id) do update set name = excluded.name, "
                "organisation = excluded.organisation, active = 1",
                [telegram_id, name, organisation, utc_now()])
            self._insert_audit(actor, "worker.save", None, {"telegram_id": telegram_id})
        return self.get_worker(telegram_id)

    def get_worker(self, telegram_id: int) -> Worker | None:
        row = self._one("select * from workers where telegram_id = ?", [telegram_id])
        return _worker(row) if row else None

    def deactivate_worker(self, telegram_id: int, actor: str = "admin") -> bool:
        with self._transaction():
            changed = self.db.execute("update workers set active = 0 where telegram_id = ?",
                                      [telegram_id]).rowcount
            if changed:
                self._insert_audit(actor, "worker.deactivate", None, {"telegram_id": telegram_id})
        return bool(changed)

    def list_workers(self) -> list[Worker]:
        return [_worker(r) for r in self._all("select * from workers order by telegram_id", [])]

    def create_invitation(self, token_hash: str, case_id: int, created_by: str,
                          expires_at: str) -> Invitation:
        with self._transaction():
            self._insert("invitations", {"token_hash": token_hash, "case_id": case_id,
                                         "created_by": created_by, "created_at": utc_now(),
                                         "expires_at": expires_at})
            self._insert_audit(created_by, "invitation.create", case_id, {"expires_at": expires_at})
        return self.get_invitation(token_hash)

    def get_invitation(self, token_hash: str) -> Invitation | None:
        row = self._one("select * from invitations where token_hash = ?", [token_hash])
        return Invitation(**{k: row[k] for k in INVITATION_COLUMNS}) if row else None

    def invitations(self, case_id: int) -> list[Invitation]:
        rows = self._all("select * from invitations where case_id = ? order by created_at", [case_id])
        return [Invitation(**{k: r[k] for k in INVITATION_COLUMNS}) for r in rows]

    def mark_invitation_used(self, token_hash: str, actor: str) -> None:
        with self._transaction():
            self.db.execute("update invitations set used_at = ? where token_hash = ?",
                            [utc_now(), token_hash])
            case_id = self.db.execute("select case_id from invitations where token_hash = ?",
                                      [token_hash]).fetchone()[0]
            self._insert_audit(actor, "invitation.use", case_id, {})

    def revoke_invitations(self, case_id: int, actor: str) -> int:
        with self._transaction():
            count = self.db.execute(
                "update invitations set revoked_at = ? where case_id = ? and used_at is null "
                "and revoked_at is null", [utc_now(), case_id]).rowcount
            self._insert_audit(actor, "invitation.revoke", case_id, {"count": count})
        return count

    def link_participant(self, channel: str, user_id: str, case_id: int, role: str,
                         locale: str) -> Participant:
        with self._transaction():
            self.db.execute("insert or replace into participants (channel, user_id, case_id, role, "
                            "locale, linked_at) values (?, ?, ?, ?, ?, ?)",
                            [channel, str(user_id), case_id, role, locale, utc_now()])
            self._insert_audit(f"{channel}:{user_id}", "case.link", case_id,
                               {"channel": channel, "role": role})
        return self.get_participant(channel, user_id)

    def get_participant(self, channel: str, user_id: str) -> Participant | None:
        row = self._one("select * from participants where channel = ? and user_id = ?",
                        [channel, str(user_id)])
        return Participant(**{k: row[k] for k in PARTICIPANT_COLUMNS}) if row else None

    def set_participant_locale(self, channel: str, user_id: str, locale: str) -> None:
        with self._transaction():
            self.db.execute("update participants set locale = ? where channel = ? and user_id = ?",
                            [locale, channel, str(user_id)])

    def participants(self, case_id: int) -> list[Participant]:
        rows = self._all("select * from participants where case_id = ?", [case_id])
        return [Participant(**{k: r[k] for k in PARTICIPANT_COLUMNS}) for r in rows]

    def unlink_participants(self, case_id: int) -> int:
        with self._transaction():
            self.db.execute("delete from sessions where (channel, user_id) in "
                            "(select channel, user_id from participants where case_id = ?)", [case_id])
            return self.db.execute("delete from participants where case_id = ?", [case_id]).rowcount

    def load_session(self, channel: str, user_id: str) -> dict[str, Any]:
        row = self.db.execute("select data from sessions where channel = ? and user_id = ?",
                              [channel, str(user_id)]).fetchone()
        return json.loads(row[0]) if row else {}

    def save_session(self, channel: str, user_id: str, data: dict[str, Any]) -> None:
        with self._transaction():
            self.db.execute("insert or replace into sessions (channel, user_id, data, updated_at) "
                            "values (?, ?, ?, ?)", [channel, str(user_id), _dumps(data), utc_now()])

    def claim_update(self, update_id: int) -> bool:
        with self._transaction():
            cursor = self.db.execute("insert or ignore into processed_updates (update_id, at) "
                                     "values (?, ?)", [update_id, utc_now()])
        return cursor.rowcount == 1

    def forget_updates(self, before: str) -> int:
        with self._transaction():
            return self.db.execute("delete from processed_updates where at < ?", [before]).rowcount


def _worker(row: dict[str, Any]) -> Worker:
    return Worker(telegram_id=row["telegram_id"], name=row["name"],
                  organisation=row["organisation"] or "", active=bool(row["active"]),
                  created_at=row["created_at"] or "")
