"""Burden: how many screens and messages/taps scripted reference households need (issue 14).

Three references, run through the pure engine as a chat would (one question per screen):

* ``single adult``: a Dari-speaking single man in a refugee centre, no debts (household part);
* ``couple, 3 children``: a Ukrainian couple with three children, debts and rent arrears
  (household part);
* ``worker, whole diagnostic``: a worker completing the whole diagnostic of the couple alone
  (case, every household question, analysis), the case created from the worker's account.

A screen is a question shown; a message is a typed reply, a tap a button (a multi-choice costs
one tap per option chosen and one to confirm, a preselected suggestion only the confirm).
Where the flow lets a person type several budget lines in one message ("loyer 780, eau 30"),
the script does (that is what the screen invites); otherwise it answers one entry at a time.

    .venv/bin/python -m bench.burden     (also printed first by ``python -m bench [--quick]``)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from intake_bot.engine import interview
from intake_bot.engine.reader import Reply
from intake_bot.engine.state import Provenance, new_state
from intake_bot.engine.walk import field_key_of
from intake_bot.i18n import vocabulary_for
from intake_bot.questionnaire.compiler import load_flow

TODAY = date(2026, 11, 22)
STAMP = "2026-11-22T10:00:00+00:00"

#: Measured on commit 378cfd2 (before issue 14) with this very script.
BEFORE = {"single adult": (64, 74), "couple, 3 children": (135, 143),
          "worker, whole diagnostic": (150, 161)}
#: Issue 14's targets (screens): half of what the issue measured.
TARGETS = {"single adult": 46, "couple, 3 children": 60, "worker, whole diagnostic": 76}

# What the person answers, by field key. str: typed; tuple: buttons tapped; True/False: yes/no
# buttons; None: "I don't know". In a group, a list with one answer per entry.
SINGLE_ADULT: dict[str, Any] = {
    "consent_collect": True, "consent_share_landlord": True, "consent_share_commission": True,
    "first_name": "Ahmad", "last_name": "Rahimi", "sex": ("male",), "birth_date": "12/04/1995",
    "nationality_group": ("outside_eu",), "languages": ("dari_persian", "pashto"),
    "french_level": ("few_words",), "reads_french": ("no",), "family_status": ("single",),
    "members": [],
    "residence_status": ("refugee",), "residence_permit_expiry": "01/05/2030",
    "employment": ("jobseeker_registered",), "employment_support": ("france_travail",),
    "legal_protection": ("none",), "health_overview": ("none",), "health_support_need": False,
    "disability_recognition": ("none",), "reduced_mobility": False,
    "mobility": ("public_transport_only",),
    "resources": [("rsa", "607")], "charges": [("phone_internet", "20"), ("transport", "30")],
    "debts": [],
    "overindebtedness": ("none",), "bank_situation": ("no_problem",), "bank_account": True,
    "bank_incidents": False,
    "current_housing": ("cph",), "current_housing_since": "03/2025", "moves_last_5_years": "3",
    "ever_own_lease": False, "past_eviction": False, "social_housing_application": True,
    "social_housing_application_number": "0141225000456",
    "social_housing_application_date": "02/06/2025", "dalo": False, "syplo": None,
    "wanted_size": ("t1",), "wanted_areas": "Caen", "accessibility_needs": ("none",),
    "pets": False, "living_difficulties": ("furniture", "loneliness"),
    "home_upkeep": ("no_difficulty",), "neighbour_relations": ("no_problem",),
    "furniture_needs": ("bed", "table", "fridge"), "isolation": True,
    "knows_tenant_rights_duties": ("partly",), "supports_in_place": ("shelter_structure",),
    "current_referent": "CPH de Caen, M. Dubois", "previous_measures": False,
    "household_expectations": "Trouver un logement et un travail", "preferred_contact": ("phone_call",),
    "availability": "Tous les jours",
}

COUPLE: dict[str, Any] = {
    "consent_collect": True, "consent_share_landlord": True, "consent_share_commission": True,
    "first_name": "Olena", "last_name": "Kovalenko", "sex": ("female",), "birth_date": "14/02/1988",
    "nationality_group": ("outside_eu",), "languages": ("ukrainian", "russian"),
    "french_level": ("few_words",), "reads_french": ("with_help",), "family_status": ("married",),
    "members": ["partner_male", "daughter", "son", "daughter"],
    "members.first_name": ["Taras", "Sofiia", "Marko", "Anna"],
    "members.last_name": ["Kovalenko", None, None, None],
    "members.birth_date": ["03/07/1986", "11/09/2012", "24/01/2016", "30/05/2020"],
    "members_all_here": True,
    "members.employment": [("interim",), None, None, None],
    "pregnancy": False,
    "residence_status": ("aps",), "residence_permit_expiry": "04/03/2027",
    "employment": ("part_time",), "employment_support": ("france_travail",),
    "legal_protection": ("none",), "health_overview": ("none",), "health_support_need": False,
    "disability_recognition": ("none",), "reduced_mobility": False,
    "mobility": ("public_transport_only",),
    "resources": [("salary", "900", "applicant"), ("salary", "1100", "partner"),
                  ("family_allowances", "300", "applicant"), ("housing_benefit", "250", "applicant")],
    "charges": [("rent", "780"), ("service_charges", "90"), ("energy", "60"),
                ("phone_internet", "40"), ("home_insurance", "15"), ("transport", "50")],
    "debts": [("landlord", "2340", True, "100"), ("energy", "300", False, None)],
    "overindebtedness": ("none",), "bank_situation": ("incidents",), "bank_account": True,
    "bank_incidents": True,
    "current_housing": ("private_tenant",), "current_housing_since": "09/2022",
    "landlord_name": "SCI Les Lilas", "current_rooms": "3", "home_postcode": "14000",
    "home_commune": "Caen", "moves_last_5_years": "2", "past_eviction": False,
    "rent_arrears": True, "arrears_cause": ("income_drop", "separation"), "arrears_amount": "2340",
    "arrears_months": "3", "eviction_stage": ("payment_order",),
    "social_housing_application": True, "social_housing_application_number": "0141224000123",
    "social_housing_application_date": "15/01/2024", "dalo": False, "syplo": False,
    "wanted_size": ("t4",), "wanted_areas": "Caen, près de l'école", "accessibility_needs": ("none",),
    "pets": False, "living_difficulties": ("energy",),
    "home_upkeep": ("no_difficulty",), "neighbour_relations": ("no_problem",), "home_insurance": True, "energy_management": ("high_bills",), "furniture_needs": ("none",),
    "isolation": False, "knows_tenant_rights_duties": ("partly",), "supports_in_place": ("ccas",),
    "current_referent": "CCAS de Caen, Mme Leroy", "previous_measures": False,
    "household_expectations": "Garder notre logement et payer la dette", "preferred_contact": ("sms",),
    "availability": "Le matin",
}

WORKER_PART: dict[str, Any] = {
    "measure": ("avdl",), "referrer": ("sector_social_service",), "diagnostic_level": ("level_3",),
    "interpreter": ("tool_languages",), "organisation": "Habitat & Insertion",
    "worker_name": "Claire Martin", "diagnostic_date": "20/11/2026",
    "adhesion": ("strong",), "adhesion_comment": "Très impliqués",
    "freins": ("budget_management", "income_instability", "learning_french"),
    "recommended_measure": ("avdl",), "recommended_housing": ("direct_access",),
    "intensity": ("medium",), "duration_months": "12",
    "synthesis": "Maintien dans le logement avec plan d'apurement.",
}

# How each budget group's entry is scripted: the children its tuples fill, in order.
ENTRY_FIELDS = {"resources": ("type", "amount", "owner"), "charges": ("type", "amount"),
                "debts": ("creditor", "amount", "repayment_plan", "monthly_repayment")}


@dataclass
class Count:
    """Screens shown and messages + taps sent by one reference."""

    screens: int = 0
    actions: int = 0


def _entries(script: dict, group: str) -> list:
    return list(script.get(group) or [])


def _group_value(script: dict, group: str, index: int, child: str) -> Any:
    entries = _entries(script, group)
    if group in ENTRY_FIELDS:
        names = ENTRY_FIELDS[group]
        entry = entries[index]
        return entry[names.index(child)] if child in names and names.index(child) < len(entry) else None
    if child == "person":  # the "add?" buttons say who the person is
        return (entries[index],)
    return script[f"{group}.{child}"][index]


def _reply(value: Any, field) -> Reply:
    if value is None:
        return Reply(skip=True)
    if isinstance(value, bool):
        return Reply(codes=("yes" if value else "no",))
    if isinstance(value, tuple):
        if field.kind == "single_choice" and len(value) > 1:
            return Reply(codes=value[:1])
        return Reply(codes=value)
    if field.kind == "yes_no" and isinstance(value, str):
        return Reply(text=value)
    return Reply(text=value)


def _cost(reply: Reply, field, suggested: tuple = ()) -> int:
    """Messages + taps to send ``reply``: a multi-choice taps each option then confirms."""
    if reply.codes is not None and field.kind == "multi_choice":
        changed = set(reply.codes) ^ set(suggested)
        return len(changed) + 1
    return 1


# The words a scripted person types for each code in a budget line.
LINE_WORDS = {"rsa": "RSA", "salary": "salaire", "family_allowances": "allocations familiales",
              "housing_benefit": "APL", "rent": "loyer", "service_charges": "charges locatives",
              "energy": "électricité", "phone_internet": "téléphone", "transport": "transport",
              "home_insurance": "assurance habitation", "landlord": "loyer"}


def _lines_text(script: dict, group: str) -> str:
    """The group's entries as one typed message ("loyer 780, eau 30"); on a salary line of a
    household of several adults, the first name of who receives it (the add question invites
    it: « salaire Taras 1100 »)."""
    names = _names(script, group)
    return ", ".join(" ".join(filter(None, (LINE_WORDS.get(entry[0], entry[0]),
                                            names.get(entry[2]) if entry[0] == "salary" else None,
                                            entry[1])))
                     for entry in _entries(script, group))


def _names(script: dict, group: str) -> dict[str, str]:
    """owner -> first name, for the resources of a household of several adults."""
    if group != "resources" or not script.get("members"):
        return {}
    partner = next((name for person, name in zip(script["members"], script["members.first_name"])
                    if person.startswith("partner")), None)
    return {"applicant": script["first_name"], "partner": partner}


def _answer(flow, script: dict, question, state: dict) -> tuple[Reply, int]:
    slot = question.slot
    f = slot.field
    if slot.adds_entry:
        return _add_entry_reply(flow, script, slot, state)
    key = field_key_of(slot.path)
    if slot.index is not None:
        value = _group_value(script, slot.group_key, slot.index, f.id)
    elif f.kind == "note":
        return Reply(codes=("ok",)), 1
    else:
        value = script[key]
    reply = _with_also(script, slot, value) or _reply(value, f)
    suggested = tuple(question.record.get("value") or ()) if question.record else ()
    return reply, _cost(reply, f, suggested)


def _with_also(script: dict, slot, value: Any) -> Reply | None:
    """One message answering the question and its ``also`` question, as the screen invites
    ("Sofiia 11/09/2012", "14000 Caen", a repayment typed instead of "yes")."""
    f = slot.field
    if not getattr(f, "also", None):
        return None
    other = (_group_value(script, slot.group_key, slot.index, f.also) if slot.index is not None
             else script.get(f.also))
    if not isinstance(other, str):
        return None
    if f.kind == "yes_no":
        return Reply(text=other) if value is True else None
    return Reply(text=f"{value} {other}") if isinstance(value, str) else None


def _add_entry_reply(flow, script: dict, slot, state: dict) -> tuple[Reply, int]:
    group, index = slot.field.key, slot.index
    entries = _entries(script, group)
    if getattr(slot.field, "lines", False) and index == 0 and entries:
        return Reply(text=_lines_text(script, group)), 1
    if index >= len(entries):
        return Reply(codes=("no",)), 1
    first = slot.field.fields[0]
    if getattr(slot.field, "add_with", None) == first.id:
        value = _group_value(script, group, index, first.id)
        return Reply(codes=(value[0] if isinstance(value, tuple) else value,)), 1
    return Reply(codes=("yes",)), 1


def run(script: dict, role: str, prefill: dict | None = None) -> Count:
    """Answer every question ``role`` is asked with ``script``; count screens and actions."""
    flow, vocabulary = load_flow(), vocabulary_for("fr")
    state = new_state()
    provenance = Provenance(role, STAMP, "fr", witnessed=role == "worker")
    if prefill is not None and hasattr(interview, "prefill"):
        state = interview.prefill(flow, state, prefill, provenance, TODAY)
    count = Count()
    question = interview.next_question(flow, state, role, TODAY)
    while question is not None:
        reply, cost = _answer(flow, script, question, state)
        outcome = interview.apply_answer(flow, state, reply, provenance, TODAY, vocabulary)
        if not outcome.accepted:
            raise RuntimeError(f"{question.path}: {outcome.error}")
        count.screens += 1
        count.actions += cost
        state = outcome.state
        question = interview.next_question(flow, state, role, TODAY)
    return count


def measure() -> dict[str, Count]:
    """The three references' counts on the current flows."""
    account = {"organisation": "Habitat & Insertion", "worker_name": "Claire Martin",
               "diagnostic_date": TODAY}  # what CaseService.create_case prefills
    return {"single adult": run(SINGLE_ADULT, "household"),
            "couple, 3 children": run(COUPLE, "household"),
            "worker, whole diagnostic": run({**COUPLE, **WORKER_PART}, "worker", account)}


def targets_met() -> bool:
    """True when every reference meets issue 14's screen target."""
    return all(count.screens <= TARGETS[name] for name, count in measure().items())


def rows() -> list[str]:
    """One line per reference: before, after, target."""
    lines = [f"{'burden (screens / messages+taps)':<44}{'before':>12}{'now':>12}{'target':>10}"]
    for name, count in measure().items():
        before = "{} / {}".format(*BEFORE[name])
        met = "ok" if count.screens <= TARGETS[name] else "MISSED"
        lines.append(f"{name:<44}{before:>12}{f'{count.screens} / {count.actions}':>12}"
                     f"{'≤ ' + str(TARGETS[name]):>10}  {met}")
    return lines


if __name__ == "__main__":
    print("\n".join(rows()))
