"""Roles and what each may do: one table, read by the case service for every request.

* ``worker``: the cases of their organisation they follow; takes over a colleague's case.
* ``coordinator``: every case of their organisation: documents, reassign, erase, indicators.
* ``admin``: manages accounts; never reads a household's personal data.
* ``system``: the command line and the console on the server itself (the operator).
"""

from __future__ import annotations

from intake_bot.storage.base import Account, Case

WORKER, COORDINATOR, ADMIN, SYSTEM = "worker", "coordinator", "admin", "system"
ROLES = (WORKER, COORDINATOR, ADMIN)
STAFF = frozenset({WORKER, COORDINATOR})

#: action -> roles allowed. Worker actions on a case need the case to be theirs (see OWN_CASE).
PERMISSIONS: dict[str, frozenset[str]] = {
    "create": frozenset({WORKER, COORDINATOR, SYSTEM}),
    "list": frozenset({WORKER, COORDINATOR, SYSTEM}),
    "read": frozenset({WORKER, COORDINATOR, SYSTEM}),
    "answer": frozenset({WORKER, COORDINATOR, SYSTEM}),
    "invite": frozenset({WORKER, COORDINATOR, SYSTEM}),
    "documents": frozenset({WORKER, COORDINATOR, SYSTEM}),
    "objectives": frozenset({WORKER, COORDINATOR, SYSTEM}),
    "erase": frozenset({WORKER, COORDINATOR, SYSTEM}),
    "take_over": frozenset({WORKER, COORDINATOR}),
    "reassign": frozenset({COORDINATOR, SYSTEM}),
    "audit": frozenset({COORDINATOR, SYSTEM}),
    "indicators": frozenset({COORDINATOR, ADMIN, SYSTEM}),  # counts only: no personal data
    "accounts": frozenset({ADMIN, SYSTEM}),
}
#: Actions a worker may take only on the cases they follow.
OWN_CASE = frozenset({"read", "answer", "invite", "documents", "objectives", "erase"})

SYSTEM_ACCOUNT = Account(id="system:cli", name="intake-bot", organisation="", role=SYSTEM)


def can(account: Account | None, action: str, case: Case | None = None) -> bool:
    """True when ``account`` may take ``action`` (on ``case`` when it names one)."""
    if account is None or not account.active or account.role not in PERMISSIONS[action]:
        return False
    if account.role == SYSTEM or case is None:
        return True
    if case.organisation != account.organisation:
        return False
    if account.role == WORKER and action in OWN_CASE:
        return case.worker == account.id
    if action == "take_over":
        return case.worker != account.id
    return True
