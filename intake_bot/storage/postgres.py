"""PostgreSQL storage through psycopg 3: what several instances share (``DATABASE_URL``).

The same contract as :mod:`.sqlite`, row for row: timestamps are ISO text and JSON is text, so
``intake-bot migrate-store`` copies an SQLite file without converting a value. The connection is
in autocommit mode; every write method runs in ``conn.transaction()``, which psycopg turns into a
savepoint inside :meth:`PostgresStorage.atomic`.
"""

from __future__ import annotations

import os
import socket
import threading
import uuid
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Any, Collection, Iterator

import psycopg
from psycopg.rows import dict_row

from intake_bot.engine.state import new_state
from intake_bot.storage.rows import (
    MUTABLE_CASE_COLUMNS, account_of, case_of, dumps, history_record, link_of, loads,
    objectives_json, review_answer_of, review_of,
)
from intake_bot.storage.base import (
    Account, AnswerEvent, Case, Invitation, Link, Person, QueuedReply, Review, Storage,
    scrub_audit, utc_now,
)
from intake_bot.storage.postgres_migrations import migrate
from intake_bot.storage.portal import SqlPortalStore
from intake_bot.storage.facts import POSTGRES, SqlFactStore
from intake_bot.storage.measure import SqlMeasureStore

INVITATION_COLUMNS = ("token_hash", "case_id", "created_by", "created_at", "expires_at", "used_at",
                      "revoked_at", "used_by")


def is_postgres_url(url: str | None) -> bool:
    """Whether ``url`` names a PostgreSQL database (postgresql:// or postgres://)."""
    return bool(url) and url.split("://", 1)[0] in ("postgresql", "postgres")


class StoreUnreachable(ConnectionError):
    """The PostgreSQL server could not be reached or refused the connection."""


