"""Issue 15: documents a service can sign and a household can read.

The four households of tests/test_documents.py (and a few variants) are answered through
Casework, the documents generated and reopened with python-docx; each test asserts one point of
the issue and fails on the code before it.
"""

from __future__ import annotations

import re
import struct
import zlib
from datetime import date

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from docx.oxml.ns import qn

import intake_bot.i18n as i18n
from intake_bot.cases import open_service
from intake_bot.cases.access import SYSTEM_ACCOUNT
from intake_bot.config import Settings
from intake_bot.documents import ContractPeriodError, DocumentOptions, build_contract, build_diagnostic
from intake_bot.storage.base import Account
from intake_bot.storage.memory import MemoryStorage
from intake_bot.storage.sqlite import SqliteStorage
from tests.test_documents import (
    NOW, PEOPLE, SETTINGS, SIGNATURES, answer, case_header, consent, couple_four_children,
    dari_household, facts, full_text, group, new_casework, opened, plain, single_man,
    single_mother, table_after, tenant,
)

WORKER = Account("telegram:1", "Alice", "CCAS de Caen", "worker")
LTR, RTL_OPEN, RTL_CLOSE = "\u202a", "\u2068", "\u2069"


@pytest.fixture
def casework():
    return new_casework()


def headings(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("Objectif ")]


def recommended(casework, measure: str, recommended_measure: str, months: str | None = None) -> int:
    """A case opened under ``measure`` whose diagnostic recommends ``recommended_measure``."""
    case = casework.storage.create_case("worker")
    answer(casework, case.id, case_header(measure))
    answer(casework, case.id, consent() + [("first_name", "Léo"), ("last_name", "Petit")],
           role="household")
    answers = [("recommended_measure", (recommended_measure,))]
    if months:
        answers.append(("duration_months", months))
    answer(casework, case.id, answers)
    return case.id


# --- (1) the contract's measure, its bounds, and the diagnostic that never waits ------------

def test_the_contract_names_the_recommended_measure_its_funder_and_bounds(casework):
    case_id = recommended(casework, "ccapex_diagnostic", "asll", months="18")
    document = opened(build_contract(casework, case_id, SETTINGS))
    values = facts(document)
    assert values["Mesure"] == "ASLL (Conseil départemental / FSL)"
    assert values["Financeur"] == "le Conseil départemental (Fonds de solidarité pour le logement, FSL)"
    assert values["Durée"] == "18 mois"  # ASLL allows 18 months; a CCAPEX diagnostic 12
    assert "Diagnostic CCAPEX" not in full_text(document)


def test_a_recommended_duration_out_of_bounds_names_the_bounds(casework):
    case_id = recommended(casework, "avdl", "avdl", months="18")
    with pytest.raises(ContractPeriodError) as raised:
        build_contract(casework, case_id, SETTINGS)
    assert "de 3 à 12 mois" in str(raised.value) and "18 mois" in str(raised.value)
    assert (raised.value.bounds.minimum, raised.value.bounds.maximum) == (3, 12)
    # the worker chooses a bound: the contract is made
    document = opened(build_contract(casework, case_id, SETTINGS, months=12))
    assert facts(document)["Durée"] == "12 mois"


def service_with(storage):
    storage.save_account(WORKER)
    return open_service(SETTINGS, store=storage, clock=lambda: NOW)


@pytest.mark.parametrize("make_store", [MemoryStorage, lambda: SqliteStorage(":memory:")])
def test_the_service_returns_the_diagnostic_when_only_the_contract_fails(make_store):
    service = service_with(make_store())
    case = service.create_case(WORKER)
    answer(service.casework, case.id, case_header("avdl") + [("recommended_measure", ("avdl",)),
                                                              ("duration_months", "18")])
    built = service.documents(WORKER, case.id)
    assert [d.kind for d in built] == ["diagnostic"]
    assert "de 3 à 12 mois" in built.failed["contract"]
    trail = service.audit_trail(SYSTEM_ACCOUNT, case.id)
    assert any(e["action"] == "document.denied" and e["details"].get("command") == "contract"
               for e in trail), trail
    assert service.case(WORKER, case.id).status == "documents_generated"


