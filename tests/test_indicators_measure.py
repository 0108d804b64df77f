"""The support measures in the indicators (issues 12 and 13): exits by outcome, follow-ups by
kind and the average days of support, counted by the database from the measure records, the
same from every store, for an organisation and a measure, in the CSV and XLSX too."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import date

import openpyxl
import pytest

from intake_bot.cases import SYSTEM_ACCOUNT
from intake_bot.indicators import Indicators, Period, to_csv, to_xlsx
from intake_bot.storage.base import CaseFacts, FactScope, FollowUpEntry
from intake_bot.storage.memory import MemoryStorage
from intake_bot.storage.sqlite import SqliteStorage
from tests.test_cases import ALICE, CLARA
from tests.test_measure import ACCESS, STAYING, START, Clock, _service, diagnosed

WHOLE = Period(date(2026, 1, 1), date(2028, 12, 31))
YEAR_2027 = Period.year(2027)


def _store(kind: str, request, tmp_path):
    if kind == "memory":
        return MemoryStorage()
    if kind == "sqlite":
        return SqliteStorage(tmp_path / "s.sqlite")
    from intake_bot.storage.postgres import PostgresStorage
    from tests.postgres_server import create_database

    server = request.getfixturevalue("postgres_server")
    return PostgresStorage(create_database(server, f"t_{uuid.uuid4().hex[:16]}"))


def access_case(service) -> None:
    """ASLL from 4 January 2027 to a social housing lease on 1 July 2028 (544 days); a visit,
    a call, a visit and a meeting in January to March 2027."""
    case, _ = diagnosed(service, ACCESS, "100")
    service.decide(ALICE, case.id, "accepted", date(2026, 12, 14))
    service.start_support(ALICE, case.id, date(2027, 1, 4))
    for day, kind in ((date(2027, 1, 10), "visit"), (date(2027, 1, 24), "call"),
                      (date(2027, 2, 8), "visit"), (date(2027, 3, 1), "meeting")):
        service.log_contact(ALICE, case.id, kind, "Point budget.", day)
    service.renew(ALICE, case.id, date(2028, 7, 4), "Consolider le budget", date(2027, 12, 15))
    service.close_support(ALICE, case.id, "social_housing", date(2028, 7, 1))


def staying_case(service) -> None:
    """AVDL CCAPEX from 16 December 2026, maintained in the home on 16 June 2027 (182 days);
    a visit in December 2026, a payment incident in January 2027."""
    case, _ = diagnosed(service, STAYING, "200")
    service.decide(ALICE, case.id, "accepted", date(2026, 12, 1), body="commission")
    service.start_support(ALICE, case.id, date(2026, 12, 16))
    service.log_contact(ALICE, case.id, "visit", "Plan d'apurement tenu.", date(2026, 12, 20))
    service.log_contact(ALICE, case.id, "incident", "Loyer payé en retard.", date(2027, 1, 12),
                        detail="payment")
    service.close_support(ALICE, case.id, "maintained", date(2027, 6, 16))


@pytest.fixture(scope="module", params=["memory", "sqlite", "postgres"])
def measured(request, tmp_path_factory):
    """Two households through a whole measure, in one store; (service, store kind)."""
    store = _store(request.param, request, tmp_path_factory.mktemp(request.param))
    service = _service(store, Clock(START))
    access_case(service)
    staying_case(service)
    yield service, request.param
    store.close()


def rows(ind: Indicators, table_id: str) -> dict[str, int]:
    """A table's rows as label -> count."""
    return dict(ind.table(table_id).rows)


def figure(ind: Indicators, label: str) -> str:
    """One key figure's value."""
    return dict(ind.figures)[label]


DAYS = "Durée moyenne d'accompagnement (jours)"


def test_exits_follow_ups_and_days_of_support_over_both_measures(measured):
    service, _kind = measured
    ind = service.indicators(CLARA, WHOLE)
    assert rows(ind, "measure_outcomes") == {
        "Logement social": 1, "Logement privé": 0, "Maintien dans le logement actuel": 1,
        "Structure d'hébergement": 0, "Parti sans nouvelles": 0,
        "Refus ou arrêt de l'accompagnement": 0, "Déménagement hors secteur": 0, "Autre": 0}
    assert ind.table("measure_outcomes").total == 2
    assert rows(ind, "measure_contacts") == {
        "Visite à domicile": 3, "Appel": 1, "Rendez-vous au bureau": 1,
        "Incident de paiement": 1, "Plainte de voisinage": 0, "Alerte du bailleur": 0}
    assert ind.table("measure_contacts").total == 6
    assert figure(ind, DAYS) == "363,0"  # (544 + 182) / 2


