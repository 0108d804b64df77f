"""The diagnostic and the contract as Word documents, built from real cases through Casework.

Each household is answered through Casework.answer (as the household or the worker), the
documents are generated, reopened with python-docx, and their text and tables are checked.
Budget figures are computed by hand in the comments.
"""

from __future__ import annotations

import io
from datetime import date, datetime, timezone

import docx
import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo

import intake_bot.i18n as i18n
from intake_bot.casework import Casework
from intake_bot.config import Settings
from intake_bot.documents import (
    ContractPeriodError, DocumentOptions, DurationBounds, Objective, TemplateError,
    build_contract, build_diagnostic, case_data,
)
from intake_bot.documents.context import contract_context, diagnostic_context
from intake_bot.documents.contract import contract_terms
from intake_bot.documents.measures import funder_message
from intake_bot.documents.objectives import propose_objectives
from intake_bot.documents.render import (
    CONTRACT_TEMPLATE, DIAGNOSTIC_TEMPLATE, render_docx, template_path, undeclared,
)
from intake_bot.engine.reader import Reply
from intake_bot.storage.memory import MemoryStorage

NOW = datetime(2026, 3, 15, 10, 0, tzinfo=timezone.utc)
SETTINGS = Settings(organisation="CCAS de Caen")
NASTY = "Loyer < 500 € & \"gros\" souci {{ 7*7 }} {% if true %}VRAI{% endif %} {_{ x }_} l'été 😀🏠"


# --- building cases ---------------------------------------------------------------------------

def new_casework() -> Casework:
    return Casework(MemoryStorage(), clock=lambda: NOW)


def answer(casework: Casework, case_id: int, answers: list, role: str = "worker",
           locale: str = "fr") -> None:
    """Apply (path, value) pairs: a tuple is tapped codes, a str typed text, None a skip."""
    for path, value in answers:
        if value is None:
            reply = Reply(skip=True, path=path)
        elif isinstance(value, tuple):
            reply = Reply(codes=value, path=path)
        else:
            reply = Reply(text=value, path=path)
        outcome = casework.answer(case_id, reply, role, locale)
        assert outcome.accepted, (path, value, outcome.error)


def group(key: str, entries: list[list[tuple]]) -> list[tuple]:
    """The answers adding each entry of a repeated group, then « no more »."""
    answers: list[tuple] = []
    for index, fields in enumerate(entries):
        answers.append((f"{key}[{index}]", ("yes",)))
        if key == "members" and index == 0:  # issue 14: then each person's presence is asked
            answers.append(("members_all_here", ("no",)))
        answers += [(f"{key}[{index}].{field}", value) for field, value in fields]
    answers.append((f"{key}[{len(entries)}]", ("no",)))
    return answers


def case_header(measure: str, worker: str = "Élodie Durand") -> list[tuple]:
    return [("measure", (measure,)), ("referrer", ("siao",)), ("diagnostic_level", ("level_3",)),
            ("interpreter", ("none",)), ("worker_name", worker), ("diagnostic_date", "10/03/2026")]


def consent(landlord: str = "yes", commission: str = "yes") -> list[tuple]:
    return [("consent_collect", ("yes",)), ("consent_share_landlord", (landlord,)),
            ("consent_share_commission", (commission,))]


def single_man(casework: Casework) -> int:
    case = casework.storage.create_case("worker")
    answer(casework, case.id, case_header("asll"))
    answer(casework, case.id, consent() + [
        ("first_name", "Karim"), ("last_name", "Benali"), ("sex", ("male",)),
        ("birth_date", "04/05/1990"), ("nationality_group", ("outside_eu",)),
        ("french_level", ("everyday",)), ("members[0]", ("no",)),
        ("residence_status", ("refugee",)), ("residence_permit_expiry", "01/01/2035"),
        ("employment", ("jobseeker_registered",)),
        *group("resources", [[("type", ("rsa",)), ("amount", "607,75")]]),
        *group("charges", [[("type", ("phone_internet",)), ("amount", "20")],
                           [("type", ("transport",)), ("amount", "30")]]),
        ("debts[0]", ("no",)),
        ("current_housing", ("chu",)), ("moves_last_5_years", "4"), ("ever_own_lease", ("no",)),
        ("past_eviction", ("no",)),
    ], role="household")
    answer(casework, case.id, [("freins", ("no_rental_experience",)), ("recommended_measure", ("asll",)),
                               ("duration_months", "6"), ("synthesis", "Monsieur est prêt à entrer dans un T1.")])
    return case.id


