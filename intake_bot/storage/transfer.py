"""Copy an SQLite store into an empty PostgreSQL store (``intake-bot migrate-store``), and a
PostgreSQL store into a new SQLite file (its backup, which ``intake-bot restore`` reads).

Both schemas are migrated to their latest version first, then every table is copied row for row
in one PostgreSQL transaction (nothing is half copied), ids included, and the id sequences are
moved past the copied ids. A table the PostgreSQL schema does not know, when it holds rows, stops
the copy rather than leaving data behind.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

import psycopg
import sqlite_utils
from psycopg.rows import tuple_row

from intake_bot.storage.migrations import migrate as migrate_sqlite
from intake_bot.storage.postgres import PostgresStorage
from intake_bot.storage.sqlite import open_database

# Parents before children (foreign keys are checked row by row).
ORDER = ("cases", "interviews", "answers", "people", "audit", "accounts", "invitations", "links",
         "sessions", "processed_updates", "outbox", "shown_messages", "reviews", "review_answers")
SKIPPED = ("schema_migrations",)


class TargetNotEmpty(ValueError):
    """The PostgreSQL database already holds rows: copying would mix two stores."""


def copy_sqlite_to_postgres(source: str | Path, url: str) -> dict[str, int]:
    """Copy every row of the SQLite file ``source`` into the PostgreSQL database at ``url``;
    return the number of rows copied per table."""
    if not Path(source).is_file():
        raise FileNotFoundError(source)
    db = open_database(source)
    target = PostgresStorage(url)
    try:
        tables = _tables(db)
        known = _postgres_columns(target)
        filled = [t for t in tables if t in known and _postgres_count(target, t)]
        if filled:
            raise TargetNotEmpty(f"the PostgreSQL database already holds {', '.join(filled)}")
        unknown = [t for t in tables if t not in known and _count(db, t)]
        if unknown:
            raise ValueError(f"tables unknown to the PostgreSQL schema: {', '.join(unknown)}")
        with target.atomic():
            counts = {t: _copy(db, target, t, known[t]) for t in tables if t in known}
            _advance_sequences(target)
        return counts
    finally:
        target.close()
        db.conn.close()


def _tables(db: Any) -> list[str]:
    names = [n for n in db.table_names() if n not in SKIPPED and not n.startswith("sqlite_")]
    return sorted(names, key=lambda n: (ORDER.index(n) if n in ORDER else len(ORDER), n))


def _count(db: Any, table: str) -> int:
    return db.execute(f"select count(*) from [{table}]").fetchone()[0]


def _postgres_count(target: PostgresStorage, table: str) -> int:
    return target.conn.cursor(row_factory=tuple_row).execute(
        f"select count(*) from {table}").fetchone()[0]


def _postgres_columns(target: PostgresStorage) -> dict[str, dict[str, str]]:
    """Per table, the type of each column that can be written (identity 'always' columns can't)."""
    rows = target.conn.cursor(row_factory=tuple_row).execute(
        "select table_name, column_name, data_type from information_schema.columns "
        "where table_schema = current_schema() and is_generated = 'NEVER' "
        "and coalesce(identity_generation, '') <> 'ALWAYS'").fetchall()
    columns: dict[str, dict[str, str]] = {}
    for table, column, kind in rows:
        columns.setdefault(table, {})[column] = kind
    return columns


def _copy(db: Any, target: PostgresStorage, table: str, columns: dict[str, str]) -> int:
    cursor = db.execute(f"select * from [{table}]")
    names = [d[0] for d in cursor.description if d[0] in columns]
    booleans = {i for i, n in enumerate(names) if columns[n] == "boolean"}
    rows = [[bool(v) if i in booleans and v is not None else v
             for i, v in enumerate(row[k] for k in names)]
            for row in (dict(zip([d[0] for d in cursor.description], r)) for r in cursor.fetchall())]
    if rows:
        marks = ", ".join("%s" for _ in names)
        with target.conn.cursor() as insert:
            insert.executemany(f"insert into {table} ({', '.join(names)}) values ({marks})", rows)
    return len(rows)


def _advance_sequences(target: PostgresStorage) -> None:
    """Move each identity sequence past the ids copied, so the next case gets the next number."""
    for table, column in target.conn.cursor(row_factory=tuple_row).execute(
            "select table_name, column_name from information_schema.columns "
            "where table_schema = current_schema() and is_identity = 'YES'").fetchall():
        target.conn.execute(
            f"select setval(pg_get_serial_sequence('{table}', '{column}'), "
            f"coalesce(max({column}), 0) + 1, false) from {table}")


def copy_postgres_to_sqlite(conn: psycopg.Connection, destination: Path) -> None:
    """Write a consistent snapshot of the PostgreSQL database of ``conn`` (autocommit, not in a
    transaction) as a new SQLite file ``destination``, mode 0600 from its creation."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    partial = destination.with_name(destination.name + ".partial")
    partial.unlink(missing_ok=True)
    os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
    db = sqlite_utils.Database(sqlite3.connect(str(partial), isolation_level=None))
    try:
        migrate_sqlite(db)
        cursor = conn.cursor(row_factory=tuple_row)
        with conn.transaction():
            cursor.execute("set transaction isolation level repeatable read, read only")
            db.execute("begin")
            for table in _tables(db):
                columns = [c.name for c in db[table].columns]
                kept = [c for c in columns if c in _postgres_table_columns(cursor, table)]
                if not kept:
                    continue
                rows = cursor.execute(f"select {', '.join(kept)} from {table}").fetchall()
                marks = ", ".join("?" for _ in kept)
                db.conn.executemany(f"insert into [{table}] ({', '.join(kept)}) values ({marks})",
                                    rows)
            db.execute("commit")
    finally:
        db.conn.close()
    os.chmod(partial, 0o600)
    os.replace(partial, destination)


def _postgres_table_columns(cursor: psycopg.Cursor, table: str) -> set[str]:
    rows = cursor.execute("select column_name from information_schema.columns where "
                          "table_schema = current_schema() and table_name = %s", [table]).fetchall()
    return {r[0] for r in rows}
