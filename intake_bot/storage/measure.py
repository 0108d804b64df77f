"""The measure's part of the SQL stores (issue 13), written once for SQLite and PostgreSQL.

Three tables (SQLite schema v8, PostgreSQL v7): ``measures`` (one JSON record per case: the
decision, the support's dates, reviews, renewals, exit, eviction prevention), ``follow_ups``
(the log of visits, calls, meetings and incidents) and ``reminders_sent`` (each reminder's key,
so that it is sent once). Statements use ``?`` marks; each store turns them into its own in
``_portal_run``, ``_portal_one`` and ``_portal_all`` (see storage/portal.py).
"""

from __future__ import annotations

from typing import Any

from intake_bot.storage.base import FollowUpEntry, utc_now
from intake_bot.storage.rows import dumps, loads

FOLLOW_UP_COLUMNS = ("id", "case_id", "kind", "on_date", "note", "by_account", "detail", "at")
#: The tables of a case's measure, emptied when the case is erased.
MEASURE_TABLES = ("measures", "follow_ups", "reminders_sent")


def follow_up_of(row: dict[str, Any]) -> FollowUpEntry:
    """A row of ``follow_ups`` as a FollowUpEntry."""
    return FollowUpEntry(case_id=row["case_id"], kind=row["kind"], on=row["on_date"],
                         note=row["note"] or "", by=row["by_account"] or "", detail=row["detail"] or "",
                         at=row["at"], id=row["id"])


class SqlMeasureStore:
    """Measure records, follow-up log and reminders sent, in SQL."""

    def get_measure(self, case_id: int) -> dict[str, Any] | None:
        row = self._portal_one("select data from measures where case_id = ?", [case_id])
        return loads(row["data"]) if row else None

    def save_measure(self, case_id: int, data: dict[str, Any]) -> None:
        with self._transaction():
            self._portal_run("insert into measures (case_id, data, updated_at) values (?, ?, ?) "
                             "on conflict (case_id) do update set data = excluded.data, "
                             "updated_at = excluded.updated_at", [case_id, dumps(data), utc_now()])

    def measures(self) -> dict[int, dict[str, Any]]:
        rows = self._portal_all("select case_id, data from measures order by case_id", [])
        return {row["case_id"]: loads(row["data"]) for row in rows}

    def add_follow_up(self, entry: FollowUpEntry) -> FollowUpEntry:
        at = entry.at or utc_now()
        with self._transaction():
            row = self._portal_one(
                'insert into follow_ups (case_id, kind, on_date, note, by_account, detail, at) '
                "values (?, ?, ?, ?, ?, ?, ?) returning id",
                [entry.case_id, entry.kind, entry.on, entry.note, entry.by, entry.detail, at])
        return FollowUpEntry(entry.case_id, entry.kind, entry.on, entry.note, entry.by,
                             entry.detail, at, row["id"])

    def follow_ups(self, case_id: int | None = None) -> list[FollowUpEntry]:
        where, args = ("where case_id = ?", [case_id]) if case_id is not None else ("", [])
        rows = self._portal_all(f"select * from follow_ups {where} order by on_date, id", args)
        return [follow_up_of(row) for row in rows]

    def claim_reminder(self, key: str, case_id: int, at: str) -> bool:
        with self._transaction():
            cursor = self._portal_run("insert into reminders_sent (key, case_id, sent_at) "
                                      "values (?, ?, ?) on conflict do nothing", [key, case_id, at])
            return cursor.rowcount == 1

    def sent_reminders(self, case_id: int) -> list[str]:
        rows = self._portal_all("select key from reminders_sent where case_id = ? "
                                "order by sent_at, key", [case_id])
        return [row["key"] for row in rows]

    def _erase_measure(self, case_id: int) -> None:
        """Inside erase_case's transaction: every row of the case's measure deleted."""
        for table in MEASURE_TABLES:
            self._portal_run(f"delete from {table} where case_id = ?", [case_id])