def couple_four_children(casework: Casework) -> int:
    case = casework.storage.create_case("worker")
    answer(casework, case.id, case_header("avdl_bpi"))
    children = [("Samir", "male", "10/01/2010"), ("Nour", "female", "01/06/2013"),
                ("Adam", "male", "03/09/2016"), ("Lina", "female", "20/11/2020")]
    members = [[("relation", ("partner",)), ("first_name", "Yusuf"), ("last_name", "Haddad"),
                ("sex", ("male",)), ("birth_date", "02/02/1984"), ("lives_here", ("permanent",)),
                ("employment", ("cdi",))]]
    members += [[("relation", ("child",)), ("first_name", name), ("sex", (sex,)),
                 ("birth_date", born), ("lives_here", ("permanent",))] for name, sex, born in children]
    answer(casework, case.id, consent() + [
        ("first_name", "Amina"), ("last_name", "Haddad"), ("sex", ("female",)),
        ("birth_date", "15/07/1986"), *group("members", members),
        *group("resources", [
            [("type", ("salary",)), ("amount", "1 450,50"), ("owner", ("partner",))],
            [("type", ("family_allowances",)), ("amount", "495,20"), ("owner", ("applicant",))],
            [("type", ("housing_benefit",)), ("amount", "320"), ("owner", ("applicant",))]]),
        *group("charges", [[("type", ("rent",)), ("amount", "780")],
                           [("type", ("service_charges",)), ("amount", "95,50")],
                           [("type", ("energy",)), ("amount", "110")],
                           [("type", ("home_insurance",)), ("amount", "18,30")]]),
        ("debts[0]", ("no",)),
        ("current_housing", ("social_tenant",)), ("current_rooms", "3"),
    ], role="household")
    return case.id


def single_mother(casework: Casework) -> int:
    case = casework.storage.create_case("worker")
    answer(casework, case.id, case_header("asll", worker=NASTY))
    answer(casework, case.id, consent(landlord="no", commission="yes") + [
        ("first_name", "Sophie"), ("last_name", "Martin"), ("sex", ("female",)),
        ("birth_date", "12/03/1988"), ("nationality_group", ("france",)),
        *group("members", [
            [("relation", ("child",)), ("first_name", "Léa"), ("sex", ("female",)),
             ("birth_date", "01/02/2015"), ("lives_here", ("permanent",))],
            [("relation", ("child",)), ("first_name", "Tom"), ("sex", ("male",)),
             ("birth_date", "05/06/2019"), ("lives_here", ("part_time",))]]),
        ("employment", None),  # « je ne sais pas »
        *group("resources", [[("type", ("rsa",)), ("amount", "800"), ("owner", ("applicant",))],
                             [("type", ("family_allowances",)), ("amount", "150"), ("owner", ("applicant",))],
                             [("type", ("housing_benefit",)), ("amount", "250"), ("owner", ("applicant",))]]),
        *group("charges", [[("type", ("rent",)), ("amount", "650")],
                           [("type", ("energy",)), ("amount", "90")]]),
        *group("debts", [[("creditor", ("landlord",)), ("amount", "3 200"), ("repayment_plan", ("yes",)),
                          ("monthly_repayment", "100")],
                         [("creditor", ("energy",)), ("amount", "450"), ("repayment_plan", ("no",))]]),
        ("overindebtedness", ("in_progress",)),
        ("current_housing", ("private_tenant",)), ("rent_arrears", ("yes",)),
        ("arrears_cause", ("separation",)), ("arrears_amount", "3200"), ("arrears_months", "5"),
        ("eviction_stage", ("summons",)), ("household_expectations", NASTY),
    ], role="household")
    answer(casework, case.id, [("freins", ("budget_management", "overindebtedness", "eviction_episode")),
                               ("adhesion", ("strong",)), ("duration_months", "12"),
                               ("synthesis", NASTY)])
    return case.id


DARI_EXPECTATIONS = "من یک خانه برای خانواده ام می خواهم"
DARI_AVAILABILITY = "صبح ها"


def dari_household(casework: Casework) -> int:
    case = casework.storage.create_case("worker", locale="fa_AF")
    answer(casework, case.id, case_header("sliding_lease") + [("interpreter", ("tool_languages",))])
    answer(casework, case.id, consent() + [
        ("first_name", "Ahmad"), ("last_name", "Rahimi"), ("sex", ("male",)),
        ("birth_date", "01/01/1980"), ("french_level", ("none",)),
        *group("members", [[("relation", ("partner",)), ("first_name", "Zahra"), ("last_name", "Rahimi"),
                            ("sex", ("female",)), ("birth_date", "01/01/1985"),
                            ("lives_here", ("permanent",))]]),
        ("household_expectations", DARI_EXPECTATIONS), ("availability", DARI_AVAILABILITY),
    ], role="household", locale="fa_AF")
    answer(casework, case.id, [("freins", ("learning_french", "residence_right")),
                               ("recommended_measure", ("asll",))])
    add_translation(casework, case.id, "availability", "Le matin", machine=True)
    return case.id


