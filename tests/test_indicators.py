"""Indicators (issue 12): the figures of seed 001 §7.1 and seed 000 §III for a period,
counted by the database from the facts each answer leaves, the same from every store; their
CSV, XLSX and SVG forms; who may have them; the command line."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import date, datetime, timedelta, timezone

import openpyxl
import pytest

from intake_bot.cases import SYSTEM_ACCOUNT, NotAllowed, open_service
from intake_bot.cli import main as cli_main
from intake_bot.config import Settings
from intake_bot.engine.reader import Reply
from intake_bot.indicators import Indicators, Period, Table, chart_svg, to_csv, to_xlsx
from intake_bot.indicators.build import MEASURE_TABLES
from intake_bot.indicators.facts import case_facts, household_languages
from intake_bot.storage.base import Account, CaseFacts, FactScope
from intake_bot.storage.memory import MemoryStorage
from intake_bot.storage.migrations import MIGRATIONS
from intake_bot.storage.postgres_migrations import MIGRATIONS as POSTGRES_MIGRATIONS
from intake_bot.storage.sqlite import SqliteStorage
from tests.scripted import SINGLE_MOTHER
from tests.test_cases import answer_all

START = datetime(2026, 11, 20, 9, 0, tzinfo=timezone.utc)
SETTINGS = Settings(organisation="CCAS de Caen")
ALICE = Account("telegram:1", "Alice", "CCAS", "worker")
CLARA = Account("telegram:3", "Clara", "CCAS", "coordinator")
OSCAR = Account("telegram:4", "Oscar", "Other service", "worker")
ADAM = Account("telegram:5", "Adam", "CCAS", "admin")
YEAR = Period.year(2026)

# A young man alone, hosted by family, on the RSA, AVDL, level 1, French.
SINGLE_MAN: dict[str, object] = {
    **SINGLE_MOTHER, "measure": "2", "diagnostic_level": "1", "sex": "2",
    "birth_date": "10/01/2004", "nationality_group": "1", "languages": "1", "members": ["non"],
    "employment": "8", "resources": ["oui", "non"], "resources.type": ["3"],
    "resources.amount": ["635"], "current_housing": "4", "freins": "1",
    "recommended_housing": "2", "recommended_measure": "2", "ever_own_lease": "non",
    "living_difficulties": "3,4",  # furniture, loneliness (no energy option: not a tenant)
}


class Clock:
    """A clock the test moves forward."""

    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now


def _store(kind: str, request, tmp_path):
    if kind == "memory":
        return MemoryStorage()
    if kind == "sqlite":
        return SqliteStorage(tmp_path / "s.sqlite")
    from intake_bot.storage.postgres import PostgresStorage
    from tests.postgres_server import create_database

    server = request.getfixturevalue("postgres_server")  # session-wide: module fixtures use it
    return PostgresStorage(create_database(server, f"t_{uuid.uuid4().hex[:16]}"))


def _service(store, clock):
    for account in (ALICE, CLARA, OSCAR, ADAM):
        store.save_account(account)
    return open_service(SETTINGS, store=store, clock=clock)


def household_case(service, clock, worker, script, days, user):
    """A case whose household answers ``days`` after its invitation, then the worker."""
    clock.now = START
    case = service.create_case(worker)
    issued = service.invite(worker, case.id)
    assert service.redeem("telegram", user, issued.token, user, "fr").result == "linked"
    clock.now = START + timedelta(days=days)
    answer_all(service, service.household("telegram", user), case.id, "household", script)
    answer_all(service, worker, case.id, "worker", script)
    return case


def worker_case(service, worker, script, until):
    """A case the worker fills in up to question ``until``."""
    case = service.create_case(worker)
    answer_all(service, worker, case.id, "worker", script, until=until)
    return case


@pytest.fixture(scope="module", params=["memory", "sqlite", "postgres"])
def counted(request, tmp_path_factory):
    """Five cases in one store: two complete households of the CCAS (invitation to answers in
    2 and 4 days), one of another service, one of 2025, one erased; (service, store kind)."""
    clock = Clock()
    store = _store(request.param, request, tmp_path_factory.mktemp(request.param))
    service = _service(store, clock)
    household_case(service, clock, ALICE, SINGLE_MOTHER, 2, "100")
    household_case(service, clock, ALICE, SINGLE_MAN, 4, "101")
    household_case(service, clock, OSCAR, SINGLE_MOTHER, 1, "102")
    earlier = worker_case(service, ALICE, SINGLE_MOTHER, until="consent_collect")
    service.jump(ALICE, earlier.id, "diagnostic_date")  # prefilled with today: changed
    assert service.answer(ALICE, earlier.id, Reply(text="15/06/2025", path="diagnostic_date"),
                          "fr").outcome.accepted
    erased = worker_case(service, ALICE, SINGLE_MOTHER, until="consent_collect")
    service.erase(CLARA, erased.id)
    yield service, request.param
    store.close()


def rows(ind: Indicators, table_id: str) -> dict[str, int]:
    """A table's rows as label -> count."""
    return dict(ind.table(table_id).rows)


