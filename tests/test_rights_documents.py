"""Rights check in the documents (issue 17): « accès aux droits » proposed in the contract when
a benefit is flagged, and the estimate in the diagnostic's budget when the worker chooses."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from docx import Document as Docx

from intake_bot.documents.objectives import is_private, objectives_for
from intake_bot.documents.sources import RightsEstimate, RightsLine
from intake_bot.rights import RightsChecker, WorkerProcess
from intake_bot.storage.memory import MemoryStorage
from intake_bot.storage.sqlite import SqliteStorage
from tests.test_cases import ALICE, complete
from tests.test_rights import checker, service  # noqa: F401 (fixtures)


def docx_text(content: bytes) -> str:
    """Every paragraph and table cell of a .docx, one per line."""
    doc = Docx(io.BytesIO(content))
    cells = [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def built(service, kind):
    return next(d for d in service.documents(ALICE, service_case(service), (kind,)) if d.kind == kind)


def service_case(service):
    return service.cases(ALICE)[0].id


def test_a_flagged_benefit_proposes_access_to_rights_a_private_objective():
    line = RightsLine("rsa", Decimal("573.49"), Decimal("0"), True)
    rights = RightsEstimate(date(2026, 9, 1), "176.1.8", (line,))
    codes = [o.code for o in objectives_for({}, date(2026, 9, 15), rights.flagged)]
    assert "access_rights" in codes
    assert "access_rights" not in [o.code for o in objectives_for({}, date(2026, 9, 15))]
    assert is_private(next(o for o in objectives_for({}, date(2026, 9, 15), ["rsa"])
                           if o.code == "access_rights"))


def test_after_a_rights_check_the_contract_proposes_access_to_rights(service, checker):
    case, _link = complete(service)
    service.rights_checker = checker
    assert "access_rights" not in [o.code for o in service.objectives(ALICE, case.id)]
    report = service.rights(ALICE, case.id)
    assert report.flagged  # prime d'activité, housing aid, ASF: see tests/test_rights.py
    assert "access_rights" in [o.code for o in service.objectives(ALICE, case.id)]
    contract = built(service, "contract")
    assert "Accès aux droits" in docx_text(contract.content)


def test_documents_never_wait_for_a_rights_check_not_yet_computed(service):
    case, _link = complete(service)
    fresh = RightsChecker(WorkerProcess(module="intake_bot.rights.no_such_module"))
    service.rights_checker = fresh
    try:
        service.set_rights_in_diagnostic(ALICE, case.id, True)
        text = docx_text(built(service, "diagnostic").content)
        assert "access_rights" not in [o.code for o in service.objectives(ALICE, case.id)]
        assert fresh.worker.requests == 0 and fresh.worker.process is None  # never asked
    finally:
        fresh.close()
    assert "Estimation des droits" not in text


def test_the_worker_chooses_whether_the_diagnostic_shows_the_estimate(service, checker):
    case, _link = complete(service)
    service.rights_checker = checker
    service.rights(ALICE, case.id)
    hidden = docx_text(built(service, "diagnostic").content)
    assert "Estimation des droits" not in hidden and "potentiellement non demandé" not in hidden
    assert service.set_rights_in_diagnostic(ALICE, case.id, True).rights_in_diagnostic
    doc = Docx(io.BytesIO(built(service, "diagnostic").content))
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "Prestation")
    rows = {row.cells[0].text: [c.text for c in row.cells] for row in table.rows[1:]}
    assert [c.text for c in table.rows[0].cells] == [
        "Prestation", "Estimation mensuelle", "Montant déclaré", "Signalement"]
    assert rows["Allocation de soutien familial (ASF)"][2] == "0,00\xa0€"
    assert rows["Allocation de soutien familial (ASF)"][3] == "droit potentiellement non demandé"
    assert rows["Aide au logement (ALF)"][2] == "310,00\xa0€"
    assert rows["AAH"][1] == "non estimé" and rows["RSA"][3] == ""
    text = docx_text(built(service, "diagnostic").content)
    assert "législation de novembre 2026" in text and "à confirmer avec la CAF" in text
    service.set_rights_in_diagnostic(ALICE, case.id, False)
    assert "Estimation des droits" not in docx_text(built(service, "diagnostic").content)
    audit = [a for a in service.store.audit_log(case.id) if a["action"] == "rights.in_diagnostic"]
    assert [a["details"]["shown"] for a in audit] == [True, False]


@pytest.mark.parametrize("make", [MemoryStorage, lambda: SqliteStorage(":memory:")])
def test_the_choice_is_stored(make):
    store = make()
    case = store.create_case("alice")
    assert store.get_case(case.id).rights_in_diagnostic is False
    store.update_case(case.id, rights_in_diagnostic=True)
    assert store.get_case(case.id).rights_in_diagnostic is True
