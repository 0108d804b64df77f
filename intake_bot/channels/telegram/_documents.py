"""Documents from the bot: the diagnostic and the contract, rebuilt from the current answers
each time, every release (and every refusal) written to the audit log.

The contract objectives a worker chose are kept per case in the ``sessions`` table, under the
channel name :data:`CASE_CHANNEL` and the case id (no schema change).
"""

from __future__ import annotations

import hashlib
from typing import Any

from intake_bot.casework import Casework
from intake_bot.documents import FILE_NAMES, GENERATED_STATUS, build_contract, build_diagnostic
from intake_bot.documents.objectives import Objective, propose_objectives
from intake_bot.storage.base import Case, Storage
from intake_bot.channels.telegram._outbox import Outbox

CASE_CHANNEL = "telegram-case"
SENT, DENIED, GENERATED = "document.send", "document.denied", "document.generate"


def stored_objectives(storage: Storage, case_id: int) -> list[Objective] | None:
    """The objectives a worker chose for the contract, None when they kept the proposal."""
    data = storage.load_session(CASE_CHANNEL, str(case_id)).get("objectives")
    if data is None:
        return None
    return [Objective(o["code"], o.get("text"), tuple(o.get("freins") or ())) for o in data]


def store_objectives(storage: Storage, case_id: int, objectives: list[Objective] | None) -> None:
    """Keep the chosen objectives (None: back to the ones proposed from the freins)."""
    data = None if objectives is None else [
        {"code": o.code, "text": o.text, "freins": list(o.freins)} for o in objectives]
    storage.save_session(CASE_CHANNEL, str(case_id), {"objectives": data})


def forget_case(storage: Storage, case_id: int) -> None:
    """Drop what the channel keeps about a case (its objectives), e.g. when it is erased."""
    storage.save_session(CASE_CHANNEL, str(case_id), {})


def contract_objectives(casework: Casework, case_id: int) -> list[Objective]:
    """The contract's objectives: the worker's choice, else those proposed from the freins."""
    chosen = stored_objectives(casework.storage, case_id)
    if chosen is not None:
        return chosen
    answers = casework.walk(case_id).context
    return propose_objectives(answers.get("freins"), answers.get("current_housing"))


def generated(storage: Storage, case_id: int) -> bool:
    """True once a worker had the documents of the case made (in the bot or with the CLI)."""
    return any(entry["action"] == GENERATED
               or (entry["action"] == SENT and entry["details"].get("role") == "worker")
               for entry in storage.audit_log(case_id))


def file_name(kind: str, case: Case) -> str:
    """``diagnostic_social_D-000042.docx``, ``contrat_accompagnement_D-000042.docx``."""
    return f"{FILE_NAMES[kind]}_{case.reference}.docx"


def build(casework: Casework, case: Case, settings: Any, kinds: tuple[str, ...],
          locale: str) -> dict[str, bytes]:
    """The documents of ``kinds`` from the current answers (contract beside ``locale``).

    Raises DocumentError (a French message) when one cannot be built.
    """
    built = {}
    if "diagnostic" in kinds:
        built["diagnostic"] = build_diagnostic(casework, case.id, settings)
    if "contract" in kinds:
        built["contract"] = build_contract(casework, case.id, settings, locale=locale,
                                           objectives=stored_objectives(casework.storage, case.id))
    return built


def release(box: Outbox, storage: Storage, chat_id: int, actor: str, role: str, case: Case,
            kind: str, content: bytes, caption: str) -> None:
    """Audit the release of one document to ``role`` (kind, SHA-256), then queue it."""
    storage.audit(actor, SENT, case.id, kind=kind, sha256=hashlib.sha256(content).hexdigest(),
                  file=file_name(kind, case), role=role)
    box.document(chat_id, content, file_name(kind, case), caption)


def mark_generated(storage: Storage, case: Case) -> None:
    """The case's status once a worker had its documents made."""
    if case.status != GENERATED_STATUS:
        storage.update_case(case.id, status=GENERATED_STATUS)


def deny(storage: Storage, actor: str, case_id: int | None, command: str, reason: str) -> None:
    """Log a refused request for documents."""
    storage.audit(actor, DENIED, case_id, command=command, reason=reason)
