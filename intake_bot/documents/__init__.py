"""The diagnostic and the support contract as Word documents (issue #5).

The thin edge: read the case from Casework, build the contexts (pure, in
:mod:`.context` / :mod:`.contract`) and fill the templates of ``templates/`` (:mod:`.render`).
Who may have them, their file names, the audit and the case's status are the case service's
(:mod:`intake_bot.cases.documents`).
"""

from __future__ import annotations

from datetime import date
from typing import Any, Sequence

from intake_bot.casework import Casework
from intake_bot.i18n import render
from intake_bot.documents.context import contract_context, diagnostic_context
from intake_bot.documents.contract import contract_terms
from intake_bot.documents.errors import CaseNotFound, DocumentError
from intake_bot.documents.measures import ContractPeriodError, DurationBounds
from intake_bot.documents.objectives import Objective
from intake_bot.documents.render import (
    CONTRACT_TEMPLATE, DIAGNOSTIC_TEMPLATE, TemplateError, render_docx, template_path,
)
from intake_bot.documents.sources import (
    CaseData, DocumentOptions, RightsEstimate, RightsLine, options_from,
)

__all__ = [
    "build_diagnostic", "build_contract", "case_data", "diagnostic_docx", "contract_docx",
    "Objective",
    "DocumentOptions", "DurationBounds", "DocumentError", "CaseNotFound", "ContractPeriodError",
    "TemplateError", "RightsEstimate", "RightsLine",
]


def case_data(casework: Casework, case_id: int, rights: RightsEstimate | None = None,
              granted_measure: str | None = None) -> CaseData:
    """Everything the documents read about one case, gathered once (``rights``: the rights
    check the case service had cached, issue 17; ``granted_measure``: the measure the decision
    granted, issue 13, which the contract is signed for)."""
    case = casework.storage.get_case(case_id)
    if case is None:
        raise CaseNotFound(render("doc.error.no_case", "fr", case=case_id))
    walked = casework.walk(case_id)
    return CaseData(flow=casework.flow, walk=walked, records=casework.state(case_id)["answers"],
                    figures=casework.figures(case_id), case=case, today=casework.today(),
                    rights=rights, granted_measure=granted_measure)


def build_diagnostic(casework: Casework, case_id: int, settings: Any,
                     options: DocumentOptions | None = None,
                     rights: RightsEstimate | None = None) -> bytes:
    """The diagnostic social of case ``case_id`` as .docx bytes (in French); its budget shows
    ``rights`` when the worker chose so (the case's ``rights_in_diagnostic``)."""
    return diagnostic_docx(case_data(casework, case_id, rights), options or options_from(settings))


def diagnostic_docx(data: CaseData, options: DocumentOptions) -> bytes:
    """The diagnostic from data already gathered (pure: reads no store, safe in a thread)."""
    context = diagnostic_context(data, options)
    return render_docx(template_path(DIAGNOSTIC_TEMPLATE, options.template_dir), context)


def build_contract(casework: Casework, case_id: int, settings: Any,
                   objectives: Sequence[Objective] | None = None, start: date | None = None,
                   end: date | None = None, locale: str | None = None,
                   landlord: str | None = None, options: DocumentOptions | None = None,
                   months: int | None = None, rights: RightsEstimate | None = None) -> bytes:
    """The support contract of case ``case_id`` as .docx bytes, French beside the household's
    language (``locale``, default the case's), for the measure granted or recommended.
    ``objectives`` replace the ones proposed from the freins and situations; ``start`` defaults
    to today and ``end`` to ``months`` after it (else the recommended duration, else the
    measure's default); a duration or period outside the measure's bounds raises
    ContractPeriodError (with the bounds). ``rights``: a flagged benefit proposes « accès aux
    droits »."""
    return contract_docx(case_data(casework, case_id, rights), options or options_from(settings),
                         objectives, start, end, locale, landlord, months)


def contract_docx(data: CaseData, options: DocumentOptions,
                  objectives: Sequence[Objective] | None = None, start: date | None = None,
                  end: date | None = None, locale: str | None = None,
                  landlord: str | None = None, months: int | None = None) -> bytes:
    """The contract from data already gathered (pure: reads no store, safe in a thread); the
    arguments as :func:`build_contract`'s."""
    terms = contract_terms(data, options, objectives, start, end, locale, landlord, months)
    context = contract_context(data, options, terms)
    return render_docx(template_path(CONTRACT_TEMPLATE, options.template_dir), context)
