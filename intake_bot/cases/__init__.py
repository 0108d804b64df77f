"""The case service: the one way every door (console, Telegram, web, CLI) touches a case.

Public surface: :class:`CaseService` (and :func:`open_service` to open one on the configured
store), the roles and the status machine, the errors a door renders, the notices it delivers
and the documents it hands out.
"""

from __future__ import annotations

from typing import Any

from intake_bot.cases import access, statuses
from intake_bot.cases.access import ADMIN, COORDINATOR, ROLES, SYSTEM_ACCOUNT, WORKER, can
from intake_bot.cases.documents import Document, file_name
from intake_bot.cases.errors import CaseClosed, CaseError, CaseNotFound, NotAllowed
from intake_bot.cases.notices import CONFIRM_LINK, TEXT, Notice
from intake_bot.cases.service import (
    Actor, Answered, CaseService, Issued, Redeemed, engine_role, parse_reference,
)
from intake_bot.storage.base import Account, Case, CommitGroup, Link, ObjectiveRecord, Storage

__all__ = [
    "ADMIN", "COORDINATOR", "ROLES", "SYSTEM_ACCOUNT", "WORKER", "CONFIRM_LINK", "TEXT",
    "Account", "Actor", "Answered", "Case", "CaseClosed", "CommitGroup", "CaseError", "CaseNotFound", "CaseService",
    "Document", "Issued", "Link", "NotAllowed", "Notice", "ObjectiveRecord", "Redeemed", "access",
    "StoreUnavailable", "can", "engine_role", "file_name", "migrate_store", "open_service",
    "open_store",
    "parse_reference", "statuses",
    "missing_resources", "restore_store", "store_failure",
]


class StoreUnavailable(ValueError):
    """The configured database cannot be used (a wrong DATABASE_URL, a server not reachable)."""


def open_store(settings: Any) -> Storage:
    """The configured store: PostgreSQL when ``DATABASE_URL`` is set, else the SQLite file of
    the data directory. Any other URL is refused rather than silently ignored."""
    url = getattr(settings, "database_url", None)
    if not url:
        from intake_bot.storage.sqlite import SqliteStorage
        return SqliteStorage(settings.database_path)
    from intake_bot.storage.postgres import PostgresStorage, StoreUnreachable, is_postgres_url
    if not is_postgres_url(url):
        raise StoreUnavailable("DATABASE_URL must start with postgresql:// (unset it for SQLite)")
    try:
        return PostgresStorage(url)
    except StoreUnreachable as error:
        raise StoreUnavailable(str(error)) from error


def migrate_store(settings: Any, source: Any) -> dict[str, int]:
    """Copy the SQLite file ``source`` into the PostgreSQL database of ``DATABASE_URL`` (which
    must hold no case yet); return the rows copied per table."""
    from intake_bot.storage.transfer import copy_sqlite_to_postgres

    from intake_bot.storage.postgres import StoreUnreachable

    if not getattr(settings, "database_url", None):
        raise StoreUnavailable("DATABASE_URL is not set")
    try:
        return copy_sqlite_to_postgres(source, settings.database_url)
    except StoreUnreachable as error:
        raise StoreUnavailable(str(error)) from error


def open_service(settings: Any, store: Any = None, clock: Any = None) -> CaseService:
    """The case service on ``store`` (default: :func:`open_store`), with the configured
    translator and invitation lifetime."""
    from intake_bot.casework import Casework
    from intake_bot.translation import translator_from

    if store is None:
        store = open_store(settings)
    extra = {"clock": clock} if clock else {}
    casework = Casework(store, translator=translator_from(settings), **extra)
    return CaseService(casework, settings, getattr(settings, "invite_ttl_days", 14))


# --- issue 11: clear operator errors, resources, restore ---------------------------------------

def store_failure(error: BaseException, settings: Any) -> CaseError | None:
    """The operator's one-line explanation of a database failure (locked, damaged file,
    cannot be opened), or None when ``error`` is not one."""
    import sqlite3

    path = str(getattr(settings, "database_path", ""))
    text = str(error).lower()
    if isinstance(error, sqlite3.OperationalError) and ("locked" in text or "busy" in text):
        return CaseError("store.error.locked", path=path)
    if isinstance(error, sqlite3.DatabaseError) and any(
            word in text for word in ("not a database", "malformed", "corrupt")):
        return CaseError("store.error.corrupt", path=path)
    if isinstance(error, (sqlite3.Error, OSError)):
        return CaseError("store.error.unreadable", path=path, error=str(error))
    return None


def missing_resources() -> list[CaseError]:
    """A message for each template or compiled catalog the installation lacks (naming the
    file and the fix): without them documents fail and households silently read French."""
    from intake_bot.documents.render import CONTRACT_TEMPLATE, DIAGNOSTIC_TEMPLATE, template_path
    from intake_bot.i18n import missing_catalogs

    templates = [template_path(name) for name in (DIAGNOSTIC_TEMPLATE, CONTRACT_TEMPLATE)]
    return ([CaseError("store.error.missing_template", path=str(p)) for p in templates
             if not p.is_file()]
            + [CaseError("store.error.missing_catalog", path=str(p)) for p in missing_catalogs()])


def restore_store(settings: Any, source: Any) -> tuple[str, dict[str, Any]]:
    """Replace the SQLite database of ``settings`` by the backup ``source`` once checked (a
    known schema, intact); the previous file is kept as .bak. Returns what was done (a message
    id and its parameters); raises CaseError when refused (in use, not a valid backup)."""
    from pathlib import Path

    from intake_bot.storage.sqlite import DatabaseInUse, NotADatabase, restore

    database = Path(settings.database_path)
    try:
        done = restore(Path(source), database)
    except NotADatabase as refused:
        raise CaseError(refused.reason, **refused.params) from refused
    except DatabaseInUse as refused:
        raise CaseError("store.restore.in_use", path=str(database)) from refused
    params = {"path": str(database), "source": str(source), "version": done.version,
              "cases": done.cases}
    if done.previous is None:
        return "store.restore.done_new", params
    return "store.restore.done", {**params, "previous": str(done.previous)}
