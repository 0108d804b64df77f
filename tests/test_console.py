"""The console chat driven like a person at a terminal: whole interviews, commands, bad input."""

from __future__ import annotations

from datetime import date, datetime, timezone
from decimal import Decimal

import pytest

from intake_bot.cases import CaseService, open_service
from intake_bot.channels.console import CONSOLE_ACCOUNT, ConsoleChat
from intake_bot.config import Settings
from intake_bot.i18n import render
from intake_bot.storage.memory import MemoryStorage
from intake_bot.storage.sqlite import SqliteStorage
from tests.scripted import SINGLE_MOTHER, answer_for

NOW = datetime(2026, 11, 22, 9, 30, tzinfo=timezone.utc)
CONSENTS = ("consent_collect", "consent_share_landlord", "consent_share_commission")


@pytest.fixture(params=["memory", "sqlite"])
def service(request, tmp_path):
    storage = MemoryStorage() if request.param == "memory" else SqliteStorage(tmp_path / "db.sqlite")
    yield open_service(Settings(), store=storage, clock=lambda: NOW)
    storage.close()


class Person:
    """Types the scripted answer of whatever question is on screen; can also type set lines first.

    A worker asked whether the household expressed a consent in their presence says yes: the
    scripted worker fills the diagnostic sitting with the household."""

    def __init__(self, service: CaseService, role: str, script: dict, lines: list[str] | None = None):
        self.casework, self.role, self.script = service.casework, role, script
        self.lines = list(lines or [])
        self.case_id: int | None = None
        self.typed: list[str] = []
        self.screen: list[str] = []

    def __call__(self, prompt: str) -> str:
        if self.lines:
            line = self.lines.pop(0)
        elif self.screen[-3:-2] == [render("chat.witnessed_question")]:
            line = "1"
        else:
            question = self.casework.current(self.case_id, self.role)
            if question is None:
                raise EOFError
            line = answer_for(self.script, question.path)
        self.typed.append(line)
        return line


def run_chat(service, role, script, lines=None, locale="fr"):
    case = service.create_case(CONSOLE_ACCOUNT)
    person = Person(service, role, script, lines)
    person.case_id = case.id
    chat = ConsoleChat(service, read_line=person, write=person.screen.append, locale=locale, role=role,
                       case_id=case.id)
    status = chat.run()
    return case.id, "\n".join(person.screen), status


def test_a_worker_completes_the_whole_diagnostic(service):
    casework = service.casework
    case_id, screen, status = run_chat(service, "worker", SINGLE_MOTHER)
    assert status == 0
    assert casework.current(case_id, "worker") is None
    assert "Toutes les questions du diagnostic ont une réponse." in screen
    context = casework.walk(case_id).context
    assert context["birth_date"] == date(1985, 3, 12)  # typed in Arabic-Indic digits
    assert [r["amount"] for r in context["resources"]] == [Decimal("980.00"), Decimal("1200.50"),
                                                           Decimal("310.00")]
    assert context["household_expectations"] == SINGLE_MOTHER["household_expectations"]
    assert context["syplo"] is None  # "je ne sais pas"
    assert casework.state(case_id)["answers"]["syplo"]["skipped"] is True
    # seasonal work (employment 5) and a summons (eviction stage 3); debts 2160 < 3 × 2490.50
    assert ("Suggérés d'après les réponses (à confirmer) : Instabilité professionnelle, "
            "Épisode d'expulsion") in screen
    figures = casework.figures(case_id)
    assert figures.consumption_units == Decimal("1.8")  # 1 + 0.5 (Yanis, 14) + 0.3 (Lina, 7)
    assert figures.reste_a_vivre_per_day_per_unit == Decimal("29.91")  # 1615.10 / 30 / 1.8
    assert figures.taux_effort == Decimal("16.5")  # (720 − 310 APL) / 2490.50
    # resources 980 + 1200.50 + 310 = 2490.50; charges 720 + 95.40 = 815.40; repayments 60
    assert figures.reste_a_vivre == Decimal("1615.10")
    assert [p.first_name for p in casework.storage.people(case_id)] == ["Amina", "Yanis", "Lina"]
    # a consent is the household's: the worker was asked, for each, whether it was said before them
    assert screen.count(render("chat.witnessed_question")) == len(CONSENTS)
    answers = casework.state(case_id)["answers"]
    assert all(answers[path]["by"] == "worker" and answers[path]["witnessed"] for path in CONSENTS)