def test_the_period_counts_exits_on_their_day_and_follow_ups_on_theirs(measured):
    service, _kind = measured
    ind = service.indicators(CLARA, YEAR_2027)
    assert {k: n for k, n in rows(ind, "measure_outcomes").items() if n} == {
        "Maintien dans le logement actuel": 1}
    assert {k: n for k, n in rows(ind, "measure_contacts").items() if n} == {
        "Visite à domicile": 2, "Appel": 1, "Rendez-vous au bureau": 1, "Incident de paiement": 1}
    assert figure(ind, DAYS) == "182,0"
    empty = service.indicators(CLARA, Period.year(2029))
    assert empty.table("measure_outcomes").total == empty.table("measure_contacts").total == 0
    assert figure(empty, DAYS) == "non calculable"


def test_a_measure_and_an_organisation_narrow_the_measures_figures(measured):
    service, _kind = measured
    asll = service.indicators(CLARA, WHOLE, measure="asll")
    assert {k: n for k, n in rows(asll, "measure_outcomes").items() if n} == {"Logement social": 1}
    assert asll.table("measure_contacts").total == 4
    assert figure(asll, DAYS) == "544,0"
    other = service.indicators(SYSTEM_ACCOUNT, WHOLE, organisation="Other service")
    assert other.table("measure_outcomes").total == other.table("measure_contacts").total == 0
    everyone = service.indicators(SYSTEM_ACCOUNT, WHOLE)
    assert everyone.table("measure_outcomes").total == 2


def test_the_csv_and_the_xlsx_carry_the_measures_tables(measured):
    service, _kind = measured
    ind = service.indicators(CLARA, WHOLE)
    lines = list(csv.reader(io.StringIO(to_csv(ind).decode("utf-8-sig")), delimiter=";"))
    assert [DAYS, "363,0"] in lines
    start = lines.index(["Sorties d'accompagnement par motif"])
    assert lines[start + 2] == ["Logement social", "1"]
    start = lines.index(["Contacts et incidents du suivi, par type"])
    assert lines[start + 2] == ["Visite à domicile", "3"]
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx(ind)))
    sheet = book[book.sheetnames[1 + [t.id for t in ind.tables].index("measure_contacts")]]
    values = [tuple(r) for r in sheet.iter_rows(values_only=True)]
    assert values[0] == ("Contacts et incidents du suivi, par type", None)
    assert ("Incident de paiement", 1) in values and values[-1][1] == 6


def test_every_store_counts_the_measures_of_its_scope(request, tmp_path):
    for kind in ("memory", "sqlite", "postgres"):
        store = _store(kind, request, tmp_path)
        _measures_contract(store)
        store.close()


def _measure_case(store, organisation: str, measure: str, data: dict) -> int:
    case = store.create_case("w", organisation=organisation)
    store.save_facts(case.id, CaseFacts("2026-01-05", measure, organisation, (("case", "1"),)))
    store.save_measure(case.id, data)
    return case.id


def _measures_contract(store) -> None:
    supported = _measure_case(store, "A", "asll", {
        "support": {"start": "2026-02-01"},
        "exit": {"outcome": "private_housing", "on": "2026-03-03"}})
    _measure_case(store, "A", "avdl", {"decision": {"result": "refused"},  # an exit, no support
                                       "exit": {"outcome": "other", "on": "2026-02-10"}})
    _measure_case(store, "A", "asll", {"support": {"start": "2026-02-01"}})  # under way
    _measure_case(store, "B", "asll", {
        "support": {"start": "2026-01-01"}, "exit": {"outcome": "other", "on": "2026-01-11"}})
    for on, kind, detail in (("2026-02-02", "call", ""), ("2026-02-03", "incident", "landlord"),
                             ("2027-01-01", "visit", "")):
        store.add_follow_up(FollowUpEntry(supported, kind, on, "", "w", detail))
    year = FactScope("2026-01-01", "2026-12-31", "A")
    assert store.measure_counts(year) == {
        "outcome": {"private_housing": 1, "other": 1},
        "contact": {"contact.call": 1, "incident.landlord": 1}}
    assert store.measure_average_days(year) == 30.0  # the refused one has no support
    assert store.measure_counts(FactScope("2026-01-01", "2026-12-31", "A", "avdl")) == {
        "outcome": {"other": 1}, "contact": {}}
    everyone = FactScope("2026-01-01", "2026-12-31", None)
    assert store.measure_average_days(everyone) == 20.0  # (30 + 10) / 2
    assert store.measure_counts(FactScope("2026-03-04", "2026-12-31", "A")) == {
        "outcome": {}, "contact": {}}
    assert store.measure_average_days(FactScope("2026-03-04", "2026-12-31", "A")) is None