def add_translation(casework: Casework, case_id: int, path: str, text: str, machine: bool) -> None:
    """Store a translation in the answer record, as the translation step will (issue #4)."""
    state = casework.storage.load_state(case_id)
    record = state["answers"][path]
    record["translation"] = {"text": text, "machine": machine, "lang": record["lang"]}
    casework.storage.save_state(case_id, state)


def edit_record(casework: Casework, case_id: int, path: str, **changes) -> None:
    """Change the provenance of a stored answer (who recorded it, when, witnessed)."""
    state = casework.storage.load_state(case_id)
    state["answers"][path] = {**state["answers"][path], **changes}
    casework.storage.save_state(case_id, state)


LANDLORD = "SCI Les Tilleuls"
PRIVATE_FREINS = ("health", "addictive_behaviour", "overindebtedness", "residence_right")


def tenant(casework: Casework, measure: str, landlord_consent: str, freins: tuple = ()) -> int:
    """A private tenant whose landlord is named; ``landlord_consent`` is "yes", "no", "skip"
    (« je ne sais pas ») or "unanswered"."""
    case = casework.storage.create_case("worker")
    answer(casework, case.id, case_header(measure))
    consents = [("consent_collect", ("yes",))]
    if landlord_consent != "unanswered":
        consents.append(("consent_share_landlord",
                         None if landlord_consent == "skip" else (landlord_consent,)))
    answer(casework, case.id, consents + [
        ("first_name", "Nadia"), ("last_name", "Kaci"), ("current_housing", ("private_tenant",)),
        ("landlord_name", LANDLORD)], role="household")
    if freins:
        answer(casework, case.id, [("freins", freins)])
    return case.id


# --- reading documents ---------------------------------------------------------------------

def opened(content: bytes) -> docx.Document:
    return docx.Document(io.BytesIO(content))


def plain(text: str) -> str:
    """Babel's no-break spaces as plain spaces, to compare with hand-written amounts."""
    return text.replace("\u202f", " ").replace("\u00a0", " ")


def full_text(document: docx.Document) -> str:
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return plain("\n".join(parts))


def table_after(document: docx.Document, header: list[str]) -> list[list[str]]:
    """Rows (without the header) of the first table whose header row is ``header`` (in a
    bilingual contract, each header cell is the French one followed by its translation)."""
    for table in document.tables:
        rows = [[plain(c.text) for c in row.cells] for row in table.rows]
        if rows and len(rows[0]) == len(header) and all(
                cell == french or cell.startswith(french + " /") or cell.startswith(french + "\n")
                for cell, french in zip(rows[0], header)):
            return rows[1:]
    raise AssertionError(f"no table with header {header}")


def facts(document: docx.Document) -> dict[str, str]:
    """Every label -> value pair of the two-column tables."""
    pairs = {}
    for table in document.tables:
        for row in table.rows:
            cells = [plain(c.text) for c in row.cells]
            if len(cells) == 2:
                pairs.setdefault(cells[0], cells[1])
    return pairs


PEOPLE = ["Lien", "Nom et prénom", "Sexe", "Date de naissance (âge)", "Vit au foyer",
          "Situation professionnelle"]
SIGNATURES = ["Partie", "Nom", "Écrire à la main « Lu et approuvé »", "Date et signature"]


@pytest.fixture
def casework() -> Casework:
    return new_casework()


# --- the diagnostic ---------------------------------------------------------------------------

def test_single_man_diagnostic_header_people_and_budget(casework):
    case_id = single_man(casework)
    document = opened(build_diagnostic(casework, case_id, SETTINGS))
    values = facts(document)
    assert values["Structure"] == "CCAS de Caen"  # from the settings: the case names none
    assert values["Travailleur social"] == "Élodie Durand"
    assert values["Date du diagnostic"] == "10/03/2026"
    assert values["Mesure"] == "ASLL (Conseil départemental / FSL)"
    assert values["Orienteur"] == "SIAO"
    assert values["Interprétariat"] == "Aucun (entretien en français)"
    people = table_after(document, PEOPLE)
    assert people == [["Demandeur(se)", "Karim BENALI", "Homme", "04/05/1990 (35 ans)", "Oui",
                       "Sans emploi, inscrit(e) à France Travail"]]
    assert table_after(document, ["Nature", "Bénéficiaire", "Montant mensuel"]) == [
        ["RSA", "sans objet", "607,75 €"]]  # the owner is not asked of a person living alone
    # resources 607,75; charges 20 + 30 = 50; reste à vivre 607,75 − 50 = 557,75;
    # 1 consumption unit: 557,75 / 30 = 18,591… -> 18,59 €; no rent: taux d'effort sans objet
    assert values["Total des ressources mensuelles"] == "607,75 €"
    assert values["Total des charges mensuelles"] == "50,00 €"
    assert values["Reste à vivre mensuel"] == "557,75 €"
    assert values["Reste à vivre par jour et par unité de consommation"] == "18,59 €"
    assert values["Taux d'effort"] == "sans objet (ni loyer ni charges locatives)"
    assert values["Unités de consommation"] == "1"
    assert values["Type de ménage"] == "Homme seul"
    assert table_after(document, ["Créancier", "Montant dû", "Plan de remboursement", "Remboursement mensuel"]) == [
        ["Aucune dette déclarée", "sans objet", "sans objet", "sans objet"]]


