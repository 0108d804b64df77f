"""The documents of a case, built one way for every door: same content, same names."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from intake_bot.casework import Casework
from intake_bot.documents import (
    CaseData, DocumentError, DocumentOptions, RightsEstimate, RightsLine, case_data,
    contract_docx, diagnostic_docx, options_from,
)
from intake_bot.documents.objectives import Objective, objectives_for
from intake_bot.storage.base import Case, ObjectiveRecord
from intake_bot.translation import translate_or_defer
from intake_bot.translation.base import needs_translation

FRENCH = "fr"

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
    return [Objective(o.code, o.text, tuple(o.freins), tuple(o.situations),
                      getattr(o, "translation", None), getattr(o, "translation_locale", None))
            for o in case.objectives]


def objective_records(objectives: list[Objective] | None) -> tuple[ObjectiveRecord, ...] | None:
    """Objectives as the case store keeps them."""
    if objectives is None:
        return None
    return tuple(ObjectiveRecord(o.code, o.text, tuple(o.freins), tuple(o.situations),
                                 o.translation, o.translation_locale)
                 for o in objectives)


def translate_objectives(objectives: list[Objective], locale: str,
                         translator: Any) -> tuple[list[Objective], int]:
    """The worker's own words offered to ``translator`` (French into the household's
    ``locale``); each one translated is kept beside the French. A backend that cannot translate
    now (none configured, down) leaves the French alone. Returns them and how many changed."""
    result, count = [], 0
    for objective in objectives:
        if awaits_translation(objective, locale):
            translation = translate_or_defer(translator, objective.text, FRENCH, locale)
            if not translation.pending and translation.text:
                objective = replace(objective, translation=translation.text, translation_locale=locale)
                count += 1
        result.append(objective)
    return result, count


def awaits_translation(objective: Objective, locale: str) -> bool:
    """True when the worker's words are still to be offered to the backend for ``locale``."""
    return bool(objective.text) and objective.translation_locale != locale \
        and needs_translation(objective.text, FRENCH, locale)


def kept_translations(chosen: list[Objective], stored: list[Objective] | None) -> list[Objective]:
    """``chosen`` without any translation that no longer matches its French text."""
    known = {(o.text, o.translation) for o in stored or ()}
    return [o if (o.text, o.translation) in known else replace(o, translation=None, translation_locale=None)
            for o in chosen]


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


@dataclass(frozen=True)
class Gathered:
    """What the documents of one case need, read from the store once (on the door's thread):
    building them from it (:meth:`build`) reads no store, so it may run in another thread or
    process while the door goes on serving other chats (issue 16)."""

    case: Case
    kinds: tuple[str, ...]
    data: CaseData
    options: DocumentOptions

    def build(self) -> Built:
        """The documents of ``kinds``; as :func:`build`. Pure: no store, no clock."""
        built, errors = [], {}
        for kind in self.kinds:
            try:
                content = self._content(kind)
            except DocumentError as error:
                errors[kind] = error
                continue
            built.append(Document(kind, file_name(kind, self.case), content))
        if errors and not built:
            raise next(iter(errors.values()))
        return Built(built, errors)

    def _content(self, kind: str) -> bytes:
        if kind == "diagnostic":
            return diagnostic_docx(self.data, self.options)
        case = self.case
        return contract_docx(self.data, self.options, objectives=chosen_objectives(case),
                             start=contract_start(case), locale=case.locale,
                             months=case.contract_months)


def gather(casework: Casework, case: Case, settings: Any, kinds: tuple[str, ...],
           rights: RightsEstimate | None = None, granted_measure: str | None = None) -> Gathered:
    """Read what the documents of ``kinds`` need (the only step that touches the store);
    ``granted_measure``: the measure the decision granted (the contract's)."""
    return Gathered(case, tuple(kinds), case_data(casework, case.id, rights, granted_measure),
                    options_from(settings))


def build(casework: Casework, case: Case, settings: Any, kinds: tuple[str, ...],
          rights: RightsEstimate | None = None) -> Built:
    """The documents of ``kinds`` from the current answers, the contract beside the household's
    language, starting on the date and lasting the months the worker set (else today and the
    recommended duration). Each is built on its own: one that fails is reported in
    ``Built.failed``; when none can be built, raises the first DocumentError (a French message).
    ``rights`` (issue 17): the cached rights check; a flagged benefit proposes « accès aux
    droits », and the diagnostic shows the estimate when the worker chose so."""
    return gather(casework, case, settings, kinds, rights).build()
