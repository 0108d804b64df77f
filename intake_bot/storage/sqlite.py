"""SQLite storage through sqlite-utils: the embedded default (WAL, one file under the data dir)."""

from __future__ import annotations

import fcntl
import os
import stat
import sqlite3
import threading
from contextlib import closing, contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Collection, Iterator

import sqlite_utils

from intake_bot.engine.state import new_state
from intake_bot.storage.rows import (
    MUTABLE_CASE_COLUMNS, account_of, case_of, dumps, history_record, link_of, loads,
    objectives_json, review_answer_of, review_of,
)
from intake_bot.storage.base import (
    Account, AnswerEvent, Case, CommitGroup, Invitation, Link, Person, QueuedReply, Review, Storage,
    scrub_audit, utc_now,
)
from intake_bot.storage.migrations import MIGRATIONS, migrate
from intake_bot.storage.portal import SqlPortalStore
from intake_bot.storage.facts import SqlFactStore
from intake_bot.storage.measure import SqlMeasureStore

INVITATION_COLUMNS = ("token_hash", "case_id", "created_by", "created_at", "expires_at", "used_at",
                      "revoked_at", "used_by")
LINK_COLUMNS = ("channel", "user_id", "case_id", "linked_at", "pending", "display")
ACCOUNT_COLUMNS = ("id", "name", "organisation", "role", "active", "created_at")


def open_database(path: str | Path) -> sqlite_utils.Database:
    """Open (creating if needed) the database at ``path`` (":memory:" for tests), migrated.

    The data folder is made 0700 and the file 0600 before SQLite opens it, whatever the umask:
    SQLite gives its -wal and -shm files the mode of the database file."""
    if str(path) != ":memory:":
        make_private(Path(path))
    conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False, timeout=30)
    db = sqlite_utils.Database(conn)
    conn.execute("pragma foreign_keys = on")
    conn.execute("pragma secure_delete = on")  # deleted rows overwritten, not left in free pages
    if str(path) != ":memory:":
        db.enable_wal()
        conn.execute("pragma synchronous = full")  # an answer acknowledged is an answer kept
    migrate(db)
    return db


