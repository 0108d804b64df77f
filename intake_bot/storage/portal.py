"""The staff portal's part of the SQL stores (issue 12), written once for SQLite and PostgreSQL.

Statements use ``?`` marks; a store turns them into its own (``%s`` for psycopg) in
``_portal_run``, ``_one`` and ``_all``. The case list is filtered, counted and paginated by the
database: a page of 20 out of 10,000 cases reads 20 rows.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from intake_bot.storage.base import (
    CaseQuery, CaseSummary, SignInToken, StaffCredential, WebSession,
)
from intake_bot.storage.rows import case_of, dumps, loads

MEASURE_PATH = "measure"
#: The latest answer to the measure question (the (case_id, path) index finds it).
MEASURE = ("(select a.value from answers a where a.case_id = c.id and a.path = '" + MEASURE_PATH
           + "' order by a.id desc limit 1)")
APPLICANT_NAME = "lower(coalesce(p.first_name, '') || ' ' || coalesce(p.last_name, ''))"


def case_filters(query: CaseQuery) -> tuple[str, list[Any]]:
    """The ``where`` clause of ``query`` and its arguments."""
    clauses, args = ["c.status != 'erased'"], []
    for column, value in (("c.status", query.status), ("c.organisation", query.organisation),
                          ("c.worker", query.worker), ("c.id", query.case_id)):
        if value is not None:
            clauses.append(f"{column} = ?")
            args.append(value)
    if query.measure is not None:
        clauses.append(f"{MEASURE} = ?")
        args.append(dumps(query.measure))
    if query.text:
        clauses.append(f"{APPLICANT_NAME} like ?")
        args.append(f"%{query.text.lower()}%")
    return " and ".join(clauses), args


def summary_of(row: dict[str, Any]) -> CaseSummary:
    """A row of :meth:`SqlPortalStore.find_cases` as a CaseSummary."""
    measure = loads(row["measure_value"]) if row["measure_value"] else None
    return CaseSummary(case_of(row), None if measure is None else str(measure),
                       row["p_first"], row["p_last"])


class SqlPortalStore:
    """Staff credentials, sign-in tokens, web sessions and the case list, in SQL."""

    def _portal_run(self, sql: str, args: list[Any]) -> Any:  # pragma: no cover - per store
        raise NotImplementedError

    def _portal_one(self, sql: str, args: list[Any]) -> dict[str, Any] | None:
        raise NotImplementedError  # pragma: no cover - per store

    def _portal_all(self, sql: str, args: list[Any]) -> list[dict[str, Any]]:
        raise NotImplementedError  # pragma: no cover - per store

    def save_credential(self, credential: StaffCredential) -> StaffCredential:
        with self._transaction():
            self._portal_run("delete from staff_credentials where account_id = ?",
                             [credential.account_id])
            self._portal_run("insert into staff_credentials (account_id, password_hash, failures, "
                             "locked_until) values (?, ?, ?, ?)", list(asdict(credential).values()))
        return credential

    def get_credential(self, account_id: str) -> StaffCredential | None:
        row = self._portal_one("select * from staff_credentials where account_id = ?", [account_id])
        return StaffCredential(**row) if row else None

    def save_sign_in_token(self, token: SignInToken) -> SignInToken:
        with self._transaction():
            self._portal_run("insert into sign_in_tokens (token_hash, account_id, created_at, "
                             "expires_at, used_at) values (?, ?, ?, ?, ?)", list(asdict(token).values()))
        return token

    def use_sign_in_token(self, token_hash: str, used_at: str) -> SignInToken | None:
        with self._transaction():
            cursor = self._portal_run("update sign_in_tokens set used_at = ? where token_hash = ? "
                                      "and used_at is null", [used_at, token_hash])
            if cursor.rowcount != 1:
                return None
            row = self._portal_one("select * from sign_in_tokens where token_hash = ?", [token_hash])
        return SignInToken(**row)

    def save_web_session(self, session: WebSession) -> WebSession:
        with self._transaction():
            self._portal_run("delete from web_sessions where id_hash = ?", [session.id_hash])
            self._portal_run("insert into web_sessions (id_hash, account_id, csrf, created_at, "
                             "seen_at) values (?, ?, ?, ?, ?)", list(asdict(session).values()))
        return session

    def get_web_session(self, id_hash: str) -> WebSession | None:
        row = self._portal_one("select * from web_sessions where id_hash = ?", [id_hash])
        return WebSession(**row) if row else None

    def delete_web_sessions(self, id_hash: str | None = None, seen_before: str | None = None,
                            account_id: str | None = None) -> int:
        column, value = (("id_hash = ?", id_hash) if id_hash is not None else
                         ("seen_at < ?", seen_before) if seen_before is not None else
                         ("account_id = ?", account_id))
        with self._transaction():
            return self._portal_run(f"delete from web_sessions where {column}", [value]).rowcount

    def find_cases(self, query: CaseQuery) -> tuple[list[CaseSummary], int]:
        where, args = case_filters(query)
        joined = ("from cases c left join people p on p.case_id = c.id and p.position = 0 "
                  f"where {where}")
        total = self._portal_one(f"select count(*) as n {joined}", args)["n"]
        rows = self._portal_all(f"select c.*, {MEASURE} as measure_value, p.first_name as p_first, "
                                f"p.last_name as p_last {joined} order by c.id desc limit ? offset ?",
                                [*args, query.limit, query.offset])
        return [summary_of(r) for r in rows], total
