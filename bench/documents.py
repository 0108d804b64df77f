"""Time the generation of both documents for a complete case (not a test: a measure).

    .venv/bin/python -m bench.documents [REPEATS]

:func:`benchmark` is what a benchmark suite can call: it builds one complete case in memory
(couple, three children, budget with debts, every theme answered, freins retained) and returns
the best and median seconds to build the diagnostic and the contract together.
"""

from __future__ import annotations

import statistics
import sys
import time
from datetime import datetime, timezone

from intake_bot.casework import Casework
from intake_bot.config import Settings
from intake_bot.documents import build_contract, build_diagnostic
from intake_bot.engine.reader import Reply
from intake_bot.storage.memory import MemoryStorage

NOW = datetime(2026, 3, 15, 10, 0, tzinfo=timezone.utc)


def _entries(key: str, entries: list[list[tuple]]) -> list[tuple]:
    answers: list[tuple] = []
    for index, fields in enumerate(entries):
        answers.append((f"{key}[{index}]", ("yes",)))
        if key == "members" and index == 0:  # issue 14: then each person's presence is asked
            answers.append(("members_all_here", ("no",)))
        answers += [(f"{key}[{index}].{name}", value) for name, value in fields]
    return answers + [(f"{key}[{len(entries)}]", ("no",))]


def complete_case_answers() -> list[tuple]:
    """(path, value) answers of a complete case: codes as tuples, typed text as str."""
    child = lambda name, sex, born: [("relation", ("child",)), ("first_name", name), ("sex", (sex,)),
                                     ("birth_date", born), ("lives_here", ("permanent",))]
    return [
        ("measure", ("asll",)), ("referrer", ("siao",)), ("diagnostic_level", ("level_3",)),
        ("interpreter", ("professional_phone",)), ("organisation", "CCAS de Caen"),
        ("worker_name", "Élodie Durand"), ("diagnostic_date", "10/03/2026"),
        ("consent_collect", ("yes",)), ("consent_share_landlord", ("yes",)),
        ("consent_share_commission", ("yes",)),
        ("first_name", "Amina"), ("last_name", "Haddad"), ("sex", ("female",)),
        ("birth_date", "15/07/1986"), ("nationality_group", ("outside_eu",)),
        ("languages", ("arabic", "french")), ("french_level", ("few_words",)),
        ("reads_french", ("with_help",)), ("family_status", ("married",)),
        *_entries("members", [
            [("relation", ("partner",)), ("first_name", "Yusuf"), ("last_name", "Haddad"),
             ("sex", ("male",)), ("birth_date", "02/02/1984"), ("lives_here", ("permanent",)),
             ("employment", ("interim",))],
            child("Samir", "male", "10/01/2010"), child("Nour", "female", "01/06/2013"),
            child("Lina", "female", "20/11/2020")]),
        ("pregnancy", ("no",)), ("residence_status", ("refugee",)),
        ("residence_permit_expiry", "01/05/2026"), ("employment", ("jobseeker_registered",)),
        ("employment_support", ("france_travail",)), ("legal_protection", ("none",)),
        ("health_support_need", ("no",)), ("disability_recognition", ("none",)),
        ("reduced_mobility", ("no",)), ("mobility", ("public_transport_only",)),
        *_entries("resources", [[("type", ("salary",)), ("amount", "1 250"), ("owner", ("partner",))],
                                [("type", ("family_allowances",)), ("amount", "300"), ("owner", ("applicant",))],
                                [("type", ("housing_benefit",)), ("amount", "280"), ("owner", ("applicant",))]]),
        *_entries("charges", [[("type", ("rent",)), ("amount", "720")], [("type", ("energy",)), ("amount", "95")],
                              [("type", ("phone_internet",)), ("amount", "35")]]),
        *_entries("debts", [[("creditor", ("landlord",)), ("amount", "1 400"), ("repayment_plan", ("yes",)),
                             ("monthly_repayment", "60")]]),
        ("overindebtedness", ("none",)), ("bank_account", ("yes",)), ("bank_incidents", ("no",)),
        ("current_housing", ("social_tenant",)), ("current_housing_since", "09/2022"), ("current_rooms", "3"),
        ("moves_last_5_years", "2"), ("past_eviction", ("no",)), ("rent_arrears", ("yes",)),
        ("arrears_cause", ("income_drop",)), ("arrears_amount", "1400"), ("arrears_months", "2"),
        ("eviction_stage", ("payment_order",)), ("social_housing_application", ("yes",)),
        ("social_housing_application_number", "014012345678"), ("social_housing_application_date", "01/10/2023"),
        ("dalo", ("no",)), ("syplo", ("no",)), ("wanted_size", ("t4",)), ("wanted_areas", "Caen, près de l'école"),
        ("accessibility_needs", ("none",)), ("pets", ("no",)),
        ("home_upkeep", ("no_difficulty",)), ("neighbour_relations", ("no_problem",)), ("home_insurance", ("yes",)),
        ("energy_management", ("high_bills",)), ("furniture_needs", ("none",)), ("isolation", ("no",)),
        ("knows_tenant_rights_duties", ("partly",)), ("supports_in_place", ("ccas",)),
        ("current_referent", "CCAS de Caen, Mme Martin"), ("previous_measures", ("no",)),
        ("household_expectations", "Garder notre logement et payer la dette."),
        ("preferred_contact", ("phone_call",)), ("availability", "Le matin"),
        ("adhesion", ("strong",)), ("adhesion_comment", "Ménage mobilisé."),
        ("freins", ("learning_french", "eviction_episode", "residence_right")),
        ("recommended_measure", ("asll",)), ("recommended_housing", ("direct_access",)),
        ("intensity", ("medium",)), ("duration_months", "9"),
        ("synthesis", "Impayé récent lié à une baisse de revenus ; plan d'apurement en place."),
    ]


def complete_case() -> tuple[Casework, int]:
    """A Casework in memory holding one complete case, and the case id."""
    casework = Casework(MemoryStorage(), clock=lambda: NOW)
    case = casework.storage.create_case("worker", locale="ar")
    for path, value in complete_case_answers():
        reply = Reply(codes=value, path=path) if isinstance(value, tuple) else Reply(text=value, path=path)
        # the consents too: the household expressed them in the worker's presence (witnessed)
        outcome = casework.answer(case.id, reply, "worker", "fr", witnessed=True)
        if not outcome.accepted:
            raise ValueError(f"{path}: {outcome.error}")
    return casework, case.id


def benchmark(repeats: int = 10) -> dict[str, float]:
    """Best and median seconds to build both documents of a complete case."""
    casework, case_id = complete_case()
    settings = Settings()
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        build_diagnostic(casework, case_id, settings)
        build_contract(casework, case_id, settings)
        timings.append(time.perf_counter() - started)
    return {"best": min(timings), "median": statistics.median(timings), "repeats": repeats}


if __name__ == "__main__":
    result = benchmark(int(sys.argv[1]) if len(sys.argv) > 1 else 10)
    print(f"both documents: best {result['best'] * 1000:.0f} ms, "
          f"median {result['median'] * 1000:.0f} ms over {result['repeats']} runs")