def make_private(path: Path) -> None:
    """The folder of ``path`` 0700; ``path`` and its -wal, -shm and .lock files, if any, 0600
    (``path`` is created empty when missing, so that SQLite never creates it with the umask)."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    if not _shared_folder(path.parent):
        try:
            os.chmod(path.parent, 0o700)
        except OSError:  # a folder the bot does not own: the files below are private all the same
            pass
    if not path.exists():
        # Never open an existing database file here: closing any descriptor of it would drop
        # the POSIX locks that this process's SQLite connections hold on it.
        try:
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        except FileExistsError:
            pass
    for extra in ("", "-wal", "-shm", ".lock"):
        if Path(f"{path}{extra}").exists():
            os.chmod(f"{path}{extra}", 0o600)


def _shared_folder(folder: Path) -> bool:
    """True for a folder other users write in (``/tmp``: sticky or world-writable): closing it
    to them would break every other program on the machine; the files stay 0600 anyway."""
    mode = folder.stat().st_mode
    return bool(mode & (stat.S_ISVTX | stat.S_IWOTH))


class SqliteStorage(SqlPortalStore, SqlMeasureStore, SqlFactStore, Storage):
    """Storage in one SQLite file; every write is one transaction."""

    def __init__(self, path: str | Path) -> None:
        self.path = path
        self.db = open_database(path)
        self._depth = 0
        self._lock = _hold_lock(path, fcntl.LOCK_SH) if str(path) != ":memory:" else None
        self._checkpoint_due = False  # an erasure inside atomic(): checkpoint once committed
        self._group: CommitGroup | None = None  # the open group commit (atomic_in_group)
        self._checkpointer: Checkpointer | None = None

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        # Raw SQL inside: sqlite-utils helpers open their own `with conn:` and would commit early.
        if self._depth:  # inside atomic(): a savepoint, committed with the outer transaction
            yield from self._savepoint()
            return
        if self._group is not None:  # a write outside the group: the group is committed first
            self.commit_group(self._group)
        self.db.execute("begin immediate")
        try:
            yield
        except BaseException:
            self._abandon()
            raise
        self.db.execute("commit")
        self._checkpoint_if_due()

    def _checkpoint_if_due(self) -> None:
        """Once committed: the checkpoint an erasure inside the transaction asked for."""
        if self._checkpoint_due:
            self._checkpoint_due = False
            self.checkpoint()

    def _abandon(self) -> None:
        self._checkpoint_due = False
        self._rollback("rollback")

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

    @contextmanager
    def atomic_in_group(self) -> Iterator[None]:
        """Issue 16: the updates handled at one moment share one commit, so one disk flush
        (~0.4 ms, a tenth of an update) instead of one each. Each update's writes are a
        savepoint of the group's transaction, undone alone when it fails."""
        if self._depth:
            with self.atomic():
                yield
            return
        if self._group is None:
            self.db.execute("begin immediate")
            self._group = CommitGroup()
        group = self._group
        self._depth += 1
        try:
            yield from self._savepoint()
        except BaseException as error:
            if not self.db.conn.in_transaction:  # SQLite rolled everything back (disk full, I/O)
                self._group = None
                group.end(error)
            raise
        finally:
            self._depth -= 1

    def open_group(self) -> CommitGroup | None:
        return self._group

    def commit_group(self, group: CommitGroup) -> None:
        if group is not self._group:
            return  # committed already, or lost
        self._group = None
        try:
            self.db.execute("commit")
        except Exception as error:  # noqa: BLE001 - every update of the group is told
            self._abandon()
            group.end(error)
            return
        group.end()
        self._checkpoint_if_due()

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
            self._insert("interviews", {"case_id": case_id, "state": dumps(new_state()),
                                        "version": 0, "updated_at": now})
            self._insert_audit(created_by, "case.create", case_id, {})
        return self.get_case(case_id)

    def get_case(self, case_id: int) -> Case | None:
        row = self._one("select * from cases where id = ?", [case_id])
        return case_of(row) if row else None

    def list_cases(self, organisation: str | None = None) -> list[Case]:
        if organisation is None:
            return [case_of(r) for r in self._all("select * from cases order by id desc", [])]
        rows = self._all("select * from cases where organisation = ? order by id desc", [organisation])
        return [case_of(r) for r in rows]

    def update_case(self, case_id: int, **changes: Any) -> Case:
        unknown = set(changes) - MUTABLE_CASE_COLUMNS
        if unknown:
            raise ValueError(f"cannot update case columns {sorted(unknown)}")
        if "objectives" in changes:
            changes["objectives"] = objectives_json(changes["objectives"])
        assignments = ", ".join(f"{column} = ?" for column in changes)
        with self._transaction():
            self.db.execute(f"update cases set {assignments} where id = ?", [*changes.values(), case_id])
        return self.get_case(case_id)

    def load_state(self, case_id: int) -> dict[str, Any]:
        row = self.db.execute("select state from interviews where case_id = ?", [case_id]).fetchone()
        if row is None:
            raise KeyError(case_id)
        return loads(row[0])

    def save_state(self, case_id: int, state: dict[str, Any], answer: AnswerEvent | None = None,
                   people: list[Person] | None = None) -> None:
        with self._transaction():
            self.db.execute("update interviews set state = ?, version = version + 1, "
                            "updated_at = ? where case_id = ?", [dumps(state), utc_now(), case_id])
            if answer is not None:
                self._insert_answer(case_id, answer)
            if people is not None:
                self._replace_people(case_id, people)

    def _insert_answer(self, case_id: int, answer: AnswerEvent) -> None:
        r = answer.record
        self._insert("answers", {"case_id": case_id, "path": answer.path,
                                   "value": dumps(r.get("value")), "skipped": int(r.get("skipped", False)),
                                   "given_by": r.get("by"), "given_at": r.get("at"),
                                   "lang": r.get("lang"), "raw": r.get("raw"),
                                   "witnessed": None if "witnessed" not in r else int(r["witnessed"])})

    def _replace_people(self, case_id: int, people: list[Person]) -> None:
        if self.people(case_id) == people:  # most answers change no one: one read, no writes
            return
        self.db.execute("delete from people where case_id = ?", [case_id])
        for p in people:
            self._insert("people", {**{k: v for k, v in asdict(p).items() if k != "extra"},
                                    "case_id": case_id, "extra": dumps(p.extra)})

    def answer_history(self, case_id: int) -> list[AnswerEvent]:
        rows = self._all("select * from answers where case_id = ? order by id", [case_id])
        return [AnswerEvent(r["path"], history_record(r)) for r in rows]

    def people(self, case_id: int) -> list[Person]:
        rows = self._all("select * from people where case_id = ? order by position", [case_id])
        return [Person(position=r["position"], relation=r["relation"], first_name=r["first_name"],
                       last_name=r["last_name"], sex=r["sex"], birth_date=r["birth_date"],
                       extra=loads(r["extra"] or "{}")) for r in rows]

    def audit(self, actor: str, action: str, case_id: int | None = None, **details: Any) -> None:
        with self._transaction():
            self._insert_audit(actor, action, case_id, details)

    def _insert_audit(self, actor: str, action: str, case_id: int | None, details: dict) -> None:
        self._insert("audit", {"at": utc_now(), "actor": actor, "action": action,
                                 "case_id": case_id, "details": dumps(details)})

    def audit_log(self, case_id: int | None = None) -> list[dict[str, Any]]:
        where, args = ("where case_id = ?", [case_id]) if case_id is not None else ("", [])
        rows = self._all(f"select * from audit {where} order by id", args)
        return [{"at": r["at"], "actor": r["actor"], "action": r["action"], "case_id": r["case_id"],
                 "details": loads(r["details"])} for r in rows]

    def erase_case(self, case_id: int, actor: str) -> None:
        with self._transaction():
            for table in ("answers", "people", "invitations", "links", "case_facts"):
                self.db.execute(f"delete from {table} where case_id = ?", [case_id])
            self._erase_measure(case_id)  # issue 13
            self.db.execute("update interviews set state = ?, version = version + 1 where case_id = ?",
                            [dumps(new_state()), case_id])
            self.db.execute("update cases set status = 'erased', label = '', objectives = null, "
                            "documents_outdated = 0 where id = ?", [case_id])
            self._insert_audit(actor, "case.erase", case_id, {})

    # --- the Telegram door's fault tolerance (issue 11, schema v4) ---------------------------

    def limit_waits(self, seconds: float) -> None:
        self.db.execute(f"pragma busy_timeout = {int(seconds * 1000)}")

    def checkpoint_aside(self, on: bool) -> None:
        """Issue 16: SQLite folds its write-ahead log into the database file during a commit,
        every 1,000 pages, and that commit then waits 5-20 ms (a reply late for every chat of
        the moment). While ``on``, a thread of its own does it every second instead, without
        blocking writers (a passive checkpoint); the log is as short as before."""
        if str(self.path) == ":memory:" or on == (self._checkpointer is not None):
            return
        if on:
            self.db.execute("pragma wal_autocheckpoint = 0")
            self._checkpointer = Checkpointer(Path(self.path))
        else:
            self._checkpointer.stop()
            self._checkpointer = None
            self.db.execute("pragma wal_autocheckpoint = 1000")

    def queue_reply(self, chat_id: int, payload: str) -> int:
        with self._transaction():
            return self._insert("outbox", {"chat_id": chat_id, "payload": payload,
                                           "created_at": utc_now()})

    def queued_replies(self) -> list[QueuedReply]:
        return [QueuedReply(**r) for r in self._all("select * from outbox order by id", [])]

    def drop_reply(self, reply_id: int) -> None:
        with self._transaction():
            self.db.execute("delete from outbox where id = ?", [reply_id])

    def remember_messages(self, chat_id: int, message_ids, at: str) -> None:
        with self._transaction():
            for message_id in message_ids:
                self.db.execute("insert or replace into shown_messages (chat_id, message_id, at) "
                                "values (?, ?, ?)", [chat_id, message_id, at])

    def forget_messages(self, before: str) -> None:
        with self._transaction():
            self.db.execute("delete from shown_messages where at < ?", [before])

    def take_messages(self, chat_id: int, since: str) -> list[int]:
        with self._transaction():
            rows = self.db.execute("select message_id from shown_messages where chat_id = ? and "
                                   "at >= ? order by message_id", [chat_id, since]).fetchall()
            self.db.execute("delete from shown_messages where chat_id = ?", [chat_id])
        return [r[0] for r in rows]

    def close(self) -> None:
        if self._group is not None:
            self.commit_group(self._group)
        self.checkpoint_aside(False)
        self.db.conn.close()
        if self._lock is not None:
            os.close(self._lock)
            self._lock = None

    # --- erasure, retention, backup (issue 11) ----------------------------------------------

    def anonymise_erased(self, case_id: int, household_accounts: Collection[str]) -> None:
        with self._transaction():
            self.db.execute("update cases set created_at = substr(created_at, 1, 7), created_by = '', "
                            "worker = '', documents_at = substr(documents_at, 1, 7) where id = ?",
                            [case_id])
            rows = self._all("select id, actor, details from audit where case_id = ?", [case_id])
            for row in rows:
                actor, details = scrub_audit(row["actor"], loads(row["details"]),
                                             household_accounts)
                self.db.execute("update audit set actor = ?, details = ? where id = ?",
                                [actor, dumps(details), row["id"]])

    def activity(self) -> dict[int, list[str]]:
        rows = self.db.execute(
            "select c.id, c.created_at, i.updated_at, "
            "(select max(given_at) from answers a where a.case_id = c.id), "
            "(select max(at) from audit u where u.case_id = c.id) "
            "from cases c left join interviews i on i.case_id = c.id "
            "where c.status != 'erased'").fetchall()
        return {row[0]: [t for t in row[1:] if t] for row in rows}

    def checkpoint(self) -> None:
        if str(self.path) == ":memory:":
            return
        if self._depth or self.db.conn.in_transaction:  # the erased rows are not committed yet
            self._checkpoint_due = True
            return
        with Checkpointer.turn:  # not while the background checkpoint holds the log
            self.db.execute("pragma wal_checkpoint(truncate)")

    def backup(self, destination: Path) -> None:
        write_backup(self.db.conn, destination)

    # --- the staff portal (issue 12, schema v7): see storage/portal.py ------------------------

    def _portal_run(self, sql: str, args: list[Any]) -> sqlite3.Cursor:
        return self.db.execute(sql, args)

    def _portal_one(self, sql: str, args: list[Any]) -> dict[str, Any] | None:
        return self._one(sql, args)

    def _portal_all(self, sql: str, args: list[Any]) -> list[dict[str, Any]]:
        return self._all(sql, args)

    # --- indicators' case facts (issue 12, schema v9): see storage/facts.py -------------------

    def _facts_run(self, sql: str, args: list[Any]) -> sqlite3.Cursor:
        return self.db.execute(sql, args)

    def _facts_all(self, sql: str, args: list[Any]) -> list[dict[str, Any]]:
        return self._all(sql, args)

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
        return account_of(row) if row else None

    def list_accounts(self) -> list[Account]:
        return [account_of(r) for r in self._all("select * from accounts order by id", [])]

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
        return link_of(row) if row else None

    def links(self, case_id: int) -> list[Link]:
        rows = self._all("select * from links where case_id = ? order by linked_at", [case_id])
        return [link_of(r) for r in rows]

    def delete_link(self, channel: str, user_id: str) -> None:
        with self._transaction():
            self.db.execute("delete from links where channel = ? and user_id = ?", [channel, str(user_id)])

    def load_session(self, channel: str, user_id: str) -> dict[str, Any]:
        row = self.db.execute("select data from sessions where channel = ? and user_id = ?",
                              [channel, str(user_id)]).fetchone()
        return loads(row[0]) if row else {}

    def save_session(self, channel: str, user_id: str, data: dict[str, Any] | None) -> None:
        if data is None:
            with self._transaction():
                self.db.execute("delete from sessions where channel = ? and user_id = ?",
                                [channel, str(user_id)])
            return
        with self._transaction():
            self.db.execute("insert or replace into sessions (channel, user_id, data, updated_at) "
                            "values (?, ?, ?, ?)", [channel, str(user_id), dumps(data), utc_now()])

    def claim_update(self, update_id: int) -> bool:
        with self._transaction():
            cursor = self.db.execute("insert or ignore into processed_updates (update_id, at) "
                                     "values (?, ?)", [update_id, utc_now()])
        return cursor.rowcount == 1

    def forget_updates(self, before: str) -> int:
        with self._transaction():
            return self.db.execute("delete from processed_updates where at < ?", [before]).rowcount

    # --- reviews (issue 13, schema v10) --------------------------------------------------------

    def create_review(self, case_id: int, kind: str, started_by: str,
                      context: dict[str, Any]) -> Review:
        now = utc_now()
        with self._transaction():
            review_id = self._insert("reviews", {
                "case_id": case_id, "kind": kind, "started_at": now, "started_by": started_by,
                "context": dumps(context), "state": dumps(new_state()), "updated_at": now})
        return self.get_review(review_id)

    def get_review(self, review_id: int) -> Review | None:
        row = self._one("select * from reviews where id = ?", [review_id])
        return review_of(row) if row else None

    def reviews(self, case_id: int) -> list[Review]:
        return [review_of(r) for r in self._all("select * from reviews where case_id = ? "
                                                "order by id", [case_id])]

    def save_review_state(self, review_id: int, state: dict[str, Any],
                          answer: AnswerEvent | None = None) -> None:
        with self._transaction():
            self.db.execute("update reviews set state = ?, updated_at = ? where id = ?",
                            [dumps(state), utc_now(), review_id])
            if answer is not None:
                self._insert("review_answers", {"review_id": review_id, "path": answer.path,
                                                "record": dumps(answer.record)})

    def review_history(self, review_id: int) -> list[AnswerEvent]:
        rows = self._all("select * from review_answers where review_id = ? order by id", [review_id])
        return [review_answer_of(r) for r in rows]

    def complete_review(self, review_id: int, completed_at: str, completed_by: str) -> Review:
        with self._transaction():
            self.db.execute("update reviews set completed_at = ?, completed_by = ? where id = ?",
                            [completed_at, completed_by, review_id])
        return self.get_review(review_id)

    def erase_reviews(self, case_id: int) -> None:
        with self._transaction():
            self.db.execute("delete from review_answers where review_id in "
                            "(select id from reviews where case_id = ?)", [case_id])
            self.db.execute("delete from reviews where case_id = ?", [case_id])