def test_single_man_freins_retained_and_suggested(casework):
    document = opened(build_diagnostic(casework, single_man(casework), SETTINGS))
    freins = dict(table_after(document, ["Frein", "Origine"]))
    # suggested by the answers: jobseeker -> insertion; 4 moves -> instabilité; no lease
    assert freins == {
        "Insertion sociale et professionnelle": "Suggéré par l'outil, non retenu",
        "Instabilité locative": "Suggéré par l'outil, non retenu",
        "Absence d'expérience locative": "Retenu par le travailleur social (suggéré par l'outil)",
    }
    text = full_text(document)
    assert "Monsieur est prêt à entrer dans un T1." in text
    assert facts(document)["Mesure préconisée"] == "ASLL (Conseil départemental / FSL)"


def test_couple_with_four_children_budget_by_hand(casework):
    document = opened(build_diagnostic(casework, couple_four_children(casework), SETTINGS))
    values = facts(document)
    # resources 1 450,50 + 495,20 + 320 = 2 265,70; charges 780 + 95,50 + 110 + 18,30 = 1 003,80
    assert values["Total des ressources mensuelles"] == "2 265,70 €"
    assert values["Total des charges mensuelles"] == "1 003,80 €"
    # reste à vivre 2 265,70 − 1 003,80 = 1 261,90
    assert values["Reste à vivre mensuel"] == "1 261,90 €"
    # units on 15/03/2026: applicant 1 + partner 0,5 + Samir (16) 0,5 + Nour (12), Adam (9),
    # Lina (5) 3 × 0,3 = 2,9; per day 1 261,90 / (30 × 2,9) = 1 261,90 / 87 = 14,504… -> 14,50
    assert values["Unités de consommation"] == "2,9"
    assert values["Reste à vivre par jour et par unité de consommation"] == "14,50 €"
    # taux d'effort (780 + 95,50 − 320) / 2 265,70 = 555,50 / 2 265,70 = 24,517… % -> 24,5 %
    assert values["Taux d'effort"] == "24,5 %"
    assert values["Type de ménage"] == "Couple avec enfant(s)"
    people = table_after(document, PEOPLE)
    assert [row[:2] for row in people] == [["Demandeur(se)", "Amina HADDAD"], ["Conjoint(e)", "Yusuf HADDAD"],
                                           ["Enfant", "Samir"], ["Enfant", "Nour"], ["Enfant", "Adam"],
                                           ["Enfant", "Lina"]]
    assert people[2][3] == "10/01/2010 (16 ans)"
    resources = table_after(document, ["Nature", "Bénéficiaire", "Montant mensuel"])
    assert resources[0] == ["Salaire", "Conjoint(e)", "1 450,50 €"]
    assert "Foyer de 6 personnes présentes : 2 adultes et 4 enfants mineurs, soit 2,9 unités de consommation." \
        in full_text(document)


def test_single_mother_debts_eviction_and_skipped_answer(casework):
    document = opened(build_diagnostic(casework, single_mother(casework), SETTINGS))
    values = facts(document)
    assert table_after(document, ["Créancier", "Montant dû", "Plan de remboursement", "Remboursement mensuel"]) == [
        ["Au propriétaire ou au bailleur (loyer)", "3 200,00 €", "Oui", "100,00 €"],
        ["Électricité ou gaz", "450,00 €", "Non", "sans objet"]]
    # resources 800 + 150 + 250 = 1 200; charges 650 + 90 = 740; repayments 100 (plan only)
    # reste à vivre 1 200 − 740 − 100 = 360; units 1 + 0,3 (Léa, 11) + 0,3 (Tom, 6) = 1,6
    # per day 360 / (30 × 1,6) = 360 / 48 = 7,50; taux d'effort (650 − 250) / 1 200 = 33,33… -> 33,3 %
    assert values["Total des ressources mensuelles"] == "1 200,00 €"
    assert values["Remboursements mensuels de dettes"] == "100,00 €"
    assert values["Total des dettes"] == "3 650,00 €"  # 3 200 + 450
    assert values["Reste à vivre mensuel"] == "360,00 €"
    assert values["Reste à vivre par jour et par unité de consommation"] == "7,50 €"
    assert values["Taux d'effort"] == "33,3 %"
    assert values["Stade de la procédure d'expulsion"] == "Assignation au tribunal"
    assert values["Fait générateur de l'impayé"] == "Séparation"
    assert values["Surendettement"] == "Oui, le dossier est en cours"
    assert values["Situation professionnelle"] == "ne sait pas"  # skipped, not unanswered
    assert values["Accord pour le partage avec le bailleur"] == "Non — donné par le ménage le 15/03/2026"
    people = table_after(document, PEOPLE)
    assert people[2][4] == "Une partie du temps (garde alternée)"


