"""Storage: time to commit one answer (state, history line, people) in SQLite and PostgreSQL.

Both durable (SQLite synchronous=FULL in WAL mode, PostgreSQL with its default fsync and
synchronous_commit), on this machine's disk; PostgreSQL is a throwaway server on 127.0.0.1, so
the network is the loopback's.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from intake_bot.storage.base import AnswerEvent, Person
from intake_bot.storage.sqlite import SqliteStorage

ANSWERS = 200
RECORD = {"value": "1200.50", "skipped": False, "by": "household", "at": "2026-11-22T10:00:00+00:00",
          "lang": "fr", "raw": "1 200,50 €"}


def commit_ms(store, answers: int = ANSWERS) -> float:
    """Median milliseconds to commit one answer with its state and people."""
    case = store.create_case("bench")
    state, times = store.load_state(case.id), []
    for n in range(answers):
        state = {**state, "answers": {**state.get("answers", {}), f"q{n}": RECORD}}
        started = time.perf_counter()
        store.save_state(case.id, state, AnswerEvent(f"q{n}", RECORD),
                         [Person(0, "applicant", "Amina"), Person(1, "child", f"C{n // 20}")])
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1e3


def sqlite_and_postgres_ms(runs: int) -> tuple[tuple[float, ...], tuple[float, ...]] | None:
    """(SQLite runs, PostgreSQL runs) of :func:`commit_ms`; None without PostgreSQL installed."""
    from intake_bot.storage.postgres import PostgresStorage
    from tests.postgres_server import create_database, postgres_bin, throwaway_postgres

    if postgres_bin() is None:
        return None
    sqlite, postgres = [], []
    with tempfile.TemporaryDirectory() as directory, throwaway_postgres(durable=True) as server:
        for run in range(runs):
            store = SqliteStorage(Path(directory) / f"s{run}.sqlite")
            sqlite.append(commit_ms(store))
            store.close()
            store = PostgresStorage(create_database(server, f"bench_{run}"))
            postgres.append(commit_ms(store))
            store.close()
    return tuple(sqlite), tuple(postgres)


if __name__ == "__main__":
    print(sqlite_and_postgres_ms(1))