# --- backup and restore (issue 11) -------------------------------------------------------------

class DatabaseInUse(Exception):
    """The database is open in another process (the bot, another command)."""


class NotADatabase(Exception):
    """A file that is not an intake-bot database this version knows (``reason``: a message id)."""

    def __init__(self, reason: str, **params: Any) -> None:
        super().__init__(reason)
        self.reason, self.params = reason, params


@dataclass(frozen=True)
class Restored:
    """What a restore did: the schema version and number of cases restored, the previous file."""

    version: int
    cases: int
    previous: Path | None


class Checkpointer:
    """A thread with its own connection folding the log into the database file every
    ``period`` seconds (``SqliteStorage.checkpoint_aside``)."""

    turn = threading.Lock()  # one checkpoint at a time in the process (erasure truncates)

    def __init__(self, path: Path, period: float = 1.0) -> None:
        self.path, self.period = path, period
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._run, name="sqlite-checkpoint", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        with closing(sqlite3.connect(self.path, timeout=30, check_same_thread=False)) as conn:
            while not self._stopped.wait(self.period):
                try:
                    with self.turn:
                        conn.execute("pragma wal_checkpoint(passive)")
                except sqlite3.Error:  # a busy or failing disk: the next period tries again
                    pass

    def stop(self) -> None:
        """Stop after the checkpoint under way, if any."""
        self._stopped.set()
        self._thread.join(10)