def test_answers_appear_verbatim_and_are_never_evaluated(casework):
    case_id = single_mother(casework)
    for content in (build_diagnostic(casework, case_id, SETTINGS), build_contract(casework, case_id, SETTINGS)):
        text = full_text(opened(content))  # the file opens: the XML is well formed
        assert plain(NASTY) in text
        assert "49" not in text and "VRAI" not in text.replace(plain(NASTY), "")


def test_unanswered_reads_non_renseigne_and_no_cell_is_blank(casework):
    case = casework.storage.create_case("worker")
    answer(casework, case.id, [("measure", ("avdl",))])
    document = opened(build_diagnostic(casework, case.id, Settings()))
    values = facts(document)
    for label in ("Structure", "Travailleur social", "Date du diagnostic", "Orienteur",
                  "Total des ressources mensuelles", "Reste à vivre mensuel", "Taux d'effort",
                  "Reste à vivre par jour et par unité de consommation", "Total des dettes"):
        assert values[label] == "non renseigné", label
    assert table_after(document, ["Nature", "Montant mensuel"]) == [["non renseigné", "non renseigné"]]
    assert dict(table_after(document, ["Frein", "Origine"])) == {"Freins non encore examinés": "sans objet"}
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                assert cell.text.strip(), [c.text for c in row.cells]
    assert "None" not in full_text(document)


def test_no_resources_is_an_answer_not_a_gap(casework):
    case = casework.storage.create_case("worker")
    answer(casework, case.id, [("measure", ("asll",)), ("resources[0]", ("no",)),
                               *group("charges", [[("type", ("rent",)), ("amount", "300")]])])
    values = facts(opened(build_diagnostic(casework, case.id, SETTINGS)))
    assert values["Total des ressources mensuelles"] == "0,00 €"
    assert values["Reste à vivre mensuel"] == "-300,00 €"  # 0 − 300: kept, it is information
    assert values["Taux d'effort"] == "non calculable (aucune ressource)"


def test_free_text_in_another_language_is_marked(casework):
    document = opened(build_diagnostic(casework, dari_household(casework), SETTINGS))
    values = facts(document)
    assert values["Attentes du ménage"] == f"{DARI_EXPECTATIONS} (à traduire, original en dari)"
    assert values["Disponibilités"] == (
        f"Le matin (traduction automatique, original en dari : {DARI_AVAILABILITY})")


def test_consents_say_who_recorded_them_and_when(casework):
    case_id = single_man(casework)  # the household answered, on 15/03/2026
    edit_record(casework, case_id, "consent_share_landlord", by="worker", witnessed=True,
                at="2026-03-12T16:45:00.000+00:00")
    edit_record(casework, case_id, "consent_share_commission", by="worker", witnessed=False,
                at="2026-03-13T09:00:00.000+00:00")
    values = facts(opened(build_diagnostic(casework, case_id, SETTINGS)))
    assert values["Accord pour le recueil des informations"] == "Oui — donné par le ménage le 15/03/2026"
    assert values["Accord pour le partage avec le bailleur"] == (
        "Oui — recueilli par le travailleur social, exprimé par le ménage en sa présence, le 12/03/2026")
    assert values["Accord pour le partage avec la commission"] == (
        "Oui — saisi par le travailleur social le 13/03/2026, sans attester que le ménage l'a "
        "exprimé en sa présence")


def test_skipped_and_unanswered_consents_read_as_before(casework):
    case_id = tenant(casework, "asll", "skip")
    values = facts(opened(build_diagnostic(casework, case_id, SETTINGS)))
    assert values["Accord pour le partage avec le bailleur"] == "ne sait pas"
    assert values["Accord pour le partage avec la commission"] == "non renseigné"
    assert values["Accord pour le recueil des informations"] == "Oui — donné par le ménage le 15/03/2026"


# --- the contract -----------------------------------------------------------------------------

def contract_rows(document: docx.Document) -> list[list[str]]:
    return [[plain(c.text) for c in row.cells] for table in document.tables for row in table.rows]


