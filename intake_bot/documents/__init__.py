"""The diagnostic and the support contract as Word documents (issue #5).

The thin edge: read the case from Casework, build the contexts (pure, in
:mod:`.context` / :mod:`.contract`), fill the templates of ``templates/`` (:mod:`.render`),
and, in :func:`generate_documents`, write the files, audit each one and mark the case.
"""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path
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
from intake_bot.documents.sources import CaseData, DocumentOptions, options_from

__all__ = [
    "build_diagnostic", "build_contract", "generate_documents", "case_data", "Objective",
    "DocumentOptions", "DurationBounds", "DocumentError", "CaseNotFound", "ContractPeriodError",
    "TemplateError",
]

FILE_NAMES = {"diagnostic": "diagnostic_social", "contract": "contrat_accompagnement"}
GENERATED_STATUS = "documents_generated"


def case_data(casework: Casework, case_id: int) -> CaseData:
    """Everything the documents read about one case, gathered once."""
    case = casework.storage.get_case(case_id)
    if case is None:
        raise CaseNotFound(render("doc.error.no_case", "fr", case=case_id))
    walked = casework.walk(case_id)
    return CaseData(flow=casework.flow, walk=walked, records=casework.state(case_id)["answers"],
                    figures=casework.figures(case_id), case=case, today=casework.today())


def build_diagnostic(casework: Casework, case_id: int, settings: Any,
                     options: DocumentOptions | None = None) -> bytes:
    """The diagnostic social of case ``case_id`` as .docx bytes (in French)."""
    options = options or options_from(settings)
    context = diagnostic_context(case_data(casework, case_id), options)
    return render_docx(template_path(DIAGNOSTIC_TEMPLATE, options.template_dir), context)


def build_contract(casework: Casework, case_id: int, settings: Any,
                   objectives: Sequence[Objective] | None = None, start: date | None = None,
                   end: date | None = None, locale: str | None = None,
                   landlord: str | None = None, options: DocumentOptions | None = None) -> bytes:
    """The support contract of case ``case_id`` as .docx bytes, French beside the household's
    language (``locale``, default the case's). ``objectives`` replace the ones proposed from
    the freins; ``start`` defaults to today and ``end`` to the recommended duration (or the
    measure's default); a period outside the measure's bounds raises ContractPeriodError."""
    options = options or options_from(settings)
    data = case_data(casework, case_id)
    terms = contract_terms(data, options, objectives, start, end, locale, landlord)
    context = contract_context(data, options, terms)
    return render_docx(template_path(CONTRACT_TEMPLATE, options.template_dir), context)


def generate_documents(casework: Casework, case_id: int, settings: Any, actor: str,
                       out_dir: Path | None = None,
                       options: DocumentOptions | None = None) -> dict[str, Path]:
    """Build both documents, write them to ``out_dir`` (default ``<data_dir>/documents``),
    audit each generation (« document.generate », kind and sha256) and mark the case
    « documents_generated ». Nothing is written unless both documents could be built."""
    built = {"diagnostic": build_diagnostic(casework, case_id, settings, options),
             "contract": build_contract(casework, case_id, settings, options=options)}
    reference = casework.storage.get_case(case_id).reference
    out_dir = Path(out_dir or Path(getattr(settings, "data_dir", "data")) / "documents")
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {}
    for kind, content in built.items():
        path = out_dir / f"{reference}_{FILE_NAMES[kind]}.docx"
        path.write_bytes(content)
        casework.storage.audit(actor, "document.generate", case_id, kind=kind,
                               sha256=hashlib.sha256(content).hexdigest(), file=path.name)
        paths[kind] = path
    casework.storage.update_case(case_id, status=GENERATED_STATUS)
    return paths
