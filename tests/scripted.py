"""Scripted households: what a person would type for each question, keyed by field key.

Group questions are keyed by the field key (``members.relation``) with one answer per entry, and
the "add another?" question of a group by the group key with the answers in order.
"""

from __future__ import annotations

import re

ENTRY = re.compile(r"^(?P<group>\w+)\[(?P<index>\d+)\](?:\.(?P<child>\w+))?$")

# A single mother, two children, private tenant with rent arrears and a summons; answers in
# French as typed on a phone, with the odd Arabic-Indic digit and an emoji.
SINGLE_MOTHER: dict[str, object] = {
    "measure": "1", "referrer": "2", "diagnostic_level": "3", "interpreter": "1",
    "organisation": "Association Habitat & Insertion", "worker_name": "Claire Martin",
    "diagnostic_date": "20/11/2026",
    "consent_information": "", "consent_collect": "oui", "consent_share_landlord": "oui",
    "consent_share_commission": "non",
    "first_name": "Amina", "last_name": "Haddad", "sex": "1", "birth_date": "١٢/٠٣/١٩٨٥",
    "nationality_group": "3", "languages": "1,3", "french_level": "3", "reads_french": "2",
    "family_status": "6",
    "members": ["oui", "oui", "non"],
    "members.person": ["4", "3"],  # son, daughter: the relation and the sex follow
    "members.relation": ["2", "2"], "members.first_name": ["Yanis", "Lina"],
    "members.sex": ["2", "1"], "members.birth_date": ["05/06/2012", "1er septembre 2019"],
    "members.lives_here": ["1", "1"], "members_all_here": "oui",
    "pregnancy": "non",
    "residence_status": "3", "residence_permit_expiry": "01/01/2031",
    "employment": "5", "employment_support": "1", "health_overview": "7", "legal_protection": "1",
    "health_support_need": "non", "disability_recognition": "1", "reduced_mobility": "non",
    "mobility": "3",
    "budget_information": "",
    "resources": ["oui", "oui", "oui", "non"],
    "resources.type": ["1", "8", "12"], "resources.amount": ["980", "1 200,50 €", "۳۱۰"],
    "resources.owner": ["1", "1", "1"],
    "charges": ["oui", "oui", "non"],
    "charges.type": ["1", "3"], "charges.amount": ["720", "95,40"],
    "debts": ["oui", "non"],
    "debts.creditor": ["1"], "debts.amount": ["2 160"], "debts.repayment_plan": ["oui"],
    "debts.monthly_repayment": ["60"],
    "overindebtedness": "1", "bank_situation": "1", "bank_account": "oui", "bank_incidents": "non",
    "current_housing": "2", "current_housing_since": "03/2021", "landlord_name": "SCI Les Tilleuls",
    "current_rooms": "3", "home_postcode": "14000", "home_commune": "Caen",
    "moves_last_5_years": "2", "past_eviction": "non", "rent_arrears": "oui",
    "arrears_cause": "5", "arrears_amount": "2160", "arrears_months": "3", "eviction_stage": "3",
    "social_housing_application": "oui", "social_housing_application_number": "0141224000123",
    "social_housing_application_date": "15/01/2024", "dalo": "non", "syplo": "je ne sais pas",
    "wanted_size": "3", "wanted_areas": "Caen, près de l'école 🏫", "accessibility_needs": "1",
    "pets": "non", "living_difficulties": "3,4,5",  # energy, furniture, loneliness
    "home_upkeep": "1", "neighbour_relations": "1", "home_insurance": "oui",
    "energy_management": "1", "furniture_needs": "5", "isolation": "oui",
    "knows_tenant_rights_duties": "2",
    "supports_in_place": "1,2", "current_referent": "CCAS de Caen, Mme Leroy",
    "previous_measures": "non",
    "household_expectations": "Garder mon logement et payer la dette <petit à petit> {{ vite }}",
    "preferred_contact": "1", "availability": "Le matin",
    "adhesion": "1", "adhesion_comment": "Très impliquée",
    "freins": "7,9", "recommended_measure": "1", "recommended_housing": "1", "intensity": "2",
    "duration_months": "12", "synthesis": "Maintien dans le logement avec plan d'apurement.",
}


def answer_for(script: dict[str, object], path: str) -> str:
    """What the scripted person types for the question at ``path`` (KeyError when unscripted)."""
    match = ENTRY.match(path)
    if not match:
        return str(script[path])
    group, index, child = match["group"], int(match["index"]), match["child"]
    return str(script[f"{group}.{child}" if child else group][index])