def test_contract_parties_measure_objectives_and_dates(casework):
    document = opened(build_contract(casework, single_mother(casework), SETTINGS))
    text = full_text(document)
    values = facts(document)
    assert values["Financeur"] == "le Conseil départemental (Fonds de solidarité pour le logement, FSL)"
    # starts today (15/03/2026), lasts the recommended 12 months
    assert values["Début de l'accompagnement"] == "15/03/2026"
    assert values["Fin de l'accompagnement"] == "15/03/2027"
    assert "Le ménage : Sophie MARTIN." in text  # the children do not sign
    assert "Le service : CCAS de Caen, représenté par" in text
    assert "Le bailleur" not in text  # ASLL here is bipartite
    # freins budget_management + overindebtedness -> gestion administrative et financière;
    # eviction_episode -> prévention des impayés; overindebtedness -> plan d'apurement
    headings = [line for line in text.splitlines() if line.startswith("Objectif ")]
    assert headings == ["Objectif 1 : Gestion administrative et financière",
                        "Objectif 2 : Prévention des impayés", "Objectif 3 : Plan d'apurement et dettes"]
    assert "Un bilan intermédiaire est fait vers le 13/09/2026 et un bilan final le 15/03/2027." in text
    assert "au moins 1 fois par mois et l'appelle au moins tous les 15 jours" in text
    assert "Le ménage refuse que le diagnostic soit transmis au bailleur" in text
    assert "Le ménage accepte que la commission logement voie le diagnostic." in text
    signatures = table_after(document, SIGNATURES)
    assert [row[:3] for row in signatures] == [
        ["Membre du ménage", "Sophie MARTIN", "\n" + "_" * 20],
        ["Travailleur social référent", plain(NASTY) + ", pour CCAS de Caen", "\n" + "_" * 20]]


def test_contract_objectives_and_period_can_be_chosen(casework):
    case_id = single_man(casework)
    objectives = [Objective("housing_search", "Déposer la demande & visiter 2 logements {{ vite }}"),
                  Objective("french")]
    document = opened(build_contract(casework, case_id, SETTINGS, objectives=objectives,
                                     start=date(2026, 4, 1), end=date(2027, 9, 30)))
    text = full_text(document)
    assert "Objectif 1 : Recherche de logement et parcours résidentiel" in text
    assert "Actions convenues : Déposer la demande & visiter 2 logements {{ vite }}" in text
    assert "Objectif 2 : Apprentissage du français" in text
    assert "Absence d'expérience locative" not in text  # the proposal was replaced
    assert facts(document)["Durée"] == "17 mois"  # 01/04/2026 -> 30/09/2027, ASLL allows 18


@pytest.mark.parametrize("measure, end, allowed", [
    ("asll", date(2027, 9, 15), True),    # 18 months: the ASLL maximum
    ("asll", date(2027, 9, 16), False),   # one day more
    ("avdl", date(2027, 3, 15), True),    # 12 months: the FNAVDL maximum
    ("avdl", date(2027, 4, 15), False),
    ("avdl", date(2026, 5, 15), False),   # 2 months: under the 3-month minimum
    ("sliding_lease", date(2027, 3, 16), False),
])
def test_contract_period_is_checked_against_the_measure(casework, measure, end, allowed):
    case = casework.storage.create_case("worker")
    answer(casework, case.id, [("measure", (measure,))])
    build = lambda: build_contract(casework, case.id, SETTINGS, start=date(2026, 3, 15), end=end)
    if allowed:
        build()
    else:
        with pytest.raises(ContractPeriodError, match="limites de la mesure"):
            build()


def test_duration_bounds_can_be_overridden(casework):
    case = casework.storage.create_case("worker")
    answer(casework, case.id, [("measure", ("avdl",))])
    options = DocumentOptions(duration_bounds={"avdl": DurationBounds(3, 24, 12)})
    build_contract(casework, case.id, SETTINGS, end=date(2028, 3, 15), options=options)
    with pytest.raises(ContractPeriodError):
        build_contract(casework, case.id, SETTINGS, end=date(2026, 3, 1))  # before the start


def test_end_before_start_is_refused(casework):
    case = casework.storage.create_case("worker")
    answer(casework, case.id, [("measure", ("asll",))])
    with pytest.raises(ContractPeriodError, match="doit être après"):
        build_contract(casework, case.id, SETTINGS, start=date(2026, 6, 1), end=date(2026, 5, 1))


