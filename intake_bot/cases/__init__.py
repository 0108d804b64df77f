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
from intake_bot.storage.base import Account, Case, Link, ObjectiveRecord

__all__ = [
    "ADMIN", "COORDINATOR", "ROLES", "SYSTEM_ACCOUNT", "WORKER", "CONFIRM_LINK", "TEXT",
    "Account", "Actor", "Answered", "Case", "CaseClosed", "CaseError", "CaseNotFound", "CaseService",
    "Document", "Issued", "Link", "NotAllowed", "Notice", "ObjectiveRecord", "Redeemed", "access",
    "can", "engine_role", "file_name", "open_service", "parse_reference", "statuses",
]


def open_service(settings: Any, store: Any = None, clock: Any = None) -> CaseService:
    """The case service on ``store`` (default: the SQLite file of ``settings``), with the
    configured translator and invitation lifetime."""
    from intake_bot.casework import Casework
    from intake_bot.translation import translator_from

    if store is None:
        from intake_bot.storage.sqlite import SqliteStorage
        store = SqliteStorage(settings.database_path)
    extra = {"clock": clock} if clock else {}
    casework = Casework(store, translator=translator_from(settings), **extra)
    return CaseService(casework, settings, getattr(settings, "invite_ttl_days", 14))
