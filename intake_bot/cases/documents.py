"""The documents of a case, built one way for every door: same content, same names."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from typing import Any

from intake_bot.casework import Casework
from intake_bot.documents import (
    DocumentError, RightsEstimate, RightsLine, build_contract, build_diagnostic,
)
from intake_bot.documents.objectives import Objective, objectives_for
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
    return [Objective(o.code, o.text, tuple(o.freins), tuple(o.situations)) for o in case.objectives]


def objective_records(objectives: list[Objective] | None) -> tuple[ObjectiveRecord, ...] | None:
    """Objectives as the case store keeps them."""
    if objectives is None:
        return None
    return tuple(ObjectiveRecord(o.code, o.text, tuple(o.freins), tuple(o.situations))
                 for o in objectives)


def contract_objectives(casework: Casework, case: Case,
                        rights: RightsEstimate | None = None) -> list[Objective]:
    """The contract's objectives: the worker's choice, else those proposed from the freins,
    the household's situations and the benefits the rights check flags."""
    chosen = chosen_objectives(case)
    if chosen is not None:
        return chosen
    return objectives_for(casework.walk(case.id).context, casework.today(),
                          rights.flagged if rights else ())


def rights_estimate(report: Any) -> RightsEstimate | None:
    """A ready rights report (intake_bot.rights.RightsReport, read by its attributes so the
    documents never import the rights check) as document data; None for any other status."""
    if report is None or report.status != "ready":
        return None
    lines = tuple(RightsLine(line.kind or line.code, line.estimated, line.declared, line.flagged)
                  for line in report.lines)
    return RightsEstimate(report.month, report.model_version, lines)


class Built(list):
    """The documents built (a list of Document), and ``failed``: kind -> the French reason a
    requested document could not be built (a contract out of the measure's bounds never costs
    the diagnostic). ``errors`` keeps the DocumentError of each (its bounds, for a door)."""

    def __init__(self, documents: list[Document], errors: dict[str, DocumentError]) -> None:
        super().__init__(documents)
        self.errors = errors
        self.failed = {kind: str(error) for kind, error in errors.items()}


def contract_start(case: Case) -> date | None:
    """The contract's start date the worker set, None when not set (the day of generation)."""
    return date.fromisoformat(case.contract_start) if case.contract_start else None


def build(casework: Casework, case: Case, settings: Any, kinds: tuple[str, ...],
          rights: RightsEstimate | None = None) -> Built:
    """The documents of ``kinds`` from the current answers, the contract beside the household's
    language, starting on the date and lasting the months the worker set (else today and the
    recommended duration). Each is built on its own: one that fails is reported in
    ``Built.failed``; when none can be built, raises the first DocumentError (a French message).
    ``rights`` (issue 17): the cached rights check; a flagged benefit proposes « accès aux
    droits », and the diagnostic shows the estimate when the worker chose so."""
    built, errors = [], {}
    for kind in kinds:
        try:
            if kind == "diagnostic":
                content = build_diagnostic(casework, case.id, settings, rights=rights)
            else:
                content = build_contract(casework, case.id, settings, locale=case.locale,
                                         objectives=chosen_objectives(case),
                                         start=contract_start(case), months=case.contract_months,
                                         rights=rights)
        except DocumentError as error:
            errors[kind] = error
            continue
        built.append(Document(kind, file_name(kind, case), content))
    if errors and not built:
        raise next(iter(errors.values()))
    return Built(built, errors)