def test_tripartite_contract_names_the_landlord_and_the_support_funder(casework):
    case_id = dari_household(casework)
    document = opened(build_contract(casework, case_id, SETTINGS, landlord="Habitat 14 & Cie", locale="fr"))
    text = full_text(document)
    assert "Le bailleur : Habitat 14 & Cie." in text
    assert "Le ménage : Ahmad RAHIMI, Zahra RAHIMI." in text
    # a bail glissant is funded through the measure that supports it: ASLL here
    assert facts(document)["Financeur"] == "le Conseil départemental (Fonds de solidarité pour le logement, FSL)"
    assert "Le bailleur s'engage à : informer rapidement le référent" in text
    signatures = table_after(document, SIGNATURES)
    assert [row[0] for row in signatures] == ["Membre du ménage", "Membre du ménage",
                                              "Travailleur social référent", "Pour le bailleur"]


def test_the_landlord_named_in_the_answers_is_a_party(casework):
    case = casework.storage.create_case("worker")
    answer(casework, case.id, [("measure", ("sliding_lease",))])
    answer(casework, case.id, [("consent_collect", ("yes",)), ("consent_share_landlord", ("yes",)),
                               ("current_housing", ("private_tenant",)),
                               ("landlord_name", "SCI Les Tilleuls <Caen>")], role="household")
    text = full_text(opened(build_contract(casework, case.id, SETTINGS)))
    assert "Le bailleur : SCI Les Tilleuls <Caen>." in text


@pytest.mark.parametrize("measure, landlord_consent", [
    ("asll", "yes"),            # the household agreed, but an ASLL is not tripartite
    ("iml", "no"),              # tripartite, but the household refused to share with the landlord
    ("iml", "skip"),            # « je ne sais pas » is not a yes
    ("iml", "unanswered"),
    ("sliding_lease", "no"),
])
def test_the_landlord_is_no_party_without_a_tripartite_measure_and_consent(casework, measure,
                                                                           landlord_consent):
    case_id = tenant(casework, measure, landlord_consent, freins=("health", "learning_french"))
    for landlord in (None, "Habitat 14"):  # a landlord given when building changes nothing
        document = opened(build_contract(casework, case_id, SETTINGS, landlord=landlord))
        text = full_text(document)
        assert LANDLORD not in text and "Habitat 14" not in text
        assert "Le bailleur :" not in text and "Le bailleur s'engage" not in text
        assert "le ménage, le service et le bailleur" not in text
        signatures = table_after(document, SIGNATURES)
        assert [row[0] for row in signatures] == ["Membre du ménage", "Travailleur social référent"]
        # the household's own contract keeps every objective and names its freins
        assert "Objectif 1 : Santé" in text and "Difficultés concernées : Santé" in text
        assert "D'autres objectifs personnels" not in text


def private_words(casework: Casework, locale: str) -> list[str]:
    """What reveals health, debts or residence status, in ``locale``: the private freins, the
    private objective themes, and the words introducing an objective's freins."""
    freins = casework.flow.field("freins")
    words = [i18n.choice_label(freins, freins.choice(code), locale) for code in PRIVATE_FREINS]
    words += [i18n.render(f"doc.objective.{theme}", locale) for theme in ("health", "repayment_plan")]
    words.append(i18n.render("doc.contract.objective_freins", locale, freins="").strip(" :\u00a0\u202f"))
    return [plain(word) for word in words]


def test_a_landlord_who_signs_reads_no_health_debt_or_residence_status(casework):
    freins = PRIVATE_FREINS + ("eviction_episode", "learning_french")
    case_id = tenant(casework, "iml", "yes", freins=freins)
    for locale in ("fr", "uk"):
        document = opened(build_contract(casework, case_id, SETTINGS, locale=locale))
        text = full_text(document)
        assert f"Le bailleur : {LANDLORD}." in text
        signatures = table_after(document, SIGNATURES)
        assert signatures[-1][0].startswith("Pour le bailleur") and signatures[-1][1] == LANDLORD
        words = ["Santé", "Conduite addictive", "Surendettement", "Droit au séjour"]
        for word in words + private_words(casework, "fr") + private_words(casework, locale):
            assert word.casefold() not in text.casefold(), (locale, word)
        # the other objectives stay, numbered from 1, and one clause says there are others
        headings = [line for line in text.splitlines() if line.startswith("Objectif ")]
        assert headings == ["Objectif 1 : Prévention des impayés", "Objectif 2 : Apprentissage du français"]
        assert ("D'autres objectifs personnels ont été convenus entre le ménage et le service. "
                "Ils ne sont pas communiqués au bailleur.") in text
        assert "Le bailleur s'engage à : informer rapidement le référent" in text


def test_housing_first_support_is_not_a_condition_of_the_lease(casework):
    case = casework.storage.create_case("worker")
    answer(casework, case.id, [("measure", ("housing_first",))])
    text = full_text(opened(build_contract(casework, case.id, SETTINGS)))
    assert "l'accompagnement n'est pas une condition du bail" in text
    assert "l'État et la collectivité (Logement d'abord)" in text
    assert "Le ménage peut demander à tout moment d'arrêter" in text


