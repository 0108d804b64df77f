"""The documents of a case, built one way for every door: same content, same names."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from intake_bot.casework import Casework
from intake_bot.documents import build_contract, build_diagnostic
from intake_bot.documents.objectives import Objective, propose_objectives
from intake_bot.storage.base import Case, ObjectiveRecord

KINDS = ("diagnostic", "contract")
FILE_NAMES = {"diagnostic": "diagnostic_social", "contract": "contrat_accompagnement"}


@dataclass(frozen=True)
class Document:
    """One built document: its kind, its file name and its bytes."""

    kind: str
    file_name: str
    content: bytes

    @property
    def sha256(self) -> str:
        """The SHA-256 of the file, as the audit log records it."""
        return hashlib.sha256(self.content).hexdigest()


def file_name(kind: str, case: Case) -> str:
    """``diagnostic_social_D-000042.docx``, ``contrat_accompagnement_D-000042.docx``."""
    return f"{FILE_NAMES[kind]}_{case.reference}.docx"


def chosen_objectives(case: Case) -> list[Objective] | None:
    """The objectives a worker chose for the contract, None when they kept the proposal."""
    if case.objectives is None:
        return None
    return [Objective(o.code, o.text, tuple(o.freins)) for o in case.objectives]


def objective_records(objectives: list[Objective] | None) -> tuple[ObjectiveRecord, ...] | None:
    """Objectives as the case store keeps them."""
    if objectives is None:
        return None
    return tuple(ObjectiveRecord(o.code, o.text, tuple(o.freins)) for o in objectives)


def contract_objectives(casework: Casework, case: Case) -> list[Objective]:
    """The contract's objectives: the worker's choice, else those proposed from the freins."""
    chosen = chosen_objectives(case)
    if chosen is not None:
        return chosen
    answers = casework.walk(case.id).context
    return propose_objectives(answers.get("freins"), answers.get("current_housing"))


def build(casework: Casework, case: Case, settings: Any, kinds: tuple[str, ...]) -> list[Document]:
    """The documents of ``kinds`` from the current answers, the contract beside the household's
    language. Raises DocumentError (a French message) when one cannot be built."""
    built = []
    for kind in kinds:
        if kind == "diagnostic":
            content = build_diagnostic(casework, case.id, settings)
        else:
            content = build_contract(casework, case.id, settings, locale=case.locale,
                                     objectives=chosen_objectives(case))
        built.append(Document(kind, file_name(kind, case), content))
    return built