def test_a_coordinator_gets_the_figures_of_her_organisations_households(counted):
    service, _kind = counted
    ind = service.indicators(CLARA, YEAR)
    assert ind.organisation == "CCAS" and ind.measure is None and ind.period == YEAR
    diagnostics = [t for t in ind.tables if t.id not in {s.id for s in MEASURE_TABLES}]
    assert {t.total for t in diagnostics} == {2}  # not the other service's, nor 2025's, nor erased
    assert rows(ind, "levels") == {"Niveau 1": 1, "Niveau 2": 0, "Niveau 3": 1}
    assert rows(ind, "measures") == {"ASLL (Conseil départemental / FSL)": 1, "AVDL": 1}
    assert rows(ind, "statuses")["Prêt à relire"] == 2
    households = rows(ind, "household_types")
    assert households["Femme seule avec enfant(s)"] == 1 and households["Homme seul"] == 1
    assert sum(households.values()) == 2
    assert rows(ind, "age_brackets") == {"Moins de 25 ans": 1, "25 à 34 ans": 0, "35 à 59 ans": 1,
                                         "60 ans et plus": 0}
    assert rows(ind, "employment") == {"Travail saisonnier": 1,
                                       "Sans emploi, inscrit(e) à France Travail": 1}
    assert rows(ind, "resources") == {"Salaire": 1, "RSA": 1, "Allocations familiales": 1,
                                      "Aide au logement (APL, ALS, ALF)": 1}
    assert rows(ind, "origin") == {"Française": 1, "D'un pays de l'Union européenne": 0,
                                   "D'un pays hors de l'Union européenne": 1}
    assert rows(ind, "prior_housing") == {"Locataire d'un propriétaire privé": 1,
                                          "Hébergé(e) chez de la famille ou des amis": 1}
    assert rows(ind, "freins") == {"Insertion sociale et professionnelle": 1, "Surendettement": 1,
                                   "Épisode d'expulsion": 1}
    assert rows(ind, "recommended_housing")["Accès direct"] == 1
    assert rows(ind, "recommended_housing")["Bail glissant (3 à 12 mois)"] == 1
    assert rows(ind, "recommended_measures") == {"ASLL (Conseil départemental / FSL)": 1, "AVDL": 1}
    assert rows(ind, "spoken_languages") == {"Français": 2, "Arabe": 1}
    assert rows(ind, "answer_languages") == {"Français": 2}
    assert dict(ind.figures) == {
        "Diagnostics sur la période": "2",
        "Part des ménages percevant un salaire": "50,0 %",
        "Part des ménages percevant le RSA": "50,0 %",
        "Ménages ayant terminé leurs réponses": "2",
        "Délai médian entre l'invitation et la fin des réponses du ménage": "3,0 jour(s)",
        "Durée moyenne d'accompagnement (jours)": "non calculable",  # no measure ended
    }


def test_a_measure_a_period_and_an_organisation_narrow_the_count(counted):
    service, _kind = counted
    avdl = service.indicators(CLARA, YEAR, measure="avdl")
    assert avdl.measure == "avdl" and rows(avdl, "levels")["Niveau 1"] == 1
    assert avdl.table("levels").total == 1
    assert service.indicators(CLARA, Period.month(2026, 10)).table("levels").total == 0
    earlier = service.indicators(CLARA, Period.year(2025))
    assert earlier.table("levels").total == 1  # the case dated 2025 by its diagnostic date
    assert service.indicators(SYSTEM_ACCOUNT, YEAR).table("levels").total == 3
    other = service.indicators(SYSTEM_ACCOUNT, YEAR, organisation="Other service")
    assert other.organisation == "Other service" and other.table("levels").total == 1