@pytest.mark.parametrize("make_store", [MemoryStorage, lambda: SqliteStorage(":memory:")])
def test_the_worker_sets_the_contract_start_and_duration(make_store):
    service = service_with(make_store())
    case = service.create_case(WORKER)
    answer(service.casework, case.id, case_header("avdl") + [("duration_months", "18")])
    service.set_contract_start(WORKER, case.id, date(2026, 4, 1))
    service.set_contract_months(WORKER, case.id, 12)
    built = service.documents(WORKER, case.id)
    contract = next(d for d in built if d.kind == "contract")
    values = facts(opened(contract.content))
    assert values["Début de l'accompagnement"] == "01/04/2026"
    assert values["Fin de l'accompagnement"] == "01/04/2027"
    assert service.case(WORKER, case.id).contract_start == "2026-04-01"


# --- (2) objectives from situations; clauses that fit; landlord once; intensity -----------

def arrears_tenant(casework) -> int:
    """A private tenant with 1 860 € of rent arrears under a repayment plan, no frein retained."""
    case = casework.storage.create_case("worker")
    answer(casework, case.id, case_header("asll"))
    answer(casework, case.id, consent(landlord="no") + [
        ("first_name", "Inès"), ("last_name", "Morel"), ("nationality_group", ("france",)),
        *group("debts", [[("creditor", ("landlord",)), ("amount", "1 860"), ("repayment_plan", ("yes",)),
                          ("monthly_repayment", "60")]]),
        ("current_housing", ("private_tenant",)), ("rent_arrears", ("yes",)),
        ("arrears_amount", "1860"), ("social_housing_application", ("yes",)),
    ], role="household")
    answer(casework, case.id, [("freins", ("housing_instability", "job_instability")),
                               ("intensity", ("reinforced",))])
    return case.id


def test_objectives_are_proposed_from_situations_not_only_freins(casework):
    text = full_text(opened(build_contract(casework, arrears_tenant(casework), SETTINGS)))
    assert "Objectif 3 : Plan d'apurement et dettes" in headings(text)
    assert "Situations concernées : dette de loyer" in text
    assert "plan d'apurement avec le bailleur et à demander une aide du FSL" in text
    assert "Recherche de logement et parcours résidentiel" in text  # application to renew
    assert "renouveler sa demande de logement social" in text


def test_an_expiring_residence_permit_proposes_its_renewal(casework):
    case_id = single_man(casework)
    answer(casework, case_id, [("residence_permit_expiry", "01/05/2026")], role="household")
    text = full_text(opened(build_contract(casework, case_id, SETTINGS)))
    assert "Gestion administrative et financière" in text
    assert "titre de séjour à renouveler bientôt" in text


def test_clauses_that_do_not_fit_the_household_are_left_out(casework):
    french = full_text(opened(build_contract(casework, single_mother(casework), SETTINGS)))
    assert "Gestion administrative et financière" in french
    assert "titre de séjour" not in french  # a French citizen
    text = full_text(opened(build_contract(casework, arrears_tenant(casework), SETTINGS)))
    assert "Occupation et modes d'habiter" in text and "Insertion professionnelle" in text
    assert "animaux" not in text  # no animals
    assert "rester inscrit" not in text and "s'inscrire, s'il le souhaite" in text
    dari_id = dari_household(casework)
    answer(casework, dari_id, [("consent_share_landlord", ("no",))], role="household", locale="fa_AF")
    dari = full_text(opened(build_contract(casework, dari_id, SETTINGS, locale="fr")))
    assert "titre de séjour" in dari  # the frein « droit au séjour »


def test_the_landlord_commitment_is_written_once(casework):
    case_id = tenant(casework, "iml", "yes", freins=("eviction_episode", "learning_french",
                                                      "housing_instability"))
    text = full_text(opened(build_contract(casework, case_id, SETTINGS)))
    assert len(headings(text)) == 3
    assert text.count("Le bailleur s'engage à") == 1


def test_intensity_sets_the_contact_frequency(casework):
    text = full_text(opened(build_contract(casework, arrears_tenant(casework), SETTINGS)))
    assert "au moins 2 fois par mois et l'appelle au moins tous les 7 jours" in text
    case_id = single_man(casework)
    answer(casework, case_id, [("intensity", ("light",))])
    assert "tous les 30 jours" in full_text(opened(build_contract(casework, case_id, SETTINGS)))


