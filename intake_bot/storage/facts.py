"""The indicators' part of the SQL stores (issue 12), written once for SQLite and PostgreSQL.

Table ``case_facts``: one row per (case, key, value) with the case's organisation, measure and
the day it counts on, so that a period's figures are one GROUP BY over a covering index.
Statements use ``?`` marks; a store turns them into its own in ``_facts_run`` and ``_facts_all``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from intake_bot.storage.base import CASE_FACT, CaseFacts, FactScope

ANSWERS, EVENT = "answers", "event"
_iso = date.fromisoformat
POSTGRES = "postgres"
#: The follow-up kind of an incident (intake_bot.cases.measure.INCIDENT; storage imports no cases).
INCIDENT_KIND = "incident"


def scope_filter(scope: FactScope, alias: str = "f", dated: bool = True) -> tuple[str, list[Any]]:
    """The ``where`` clause selecting the facts of ``scope`` and its arguments (without the
    period when not ``dated``: the measure's figures date by their own day)."""
    clauses, args = [f"{alias}.day >= ?", f"{alias}.day <= ?"], [scope.start, scope.end]
    if not dated:
        clauses, args = [f"{alias}.key = ?", f"{alias}.value = ?"], list(CASE_FACT)
    if scope.organisation is not None:
        clauses.append(f"{alias}.organisation = ?")
        args.append(scope.organisation)
    if scope.measure is not None:
        clauses.append(f"{alias}.measure = ?")
        args.append(scope.measure)
    return " and ".join(clauses), args


def log_code(kind: str, detail: str | None) -> str:
    """How a follow-up counts in the measure's table: ``contact.<kind>``, ``incident.<detail>``."""
    return f"incident.{detail or 'unknown'}" if kind == INCIDENT_KIND else f"contact.{kind}"


class SqlFactStore:
    """Case facts in SQL: written in the answer's transaction, counted by the database."""

    #: Which SQL the JSON of the measure records is read in (PostgresStorage sets POSTGRES).
    _facts_dialect = "sqlite"

    def _facts_run(self, sql: str, args: list[Any]) -> Any:  # pragma: no cover - per store
        raise NotImplementedError

    def _facts_all(self, sql: str, args: list[Any]) -> list[dict[str, Any]]:
        raise NotImplementedError  # pragma: no cover - per store

    def save_facts(self, case_id: int, facts: CaseFacts) -> None:
        with self._transaction():
            rows = self._facts_all("select key, value, organisation, measure, day, source "
                                   "from case_facts where case_id = ?", [case_id])
            header = (facts.organisation, facts.measure, facts.day)
            if rows and (rows[0]["organisation"], rows[0]["measure"], rows[0]["day"]) != header:
                self._facts_run("update case_facts set organisation = ?, measure = ?, day = ? "
                                "where case_id = ?", [*header, case_id])
            kept = {(r["key"], r["value"]) for r in rows if r["source"] == ANSWERS}
            wanted = set(facts.items)
            for key, value in kept - wanted:
                self._facts_run("delete from case_facts where case_id = ? and key = ? and value = ?",
                                [case_id, key, value])
            for key, value in sorted(wanted - kept):
                self._facts_run("insert into case_facts (case_id, organisation, measure, day, key, "
                                "value, source) values (?, ?, ?, ?, ?, ?, ?)",
                                [case_id, *header, key, value, ANSWERS])

    def note_fact(self, case_id: int, key: str, value: str) -> None:
        with self._transaction():
            self._facts_run("delete from case_facts where case_id = ? and key = ?", [case_id, key])
            self._facts_run("insert into case_facts (case_id, organisation, measure, day, key, value, "
                            "source) select case_id, organisation, measure, day, ?, ?, ? "
                            "from case_facts where case_id = ? and key = ? and value = ?",
                            [key, value, EVENT, case_id, *CASE_FACT])

    def fact_counts(self, scope: FactScope) -> dict[str, dict[str, int]]:
        where, args = scope_filter(scope)
        counts: dict[str, dict[str, int]] = {}
        for row in self._facts_all(f"select f.key, f.value, count(*) as n from case_facts f "
                                   f"where {where} group by f.key, f.value", args):
            counts.setdefault(row["key"], {})[row["value"]] = int(row["n"])
        statuses = self._facts_all(
            f"select c.status as value, count(*) as n from case_facts f join cases c on "
            f"c.id = f.case_id where {where} and f.key = ? and f.value = ? group by c.status",
            [*args, *CASE_FACT])
        if statuses:
            counts["status"] = {r["value"]: int(r["n"]) for r in statuses}
        return counts

    def fact_median(self, scope: FactScope, key: str) -> float | None:
        where, args = scope_filter(scope)
        where, args = f"{where} and f.key = ?", [*args, key]
        total = int(self._facts_all(f"select count(*) as n from case_facts f where {where}",
                                    args)[0]["n"])
        if not total:
            return None
        middle = self._facts_all(f"select cast(f.value as integer) as v from case_facts f "
                                 f"where {where} order by v limit ? offset ?",
                                 [*args, 2 - total % 2, (total - 1) // 2])
        return sum(int(r["v"]) for r in middle) / len(middle)

    def measure_counts(self, scope: FactScope) -> dict[str, dict[str, int]]:
        where, args = scope_filter(scope, dated=False)
        exit_on, outcome = self._measure_json("exit", "on"), self._measure_json("exit", "outcome")
        outcomes = self._facts_all(
            f"select {outcome} as value, count(*) as n from measures m join case_facts f on "
            f"f.case_id = m.case_id where {where} and {exit_on} >= ? and {exit_on} <= ? "
            f"group by {outcome}", [*args, scope.start, scope.end])
        log = self._facts_all(
            f"select u.kind, u.detail, count(*) as n from follow_ups u join case_facts f on "
            f"f.case_id = u.case_id where {where} and u.on_date >= ? and u.on_date <= ? "
            f"group by u.kind, u.detail", [*args, scope.start, scope.end])
        contacts: dict[str, int] = {}
        for row in log:
            code = log_code(row["kind"], row["detail"])
            contacts[code] = contacts.get(code, 0) + int(row["n"])
        return {"outcome": {r["value"]: int(r["n"]) for r in outcomes if r["value"]},
                "contact": contacts}

    def measure_average_days(self, scope: FactScope) -> float | None:
        where, args = scope_filter(scope, dated=False)
        exit_on, start = self._measure_json("exit", "on"), self._measure_json("support", "start")
        days = (f"({exit_on})::date - ({start})::date" if self._facts_dialect == POSTGRES
                else f"julianday({exit_on}) - julianday({start})")
        row = self._facts_all(
            f"select avg({days}) as d from measures m join case_facts f on f.case_id = m.case_id "
            f"where {where} and {exit_on} >= ? and {exit_on} <= ? and {start} is not null",
            [*args, scope.start, scope.end])[0]
        return None if row["d"] is None else float(row["d"])

    def _measure_json(self, record: str, name: str) -> str:
        """The text of ``data.record.name`` of the measure ``m`` in this store's SQL."""
        if self._facts_dialect == POSTGRES:
            return f"(m.data::json->'{record}'->>'{name}')"
        return f"json_extract(m.data, '$.{record}.{name}')"

    def cases_without_facts(self) -> list[int]:
        rows = self._facts_all("select c.id from cases c where c.status <> 'erased' and not exists "
                               "(select 1 from case_facts f where f.case_id = c.id) order by c.id", [])
        return [int(r["id"]) for r in rows]


class MemoryFactStore:
    """The same contract in dicts, for the in-memory twin (its ``_cases`` give the statuses)."""

    def _fact_rows(self) -> dict[int, tuple[CaseFacts, dict[str, str]]]:
        # In __dict__, so that MemoryStorage.atomic's snapshot restores it on a rollback.
        return self.__dict__.setdefault("_facts", {})

    def save_facts(self, case_id: int, facts: CaseFacts) -> None:
        events = self._fact_rows().get(case_id, (facts, {}))[1]
        self._fact_rows()[case_id] = (facts, events)

    def note_fact(self, case_id: int, key: str, value: str) -> None:
        if case_id in self._fact_rows():
            self._fact_rows()[case_id][1][key] = value

    def _in_scope(self, scope: FactScope) -> list[tuple[int, CaseFacts, dict[str, str]]]:
        return [(case_id, facts, events) for case_id, (facts, events) in self._fact_rows().items()
                if scope.start <= facts.day <= scope.end
                and scope.organisation in (None, facts.organisation)
                and scope.measure in (None, facts.measure)]

    def fact_counts(self, scope: FactScope) -> dict[str, dict[str, int]]:
        counts: dict[str, dict[str, int]] = {}
        for case_id, facts, events in self._in_scope(scope):
            for key, value in (*facts.items, *events.items()):
                counts.setdefault(key, {}).setdefault(value, 0)
                counts[key][value] += 1
            if CASE_FACT in facts.items:
                status = counts.setdefault("status", {})
                status[self._cases[case_id].status] = status.get(self._cases[case_id].status, 0) + 1
        return counts

    def fact_median(self, scope: FactScope, key: str) -> float | None:
        values = sorted(int(events[key]) for _, _, events in self._in_scope(scope) if key in events)
        if not values:
            return None
        middle = values[(len(values) - 1) // 2: len(values) // 2 + 1]
        return sum(middle) / len(middle)

    def measure_counts(self, scope: FactScope) -> dict[str, dict[str, int]]:
        counts: dict[str, dict[str, int]] = {"outcome": {}, "contact": {}}
        for data in self._scoped_measures(scope).values():
            outcome = data["exit"].get("outcome")
            if outcome and scope.start <= data["exit"].get("on", "") <= scope.end:
                counts["outcome"][outcome] = counts["outcome"].get(outcome, 0) + 1
        cases = self._scoped_cases(scope)
        for entry in self.follow_ups():
            if entry.case_id in cases and scope.start <= entry.on <= scope.end:
                code = log_code(entry.kind, entry.detail)
                counts["contact"][code] = counts["contact"].get(code, 0) + 1
        return counts

    def measure_average_days(self, scope: FactScope) -> float | None:
        days = [(_iso(d["exit"]["on"]) - _iso(d["support"]["start"])).days
                for d in self._scoped_measures(scope).values()
                if (d.get("support") or {}).get("start")
                and scope.start <= d["exit"].get("on", "") <= scope.end]
        return sum(days) / len(days) if days else None

    def _scoped_cases(self, scope: FactScope) -> set[int]:
        return {case_id for case_id, (facts, _) in self._fact_rows().items()
                if CASE_FACT in facts.items and scope.organisation in (None, facts.organisation)
                and scope.measure in (None, facts.measure)}

    def _scoped_measures(self, scope: FactScope) -> dict[int, dict[str, Any]]:
        """The measure records with an exit of the cases of ``scope`` (any period)."""
        cases = self._scoped_cases(scope)
        return {case_id: data for case_id, data in self.measures().items()
                if case_id in cases and data.get("exit")}

    def cases_without_facts(self) -> list[int]:
        return sorted(case_id for case_id, case in self._cases.items()
                      if case.status != "erased" and case_id not in self._fact_rows())

    def forget_facts(self, case_id: int) -> None:
        """Drop a case's facts (its erasure)."""
        self._fact_rows().pop(case_id, None)