DARI = {
    "doc.contract.title": "قرارداد همراهی اجتماعی مرتبط به مسکن",
    "doc.contract.read_approved": "خوانده شد و تأیید شد",
    "doc.contract.household_commits": "خانواده متعهد می شود به: {actions}",
    "doc.contract.section.parties": "طرفین قرارداد",
}


@pytest.fixture
def dari_catalog(tmp_path, monkeypatch):
    """A tiny compiled fa_AF catalog with a few doc.* entries, used by intake_bot.i18n."""
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


def test_contract_is_bilingual_in_the_household_language(casework, dari_catalog):
    case_id = dari_household(casework)  # the case's locale is fa_AF
    document = opened(build_contract(casework, case_id, SETTINGS))
    rows = contract_rows(document)
    two_columns = [row for row in rows if len(row) == 2 and row[0] != row[1]]
    headers = [row for row in rows if row == ["Français", "دری"]]
    assert len(headers) == 6  # one bilingual table per section
    assert any(row[0].startswith("Objectif 1") and "خانواده متعهد می شود به: " in row[1]
               and "Le ménage s'engage à : " in row[0] for row in two_columns)
    text = full_text(document)
    assert DARI["doc.contract.title"] in text
    assert "Les parties / " + DARI["doc.contract.section.parties"] in text
    signatures = table_after(document, SIGNATURES)
    assert signatures[0][2] == "\n" + "_" * 20  # « lu et approuvé » is handwritten
    assert facts(document)["Langue du ménage"] == "dari / \u2068دری\u2069"
    bidi = document.tables[1].rows[1].cells[1].paragraphs[0]._p.pPr.find(docx.oxml.ns.qn("w:bidi"))
    assert bidi is not None  # Dari is written right to left


def test_left_to_right_languages_keep_left_to_right_columns(casework):
    document = opened(build_contract(casework, single_man(casework), SETTINGS, locale="uk"))
    assert table_after(document, ["Français", "Українська"])
    assert document.tables[1].rows[1].cells[1].paragraphs[0]._p.pPr is None or \
        document.tables[1].rows[1].cells[1].paragraphs[0]._p.pPr.find(docx.oxml.ns.qn("w:bidi")) is None


def test_french_household_gets_a_single_column_contract(casework):
    document = opened(build_contract(casework, single_man(casework), SETTINGS))
    assert table_after(document, ["Clause"])
    assert not [row for row in contract_rows(document) if row[:1] == ["Français"]]


# --- tables of decisions ------------------------------------------------------------------

def test_objectives_proposed_from_freins():
    codes = lambda freins, housing: [o.code for o in propose_objectives(freins, housing)]
    assert codes(["no_rental_experience"], "chu") == ["access_installation", "housing_search"]
    assert codes(["overindebtedness"], "social_tenant") == ["admin_finance", "repayment_plan"]
    assert codes(["learning_french", "residence_right"], None) == ["admin_finance", "french"]
    assert codes(["eviction_episode"], "private_tenant") == ["arrears_prevention"]
    assert codes([], "social_tenant") == ["arrears_prevention"]
    assert codes(None, None) == ["access_installation"]
    with pytest.raises(ValueError):
        Objective("not_a_theme")


def test_funders_per_measure():
    assert funder_message("asll") == "doc.funder.fsl"
    assert funder_message("avdl_dalo") == "doc.funder.fnavdl"
    assert funder_message("iml") == "doc.funder.state_iml"
    assert funder_message("housing_first") == "doc.funder.housing_first"
    assert funder_message("sliding_lease", "avdl") == "doc.funder.fnavdl"
    assert funder_message("sliding_lease", None) == "doc.funder.to_specify"
    assert funder_message("other") == "doc.funder.to_specify"


# --- templates, generation, command ------------------------------------------------------------

def test_templates_use_only_placeholders_the_context_provides(casework):
    for case_id in (single_mother(casework), dari_household(casework)):
        data = case_data(casework, case_id)
        options = DocumentOptions(organisation="CCAS")
        diagnostic = diagnostic_context(data, options)
        contract = contract_context(data, options, contract_terms(data, options))
        assert undeclared(template_path(DIAGNOSTIC_TEMPLATE), diagnostic) == set()
        assert undeclared(template_path(CONTRACT_TEMPLATE), contract) == set()


def test_a_template_with_an_unknown_placeholder_fails_loudly(tmp_path, casework):
    broken = tmp_path / "broken.docx"
    document = docx.Document()
    document.add_paragraph("{{ organisation }} {{ organisaton }}")
    document.save(broken)
    data = case_data(casework, single_man(casework))
    with pytest.raises(TemplateError, match="organisaton"):
        render_docx(broken, diagnostic_context(data, DocumentOptions()))