# --- (3) the diagnostic ---------------------------------------------------------------------

def test_each_adult_professional_situation_is_printed(casework):
    document = opened(build_diagnostic(casework, couple_four_children(casework), SETTINGS))
    people = table_after(document, PEOPLE)
    assert people[1][:2] == ["Conjoint(e)", "Yusuf HADDAD"] and people[1][5] == "Travail en CDI"
    assert people[0][5] == "non renseigné"  # the applicant did not answer
    assert people[5][5] == "sans objet"  # Lina, 5


def test_choices_print_their_administrative_wording(casework):
    case_id = single_man(casework)
    answer(casework, case_id, [("interpreter", ("tool_languages",))])
    answer(casework, case_id, [("mobility", ("driving_licence", "vehicle")),
                               ("furniture_needs", ("none",))], role="household")
    text = full_text(opened(build_diagnostic(casework, case_id, SETTINGS)))
    assert "Titulaire du permis de conduire, Dispose d'un véhicule (voiture, moto ou scooter)" in text
    assert "Aucun besoin d'équipement" in text
    assert "Traduction par l'outil (questions dans la langue du ménage)" in text
    for first_person in ("J'ai le permis", "J'ai une voiture", "j'ai ce qu'il faut", "Langues de cet outil"):
        assert first_person not in text


def test_no_rent_makes_the_taux_d_effort_sans_objet_and_its_base_is_a_setting(casework):
    values = facts(opened(build_diagnostic(casework, single_man(casework), SETTINGS)))
    assert values["Taux d'effort"] == "sans objet (ni loyer ni charges locatives)"
    case_id = couple_four_children(casework)
    document = opened(build_diagnostic(casework, case_id, SETTINGS))
    assert facts(document)["Taux d'effort"] == "24,5 %"
    assert "ressources mensuelles, aide au logement comprise" in full_text(document)
    # without the housing benefit: 555,50 / (2 265,70 − 320) = 555,50 / 1 945,70 = 28,550… -> 28,6 %
    options = DocumentOptions(organisation="CCAS", effort_with_housing_benefit=False)
    document = opened(build_diagnostic(casework, case_id, SETTINGS, options=options))
    assert facts(document)["Taux d'effort"] == "28,6 %"
    assert "ressources mensuelles hors aide au logement" in full_text(document)
    assert Settings.from_env({"INTAKE_EFFORT_BASE": "without_housing_benefit"}).effort_with_housing_benefit is False


def test_the_occupancy_norm_is_named(casework):
    text = full_text(opened(build_diagnostic(casework, couple_four_children(casework), SETTINGS)))
    assert "Norme de peuplement de l'INSEE" in text


def test_done_on_the_diagnostic_date_with_a_signature_line(casework):
    text = full_text(opened(build_diagnostic(casework, single_man(casework), SETTINGS)))
    assert "Fait le 10/03/2026, par Élodie Durand (CCAS de Caen)." in text  # generated 15/03
    assert "Signature du travailleur social :" in text


def test_names_and_numbers_are_never_to_translate(casework):
    case_id = dari_household(casework)
    answer(casework, case_id, [("current_housing", ("private_tenant",)), ("landlord_name", "SCI Les Acacias"),
                               ("social_housing_application", ("yes",)),
                               ("social_housing_application_number", "0751223000123")],
           role="household", locale="fa_AF")
    values = facts(opened(build_diagnostic(casework, case_id, SETTINGS)))
    assert values["Bailleur"] == "SCI Les Acacias"
    assert values["Numéro unique de demande"] == "0751223000123"


# --- (4) both documents -------------------------------------------------------------------

def both(casework, case_id, settings=SETTINGS):
    return [opened(build_diagnostic(casework, case_id, settings)),
            opened(build_contract(casework, case_id, settings))]


def test_page_numbers_language_and_rows_kept_whole(casework):
    for document in both(casework, single_mother(casework)):
        footer = document.sections[0].footer._element.xml
        assert "PAGE" in footer and "NUMPAGES" in footer and " sur " in footer
        lang = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")) \
            .find(qn("w:rPr")).find(qn("w:lang"))
        assert lang.get(qn("w:val")) == "fr-FR"
        for table in document.tables:
            for row in table.rows:
                assert row._tr.trPr is not None and row._tr.trPr.find(qn("w:cantSplit")) is not None


