"""Versioned schema migrations: each runs once, in order, inside a transaction."""

from __future__ import annotations

from typing import Callable

import sqlite_utils

from intake_bot.storage.base import utc_now


def _v1_initial(db: sqlite_utils.Database) -> None:
    db["cases"].create({"id": int, "created_at": str, "created_by": str, "status": str,
                        "locale": str, "label": str}, pk="id")
    db["interviews"].create({"case_id": int, "state": str, "version": int, "updated_at": str},
                            pk="case_id", foreign_keys=[("case_id", "cases", "id")])
    db["answers"].create({"id": int, "case_id": int, "path": str, "value": str, "skipped": int,
                          "given_by": str, "given_at": str, "lang": str, "raw": str},
                         pk="id", foreign_keys=[("case_id", "cases", "id")])
    db["answers"].create_index(["case_id", "path"])
    db["people"].create({"case_id": int, "position": int, "relation": str, "first_name": str,
                         "last_name": str, "sex": str, "birth_date": str, "extra": str},
                        pk=("case_id", "position"), foreign_keys=[("case_id", "cases", "id")])
    db["audit"].create({"id": int, "at": str, "actor": str, "action": str, "case_id": int,
                        "details": str}, pk="id")
    db["audit"].create_index(["case_id"])


def _v2_channels(db: sqlite_utils.Database) -> None:
    """Workers, household invitations, chat participants, chat sessions, processed updates."""
    db["workers"].create({"telegram_id": int, "name": str, "organisation": str, "active": int,
                          "created_at": str}, pk="telegram_id", not_null={"name", "active"})
    db["invitations"].create({"token_hash": str, "case_id": int, "created_by": str, "created_at": str,
                              "expires_at": str, "used_at": str, "revoked_at": str},
                             pk="token_hash", foreign_keys=[("case_id", "cases", "id")])
    db["invitations"].create_index(["case_id"])
    db["participants"].create({"channel": str, "user_id": str, "case_id": int, "role": str,
                               "locale": str, "linked_at": str}, pk=("channel", "user_id"),
                              foreign_keys=[("case_id", "cases", "id")])
    db["participants"].create_index(["case_id"])
    db["sessions"].create({"channel": str, "user_id": str, "data": str, "updated_at": str},
                          pk=("channel", "user_id"))
    db["processed_updates"].create({"update_id": int, "at": str}, pk="update_id")


def _v3_case_service(db: sqlite_utils.Database) -> None:
    """Accounts with organisation and role, cases that know their organisation, worker, objectives
    and language, household links (one per case, or pending a worker's confirmation)."""
    db["accounts"].create({"id": str, "name": str, "organisation": str, "role": str, "active": int,
                           "created_at": str}, pk="id", not_null={"name", "role", "active"})
    db.execute("insert into accounts (id, name, organisation, role, active, created_at) "
               "select 'telegram:' || telegram_id, name, coalesce(organisation, ''), 'worker', active, "
               "created_at from workers")
    for column, kind in (("organisation", "text not null default ''"),
                         ("worker", "text not null default ''"), ("objectives", "text"),
                         ("documents_at", "text"),
                         ("documents_outdated", "integer not null default 0")):
        db.execute(f"alter table cases add column {column} {kind}")
    db.execute("update cases set worker = created_by where created_by like 'telegram:%'")
    db.execute("update cases set organisation = coalesce((select organisation from accounts "
               "where accounts.id = cases.worker), '')")
    db.execute("update cases set objectives = (select json_extract(data, '$.objectives') from sessions "
               "where channel = 'telegram-case' and user_id = cast(cases.id as text))")
    db.execute("update cases set locale = coalesce((select locale from participants where "
               "participants.case_id = cases.id and role = 'household'), locale)")
    db.execute("delete from sessions where channel = 'telegram-case'")
    db["links"].create({"channel": str, "user_id": str, "case_id": int, "linked_at": str,
                        "pending": int, "display": str}, pk=("channel", "user_id"),
                       foreign_keys=[("case_id", "cases", "id")])
    db["links"].create_index(["case_id"])
    db.execute("insert into links (channel, user_id, case_id, linked_at, pending, display) "
               "select channel, user_id, case_id, linked_at, 0, '' from participants "
               "where role = 'household'")
    db.execute("alter table invitations add column used_by text")
    db.execute("alter table answers add column witnessed integer")
    db.execute("drop table participants")
    db.execute("drop table workers")


def _v4_telegram_outbox(db: sqlite_utils.Database) -> None:
    """Issue 11: replies the Bot API did not take (sent once it does, in order per chat), and
    the ids of messages shown in a chat (deleted from the chat when its case is erased)."""
    db["outbox"].create({"id": int, "chat_id": int, "payload": str, "created_at": str}, pk="id")
    db["shown_messages"].create({"chat_id": int, "message_id": int, "at": str},
                                pk=("chat_id", "message_id"))