def test_a_worker_is_refused_and_an_admin_gets_counts_only(counted):
    service, _kind = counted
    with pytest.raises(NotAllowed):
        service.indicators(ALICE, YEAR)
    ind = service.indicators(ADAM, YEAR)
    assert ind.table("levels").total == 2
    text = to_csv(ind).decode("utf-8-sig")
    assert "Amina" not in text and "Haddad" not in text and "1985" not in text


def test_the_csv_opens_in_a_french_spreadsheet(counted):
    service, _kind = counted
    content = to_csv(service.indicators(CLARA, YEAR))
    assert content.startswith(b"\xef\xbb\xbf")
    lines = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    assert lines[0] == ["Indicateurs"]
    assert ["Période", "du 01/01/2026 au 31/12/2026"] in lines
    assert ["Part des ménages percevant le RSA", "50,0 %"] in lines
    start = lines.index(["Diagnostics par niveau"])
    assert lines[start + 1:start + 6] == [["Libellé", "Nombre de ménages"], ["Niveau 1", "1"],
                                         ["Niveau 2", "0"], ["Niveau 3", "1"],
                                         ["Total des ménages", "2"]]


def test_the_xlsx_has_a_summary_and_a_sheet_per_table_with_numbers(counted):
    service, _kind = counted
    ind = service.indicators(CLARA, YEAR)
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx(ind)))
    assert len(book.sheetnames) == 1 + len(ind.tables)
    summary = [tuple(r) for r in book.worksheets[0].iter_rows(values_only=True)]
    assert ("Diagnostics sur la période", 2) in summary
    levels = book[book.sheetnames[1 + [t.id for t in ind.tables].index("levels")]]
    values = [tuple(r) for r in levels.iter_rows(values_only=True)]
    assert values[0] == ("Diagnostics par niveau", None)
    assert ("Niveau 3", 1) in values and values[-1] == ("Total des ménages", 2)
    assert all(isinstance(count, int) for _label, count in values[2:])


def test_the_facts_of_a_store_follow_answers_events_and_erasure(request, tmp_path):
    for kind in ("memory", "sqlite", "postgres"):
        store = _store(kind, request, tmp_path)
        _facts_contract(store)
        store.close()


def _facts_contract(store) -> None:
    case = store.create_case("w", organisation="A")
    scope = FactScope("2026-01-01", "2026-12-31", "A")
    store.save_facts(case.id, CaseFacts("2026-03-01", "asll", "A",
                                        (("case", "1"), ("frein", "health"), ("frein", "budget"))))
    store.note_fact(case.id, "household_hours", "30")
    store.save_facts(case.id, CaseFacts("2026-04-01", "avdl", "A",
                                        (("case", "1"), ("frein", "health"))))
    counts = store.fact_counts(scope)
    assert counts["frein"] == {"health": 1} and counts["status"] == {"invited": 1}
    assert counts["household_hours"] == {"30": 1}  # kept, and moved with the case's day
    assert store.fact_counts(FactScope("2026-04-01", "2026-04-01", "A", "avdl"))["case"] == {"1": 1}
    assert store.fact_counts(FactScope("2026-03-01", "2026-03-01", "A")) == {}
    other = store.create_case("w", organisation="A")
    store.save_facts(other.id, CaseFacts("2026-05-01", "", "A", (("case", "1"),)))
    store.note_fact(other.id, "household_hours", "10")
    assert store.fact_median(scope, "household_hours") == 20
    assert store.fact_median(FactScope("2026-01-01", "2026-12-31", "B"), "household_hours") is None
    third = store.create_case("w", organisation="A")
    assert store.cases_without_facts() == [third.id]
    store.erase_case(case.id, "w")
    assert store.fact_counts(scope)["case"] == {"1": 1}
    assert store.cases_without_facts() == [third.id]


