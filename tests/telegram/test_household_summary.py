"""Issue 14: the household's own summary of its answers reads cleanly in its language: no « ? : »
nor « :: », and a skipped question in the household's own words (« Je ne sais pas »)."""

from __future__ import annotations

from datetime import date

import pytest

from intake_bot.engine.state import Provenance, make_record
from intake_bot.engine.walk import walk
from intake_bot.i18n import render
from intake_bot.presentation import summary_label
from intake_bot.questionnaire.compiler import load_flow
from intake_bot.channels.telegram._views import answer_lines

FLOW = load_flow()
TODAY = date(2026, 12, 3)
DOUBLED = ("::", "?:", "? :", "؟:", "؟ :", "？:", "፧:")


class AnsweredCasework:
    """The little of a casework the summary reads: the flow, the answers, the walk over them."""

    flow = FLOW

    def __init__(self, answers: dict):
        self.answers = answers

    def state(self, case_id: int) -> dict:
        """The case's state: only its answers."""
        return {"answers": self.answers}

    def walk(self, case_id: int):
        """The questionnaire walked over the answers."""
        return walk(FLOW, self.answers, TODAY)


def every_household_question_skipped() -> dict:
    """Every question the household is asked, skipped (one entry in each repeated group)."""
    by = Provenance("household", "2026-12-03T10:00:00+00:00", "fr")
    answers = {"supports_in_place": make_record(["ccas"], by, None)}
    for _ in range(4):
        for slot in walk(FLOW, answers, TODAY).slots:
            if slot.path in answers or slot.field.kind == "note" or not slot.field.asked_to("household"):
                continue
            if slot.adds_entry:
                answers[slot.path] = make_record(slot.index == 0, by, None)
            else:
                answers[slot.path] = make_record(None, by, None, skipped=True)
    return answers


@pytest.mark.parametrize("locale", ["fr", "ar", "fa_AF", "es", "en"])
def test_the_household_summary_has_no_doubled_punctuation_and_says_i_dont_know(locale):
    lines = answer_lines(AnsweredCasework(every_household_question_skipped()), 1, "household", locale)
    answered = [line for line in lines if line.startswith("•")]
    assert len(answered) > 40
    assert not [line for line in answered if any(mark in line for mark in DOUBLED)]
    own = render("tg.button_skip", locale)  # the words of the household's own button
    assert own != render("answer.skipped", locale)
    assert sum(line.endswith(": " + own) or line.endswith(" : " + own) for line in answered) > 30
    assert not [line for line in answered if line.endswith(render("answer.skipped", locale))]


def test_the_worker_still_reads_the_skip_in_the_third_person():
    lines = answer_lines(AnsweredCasework(every_household_question_skipped()), 1, "worker", "fr")
    assert any(line.endswith(" : ne sait pas") for line in lines)


@pytest.mark.parametrize("label, bare", [
    ("Quels services vous aident déjà ?", "Quels services vous aident déjà"),
    ("¿Qué servicios le ayudan ya?", "Qué servicios le ayudan ya"),
    ("ما الخدمات التي تساعدك الآن؟", "ما الخدمات التي تساعدك الآن"),
    ("Montant :", "Montant"),
    ("¿Quién es? Escriba su nombre.", "¿Quién es? Escriba su nombre"),
    ("Prénom", "Prénom"),
])
def test_a_label_loses_its_own_end_punctuation_before_the_answer(label, bare):
    assert summary_label(label) == bare


@pytest.mark.parametrize("locale", ["fr", "ar", "uk"])
def test_going_back_to_a_skipped_question_the_household_reads_its_own_words(locale):
    from intake_bot.casework import Screen
    from intake_bot.channels.telegram._views import question_view
    from intake_bot.engine.interview import Progress, Question

    answers = every_household_question_skipped()
    slot = walk(FLOW, answers, TODAY).slot("last_name")
    screen = Screen(Question(slot, answers["last_name"]), Progress(1, 1, {}))
    own = render("chat.current_answer", locale, answer=render("tg.button_skip", locale))
    theirs = render("chat.current_answer", locale, answer=render("answer.skipped", locale))
    household, _ = question_view(AnsweredCasework(answers), 1, screen, locale)
    worker, _ = question_view(AnsweredCasework(answers), 1, screen, locale, witness=True)
    assert own in household and theirs not in household
    assert theirs in worker