class PostgresStorage(SqlPortalStore, SqlMeasureStore, SqlFactStore, Storage):
    """Storage in one PostgreSQL database; every write is one transaction."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.conn = self._connect()
        migrate(self.conn)
        # One connection shared by the bot's threads: a block of statements (a transaction)
        # must not interleave with another thread's, so the whole block holds this lock.
        self._lock = threading.RLock()
        self._settings: list[str] = []  # session settings to apply again after a reconnection
        self._depth = 0  # transactions open (savepoints inside the outermost)
        self.holder = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"  # leases

    def _connect(self) -> psycopg.Connection:
        try:
            return psycopg.connect(self.url, autocommit=True, row_factory=dict_row)
        except psycopg.OperationalError as error:
            raise StoreUnreachable(f"cannot reach the PostgreSQL database: {error}") from None

    def _usable(self) -> None:
        """Outside a transaction, a new connection when the last one broke (a restarted server,
        a fail-over): the statement that met the break failed and its transaction rolled back;
        the next one reconnects rather than failing for ever. Never inside a transaction, whose
        rest would otherwise commit alone on the new connection."""
        if self._depth == 0 and (self.conn.broken or self.conn.closed):
            self.conn = self._connect()
            for statement in self._settings:
                self.conn.execute(statement)

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        with self._lock:
            self._usable()
            self._depth += 1
            try:
                with self.conn.transaction():
                    yield
            finally:
                self._depth -= 1

    @contextmanager
    def atomic(self) -> Iterator[None]:
        with self._transaction():
            yield

    def _one(self, sql: str, args: list[Any]) -> dict[str, Any] | None:
        with self._lock:
            self._usable()
            return self.conn.execute(sql, args).fetchone()

    def _all(self, sql: str, args: list[Any]) -> list[dict[str, Any]]:
        with self._lock:
            self._usable()
            return self.conn.execute(sql, args).fetchall()

    # The staff portal (issue 12, schema v6): statements with "?" marks, see storage/portal.py.

    def _portal_run(self, sql: str, args: list[Any]) -> psycopg.Cursor:
        return self._execute(sql.replace("?", "%s"), args)

    def _portal_one(self, sql: str, args: list[Any]) -> dict[str, Any] | None:
        return self._one(sql.replace("?", "%s"), args)

    def _portal_all(self, sql: str, args: list[Any]) -> list[dict[str, Any]]:
        return self._all(sql.replace("?", "%s"), args)

    # Indicators' case facts (issue 12, schema v8): statements with "?" marks, storage/facts.py.

    _facts_dialect = POSTGRES  # the measure's figures read its JSON records in PostgreSQL's SQL

    def _facts_run(self, sql: str, args: list[Any]) -> psycopg.Cursor:
        return self._execute(sql.replace("?", "%s"), args)

    def _facts_all(self, sql: str, args: list[Any]) -> list[dict[str, Any]]:
        return self._all(sql.replace("?", "%s"), args)

    def _execute(self, sql: str, args: list[Any]) -> psycopg.Cursor:
        # PostgreSQL text cannot hold NUL (SQLite's can): it becomes U+FFFD, as the door already
        # does for an unpaired surrogate, rather than failing the whole answer.
        return self.conn.execute(sql, [a.replace("\x00", "\ufffd") if isinstance(a, str) else a
                                       for a in args])

    def create_case(self, created_by: str, organisation: str = "", worker: str = "",
                    locale: str = "fr", status: str = "invited") -> Case:
        now = utc_now()
        with self._transaction():
            row = self._execute(
                "insert into cases (created_at, created_by, status, locale, label, organisation, "
                "worker) values (%s, %s, %s, %s, '', %s, %s) returning *",
                [now, created_by, status, locale, organisation, worker]).fetchone()
            self._execute("insert into interviews (case_id, state, version, updated_at) "
                          "values (%s, %s, 0, %s)", [row["id"], dumps(new_state()), now])
            self._insert_audit(created_by, "case.create", row["id"], {})
        return case_of(row)

    def get_case(self, case_id: int) -> Case | None:
        row = self._one("select * from cases where id = %s", [case_id])
        return case_of(row) if row else None

    def list_cases(self, organisation: str | None = None) -> list[Case]:
        if organisation is None:
            return [case_of(r) for r in self._all("select * from cases order by id desc", [])]
        rows = self._all("select * from cases where organisation = %s order by id desc",
                         [organisation])
        return [case_of(r) for r in rows]

    def update_case(self, case_id: int, **changes: Any) -> Case:
        unknown = set(changes) - MUTABLE_CASE_COLUMNS
        if unknown:
            raise ValueError(f"cannot update case columns {sorted(unknown)}")
        if "objectives" in changes:
            changes["objectives"] = objectives_json(changes["objectives"])
        if "documents_outdated" in changes:
            changes["documents_outdated"] = bool(changes["documents_outdated"])
        if "rights_in_diagnostic" in changes:
            changes["rights_in_diagnostic"] = bool(changes["rights_in_diagnostic"])
        assignments = ", ".join(f"{column} = %s" for column in changes)
        with self._transaction():
            row = self._execute(f"update cases set {assignments} where id = %s returning *",
                                [*changes.values(), case_id]).fetchone()
        return case_of(row) if row else None

    def load_state(self, case_id: int) -> dict[str, Any]:
        row = self._one("select state from interviews where case_id = %s", [case_id])
        if row is None:
            raise KeyError(case_id)
        return loads(row["state"])

    def save_state(self, case_id: int, state: dict[str, Any], answer: AnswerEvent | None = None,
                   people: list[Person] | None = None) -> None:
        with self._transaction():
            self._execute("update interviews set state = %s, version = version + 1, "
                          "updated_at = %s where case_id = %s", [dumps(state), utc_now(), case_id])
            if answer is not None:
                self._insert_answer(case_id, answer)
            if people is not None:
                self._replace_people(case_id, people)

    def _insert_answer(self, case_id: int, answer: AnswerEvent) -> None:
        r = answer.record
        self._execute("insert into answers (case_id, path, value, skipped, given_by, given_at, "
                      "lang, raw, witnessed) values (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
                      [case_id, answer.path, dumps(r.get("value")), bool(r.get("skipped", False)),
                       r.get("by"), r.get("at"), r.get("lang"), r.get("raw"),
                       None if "witnessed" not in r else bool(r["witnessed"])])

    def _replace_people(self, case_id: int, people: list[Person]) -> None:
        if self.people(case_id) == people:  # most answers change no one: one read, no writes
            return
        self._execute("delete from people where case_id = %s", [case_id])
        for p in people:
            self._execute("insert into people (case_id, position, relation, first_name, last_name, "
                          "sex, birth_date, extra) values (%s, %s, %s, %s, %s, %s, %s, %s)",
                          [case_id, p.position, p.relation, p.first_name, p.last_name, p.sex,
                           p.birth_date, dumps(p.extra)])

    def answer_history(self, case_id: int) -> list[AnswerEvent]:
        rows = self._all("select * from answers where case_id = %s order by id", [case_id])
        return [AnswerEvent(r["path"], history_record(r)) for r in rows]

    def people(self, case_id: int) -> list[Person]:
        rows = self._all("select * from people where case_id = %s order by position", [case_id])
        return [Person(position=r["position"], relation=r["relation"], first_name=r["first_name"],
                       last_name=r["last_name"], sex=r["sex"], birth_date=r["birth_date"],
                       extra=loads(r["extra"] or "{}")) for r in rows]

    def audit(self, actor: str, action: str, case_id: int | None = None, **details: Any) -> None:
        with self._transaction():
            self._insert_audit(actor, action, case_id, details)

    def _insert_audit(self, actor: str, action: str, case_id: int | None, details: dict) -> None:
        self._execute("insert into audit (at, actor, action, case_id, details) "
                      "values (%s, %s, %s, %s, %s)", [utc_now(), actor, action, case_id,
                                                      dumps(details)])

    def audit_log(self, case_id: int | None = None) -> list[dict[str, Any]]:
        where, args = ("where case_id = %s", [case_id]) if case_id is not None else ("", [])
        rows = self._all(f"select * from audit {where} order by id", args)
        return [{"at": r["at"], "actor": r["actor"], "action": r["action"], "case_id": r["case_id"],
                 "details": loads(r["details"])} for r in rows]

    def erase_case(self, case_id: int, actor: str) -> None:
        with self._transaction():
            for table in ("answers", "people", "invitations", "links", "case_facts"):
                self._execute(f"delete from {table} where case_id = %s", [case_id])
            self._erase_measure(case_id)  # issue 13
            self._execute("update interviews set state = %s, version = version + 1 "
                          "where case_id = %s", [dumps(new_state()), case_id])
            self._execute("update cases set status = 'erased', label = '', objectives = null, "
                          "documents_outdated = false where id = %s", [case_id])
            self._insert_audit(actor, "case.erase", case_id, {})

    def close(self) -> None:
        self.conn.close()

    # --- erasure, retention, backup (issue 11) ----------------------------------------------

    def anonymise_erased(self, case_id: int, household_accounts: Collection[str]) -> None:
        with self._transaction():
            self._execute("update cases set created_at = substr(created_at, 1, 7), created_by = '', "
                          "worker = '', documents_at = substr(documents_at, 1, 7) where id = %s",
                          [case_id])
            rows = self._all("select id, actor, details from audit where case_id = %s", [case_id])
            for row in rows:
                actor, details = scrub_audit(row["actor"], loads(row["details"]),
                                             household_accounts)
                self._execute("update audit set actor = %s, details = %s where id = %s",
                              [actor, dumps(details), row["id"]])

    def activity(self) -> dict[int, list[str]]:
        rows = self._all(
            "select c.id, c.created_at, i.updated_at, "
            "(select max(given_at) from answers a where a.case_id = c.id) as answered, "
            "(select max(at) from audit u where u.case_id = c.id) as audited "
            "from cases c left join interviews i on i.case_id = c.id "
            "where c.status <> 'erased'", [])
        return {r["id"]: [t for t in (r["created_at"], r["updated_at"], r["answered"],
                                      r["audited"]) if t] for r in rows}

    def checkpoint(self) -> None:
        # PostgreSQL has no secure_delete: VACUUM at least makes the erased rows' space reusable
        # at once (their bytes stay until overwritten, and in the server's WAL and backups).
        if self._depth:
            return
        with self._lock:
            for table in ("answers", "people", "invitations", "links", "interviews", "audit"):
                self.conn.execute(f"vacuum {table}")

    def backup(self, destination: Any) -> None:
        """A consistent snapshot of the whole store written as an SQLite file (mode 0600), which
        ``intake-bot restore`` reads and ``migrate-store`` can copy back."""
        from intake_bot.storage.transfer import copy_postgres_to_sqlite

        with self._lock:
            copy_postgres_to_sqlite(self.conn, Path(destination))

    # --- the Telegram door's fault tolerance (issue 11, PostgreSQL schema v2) ----------------

    def limit_waits(self, seconds: float) -> None:
        statement = f"set lock_timeout = {int(seconds * 1000)}"
        with self._lock:
            self._settings = [statement]
            self.conn.execute(statement)

    def queue_reply(self, chat_id: int, payload: str) -> int:
        with self._transaction():
            return self._execute("insert into outbox (chat_id, payload, created_at) values "
                                 "(%s, %s, %s) returning id", [chat_id, payload, utc_now()]
                                 ).fetchone()["id"]

    def queued_replies(self) -> list[QueuedReply]:
        return [QueuedReply(**r) for r in self._all("select * from outbox order by id", [])]

    def drop_reply(self, reply_id: int) -> None:
        with self._transaction():
            self._execute("delete from outbox where id = %s", [reply_id])

    def remember_messages(self, chat_id: int, message_ids: Collection[int], at: str) -> None:
        with self._transaction():
            for message_id in message_ids:
                self._execute("insert into shown_messages (chat_id, message_id, at) values "
                              "(%s, %s, %s) on conflict (chat_id, message_id) do update "
                              "set at = excluded.at", [chat_id, message_id, at])

    def forget_messages(self, before: str) -> None:
        with self._transaction():
            self._execute("delete from shown_messages where at < %s", [before])

    def take_messages(self, chat_id: int, since: str) -> list[int]:
        with self._transaction():
            rows = self._execute("select message_id from shown_messages where chat_id = %s and "
                                 "at >= %s order by message_id", [chat_id, since]).fetchall()
            self._execute("delete from shown_messages where chat_id = %s", [chat_id])
        return [r["message_id"] for r in rows]

    def save_account(self, account: Account) -> Account:
        with self._transaction():
            self._execute(
                "insert into accounts (id, name, organisation, role, active, created_at) "
                "values (%s, %s, %s, %s, %s, %s) on conflict (id) do update set "
                "name = excluded.name, organisation = excluded.organisation, "
                "role = excluded.role, active = excluded.active",
                [account.id, account.name, account.organisation, account.role,
                 bool(account.active), account.created_at or utc_now()])
        return self.get_account(account.id)

    def get_account(self, account_id: str) -> Account | None:
        row = self._one("select * from accounts where id = %s", [account_id])
        return account_of(row) if row else None

    def list_accounts(self) -> list[Account]:
        return [account_of(r) for r in self._all("select * from accounts order by id", [])]

    def save_invitation(self, invitation: Invitation) -> Invitation:
        row = asdict(invitation)
        columns = ", ".join(row)
        updates = ", ".join(f"{c} = excluded.{c}" for c in row if c != "token_hash")
        with self._transaction():
            self._execute(f"insert into invitations ({columns}) values "
                          f"({', '.join('%s' for _ in row)}) on conflict (token_hash) do update "
                          f"set {updates}", list(row.values()))
        return invitation

    def use_invitation(self, token_hash: str, used_at: str, used_by: str) -> bool:
        # One conditional update: a second process waits on the row lock, then finds it used.
        with self._transaction():
            return self._execute("update invitations set used_at = %s, used_by = %s where "
                                 "token_hash = %s and used_at is null and revoked_at is null",
                                 [used_at, used_by, token_hash]).rowcount == 1

    def get_invitation(self, token_hash: str) -> Invitation | None:
        row = self._one("select * from invitations where token_hash = %s", [token_hash])
        return Invitation(**{k: row[k] for k in INVITATION_COLUMNS}) if row else None

    def invitations(self, case_id: int) -> list[Invitation]:
        rows = self._all("select * from invitations where case_id = %s order by created_at, seq",
                         [case_id])
        return [Invitation(**{k: r[k] for k in INVITATION_COLUMNS}) for r in rows]

    def save_link(self, link: Link) -> Link:
        with self._transaction():
            self._execute("insert into links (channel, user_id, case_id, linked_at, pending, "
                          "display) values (%s, %s, %s, %s, %s, %s) on conflict (channel, user_id) "
                          "do update set case_id = excluded.case_id, linked_at = excluded.linked_at, "
                          "pending = excluded.pending, display = excluded.display",
                          [link.channel, str(link.user_id), link.case_id, link.linked_at,
                           bool(link.pending), link.display])
        return link

    def get_link(self, channel: str, user_id: str) -> Link | None:
        row = self._one("select * from links where channel = %s and user_id = %s",
                        [channel, str(user_id)])
        return link_of(row) if row else None

    def links(self, case_id: int) -> list[Link]:
        rows = self._all("select * from links where case_id = %s order by linked_at", [case_id])
        return [link_of(r) for r in rows]

    def delete_link(self, channel: str, user_id: str) -> None:
        with self._transaction():
            self._execute("delete from links where channel = %s and user_id = %s",
                          [channel, str(user_id)])

    def load_session(self, channel: str, user_id: str) -> dict[str, Any]:
        row = self._one("select data from sessions where channel = %s and user_id = %s",
                        [channel, str(user_id)])
        return loads(row["data"]) if row else {}

    def save_session(self, channel: str, user_id: str, data: dict[str, Any] | None) -> None:
        with self._transaction():
            if data is None:
                self._execute("delete from sessions where channel = %s and user_id = %s",
                              [channel, str(user_id)])
                return
            self._execute("insert into sessions (channel, user_id, data, updated_at) "
                          "values (%s, %s, %s, %s) on conflict (channel, user_id) do update "
                          "set data = excluded.data, updated_at = excluded.updated_at",
                          [channel, str(user_id), dumps(data), utc_now()])

    def claim_update(self, update_id: int) -> bool:
        with self._transaction():
            cursor = self._execute("insert into processed_updates (update_id, at) values (%s, %s) "
                                   "on conflict do nothing", [update_id, utc_now()])
            return cursor.rowcount == 1

    def hold_lease(self, name: str, seconds: float) -> bool:
        # The database's clock decides, not the instances' (which may drift apart).
        with self._transaction():
            return self._execute(
                "insert into leases (name, holder, until) values "
                "(%s, %s, now() + make_interval(secs => %s)) on conflict (name) do update "
                "set holder = excluded.holder, until = excluded.until "
                "where leases.until < now() or leases.holder = excluded.holder",
                [name, self.holder, seconds]).rowcount == 1

    def lock_chat(self, chat_id: int) -> None:
        # A transaction-level advisory lock: released by the commit or rollback, never leaked.
        with self._lock:
            self._execute("select pg_advisory_xact_lock(%s, %s)",
                          [CHAT_LOCKS, _int4(chat_id)])

    def forget_updates(self, before: str) -> int:
        with self._transaction():
            return self._execute("delete from processed_updates where at < %s", [before]).rowcount

    # --- reviews (issue 13, schema v9) ---------------------------------------------------------

    def create_review(self, case_id: int, kind: str, started_by: str,
                      context: dict[str, Any]) -> Review:
        now = utc_now()
        with self._transaction():
            row = self._execute(
                "insert into reviews (case_id, kind, started_at, started_by, context, state, "
                "updated_at) values (%s, %s, %s, %s, %s, %s, %s) returning *",
                [case_id, kind, now, started_by, dumps(context), dumps(new_state()), now]).fetchone()
        return review_of(row)

    def get_review(self, review_id: int) -> Review | None:
        row = self._one("select * from reviews where id = %s", [review_id])
        return review_of(row) if row else None

    def reviews(self, case_id: int) -> list[Review]:
        return [review_of(r) for r in self._all("select * from reviews where case_id = %s "
                                                "order by id", [case_id])]

    def save_review_state(self, review_id: int, state: dict[str, Any],
                          answer: AnswerEvent | None = None) -> None:
        with self._transaction():
            self._execute("update reviews set state = %s, updated_at = %s where id = %s",
                          [dumps(state), utc_now(), review_id])
            if answer is not None:
                self._execute("insert into review_answers (review_id, path, record) "
                              "values (%s, %s, %s)", [review_id, answer.path, dumps(answer.record)])

    def review_history(self, review_id: int) -> list[AnswerEvent]:
        rows = self._all("select * from review_answers where review_id = %s order by id",
                         [review_id])
        return [review_answer_of(r) for r in rows]

    def complete_review(self, review_id: int, completed_at: str, completed_by: str) -> Review:
        with self._transaction():
            row = self._execute("update reviews set completed_at = %s, completed_by = %s "
                                "where id = %s returning *",
                                [completed_at, completed_by, review_id]).fetchone()
        return review_of(row)

    def erase_reviews(self, case_id: int) -> None:
        with self._transaction():
            self._execute("delete from review_answers where review_id in "
                          "(select id from reviews where case_id = %s)", [case_id])
            self._execute("delete from reviews where case_id = %s", [case_id])


CHAT_LOCKS = 0x1A7A  # advisory lock namespace (first key) of the chats


def _int4(value: int) -> int:
    """A chat id (up to 52 bits) folded into the signed 32-bit second key of an advisory lock."""
    folded = (value ^ (value >> 32)) & 0xFFFFFFFF
    return folded - (1 << 32) if folded >= 1 << 31 else folded