def test_a_household_answers_its_part_and_is_never_asked_the_workers(service):
    casework = service.casework
    case_id, screen, _ = run_chat(service, "household", SINGLE_MOTHER)
    answers = casework.state(case_id)["answers"]
    asked = {casework.flow.field(p.split("[")[0]).section for p in answers}
    assert "analysis" not in asked and "case" not in asked
    assert "adhesion" not in answers
    # what the household said, or what the engine derived from it (issue 14): never the worker
    assert all(record["by"] in ("household", "derived") for record in answers.values())
    assert not any(answers[path]["witnessed"] for path in CONSENTS)  # given by the household itself
    assert "Merci ! Vous avez répondu à toutes les questions." in screen
    assert casework.storage.get_case(case_id).status == "ready_for_review"
    assert casework.current(case_id, "worker").path == "measure"


def test_screens_show_progress_headings_numbers_and_summaries(service):
    _, screen, _ = run_chat(service, "household", SINGLE_MOTHER)
    assert "Composition du foyer" in screen
    assert "░" in screen and "sur" in screen
    assert "  1. Une femme" in screen
    assert "Vos réponses : Composition du foyer" in screen
    assert "Prénom : Amina" in screen


def test_bad_input_gets_a_reprompt_and_the_answer_is_asked_again(service):
    casework = service.casework
    lines = ["", "oui", "oui", "non", "Amina", "Haddad", "7", "1", "peut-être demain", "31/02/1985",
             "12/03/2099", "12/03/1985", "/pause"]
    case_id, screen, _ = run_chat(service, "household", SINGLE_MOTHER, lines)
    assert "Je n'ai pas trouvé cette réponse." in screen  # sex: "7"
    assert "Je n'ai pas compris cette date." in screen
    assert "Cette date n'existe pas" in screen
    assert "date de naissance" in screen.lower()
    assert casework.walk(case_id).context["birth_date"] == date(1985, 3, 12)
    assert "C'est noté, vos réponses sont enregistrées." in screen


def test_back_and_change_keep_answers_and_unknown_commands_are_explained(service):
    casework = service.casework
    lines = ["", "oui", "oui", "non", "Amina", "/back", "Aminata", "/frobnicate", "/change", "1",
             "oui", "/pause"]
    case_id, screen, _ = run_chat(service, "household", SINGLE_MOTHER, lines)
    answers = casework.state(case_id)["answers"]
    assert answers["first_name"]["value"] == "Aminata"
    assert "Je ne connais pas cette commande." in screen
    assert "Réponse actuelle : Amina" in screen
    history = [event.path for event in casework.storage.answer_history(case_id)]
    # note, 3 consents, Amina, Aminata (after /back), consent_collect again (/change → 1)
    assert history == ["consent_information", "consent_collect", "consent_share_landlord",
                       "consent_share_commission", "first_name", "first_name", "consent_collect"]


def test_consent_refusal_ends_politely_and_stores_nothing_else(service):
    casework = service.casework
    case_id, screen, status = run_chat(service, "household", SINGLE_MOTHER, ["", "non"])
    assert status == 0
    assert "Nous ne gardons aucune autre information." in screen
    assert set(casework.state(case_id)["answers"]) == {"consent_information", "consent_collect"}
    assert casework.storage.get_case(case_id).status == "refused"


def test_the_budget_summary_is_one_line_per_amount_with_the_totals(service):
    """Issue 14: short, with the totals, reste à vivre and taux d'effort."""
    _, screen, _ = run_chat(service, "household", SINGLE_MOTHER)
    summary = screen.split("Vos réponses : Budget", 1)[1].split("─" * 40, 1)[0]
    assert "Loyer : 720,00" in summary and "Salaire : 980,00" in summary
    assert "Budget par mois : ressources 2" in summary and "Taux d'effort : 16,5 %" in summary
    assert len(summary.strip().splitlines()) <= 15


def test_pause_says_how_to_resume(service):
    _, screen, _ = run_chat(service, "household", SINGLE_MOTHER, ["", "/pause"])
    assert render("console.paused") in screen
