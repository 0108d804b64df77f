"""The interview engine over a small questionnaire written as data: answers in, next question out."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from intake_bot.engine.interview import (
    apply_answer, go_back, jump_to, next_question, progress, relevant_answers,
)
from intake_bot.engine.reader import Reply
from intake_bot.engine.state import Provenance, new_state
from intake_bot.questionnaire.compiler import compile_sections, load_flow

TODAY = date(2026, 11, 22)
HOUSEHOLD = Provenance(by="household", at="2026-11-22T10:00:00+00:00", lang="fr")
WORKER = Provenance(by="worker", at="2026-11-22T10:05:00+00:00", lang="fr")

FLOW = compile_sections([
    {"section": "case", "who": "worker", "fields": [
        {"id": "measure", "kind": "single_choice", "label": "Mesure", "required": True,
         "choices": {"asll": "ASLL", "avdl": "AVDL"}},
    ]},
    {"section": "consent", "fields": [
        {"id": "consent_collect", "kind": "yes_no", "label": "D'accord ?", "required": True,
         "consent": True, "stop_if": "value == false", "stop_message": "consent.refused"},
    ]},
    {"section": "household", "fields": [
        {"id": "birth_date", "kind": "date", "label": "Date de naissance ?",
         "constraint": "value <= today", "error": "error.birth_date_future"},
        {"id": "members", "kind": "group", "label": "Personnes", "add_first": "Quelqu'un vit avec vous ?",
         "add_more": "Encore quelqu'un ?", "max_entries": 3, "fields": [
             {"id": "relation", "kind": "single_choice", "label": "Qui ?",
              "choices": {"partner": "Conjoint", "child": "Enfant"}},
             {"id": "birth_date", "kind": "date", "label": "Né le ?",
              "constraint": "item.relation != 'child' or birth_date is none or value > birth_date",
              "error": "error.member_birth_date"},
         ]},
        {"id": "tenant", "kind": "yes_no", "label": "Locataire ?"},
        {"id": "rent_arrears", "kind": "yes_no", "label": "Impayés ?", "relevant": "tenant"},
        {"id": "eviction_stage", "kind": "single_choice", "label": "Procédure ?",
         "relevant": "tenant and rent_arrears",
         "choices": {"none": "Aucune", "summons": "Assignation"}},
        {"id": "rent", "kind": "money", "label": "Loyer ?", "min": 0, "max": 20000},
        {"id": "needs", "kind": "multi_choice", "label": "Besoins ?", "exclusive": ["none"],
         "choices": {"bed": "Lit", "fridge": "Frigo", "none": "Rien"}},
    ]},
    {"section": "analysis", "who": "worker", "fields": [
        {"id": "freins", "kind": "multi_choice", "label": "Freins",
         "choices": {"no_rental_experience": "Absence d'expérience locative"}},
    ]},
])


def play(answers, role="household", provenance=HOUSEHOLD, state=None):
    """Apply each answer (text, or a Reply) in turn; fail loudly on a rejected one."""
    state = state or new_state()
    for answer in answers:
        reply = answer if isinstance(answer, Reply) else Reply(text=answer)
        outcome = apply_answer(FLOW, state, reply, provenance, TODAY)
        assert outcome.accepted, (answer, outcome.error)
        state = outcome.state
    return state


def current(state, role="household"):
    question = next_question(FLOW, state, role, TODAY)
    return question.path if question else None


# (answers given by the household) -> the next question asked
NEXT_QUESTION = [
    ([], "consent_collect"),
    (["oui"], "birth_date"),
    (["oui", "12/03/1985"], "members[0]"),
    (["oui", "12/03/1985", "oui"], "members[0].relation"),
    (["oui", "12/03/1985", "oui", "1", "01/01/1984"], "members[1]"),
    (["oui", "12/03/1985", "non"], "tenant"),
    (["oui", "12/03/1985", "non", "non"], "rent"),  # not a tenant: no arrears questions
    (["oui", "12/03/1985", "non", "oui"], "rent_arrears"),
    (["oui", "12/03/1985", "non", "oui", "non"], "rent"),  # no arrears: no eviction stage
    (["oui", "12/03/1985", "non", "oui", "oui"], "eviction_stage"),
    (["oui", "12/03/1985", "non", "oui", "oui", "2", "450", "1,2"], None),  # worker-only left
]


@pytest.mark.parametrize(("answers", "expected"), NEXT_QUESTION)
def test_next_question(answers, expected):
    assert current(play(answers)) == expected


# (answers before, the answer to the current question) -> error message id
REJECTED = [
    ([], "peut-être", "error.yes_no_invalid"),
    ([], Reply(skip=True), "error.required"),
    (["oui"], "31/02/1990", "error.date_impossible"),
    (["oui"], "12/03/2099", "error.birth_date_future"),
    (["oui"], "12/03/85", "error.date_two_digit_year"),
    (["oui", "12/03/1985", "oui", "2"], "01/01/1980", "error.member_birth_date"),
    (["oui", "12/03/1985", "non", "non"], "-5", "error.money_negative"),
    (["oui", "12/03/1985", "non", "non"], "25000", "error.money_too_large"),
    (["oui", "12/03/1985", "non", "non"], "douze", "error.money_invalid"),
    (["oui", "12/03/1985", "non", "non", "450"], "1,3", "error.choice_exclusive"),
    (["oui", "12/03/1985", "non", "non", "450"], Reply(codes=("sofa",)), "error.choice_invalid"),
    (["oui", "12/03/1985"], Reply(skip=True), "error.required"),  # add-entry is yes or no
]


@pytest.mark.parametrize(("before", "answer", "message_id"), REJECTED)
def test_rejected_answers_keep_the_state_and_say_why(before, answer, message_id):
    state = play(before)
    reply = answer if isinstance(answer, Reply) else Reply(text=answer)
    outcome = apply_answer(FLOW, state, reply, HOUSEHOLD, TODAY)
    assert outcome.error is not None and outcome.error.id == message_id
    assert outcome.state == state


def test_answers_are_typed_and_keep_their_provenance():
    state = play(["oui", "١٢/٠٣/١٩٨٥", "non", "non", "1 200,50 €", "fridge"])
    record = state["answers"]["rent"]
    assert record == {"value": "1200.50", "skipped": False, "by": "household",
                      "at": HOUSEHOLD.at, "lang": "fr", "raw": "1 200,50 €"}
    context = relevant_answers(FLOW, state, TODAY).context
    assert context["birth_date"] == date(1985, 3, 12)
    assert context["rent"] == Decimal("1200.50")
    assert context["needs"] == ["fridge"]
    json.dumps(state)  # the state stays serialisable


def test_consent_refusal_stops_the_interview():
    state = play(["non"])
    assert state["status"] == "stopped" and state["stop_message"] == "consent.refused"
    assert current(state) is None


def test_a_worker_cannot_give_the_households_consent():
    reply = Reply(text="oui", path="consent_collect")
    outcome = apply_answer(FLOW, new_state(), reply, WORKER, TODAY)
    assert outcome.error is not None and outcome.error.id == "error.consent_household_only"
    assert outcome.state == new_state()


def test_a_consent_the_worker_witnessed_is_stored_as_witnessed():
    reply = Reply(text="oui", path="consent_collect")
    outcome = apply_answer(FLOW, new_state(), reply, replace(WORKER, witnessed=True), TODAY)
    record = outcome.state["answers"]["consent_collect"]
    assert outcome.accepted and record["value"] is True
    assert record["by"] == "worker" and record["witnessed"] is True


def test_the_households_own_consent_is_not_witnessed():
    assert play(["oui"])["answers"]["consent_collect"]["witnessed"] is False
    claimed = play(["oui"], provenance=replace(HOUSEHOLD, witnessed=True))
    assert claimed["answers"]["consent_collect"]["witnessed"] is False  # only a worker witnesses


def test_records_of_other_questions_have_no_witnessed_key():
    state = play(["oui"])
    reply = Reply(text="12/03/1985", path="birth_date")
    state = apply_answer(FLOW, state, reply, replace(WORKER, witnessed=True), TODAY).state
    assert set(state["answers"]["birth_date"]) == {"value", "skipped", "by", "at", "lang", "raw"}


def test_a_stopped_interview_cannot_be_reopened_by_jumping_or_going_back():
    state = play(["non"])
    outcome = jump_to(FLOW, state, "consent_collect", "household", TODAY)
    assert outcome.error is not None and outcome.error.id == "error.interview_closed"
    assert outcome.state == state
    assert jump_to(FLOW, state, "consent_collect", "worker", TODAY).error.id == "error.interview_closed"
    assert go_back(FLOW, state, "household", TODAY) == state
    assert go_back(FLOW, state, "worker", TODAY) == state


def test_a_stopped_interview_takes_no_answer_even_naming_its_question():
    state = play(["non"])
    for reply, who in ((Reply(text="12/03/1985", path="birth_date"), HOUSEHOLD),
                       (Reply(codes=("yes",), path="consent_collect"), replace(WORKER, witnessed=True))):
        outcome = apply_answer(FLOW, state, reply, who, TODAY)
        assert outcome.error.id == "error.interview_closed" and outcome.state == state


def test_reopen_returns_to_the_refusal_with_the_answer_kept():
    from intake_bot.engine.interview import reopen

    state = play(["non"])
    reopened = reopen(FLOW, state)
    assert reopened["status"] == "active" and reopened["stop_message"] is None
    assert reopened["cursor"] == "consent_collect" and reopened["answers"] == state["answers"]
    question = next_question(FLOW, reopened, "household", TODAY)
    assert question.path == "consent_collect" and question.record["value"] is False
    assert current(play(["oui"], state=reopened)) == "birth_date"
    assert reopen(FLOW, reopened) == reopened  # an active interview is left as it is


def test_skip_stores_a_skipped_answer_and_moves_on():
    state = play(["oui", Reply(skip=True)])
    assert state["answers"]["birth_date"]["skipped"] is True
    assert current(state) == "members[0]"


def test_skip_words_of_the_language_count_as_skip():
    state = play(["oui", "je ne sais pas"])
    assert state["answers"]["birth_date"]["skipped"] is True


def test_household_is_never_asked_worker_questions():
    state = play(["oui", "12/03/1985", "non", "non", "450", "1"])
    assert current(state, "household") is None
    assert current(state, "worker") == "measure"


def test_back_keeps_every_answer_and_returns_to_the_frontier():
    state = play(["oui", "12/03/1985", "non", "oui", "non"])
    back = go_back(FLOW, state, "household", TODAY)
    assert current(back) == "rent_arrears"
    assert back["answers"] == state["answers"]
    twice = go_back(FLOW, back, "household", TODAY)
    assert current(twice) == "tenant"
    changed = play(["oui"], state=twice)  # same answer again: straight back to the frontier
    assert current(changed) == "rent"


def test_changing_an_early_answer_keeps_later_relevant_answers():
    state = play(["oui", "12/03/1985", "non", "oui", "oui", "2", "450"])
    jumped = jump_to(FLOW, state, "tenant", "household", TODAY).state
    assert current(jumped) == "tenant"
    not_tenant = play(["non"], state=jumped)
    # arrears questions are no longer relevant, but their answers are kept, and rent too
    assert "rent_arrears" not in [s.path for s in relevant_answers(FLOW, not_tenant, TODAY).slots]
    assert not_tenant["answers"]["rent"]["value"] == "450.00"
    assert current(not_tenant) == "needs"
    tenant_again = play(["oui"], state=jump_to(FLOW, not_tenant, "tenant", "household", TODAY).state)
    assert relevant_answers(FLOW, tenant_again, TODAY).context["eviction_stage"] == "summons"


def test_jump_refuses_questions_not_relevant_or_not_for_the_role():
    state = play(["oui", "12/03/1985", "non", "non"])
    assert jump_to(FLOW, state, "rent_arrears", "household", TODAY).error.id == "error.unknown_question"
    assert jump_to(FLOW, state, "freins", "household", TODAY).error.id == "error.unknown_question"


def test_progress_is_recomputed_as_skip_logic_changes():
    not_tenant = play(["oui", "12/03/1985", "non", "non"])
    tenant = play(["oui", "12/03/1985", "non", "oui"])
    # consent, birth date, "someone lives with you?", tenant, rent, needs
    assert progress(FLOW, not_tenant, "household", TODAY).total == 6
    assert progress(FLOW, tenant, "household", TODAY).total == 7  # rent_arrears appears
    assert progress(FLOW, tenant, "household", TODAY).answered == 4
    worker = progress(FLOW, tenant, "worker", TODAY)
    assert worker.by_section["case"] == (0, 1) and worker.by_section["analysis"] == (0, 1)


def test_group_entries_and_their_limit():
    state = play(["oui", "12/03/1985", "oui", "1", "01/01/1984", "oui", "2", "05/05/2010",
                  "oui", "2", "06/06/2012"])
    # max_entries is 3: no fourth "add another?" question
    assert current(state) == "tenant"
    members = relevant_answers(FLOW, state, TODAY).context["members"]
    assert [m["relation"] for m in members] == ["partner", "child", "child"]


def test_worker_answers_are_marked_as_the_workers():
    state = play(["oui"])
    state = apply_answer(FLOW, state, Reply(text="12/03/1985", path="birth_date"), WORKER, TODAY).state
    assert state["answers"]["birth_date"]["by"] == "worker"


def test_a_button_for_a_question_no_longer_relevant_is_refused():
    state = play(["oui", "12/03/1985", "non", "oui", "oui"])
    state = play(["non"], state=jump_to(FLOW, state, "tenant", "household", TODAY).state)
    outcome = apply_answer(FLOW, state, Reply(codes=("yes",), path="rent_arrears"), HOUSEHOLD, TODAY)
    assert outcome.error.id == "error.stale_question"


def test_a_household_cannot_answer_a_worker_question_by_naming_it():
    state = play(["oui"])
    outcome = apply_answer(FLOW, state, Reply(codes=("asll",), path="measure"), HOUSEHOLD, TODAY)
    assert outcome.error.id == "error.stale_question"
    assert "measure" not in outcome.state["answers"]


def test_a_button_for_an_answered_question_changes_that_answer():
    state = play(["oui", "12/03/1985", "non", "oui"])
    outcome = apply_answer(FLOW, state, Reply(codes=("no",), path="tenant"), HOUSEHOLD, TODAY)
    assert outcome.accepted and outcome.state["answers"]["tenant"]["value"] is False


def test_a_walk_is_not_reused_for_a_dict_changed_after_it_was_walked():
    from intake_bot.engine.walk import walk

    flow, today = load_flow(), date(2026, 11, 22)
    answers: dict = {}
    before = walk(flow, answers, today)
    answers["consent_information"] = {"value": True, "skipped": False, "by": "household",
                                      "at": "2026-11-22T10:00:00.000+00:00", "lang": "fr"}
    after = walk(flow, answers, today)
    assert after is not before
    assert after.context.get("consent_information") is True
