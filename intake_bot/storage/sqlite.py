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
    Account, AnswerEvent, Case, Invitation, Link, ObjectiveRecord, Person, Storage, utc_now,
)
from intake_bot.storage.migrations import migrate

CASE_COLUMNS = ("id", "created_at", "created_by", "status", "locale", "label", "organisation",
                "worker", "objectives", "documents_at", "documents_outdated")
MUTABLE_CASE_COLUMNS = frozenset(CASE_COLUMNS[3:])
INVITATION_COLUMNS = ("token_hash", "case_id", "created_by", "created_at", "expires_at", "used_at",
                      "revoked_at", "used_by")
LINK_COLUMNS = ("channel", "user_id", "case_id", "linked_at", "pending", "display")
ACCOUNT_COLUMNS = ("id", "name", "organisation", "role", "active", "created_at")


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

    def create_case(self, created_by: str, organisation: str = "", worker: str = "",
                    locale: str = "fr", status: str = "invited") -> Case:
        now = utc_now()
        with self._transaction():
            case_id = self._insert("cases", {"created_at": now, "created_by": created_by,
                                             "status": status, "locale": locale, "label": "",
                                             "organisation": organisation, "worker": worker})
            self._insert("interviews", {"case_id": case_id, "state": _dumps(new_state()),
                                        "version": 0, "updated_at": now})
            self._insert_audit(created_by, "case.create", case_id, {})
        return self.get_case(case_id)

    def get_case(self, case_id: int) -> Case | None:
        row = self._one("select * from cases where id = ?", [case_id])
        return _case(row) if row else None

    def list_cases(self, organisation: str | None = None) -> list[Case]:
        if organisation is None:
            return [_case(r) for r in self._all("select * from cases order by id desc", [])]
        rows = self._all("select * from cases where organisation = ? order by id desc", [organisation])
        return [_case(r) for r in rows]

    def update_case(self, case_id: int, **changes: Any) -> Case:
        unknown = set(changes) - MUTABLE_CASE_COLUMNS
        if unknown:
            raise ValueError(f"cannot update case columns {sorted(unknown)}")
        if "objectives" in changes:
            changes["objectives"] = _objectives_json(changes["objectives"])
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
                                   "lang": r.get("lang"), "raw": r.get("raw"),
                                   "witnessed": None if "witnessed" not in r else int(r["witnessed"])})

    def _replace_people(self, case_id: int, people: list[Person]) -> None:
        if self.people(case_id) == people:  # most answers change no one: one read, no writes
            return
        self.db.execute("delete from people where case_id = ?", [case_id])
        for p in people:
            self._insert("people", {**{k: v for k, v in asdict(p).items() if k != "extra"},
                                    "case_id": case_id, "extra": _dumps(p.extra)})

    def answer_history(self, case_id: int) -> list[AnswerEvent]:
        rows = self._all("select * from answers where case_id = ? order by id", [case_id])
        return [AnswerEvent(r["path"], _history_record(r)) for r in rows]

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
            for table in ("answers", "people", "invitations", "links"):
                self.db.execute(f"delete from {table} where case_id = ?", [case_id])
            self.db.execute("update interviews set state = ?, version = version + 1 where case_id = ?",
                            [_dumps(new_state()), case_id])
            self.db.execute("update cases set status = 'erased', label = '', objectives = null, "
                            "documents_outdated = 0 where id = ?", [case_id])
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

    def save_account(self, account: Account) -> Account:
        with self._transaction():
            self.db.execute(
                "insert into accounts (id, name, organisation, role, active, created_at) "
                "values (?, ?, ?, ?, ?, ?) on conflict(id) do update set name = excluded.name, "
                "organisation = excluded.organisation, role = excluded.role, active = excluded.active",
                [account.id, account.name, account.organisation, account.role, int(account.active),
                 account.created_at or utc_now()])
        return self.get_account(account.id)

    def get_account(self, account_id: str) -> Account | None:
        row = self._one("select * from accounts where id = ?", [account_id])
        return _account(row) if row else None

    def list_accounts(self) -> list[Account]:
        return [_account(r) for r in self._all("select * from accounts order by id", [])]

    def save_invitation(self, invitation: Invitation) -> Invitation:
        row = asdict(invitation)
        with self._transaction():
            self.db.execute(f"insert or replace into invitations ({', '.join(row)}) values "
                            f"({', '.join('?' for _ in row)})", list(row.values()))
        return invitation

    def get_invitation(self, token_hash: str) -> Invitation | None:
        row = self._one("select * from invitations where token_hash = ?", [token_hash])
        return Invitation(**{k: row[k] for k in INVITATION_COLUMNS}) if row else None

    def invitations(self, case_id: int) -> list[Invitation]:
        rows = self._all("select * from invitations where case_id = ? order by created_at, rowid",
                         [case_id])
        return [Invitation(**{k: r[k] for k in INVITATION_COLUMNS}) for r in rows]

    def save_link(self, link: Link) -> Link:
        with self._transaction():
            self.db.execute("insert or replace into links (channel, user_id, case_id, linked_at, "
                            "pending, display) values (?, ?, ?, ?, ?, ?)",
                            [link.channel, link.user_id, link.case_id, link.linked_at,
                             int(link.pending), link.display])
        return link

    def get_link(self, channel: str, user_id: str) -> Link | None:
        row = self._one("select * from links where channel = ? and user_id = ?", [channel, str(user_id)])
        return _link(row) if row else None

    def links(self, case_id: int) -> list[Link]:
        rows = self._all("select * from links where case_id = ? order by linked_at", [case_id])
        return [_link(r) for r in rows]

    def delete_link(self, channel: str, user_id: str) -> None:
        with self._transaction():
            self.db.execute("delete from links where channel = ? and user_id = ?", [channel, str(user_id)])

    def load_session(self, channel: str, user_id: str) -> dict[str, Any]:
        row = self.db.execute("select data from sessions where channel = ? and user_id = ?",
                              [channel, str(user_id)]).fetchone()
        return json.loads(row[0]) if row else {}

    def save_session(self, channel: str, user_id: str, data: dict[str, Any] | None) -> None:
        if data is None:
            with self._transaction():
                self.db.execute("delete from sessions where channel = ? and user_id = ?",
                                [channel, str(user_id)])
            return
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


