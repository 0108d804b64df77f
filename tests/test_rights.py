"""Rights check (issue 17): household mapping, estimates against hand computations, the
non-take-up flag, the case service method, and the check being unavailable.

Reference households are checked against hand computations for the legislation of
September 2026 (diagnostic dated 15/09/2026). The scale values come from the parameters of
openfisca-france 176.1.8 (`openfisca_france/parameters/...`, dotted paths quoted below); the
arithmetic is ours. September is chosen because the three months before it (June-August,
which RSA and prime d'activité average over) share one set of values: RSA and PPA amounts
and BMAF since 1 April 2026, SMIC since 1 June 2026.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from decimal import Decimal

import pytest

from intake_bot.cases import CaseClosed, CaseNotFound, open_service
from intake_bot.config import Settings
from intake_bot.engine.reader import Reply
from intake_bot.rights import (
    PENDING, READY, UNAVAILABLE, RightsChecker, WorkerProcess, compare, flagged_benefits,
    is_flagged,
)
from intake_bot.rights.mapping import composition, declared, legislation_month, situation
from intake_bot.rights.report import INCOMPLETE, RightsReport
from intake_bot.rights.text import report_text
from intake_bot.storage.memory import MemoryStorage
from tests.test_cases import ALICE, OSCAR, answer_all, complete

TODAY = date(2026, 12, 3)
SEPTEMBER = date(2026, 9, 15)
D = Decimal


def member(relation, born, lives_here="permanent", **more):
    return {"relation": relation, "birth_date": born, "lives_here": lives_here, **more}


def salary(amount, owner="applicant"):
    return {"type": "salary", "amount": D(amount), "owner": owner}


# --- the household composition, on its own -----------------------------------------------

def test_the_applicant_is_the_reference_person_the_partner_the_spouse_children_dependants():
    answers = {
        "birth_date": date(1985, 1, 1), "family_status": "married",
        "members": [
            member("child", date(2001, 5, 1)),  # 25 on the date: no longer a dependant
            member("partner", date(1986, 2, 1)),
            member("child", date(2015, 9, 1), "part_time"),
            member("child", None),  # unknown age: a dependant
            member("other_adult", date(1950, 1, 1)),
            member("child", date(2026, 10, 1), "joining"),  # not arrived: left out
        ],
    }
    comp = composition(answers, date(2026, 9, 1))
    assert comp.applicant.id == "demandeur" and comp.partner.id == "membre_2"
    assert [c.id for c in comp.children] == ["membre_3", "membre_4"]
    assert [c.shared_custody for c in comp.children] == [True, False]
    assert [o.id for o in comp.others] == ["membre_1", "membre_5"]
    sit = situation(answers, date(2026, 9, 1))
    menage = sit["menages"]["menage"]
    assert menage["personne_de_reference"] == ["demandeur"] and menage["conjoint"] == ["membre_2"]
    assert menage["enfants"] == ["membre_3", "membre_4"]
    assert menage["autres"] == ["membre_1", "membre_5"]
    assert sit["familles"]["famille"] == {"parents": ["demandeur", "membre_2"],
                                          "enfants": ["membre_3", "membre_4"]}
    assert sit["familles"]["famille_membre_1"] == {"parents": ["membre_1"]}  # own family
    assert sit["foyers_fiscaux"]["foyer"]["declarants"] == ["demandeur", "membre_2"]  # married
    assert "membre_6" not in sit["individus"]
    assert sit["individus"]["membre_3"]["garde_alternee"]["2026-09"] is True


def test_an_unmarried_couple_files_two_tax_returns_and_a_single_parent_is_alone():
    cohabiting = {"family_status": "cohabiting", "members": [member("partner", date(1990, 1, 1))]}
    foyers = situation(cohabiting, date(2026, 9, 1))["foyers_fiscaux"]
    assert foyers["foyer"]["declarants"] == ["demandeur"]
    assert foyers["foyer_membre_1"] == {"declarants": ["membre_1"]}
    single = {"members": [member("child", date(2018, 1, 1))]}
    comp = composition(single, date(2026, 9, 1))
    assert comp.partner is None and len(comp.children) == 1
    assert situation(single, date(2026, 9, 1))["familles"]["famille"]["parents"] == ["demandeur"]


def test_resources_go_to_their_owner_and_benefits_are_not_inputs():
    answers = {
        "members": [member("partner", date(1990, 1, 1)), member("other_adult", date(1960, 1, 1)),
                    member("other_adult", date(1970, 1, 1))],
        "resources": [salary("1200", "partner"), salary("300", "other_member"),
                      {"type": "rsa", "amount": D("200"), "owner": "applicant"},
                      {"type": "unemployment_benefit", "amount": D("700"), "owner": "applicant"}],
    }
    people = situation(answers, date(2026, 9, 1))["individus"]
    assert people["membre_1"]["salaire_net"]["2026-09"] == 1200.0
    assert people["membre_2"]["salaire_net"]["2026-09"] == 300.0  # the oldest other member
    assert people["demandeur"]["chomage_net"]["2023-10"] == 700.0  # 36 months of history
    assert "rsa" not in people["demandeur"]
    assert declared(answers) == {"salary": D("1500"), "rsa": D("200"),
                                 "unemployment_benefit": D("700")}


def test_the_legislation_month_is_the_diagnostic_month_else_the_current_month():
    assert legislation_month({"diagnostic_date": date(2026, 9, 15)}, TODAY) == date(2026, 9, 1)
    assert legislation_month({}, TODAY) == date(2026, 12, 1)


# --- estimated against declared -------------------------------------------------------------

def test_the_flag_rule_nothing_declared_or_a_large_gap():
    assert is_flagged(D("573.49"), D("0"))
    assert not is_flagged(D("573.49"), D("573"))
    assert not is_flagged(D("573.49"), D("540"))  # 33 € short: not a large gap
    assert is_flagged(D("573.49"), D("300"))  # 273 € and 48 % short
    assert not is_flagged(D("80"), D("40"))  # 50 % short but only 40 €
    assert not is_flagged(D("0"), D("0")) and not is_flagged(None, D("0"))
    assert not is_flagged(D("100"), None)  # budget not answered: no basis to compare


def test_a_report_reads_as_a_list_with_the_caveat_and_the_flag_wording():
    lines = compare({"rsa": D("573.49"), "prime_activite": D("0.00")}, {"salary": D("0")},
                    {"aide_logement": "commune"})
    report = RightsReport(READY, date(2026, 9, 1), lines, ("unfurnished",), "176.1.8")
    text = report_text(report, "D-000001")
    assert "droit potentiellement non demandé" in text
    assert "septembre 2026" in text and "176.1.8" in text
    assert "à confirmer avec la CAF" in text
    assert "commune du logement inconnue" in text
    assert [line.code for line in flagged_benefits(report)] == ["rsa"]
    assert flagged_benefits(RightsReport(PENDING, date(2026, 9, 1))) == ()


def test_without_answered_resources_or_with_a_closed_residence_status_no_worker_is_needed():
    checker = RightsChecker(WorkerProcess(module="intake_bot.rights.no_such_module"))
    try:
        assert checker.report({}, TODAY).status == INCOMPLETE
        asylum = checker.report({"residence_status": "asylum_seeker", "resources": []}, TODAY)
        assert asylum.status == READY and asylum.notes == ("residence_status",)
        assert all(line.estimated == 0 and not line.flagged for line in asylum.lines)
        assert checker.worker.process is None  # never started
    finally:
        checker.close()


# --- the worker process unavailable (a module that cannot import: not a mock) --------------

def test_an_unavailable_worker_is_said_and_the_case_keeps_working():
    store = MemoryStorage()
    store.save_account(ALICE)
    service = open_service(Settings(organisation="CCAS"), store=store,
                           clock=lambda: datetime(2026, 11, 25, tzinfo=timezone.utc))
    case, _link = complete(service)
    checker = RightsChecker(WorkerProcess(module="intake_bot.rights.no_such_module"))
    try:
        report = service.rights(ALICE, case.id, checker=checker)
        again = service.rights(ALICE, case.id, wait=0, checker=checker)
    finally:
        checker.close()
    assert report.status == UNAVAILABLE and again.status == UNAVAILABLE
    assert report_text(report, case.reference).startswith("L'estimation des droits n'est pas disponible")
    assert len(service.documents(ALICE, case.id)) == 2  # the documents as before
    audit = [a for a in store.audit_log(case.id) if a["action"] == "rights.check"]
    assert [a["details"]["status"] for a in audit] == ["unavailable", "unavailable"]


# --- with openfisca-france: hand-checked reference households -----------------------------

@pytest.fixture(scope="module")
def checker():
    pytest.importorskip("openfisca_france")
    shared = RightsChecker()
    yield shared
    shared.close()


def amounts(report):
    assert report.status == READY, report
    return {line.code: line.estimated for line in report.lines}


SINGLE_ADULT = {
    "diagnostic_date": SEPTEMBER, "birth_date": date(1985, 1, 1), "family_status": "single",
    "nationality_group": "france", "employment": "unemployed_not_registered",
    "current_housing": "hosted_family", "resources": [], "charges": [],
}


def test_a_single_adult_without_income_hosted_by_family(checker):
    """RSA, single adult, no income, hosted free of charge, September 2026.

    Montant forfaitaire = RSA base amount 651.69 (rsa.rsa_m.montant_de_base_du_rsa, 1 April 2026).
    Forfait logement (hosted free) = 12 % (rsa.rsa_fl.forfait_logement.taux_1_personne)
    × 651.69 = 78.2028.  RSA = 651.69 − 78.2028 = 573.4872 → 573.49 € a month.
    No work income: no prime d'activité; no child: no AF, CF, ASF; hosted: no housing aid.
    """
    got = amounts(checker.report(SINGLE_ADULT, TODAY))
    assert abs(got["rsa"] - D("573.49")) <= 1
    for code in ("prime_activite", "aide_logement", "af", "cf", "asf"):
        assert got[code] == 0, code
    assert got["aah"] is None  # no AAH recognition: not assessed


SINGLE_PARENT = {
    "diagnostic_date": SEPTEMBER, "birth_date": date(1988, 1, 1), "sex": "female",
    "family_status": "single", "nationality_group": "france", "employment": "part_time",
    "members": [member("child", date(2017, 3, 1)), member("child", date(2020, 5, 1))],
    "current_housing": "hosted_family", "resources": [salary("800")], "charges": [],
}


def test_a_single_parent_with_two_children_and_a_part_time_salary(checker):
    """Single mother, children 9 and 6, 800 € net salary a month, hosted, September 2026.

    Scales: BMAF 478.16 (prestations_familiales.bmaf.bmaf, 1 April 2026); PPA base 638.28
    (ppa.pa_m.montant_de_base); SMIC 12.31 €/h (marche_travail.salaire_minimum.smic.smic_b_horaire).

    AF, 2 children: 32 % BMAF (af.af_cm.taux.enf2) = 0.32 × 478.16 = 153.0112 → 153.01.
    ASF, 2 children, one parent: 2 × 42.2 % BMAF (asf.montant_asf.orphelin_assimile_seul_parent)
      = 2 × 201.7835 = 403.567 → 403.57.
    CF: needs 3 children → 0.
    RSA: montant = 651.69 × (1 + 0.5 + 0.3) = 1173.042; resources = 800 + AF 153.0112
      + ASF counted at its RSA flat rate 2 × 22.5 % BMAF = 215.172, + forfait logement
      16.5 % × 1173.042 = 193.552 → 1361.735 > 1173.042 → RSA 0.
    Prime d'activité (each month of June-August, then their average, all equal):
      montant = 638.28 × 1.8 = 1148.904;  59.85 % of earnings (ppa.pa_m.majoration_ressources_
      revenus_activite) = 0.5985 × 800 = 478.80;
      bonus: from 59 × 12.31 = 726.29 to 138 × 12.31 = 1698.78 € of earnings it grows to
      37.7 % × 638.28 = 240.6316: (800 − 726.29) / (1698.78 − 726.29) × 240.6316 = 18.2387;
      resources = 800 + 153.0112 + 215.172 = 1168.1832, + forfait logement 16.5 % × 1148.904
      = 189.5692 → 1357.7524 (more than the montant 1148.904, so it is what is deducted);
      PPA = 1148.904 + 478.80 + 18.2387 − 1357.7524 = 288.19 € a month.
    """
    got = amounts(checker.report(SINGLE_PARENT, TODAY))
    expected = {"rsa": "0", "prime_activite": "288.19", "af": "153.01", "asf": "403.57",
                "cf": "0", "aide_logement": "0"}
    for code, value in expected.items():
        assert abs(got[code] - D(value)) <= 1, (code, got[code])


COUPLE = {
    "diagnostic_date": SEPTEMBER, "birth_date": date(1985, 1, 1), "sex": "male",
    "family_status": "married", "nationality_group": "france", "employment": "cdi",
    "members": [member("partner", date(1987, 1, 1), employment="unemployed_not_registered"),
                member("child", date(2015, 9, 1)), member("child", date(2018, 9, 1)),
                member("child", date(2021, 9, 1))],
    "current_housing": "private_tenant", "home_postcode": "69008", "home_commune": "Lyon",
    "resources": [salary("1500")], "charges": [{"type": "rent", "amount": D("750")}],
}


def test_a_couple_with_three_children_one_salary_private_rent(checker):
    """Married couple, children 11, 8 and 5, one net salary of 1500 €, rent 750 € in Lyon
    (housing aid zone 2), September 2026. Resources of year N-2 and of the last 12 months are
    the same salary: 12 × 1500 = 18000, less the 10 % work deduction = 16200 a year.

    AF, 3 children: (32 % + 41 %) BMAF = 0.73 × 478.16 = 349.0568 → 349.06 (income far below
      the first ceiling: full rate).
    CF, 3 children aged 3+: ceiling for 3 children, one income = 24853 × (1 + 0.25 + 0.25
      + 0.3) = 44735.40 (cf.cf_plaf); 16200 ≤ 50 % of it (22367.70): increased rate 62.48 % BMAF
      (cf.cf_cm.complement_familial.taux_cf_majore) = 298.754 → 298.75.
    Housing aid (ALF: private rent, family), zone 2 (aides_logement.allocations_logement.locatif):
      rent ceiling L = 399.89 + 2 × 58.21 = 516.31 (rent 750 is above: L = 516.31);
      flat-rate charges C = 60.59 + 3 × 13.74 = 101.81;  L + C = 618.12;
      P0 = max(8.5 % × 618.12, 39.56) = 52.5402;
      R0 (3 dependants) = 9498;  R − R0 = 16200 − 9498 = 6702;
      TF (3 children) = 2.01 %;  RL = L / reference rent (516.31) = 100 %:
      TL = 0.68 % × (1.00 − 0.75) + 0.45 % × (0.75 − 0.45) = 0.305 %;  Tp = 2.315 %;
      Pp = 52.5402 + 2.315 % × 6702 = 52.5402 + 155.1513 = 207.6915;
      aid = 618.12 − 207.6915 = 410.4285 (rent under 2.5 × L: no degressivity),
      − 5 € flat reduction = 405.43, − CRDS 0.5 % (2.03) = 403.40 → paid to the euro below: 403.
    RSA: montant = 651.69 × (1 + 0.5 + 0.3 + 0.3 + 0.4) = 1629.225; resources 1500 + AF 349.0568
      + CF counted at its base rate 41.65 % BMAF = 199.1536 (the increase is not counted)
      + forfait logement (housing aid) 16.5 % × 651.69 × 1.8 = 193.552 → 2241.76 > 1629.225 → 0.
    Prime d'activité: montant = 638.28 × 2.5 = 1595.70; 59.85 % × 1500 = 897.75;
      bonus (1500 − 726.29) / 972.49 × 240.6316 = 191.4445;
      resources 1500 + 349.0568 + 199.1536 + forfait logement 16.5 % × 1148.904 = 189.5692
      → 2237.7796;  PPA = 1595.70 + 897.75 + 191.4445 − 2237.7796 = 447.11.
    ASF: a couple → 0.
    """
    report = checker.report(COUPLE, TODAY)
    got = amounts(report)
    expected = {"af": "349.06", "cf": "298.75", "aide_logement": "403", "rsa": "0",
                "prime_activite": "447.11", "asf": "0"}
    for code, value in expected.items():
        assert abs(got[code] - D(value)) <= 1, (code, got[code])
    housing = next(line for line in report.lines if line.code == "aide_logement")
    assert housing.kind == "alf"
    assert report.notes == ("unfurnished",)


def test_declaring_the_rsa_removes_its_flag(checker):
    without = checker.report(SINGLE_ADULT, TODAY)
    declaring = checker.report(
        {**SINGLE_ADULT, "resources": [{"type": "rsa", "amount": D("573")}]}, TODAY)
    assert "rsa" in [line.code for line in flagged_benefits(without)]
    assert "rsa" not in [line.code for line in flagged_benefits(declaring)]
    rsa = next(line for line in declaring.lines if line.code == "rsa")
    assert rsa.declared == D("573") and abs(rsa.estimated - D("573.49")) <= 1


def test_an_unknown_commune_leaves_housing_aid_unestimated_and_says_why(checker):
    report = checker.report({**COUPLE, "home_postcode": None, "home_commune": None}, TODAY)
    housing = next(line for line in report.lines if line.code == "aide_logement")
    assert housing.estimated is None and housing.reason == "commune" and not housing.flagged
    no_rent = checker.report({**COUPLE, "charges": []}, TODAY)
    assert next(line for line in no_rent.lines if line.code == "aide_logement").reason == "rent"


def test_the_same_answers_are_computed_once_and_a_door_never_waits(checker):
    before = checker.worker.requests
    checker.report(SINGLE_PARENT, TODAY)
    checker.report(dict(SINGLE_PARENT), TODAY)
    assert checker.worker.requests - before <= 1  # the second is the cache's
    changed = {**SINGLE_PARENT, "resources": [salary("900")]}
    with checker.worker._lock:  # the worker process is busy: the door must not wait
        pending = checker.report(changed, TODAY, wait=0)
    assert pending.status == PENDING
    assert checker.report(changed, TODAY).status == READY
    assert checker.report(changed, TODAY, wait=0).status == READY


# --- through the case service and the questionnaire ----------------------------------------

@pytest.fixture
def service():
    store = MemoryStorage()
    for account in (ALICE, OSCAR):
        store.save_account(account)
    return open_service(Settings(organisation="CCAS"), store=store,
                        clock=lambda: datetime(2026, 11, 25, tzinfo=timezone.utc))


def test_the_postcode_is_asked_to_a_tenant_and_checked(service):
    case = service.create_case(ALICE)
    answer_all(service, ALICE, case.id, "worker", until="home_postcode", witnessed=True)
    question = service.casework.current(case.id, "worker")
    assert question.path == "home_postcode"
    refused = service.answer(ALICE, case.id, Reply(text="1400"), "fr").outcome
    assert not refused.accepted and refused.error.id == "error.postcode"
    assert service.answer(ALICE, case.id, Reply(text="14000"), "fr").outcome.accepted
    assert service.casework.current(case.id, "worker").path == "home_commune"


def test_the_service_checks_access_and_estimates_from_the_stored_answers(service, checker):
    case, link = complete(service)
    with pytest.raises(CaseNotFound):
        service.rights(OSCAR, case.id, checker=checker)  # another organisation
    with pytest.raises(CaseNotFound):
        service.rights(link, case.id, checker=checker)  # the household: not its to ask
    report = service.rights(ALICE, case.id, checker=checker)
    assert report.status == READY and report.month == date(2026, 11, 1)  # diagnostic 20/11/2026
    housing = next(line for line in report.lines if line.code == "aide_logement")
    assert housing.estimated is not None  # Caen 14000 was found
    assert housing.declared == D("310")
    service.erase(ALICE, case.id)
    with pytest.raises((CaseNotFound, CaseClosed)):
        service.rights(ALICE, case.id, checker=checker)


def test_the_worker_process_memory_is_reported(checker):
    checker.report(SINGLE_ADULT, TODAY)
    assert checker.worker.peak_mib and checker.worker.peak_mib > 50