def _v5_contract_period(db: sqlite_utils.Database) -> None:
    """Issue 15: the contract's start date and duration as the worker set them (none: the day
    the documents are made, and the recommended duration)."""
    db.execute("alter table cases add column contract_start text")
    db.execute("alter table cases add column contract_months integer")



def _v6_rights_in_diagnostic(db: sqlite_utils.Database) -> None:
    """Issue 17: whether the worker put the rights estimate in the diagnostic's budget."""
    db.execute("alter table cases add column rights_in_diagnostic integer not null default 0")


def _v7_staff_portal(db: sqlite_utils.Database) -> None:
    """Issue 12: staff passwords and failed sign-ins, one-time sign-in links (hashed), web
    sessions of the portal; the case list filtered by organisation and worker."""
    db.execute("create table staff_credentials (account_id text primary key, password_hash text, "
               "failures integer not null default 0, locked_until text)")
    db.execute("create table sign_in_tokens (token_hash text primary key, account_id text not null, "
               "created_at text not null, expires_at text not null, used_at text)")
    db.execute("create table web_sessions (id_hash text primary key, account_id text not null, "
               "csrf text not null, created_at text not null, seen_at text not null)")
    db.execute("create index web_sessions_account on web_sessions (account_id)")
    db.execute("create index cases_organisation on cases (organisation, id)")


def _v9_case_facts(db: sqlite_utils.Database) -> None:
    """Issue 12, indicators: a few facts per case, counted by the database for a period (see
    storage/facts.py). Cases of an older database get theirs from the case service the first
    time indicators are asked for (the facts come from the questionnaire, not from SQL)."""
    db.execute("create table case_facts (case_id integer not null references cases (id), "
               "organisation text not null, measure text not null, day text not null, "
               "key text not null, value text not null, source text not null, "
               "primary key (case_id, key, value))")
    db.execute("create index case_facts_period on case_facts "
               "(organisation, day, measure, key, value)")
    db.execute("create index case_facts_day on case_facts (day, measure, key, value)")


def _v10_reviews(db: sqlite_utils.Database) -> None:
    """Issue 13: the reviews (« bilans ») of a case, each with its own interview, and the
    history of their answers (provenance as the diagnostic's)."""
    db.execute("create table reviews (id integer primary key, case_id integer not null "
               "references cases (id), kind text not null, started_at text not null, "
               "started_by text not null, context text not null, state text not null, "
               "updated_at text, completed_at text, completed_by text)")
    db.execute("create index reviews_case on reviews (case_id, id)")
    db.execute("create table review_answers (id integer primary key, review_id integer not null "
               "references reviews (id), path text not null, record text not null)")
    db.execute("create index review_answers_review on review_answers (review_id, id)")


def _v8_measure(db: sqlite_utils.Database) -> None:
    """Issue 13, the life of a measure: one record per case (decision, support dates, reviews,
    renewals, exit, eviction prevention), the follow-up log, and the reminders sent (once)."""
    db.execute("create table measures (case_id integer primary key references cases (id), "
               "data text not null, updated_at text not null)")
    db.execute('create table follow_ups (id integer primary key, case_id integer not null '
               'references cases (id), kind text not null, on_date text not null, note text, '
               'by_account text, detail text, at text not null)')
    db.execute("create index follow_ups_case on follow_ups (case_id, on_date)")
    db.execute("create table reminders_sent (key text primary key, case_id integer not null, "
               "sent_at text not null)")
    db.execute("create index reminders_sent_case on reminders_sent (case_id)")


MIGRATIONS: list[tuple[int, Callable[[sqlite_utils.Database], None]]] = [
    (1, _v1_initial),
    (2, _v2_channels),
    (3, _v3_case_service),
    (4, _v4_telegram_outbox),
    (5, _v5_contract_period),
    (6, _v6_rights_in_diagnostic),
    (7, _v7_staff_portal),
    (8, _v8_measure),
    (9, _v9_case_facts),
    (10, _v10_reviews),
]


def schema_version(db: sqlite_utils.Database) -> int:
    """The highest migration applied, 0 for a new database."""
    if "schema_migrations" not in db.table_names():
        return 0
    row = db.execute("select max(version) from schema_migrations").fetchone()
    return row[0] or 0


def migrate(db: sqlite_utils.Database) -> int:
    """Apply every pending migration; return the schema version reached."""
    if "schema_migrations" not in db.table_names():
        db["schema_migrations"].create({"version": int, "applied_at": str}, pk="version")
    current = schema_version(db)
    for version, step in MIGRATIONS:
        if version > current:
            db.execute("begin immediate")
            try:
                step(db)
                db.execute("insert into schema_migrations (version, applied_at) values (?, ?)",
                           [version, utc_now()])
            except BaseException:
                db.execute("rollback")
                raise
            db.execute("commit")
            current = version
    return current