def _case(row: dict[str, Any]) -> Case:
    values = {k: row[k] for k in CASE_COLUMNS}
    values["objectives"] = _objectives_of(row["objectives"])
    values["documents_outdated"] = bool(row["documents_outdated"])
    return Case(**values)


def _objectives_json(objectives: Any) -> str | None:
    if objectives is None:
        return None
    return _dumps([{"code": o.code, "text": o.text, "freins": list(o.freins)} for o in objectives])


def _objectives_of(text: str | None) -> tuple[ObjectiveRecord, ...] | None:
    if text is None:
        return None
    return tuple(ObjectiveRecord(o["code"], o.get("text"), tuple(o.get("freins") or ()))
                 for o in json.loads(text))


def _history_record(row: dict[str, Any]) -> dict[str, Any]:
    record = {"value": json.loads(row["value"]), "skipped": bool(row["skipped"]),
              "by": row["given_by"], "at": row["given_at"], "lang": row["lang"], "raw": row["raw"]}
    if row["witnessed"] is not None:
        record["witnessed"] = bool(row["witnessed"])
    return record


def _account(row: dict[str, Any]) -> Account:
    return Account(id=row["id"], name=row["name"], organisation=row["organisation"] or "",
                   role=row["role"], active=bool(row["active"]), created_at=row["created_at"] or "")


def _link(row: dict[str, Any]) -> Link:
    return Link(channel=row["channel"], user_id=row["user_id"], case_id=row["case_id"],
                linked_at=row["linked_at"], pending=bool(row["pending"]), display=row["display"] or "")