def _hold_lock(path: str | Path, kind: int) -> int:
    """A lock on ``path``.lock held until the returned descriptor is closed: shared by every
    process using the database, exclusive for a restore. Raises BlockingIOError when taken."""
    fd = os.open(f"{path}.lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, kind | fcntl.LOCK_NB)
    except BaseException:
        os.close(fd)
        raise
    return fd


def write_backup(conn: sqlite3.Connection, destination: Path) -> None:
    """Copy the database of ``conn`` to ``destination`` with SQLite's online backup API (a
    consistent copy while the bot writes), the file 0600 from its creation."""
    destination = Path(destination)
    destination.parent.mkdir(parents=True, exist_ok=True)
    partial = destination.with_name(destination.name + ".partial")
    os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
    target = sqlite3.connect(str(partial))
    try:
        conn.backup(target)
        target.execute("pragma journal_mode = delete")  # one self-contained file
    finally:
        target.close()
    os.chmod(partial, 0o600)
    os.replace(partial, destination)


def check_database(path: Path) -> tuple[int, int]:
    """(schema version, number of cases) of the intake-bot database at ``path``; raises
    NotADatabase when it is missing, damaged, not ours, or of a schema this version does not know."""
    if not Path(path).is_file():
        raise NotADatabase("store.restore.missing", path=str(path))
    known = max(version for version, _step in MIGRATIONS)
    try:
        conn = sqlite3.connect(f"file:{Path(path).resolve()}?mode=ro", uri=True)
        try:
            if conn.execute("pragma quick_check").fetchone()[0] != "ok":
                raise NotADatabase("store.restore.damaged", path=str(path))
            version = conn.execute("select max(version) from schema_migrations").fetchone()[0]
            cases = conn.execute("select count(*) from cases").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.DatabaseError as error:
        raise NotADatabase("store.restore.damaged", path=str(path)) from error
    if not version or version > known:
        raise NotADatabase("store.restore.version", path=str(path), version=version or 0, known=known)
    return version, cases


def restore(source: Path, database: Path) -> Restored:
    """Replace ``database`` by a copy of the checked backup ``source``; the previous file (its
    WAL checkpointed in first) is kept as ``database``.bak. Refused while the database is open."""
    version, cases = check_database(source)
    make_private(Path(database))
    try:
        lock = _hold_lock(database, fcntl.LOCK_EX)
    except BlockingIOError as error:
        raise DatabaseInUse(str(database)) from error
    try:
        previous = _set_aside(Path(database))
        with closing(sqlite3.connect(f"file:{Path(source).resolve()}?mode=ro", uri=True)) as src:
            write_backup(src, Path(database))
        for extra in ("-wal", "-shm"):
            Path(f"{database}{extra}").unlink(missing_ok=True)
    finally:
        os.close(lock)
    return Restored(version, cases, previous)


def _set_aside(database: Path) -> Path | None:
    if database.stat().st_size == 0:
        return None
    with closing(sqlite3.connect(str(database))) as conn:
        conn.execute("pragma wal_checkpoint(truncate)")  # committed pages still in the WAL
    previous = database.with_name(database.name + ".bak")
    os.replace(database, previous)
    os.chmod(previous, 0o600)
    return previous
