"""Issue 14, second round: one message or one tap answering several questions of the real
questionnaire (a name and a birth date, a postcode and its commune, "yes" and the number or the
amount it leads to; who a person is and their sex), one question for everyone living here, and
a checklist instead of five questions about living in the home. Tables of what a person types."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from intake_bot.engine import interview
from intake_bot.engine.reader import Reply
from intake_bot.engine.shortcuts import is_derived
from intake_bot.engine.state import Provenance, make_record, new_state
from intake_bot.engine.values import encode
from intake_bot.engine.walk import field_key_of
from intake_bot.i18n import vocabulary_for
from intake_bot.presentation import options
from intake_bot.questionnaire.compiler import FlowError, compile_sections, load_flow

FLOW = load_flow()
TODAY = date(2026, 11, 22)
HOUSEHOLD = Provenance("household", "2026-11-22T10:00:00+00:00", "fr")


def state_with(**answers) -> dict:
    """A state where ``answers`` (path -> typed value) were given by the household."""
    records = {path: make_record(encode(FLOW.field(field_key_of(path)), value), HOUSEHOLD, None)
               for path, value in answers.items()}
    return {**new_state(), "answers": records}


def answer(state: dict, reply: Reply | str, path: str | None = None, locale: str = "fr"):
    """The outcome of ``reply`` to the question at ``path`` (else the current one)."""
    reply = Reply(text=reply) if isinstance(reply, str) else reply
    if path:
        reply = Reply(text=reply.text, codes=reply.codes, skip=reply.skip, path=path)
    return interview.apply_answer(FLOW, state, reply, HOUSEHOLD, TODAY, vocabulary_for(locale))


def values(state: dict, *paths: str) -> tuple:
    return tuple((state["answers"].get(p) or {}).get("value") for p in paths)


def next_path(state: dict) -> str | None:
    question = interview.next_question(FLOW, state, "household", TODAY)
    return question.path if question else None


BEFORE_MEMBERS = dict(consent_information=True, consent_collect=True, consent_share_landlord=True,
                      consent_share_commission=True, first_name="Olena", last_name="Kovalenko",
                      sex="female", birth_date=date(1988, 2, 14), nationality_group="france",
                      languages=["french"], french_level="fluent", reads_french="yes",
                      family_status="married")


def with_member(person: str = "daughter") -> dict:
    """A household that has just tapped who the first other person is."""
    state = state_with(**BEFORE_MEMBERS)
    assert next_path(state) == "members[0]"
    outcome = answer(state, Reply(codes=(person,)), "members[0]")
    assert outcome.accepted, outcome.error
    return outcome.state


# --- a first name and a birth date in one message --------------------------------------------

@pytest.mark.parametrize("typed, first_name, birth_date", [
    ("Sofiia 11/09/2012", "Sofiia", "2012-09-11"),
    ("Anna Maria 30/05/2020", "Anna Maria", "2020-05-30"),
    ("Софія 11.09.2012", "Софія", "2012-09-11"),
    ("Lina 1er septembre 2019", "Lina", "2019-09-01"),
    ("Sofiia", "Sofiia", None),
])
def test_a_childs_name_and_birth_date_in_one_message(typed, first_name, birth_date):
    state = with_member()
    assert next_path(state) == "members[0].first_name"
    outcome = answer(state, typed)
    assert outcome.accepted, outcome.error
    assert values(outcome.state, "members[0].first_name", "members[0].birth_date") == (first_name, birth_date)
    assert outcome.state["answers"]["members[0].first_name"]["raw"] == first_name
    assert next_path(outcome.state) == ("members[0].birth_date" if birth_date is None else "members[1]")


@pytest.mark.parametrize("typed", ["Sofiia 31/02/2012", "Sofiia 11/09/2099", "Sofiia 2012"])
def test_a_date_that_does_not_hold_is_not_taken_as_part_of_the_name(typed):
    outcome = answer(with_member(), typed)
    assert outcome.error.id == "error.name_then_date"


# --- who the person is: one tap gives the relation and the sex -----------------------------------

@pytest.mark.parametrize("person, relation, sex", [
    ("partner_female", "partner", "female"), ("partner_male", "partner", "male"),
    ("daughter", "child", "female"), ("son", "child", "male"), ("other_adult", "other_adult", None),
])
def test_one_tap_says_who_the_person_is_and_their_sex(person, relation, sex):
    state = with_member(person)
    assert values(state, "members[0].relation", "members[0].sex") == (relation, sex)
    asked = []
    while (path := next_path(state)) and path.startswith("members[0]"):
        asked.append(path)
        reply = {"members[0].first_name": "Sam 01/01/1990" if relation != "child" else "Sam 01/01/2015",
                 "members[0].last_name": "Lee", "members[0].sex": "1"}.get(path)
        if reply is None:
            reply = Reply(codes=(options(interview.next_question(FLOW, state, "household", TODAY).slot)[0].code,))
        state = answer(state, reply).state
    assert ("members[0].sex" in asked) == (sex is None)
    assert "members[0].relation" not in asked


def test_the_add_question_offers_who_the_person_is():
    state = state_with(**BEFORE_MEMBERS)
    question = interview.next_question(FLOW, state, "household", TODAY)
    assert question.path == "members[0]"
    assert [o.code for o in options(question.slot)] == [
        "partner_female", "partner_male", "daughter", "son", "other_adult", "no"]


def test_an_entry_recorded_with_relation_and_sex_is_not_asked_who_the_person_is():
    state = state_with(**{"members[0]": True, "members[0].relation": "child",
                          "members[0].sex": "male", "members[0].first_name": "Yanis"})
    state = answer(state, "05/06/2012", "members[0].birth_date").state
    assert values(state, "members[0].person") == ("son",)
    assert is_derived(state["answers"]["members[0].person"])


# --- one question for everyone living here -------------------------------------------------------

def household_of_three() -> dict:
    state = with_member("partner_male")
    for reply in ("Taras 03/07/1986", "Kovalenko", "1", Reply(codes=("son",)), "Marko 24/01/2016",
                  Reply(codes=("no",))):
        outcome = answer(state, reply)
        assert outcome.accepted, (reply, outcome.error)
        state = outcome.state
    return state


def test_yes_everyone_lives_here_records_it_for_each_person_without_asking():
    state = household_of_three()
    assert next_path(state) == "members_all_here"
    state = answer(state, "oui").state
    assert values(state, "members[0].lives_here", "members[1].lives_here") == ("permanent", "permanent")
    assert next_path(state) not in ("members[0].lives_here", "members[1].lives_here")


def test_no_asks_each_person():
    state = answer(household_of_three(), "non").state
    assert next_path(state) == "members[0].lives_here"
    state = answer(state, "1").state
    assert next_path(state) == "members[1].lives_here"
    state = answer(state, "3").state
    assert values(state, "members[0].lives_here", "members[1].lives_here") == ("permanent", "joining")


def test_someone_living_alone_is_not_asked_about_everyone():
    state = state_with(**{**BEFORE_MEMBERS, "family_status": "single"})
    state = answer(state, Reply(codes=("no",)), "members[0]").state
    assert "members_all_here" not in [s.path for s in interview.askable(FLOW, state, "household", TODAY)[1]]


# --- a postcode and its commune, a number or an amount instead of "yes" --------------------------

TENANT = dict(consent_collect=True, current_housing="private_tenant")


@pytest.mark.parametrize("typed, postcode, commune, error", [
    ("14000 Caen", "14000", "Caen", None),
    ("50000 Saint-Lô", "50000", "Saint-Lô", None),
    ("75011 Paris 11e", "75011", "Paris 11e", None),
    ("14000", "14000", None, None),
    ("Caen", None, None, "error.postcode"),
])
def test_a_postcode_and_its_commune_in_one_message(typed, postcode, commune, error):
    outcome = answer(state_with(**TENANT), typed, "home_postcode")
    assert (outcome.error.id if outcome.error else None) == error
    assert values(outcome.state, "home_postcode", "home_commune") == (postcode, commune)


@pytest.mark.parametrize("typed, applied, number, error", [
    ("0141224000123", True, "0141224000123", None),
    ("oui", True, None, None),
    ("non", False, None, None),
    ("peut-être", None, None, "error.application_number"),
])
def test_the_application_number_typed_instead_of_yes(typed, applied, number, error):
    outcome = answer(state_with(**TENANT), typed, "social_housing_application")
    assert (outcome.error.id if outcome.error else None) == error
    assert values(outcome.state, "social_housing_application",
                  "social_housing_application_number") == (applied, number)


DEBT = {**TENANT, "debts[0]": True, "debts[0].creditor": "landlord", "debts[0].amount": Decimal("2340")}


@pytest.mark.parametrize("typed, plan, monthly, error", [
    ("100", True, "100.00", None),
    ("120,50 €", True, "120.50", None),
    ("oui", True, None, None),
    ("non", False, None, None),
    ("3000", None, None, "error.repayment_above_debt"),
])
def test_the_monthly_repayment_typed_instead_of_yes(typed, plan, monthly, error):
    outcome = answer(state_with(**DEBT), typed, "debts[0].repayment_plan")
    assert (outcome.error.id if outcome.error else None) == error
    assert values(outcome.state, "debts[0].repayment_plan", "debts[0].monthly_repayment") == (plan, monthly)


def test_also_names_another_question_of_the_same_group():
    section = {"section": "s", "fields": [
        {"id": "a", "kind": "text", "label": "A ?", "also": "b"},
        {"id": "g", "kind": "group", "label": "G", "add_first": "?", "fields": [
            {"id": "b", "kind": "date", "label": "B ?"}]}]}
    with pytest.raises(FlowError, match="also"):
        compile_sections([section])


# --- living in the home: one checklist -----------------------------------------------------------

LIVING = ("home_upkeep", "neighbour_relations", "energy_management", "furniture_needs", "isolation")


@pytest.mark.parametrize("ticked, derived, asked", [
    (("none",), ("no_difficulty", "no_problem", "no_difficulty", ["none"], False), ()),
    (("energy",), ("no_difficulty", "no_problem", None, ["none"], False), ("energy_management",)),
    (("furniture", "loneliness"), ("no_difficulty", "no_problem", "no_difficulty", None, True),
     ("furniture_needs",)),
])
def test_the_checklist_records_what_is_not_ticked_and_asks_about_what_is(ticked, derived, asked):
    outcome = answer(state_with(**TENANT), Reply(codes=ticked), "living_difficulties")
    assert outcome.accepted, outcome.error
    assert values(outcome.state, *LIVING) == derived
    _, slots = interview.askable(FLOW, outcome.state, "household", TODAY)
    assert tuple(s.path for s in slots if s.path in LIVING and s.path not in outcome.state["answers"]) == asked


def test_a_ticked_difficulty_is_not_offered_no_difficulty():
    state = answer(state_with(**TENANT), Reply(codes=("energy",)), "living_difficulties").state
    slot = interview.askable(FLOW, state, "household", TODAY)[0].slot("energy_management")
    assert "no_difficulty" not in [o.code for o in options(slot)]


def test_i_dont_know_on_the_checklist_asks_each_question():
    state = answer(state_with(**TENANT), Reply(skip=True), "living_difficulties").state
    _, slots = interview.askable(FLOW, state, "household", TODAY)
    assert all(p not in state["answers"] for p in LIVING)
    assert {s.path for s in slots} >= set(LIVING)


# --- budget lines that name who receives the money -----------------------------------------------

COUPLE = {**BEFORE_MEMBERS, "members[0]": True, "members[0].person": "partner_male",
          "members[0].relation": "partner", "members[0].first_name": "Taras",
          "members[1]": True, "members[1].person": "son", "members[1].relation": "child",
          "members[1].first_name": "Marko", "members[2]": False, "members_all_here": True}


@pytest.mark.parametrize("typed, locale, owners", [
    ("salaire Olena 900, salaire Taras 1100", "fr", ["applicant", "partner"]),
    ("зарплата Олена 900, зарплата Тараса 1100", "uk", [None, None]),  # names written otherwise
    ("Olena salaire 900; Taras salaire 1100; APL 250", "fr", ["applicant", "partner", "applicant"]),
    ("salaire Marko 400, salaire 900", "fr", ["other_member", None]),
])
def test_a_resource_line_naming_a_person_says_who_receives_it(typed, locale, owners):
    outcome = answer(state_with(**COUPLE), typed, "resources[0]", locale)
    assert outcome.accepted, outcome.error
    found = [outcome.state["answers"].get(f"resources[{i}].owner") for i in range(len(owners))]
    assert [record and record["value"] for record in found] == owners


def test_a_line_naming_no_one_still_asks_who_receives_it():
    state = answer(state_with(**COUPLE), "salaire Olena 900, salaire 1100", "resources[0]").state
    _, slots = interview.askable(FLOW, state, "household", TODAY)
    unanswered = [s.path for s in slots if s.path.startswith("resources") and s.path not in state["answers"]]
    assert unanswered == ["resources[1].owner"]