def test_cases_of_an_older_database_get_their_facts_before_counting(tmp_path):
    store = SqliteStorage(tmp_path / "s.sqlite")
    service = _service(store, Clock())
    case = worker_case(service, ALICE, SINGLE_MOTHER, until="consent_collect")
    store.db.execute("delete from case_facts")  # as a database migrated to v9 is
    assert store.cases_without_facts() == [case.id]
    assert rows(service.indicators(CLARA, YEAR), "levels")["Niveau 3"] == 1
    assert store.cases_without_facts() == []
    store.close()


def test_the_migrations_take_the_versions_assigned():
    assert (9, "_v9_case_facts") in [(v, step.__name__) for v, step in MIGRATIONS]
    assert (8, "_v8_case_facts") in [(v, step.__name__) for v, step in POSTGRES_MIGRATIONS]


def test_a_case_counts_on_its_diagnostic_date_else_its_creation():
    created = date(2026, 2, 1)
    dated = case_facts({"diagnostic_date": date(2026, 3, 5), "measure": "iml"}, {}, created, "A")
    assert (dated.day, dated.measure, dated.organisation) == ("2026-03-05", "iml", "A")
    blank = case_facts({}, {}, created, "A")
    assert blank.day == "2026-02-01" and blank.measure == ""
    assert {k for k, v in blank.items if v == "unknown"} >= {"level", "household_type", "age",
                                                           "origin", "frein", "resource"}
    none = case_facts({"resources": []}, {}, created, "A")
    assert ("resource", "none") in none.items


def test_the_languages_are_those_the_household_answered_in():
    state = {"answers": {
        "a": {"by": "household", "lang": "uk", "skipped": False},
        "b": {"by": "household", "lang": "fr", "skipped": False},
        "c": {"by": "worker", "lang": "ar", "skipped": False},
        "d": {"by": "household", "lang": "ps", "skipped": True}}}
    assert household_languages(state) == {"uk", "fr"}
    assert household_languages({"answers": {}}) == {"unknown"}


def test_periods_are_calendar_months_quarters_years_or_custom():
    assert Period.month(2028, 2) == Period(date(2028, 2, 1), date(2028, 2, 29))
    assert Period.quarter(2026, 4) == Period(date(2026, 10, 1), date(2026, 12, 31))
    assert Period.year(2026).end == date(2026, 12, 31)
    with pytest.raises(ValueError):
        Period(date(2026, 2, 1), date(2026, 1, 1))
    with pytest.raises(ValueError):
        Period.quarter(2026, 5)


def test_a_chart_is_svg_without_script_and_escapes_labels():
    table = Table("t", "Freins <repérés>", [("Santé & soins", 3), ("Budget", 0)], 3)
    svg = chart_svg(table)
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert "<script" not in svg and "style" not in svg and "on" + "load" not in svg
    assert "Santé &amp; soins" in svg and "Freins &lt;repérés&gt;" in svg
    assert 'width="0"' in svg  # the empty bar
    assert "Aucun dossier" in chart_svg(Table("e", "Vide", [], 0))


def test_the_cli_writes_both_files(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("INTAKE_DATA_DIR", str(tmp_path / "data"))
    store = SqliteStorage(tmp_path / "data" / "intake.sqlite")
    service = _service(store, Clock())
    worker_case(service, ALICE, SINGLE_MOTHER, until="consent_collect")
    worker_case(service, OSCAR, SINGLE_MOTHER, until="consent_collect")
    store.close()
    out = tmp_path / "out.csv"
    assert cli_main(["indicators", "--from", "2026-01-01", "--to", "2026-12-31",
                     "--organisation", "CCAS", "--format", "csv", "--out", str(out)]) == 0
    text = out.read_bytes().decode("utf-8-sig")
    assert "Structure;CCAS" in text and "Diagnostics sur la période;1" in text
    assert (out.stat().st_mode & 0o777) == 0o600
    book_path = tmp_path / "out.xlsx"
    assert cli_main(["indicators", "--from", "2026-01-01", "--to", "2026-12-31",
                     "--measure", "asll", "--format", "xlsx", "--out", str(book_path)]) == 0
    summary = list(openpyxl.load_workbook(book_path).worksheets[0].iter_rows(values_only=True))
    assert ("Diagnostics sur la période", 2) in summary  # both organisations
    assert "out.xlsx" in capsys.readouterr().out
    assert cli_main(["indicators", "--from", "2026-12-31", "--to", "2026-01-01",
                     "--out", str(out)]) == 2