def png() -> bytes:
    """A 1×1 PNG."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\xff\xff")) + chunk(b"IEND", b""))


def test_logo_address_and_phone_from_configuration_or_nothing(casework, tmp_path):
    case_id = single_man(casework)
    for document in both(casework, case_id):
        header = "\n".join(c.text for t in document.sections[0].header.tables for r in t.rows for c in r.cells)
        assert "[Logo" not in header and "Tél." not in header
        assert "graphicData" not in document.sections[0].header._element.xml
    logo = tmp_path / "logo.png"
    logo.write_bytes(png())
    settings = Settings(organisation="CCAS de Caen", service_address="1 place de la Mairie, 14000 Caen",
                        service_phone="02 31 00 00 00", service_city="Caen", logo_path=logo)
    for document in both(casework, case_id, settings):
        header = document.sections[0].header
        text = "\n".join(c.text for t in header.tables for r in t.rows for c in r.cells)
        assert "1 place de la Mairie, 14000 Caen" in text and "Tél. : 02 31 00 00 00" in text
        assert "graphicData" in header._element.xml  # the logo
    contract = both(casework, case_id, settings)[1]
    assert "Fait à Caen" in full_text(contract)


def test_years_plurals_and_children_sex(casework):
    case_id = single_man(casework)
    answer(casework, case_id, [("past_eviction", ("yes",)), ("past_eviction_year", "2019")], role="household")
    text = full_text(opened(build_diagnostic(casework, case_id, SETTINGS)))
    assert "2 019" not in text and facts(opened(build_diagnostic(casework, case_id, SETTINGS)))[
        "Année de l'expulsion"] == "2019"
    assert "Foyer de 1 personne présente : 1 adulte et 0 enfant mineur, soit 1 unité de consommation." in text
    document = opened(build_diagnostic(casework, couple_four_children(casework), SETTINGS))
    sexes = [row[2] for row in table_after(document, PEOPLE)]
    assert sexes == ["Femme", "Homme", "Garçon", "Fille", "Garçon", "Fille"]


def test_a_one_year_old_is_1_an(casework):
    case = casework.storage.create_case("worker")
    answer(casework, case.id, [("measure", ("asll",))])
    answer(casework, case.id, [("birth_date", "01/01/2025")], role="household")
    text = full_text(opened(build_diagnostic(casework, case.id, SETTINGS)))
    assert "01/01/2025 (1 an)" in text


DARI = {
    "doc.contract.label.measure": "تدبیر",
    "doc.contract.label.start": "آغاز",
    "doc.contract.label.party": "طرف",
    "doc.contract.done_at": "در {place}",
    "doc.contract.party_household": "خانواده: {names}.",
}


@pytest.fixture
def dari_catalog(tmp_path, monkeypatch):
    from intake_bot.messages import MESSAGES

    catalog = Catalog(locale="fa_AF", domain="intake_bot")
    for message_id, text in DARI.items():
        catalog.add(MESSAGES[message_id], text, context=message_id)
    target = tmp_path / "fa_AF" / "LC_MESSAGES"
    target.mkdir(parents=True)
    with open(target / "intake_bot.mo", "wb") as mo:
        write_mo(mo, catalog)
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    i18n.translations.cache_clear()
    yield
    i18n.translations.cache_clear()


def test_key_facts_and_signature_headers_are_bilingual_and_rtl_is_isolated(casework, dari_catalog):
    document = opened(build_contract(casework, dari_household(casework), SETTINGS))
    values = facts(document)
    assert values[f"Mesure / {RTL_OPEN}تدبیر{RTL_CLOSE}"].startswith("ASLL (Conseil départemental / FSL)")
    start = values[f"Début de l'accompagnement / {RTL_OPEN}آغاز{RTL_CLOSE}"]
    assert start.startswith(f"15/03/2026 / {RTL_OPEN}") and start.endswith(RTL_CLOSE)
    raw = [c.text for t in document.tables for r in t.rows for c in r.cells if c.text.startswith("15/03/2026 /")]
    assert raw and " " not in raw[0].split(RTL_OPEN)[1]  # the household's date never splits (no-break)
    assert any(cell.startswith(f"Partie / {RTL_OPEN}طرف{RTL_CLOSE}")
               for table in document.tables for cell in [plain(c.text) for c in table.rows[0].cells])
    text = full_text(document)
    assert f"خانواده: {RTL_OPEN}Ahmad RAHIMI, Zahra RAHIMI{RTL_CLOSE}." in text
    subtitle = document.styles["Subtitle"]
    assert subtitle.font.italic is False
    assert subtitle.element.rPr.find(qn("w:iCs")).get(qn("w:val")) == "0"


def test_handwritten_read_and_approved_and_done_at(casework):
    document = opened(build_contract(casework, single_mother(casework), SETTINGS))
    signatures = table_after(document, SIGNATURES)
    assert all(row[2].strip("\n_") == "" for row in signatures)
    assert "Lu et approuvé" not in "\n".join(cell for row in signatures for cell in row)
    assert "Fait à ____________________, en autant d'exemplaires que de parties." in full_text(document)


def test_ukrainian_dates_have_one_full_stop(casework):
    text = full_text(opened(build_contract(casework, single_mother(casework), SETTINGS, locale="uk")))
    assert not re.search(r"(?<!\.)\.\.(?!\.)", text)


# --- (5) PDF --------------------------------------------------------------------------------

def test_pdf_is_made_when_libreoffice_is_installed(casework, tmp_path):
    from intake_bot.documents import pdf

    if not pdf.available():
        pytest.skip("LibreOffice (soffice) is not installed: --pdf says so and writes the .docx only")
    content = pdf.to_pdf(build_diagnostic(casework, single_man(casework), SETTINGS), "diagnostic.docx")
    assert content is not None and content.startswith(b"%PDF")


def test_pdf_without_libreoffice_is_none(monkeypatch):
    from intake_bot.documents import pdf

    monkeypatch.setenv("PATH", "")
    monkeypatch.delenv("INTAKE_SOFFICE", raising=False)
    assert pdf.available() is False and pdf.to_pdf(b"not used") is None


def cli_case(tmp_path, monkeypatch, duration: str = "6") -> str:
    """A case in a SQLite file the CLI reads (INTAKE_DATA_DIR); its reference."""
    monkeypatch.setenv("INTAKE_DATA_DIR", str(tmp_path / "data"))
    store = SqliteStorage(tmp_path / "data" / "intake.sqlite")
    service = service_with(store)
    case = service.create_case(WORKER)
    answer(service.casework, case.id, case_header("avdl") + [("duration_months", duration)])
    store.close()
    return case.reference


def test_the_cli_writes_the_diagnostic_and_says_why_the_contract_is_missing(tmp_path, monkeypatch, capsys):
    from intake_bot.cli import main as cli_main

    reference = cli_case(tmp_path, monkeypatch, duration="18")
    out = tmp_path / "out"
    assert cli_main(["documents", reference, "--out", str(out)]) == 0
    assert [p.name for p in out.iterdir()] == [f"diagnostic_social_{reference}.docx"]
    assert "de 3 à 12 mois" in capsys.readouterr().err


def test_the_cli_pdf_option(tmp_path, monkeypatch, capsys):
    """--pdf writes a PDF beside each .docx with LibreOffice; without it, says so and writes
    the .docx only."""
    from intake_bot.cli import main as cli_main
    from intake_bot.documents import pdf

    reference = cli_case(tmp_path, monkeypatch)
    if pdf.available():
        out = tmp_path / "with"
        assert cli_main(["documents", reference, "--out", str(out), "--pdf"]) == 0
        assert sorted(p.suffix for p in out.iterdir()) == [".docx", ".docx", ".pdf", ".pdf"]
    monkeypatch.setenv("PATH", "")
    monkeypatch.delenv("INTAKE_SOFFICE", raising=False)
    out = tmp_path / "without"
    assert cli_main(["documents", reference, "--out", str(out), "--pdf"]) == 0
    assert sorted(p.suffix for p in out.iterdir()) == [".docx", ".docx"]
    assert "LibreOffice (soffice) n'est pas installé" in capsys.readouterr().err
