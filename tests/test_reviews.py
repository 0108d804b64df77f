"""Reviews of a case (« bilans », issue 13): the flows, the service, the document, erasure."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import datetime, timezone

import docx
import pytest
from babel.messages.extract import extract_from_dir

from intake_bot.cases import CaseError, CaseNotFound, open_service
from intake_bot.config import Settings
from intake_bot.documents.objectives import Objective
from intake_bot.engine.reader import Reply
from intake_bot.engine.state import new_state
from intake_bot.questionnaire.compiler import load_flow
from intake_bot.questionnaire.reviews import (
    REVIEW_KINDS, ReviewContext, review_file, review_flow, review_sections,
)
from intake_bot.storage.base import Account, AnswerEvent
from intake_bot.storage.memory import MemoryStorage
from intake_bot.storage.sqlite import SqliteStorage
from tests.test_cases import ALICE, BRUNO, CLARA, OSCAR, joined

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=timezone.utc)
SETTINGS = Settings(organisation="CCAS de Caen")
THREE = ReviewContext(("Accès et installation", "Santé", "Recherche de logement"),
                      (("overindebtedness", "Surendettement"), ("health", "Santé")))
OBJECTIVES = [Objective("access_installation"), Objective("admin_finance", "Ouvrir un compte"),
              Objective("housing_search")]
#: What the worker types, per field key of the intermediate review.
WORKER_SCRIPT = {
    "objective_1_status": "1", "objective_1_comment": "Bail signé, installation faite.",
    "objective_2_status": "2", "objective_2_comment": "Compte ouvert, budget à suivre.",
    "objective_3_status": "3", "objective_3_comment": "Demande de logement social à renouveler.",
    "review_freins_remaining": "1", "review_adhesion": "2",
    "review_adhesion_comment": "Rendez-vous honorés la plupart du temps.",
    "review_next_step": "2", "review_next_step_detail": "Six mois de plus pour l'accès.",
    "review_synthesis": "Le ménage progresse ; le budget reste fragile.",
}
DARI = {"review_how_it_goes": "2", "review_what_helped": "کمک در پرداخت کرایه خانه خیلی خوب بود",
        "review_still_hard": "پیدا کردن کار هنوز سخت است"}


@pytest.fixture
def service():
    store = MemoryStorage()
    for account in (ALICE, BRUNO, CLARA, OSCAR):
        store.save_account(account)
    return open_service(SETTINGS, store=store, clock=lambda: NOW)


#: The diagnostic answers a review reads (field -> reply), given by path: the review does not
#: depend on the rest of the questionnaire.
DIAGNOSTIC = {"organisation": Reply(text="Association Habitat & Insertion"),
              "worker_name": Reply(text="Claire Martin"), "first_name": Reply(text="Amina"),
              "last_name": Reply(text="Haddad"), "measure": Reply(codes=("asll",)),
              "freins": Reply(codes=("overindebtedness", "eviction_episode")),
              "recommended_measure": Reply(codes=("asll",)), "duration_months": Reply(text="6")}


def answer_diagnostic(service, actor, case_id):
    """Answer, as the worker, the diagnostic questions a review reads."""
    for path, reply in DIAGNOSTIC.items():
        outcome = service.answer(actor, case_id, replace(reply, path=path), "fr").outcome
        assert outcome.accepted, (path, outcome.error)


def reviewed_case(service, locale="fa_AF"):
    """A case whose household joined (in ``locale``), with its freins and 3 objectives."""
    case, link = joined(service, locale=locale)
    answer_diagnostic(service, ALICE, case.id)
    service.set_objectives(ALICE, case.id, OBJECTIVES)
    return service.case(ALICE, case.id), service.household("telegram", "100")


def answer_review(service, actor, review_id, role, script, locale):
    """Answer every question ``role`` has in the review, as ``script`` says."""
    while (question := service.review_screen(actor, review_id).question) is not None:
        outcome = service.answer_review(actor, review_id, Reply(text=script[question.path],
                                                                path=question.path), locale).outcome
        assert outcome.accepted, (question.path, outcome.error)


# --- the flows --------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", REVIEW_KINDS)
def test_both_review_flows_compile_with_one_status_and_comment_per_objective(kind):
    flow = review_flow(kind, THREE)
    for number in (1, 2, 3):
        status = flow.field(f"objective_{number}_status")
        assert [c.code for c in status.choices] == ["achieved", "partly", "not_achieved"]
        assert status.who == "worker" and flow.field(f"objective_{number}_comment").kind == "text"
    assert "Santé" in flow.field("objective_2_status").label
    assert [c.code for c in flow.field("review_freins_remaining").choices] == \
        ["overindebtedness", "health", "none"]
    household = [f.key for f in flow.by_key.values() if f.who == "household"]
    assert household == ["review_how_it_goes", "review_what_helped", "review_still_hard"]
    assert ("review_outcome" in flow.by_key) == (kind == "final")
    assert ("review_exit_housing" in flow.by_key) == (kind == "final")


def test_generating_the_objective_questions_leaves_the_file_unchanged():
    raw = review_file("intermediate")
    before = repr(raw)
    assert len(review_sections(raw, THREE)[1]["fields"]) == 6
    assert review_sections(raw, ReviewContext())[1]["fields"] == []
    assert repr(raw) == before


def test_the_diagnostic_flow_does_not_take_in_the_review_files():
    assert not any(key.startswith("review_") for key in load_flow().keys())


def test_babel_extracts_the_review_flows_in_their_subfolder():
    method_map = [("intake_bot/flows/**.yaml", "intake_bot.i18n.extract:extract_flow")]
    found = {(context, message) for filename, _line, message, _c, context in extract_from_dir(
        ".", method_map, keywords={"pgettext": ((1, "c"), 2)}) if "reviews" in filename}
    assert ("review_what_helped",
            "Qu'est-ce qui vous a aidé ? Écrivez avec vos mots, dans votre langue.") in found
    assert ("review_objectives.status", "Objectif {number} : {objective}. Où en est-il ?") in found
    assert ("section.review_exit", "Fin de l'accompagnement") in found


# --- the service ------------------------------------------------------------------------------

def test_a_worker_answers_an_intermediate_review_of_three_objectives(service):
    case, _link = reviewed_case(service)
    review = service.start_review(ALICE, case.reference, "intermediate")
    assert review.context["objectives"] == ["Accès et installation",
                                            "Gestion administrative et financière (Ouvrir un compte)",
                                            "Recherche de logement et parcours résidentiel"]
    assert service.start_review(ALICE, case.id, "intermediate").id == review.id  # still open
    answer_review(service, ALICE, review.id, "worker", WORKER_SCRIPT, "fr")
    stored = service.store.get_review(review.id)
    assert stored.state["answers"]["objective_3_status"]["value"] == "not_achieved"
    assert stored.state["answers"]["objective_1_comment"]["by"] == "worker"
    history = service.store.review_history(review.id)
    assert [e.path for e in history][:2] == ["objective_1_status", "objective_1_comment"]
    assert service.review_screen(ALICE, review.id).question is None
    # the household's part is still to answer: the worker's role may answer it, the door asks it
    assert service.review_screen(service.household("telegram", "100"), review.id).question.path \
        == "review_how_it_goes"


def test_the_household_answers_its_part_in_dari_and_the_worker_is_told(service):
    case, link = reviewed_case(service, locale="fa_AF")
    review = service.start_review(ALICE, case.id, "intermediate")
    notices = service.invite_to_review(ALICE, review.id)
    assert [(n.recipient, n.message_id, n.locale) for n in notices] == \
        [("telegram:100", "review.notice.household_invited", "fa_AF")]
    assert service.household_review(link).id == review.id
    told = []
    while (question := service.review_screen(link, review.id).question) is not None:
        answered = service.answer_review(link, review.id, Reply(text=DARI[question.path],
                                                                path=question.path), "fa_AF")
        assert answered.outcome.accepted
        told += answered.notices
    assert [(n.recipient, n.message_id) for n in told] == \
        [(ALICE.id, "review.notice.household_done")]
    record = service.store.get_review(review.id).state["answers"]["review_what_helped"]
    assert (record["by"], record["lang"], record["value"]) == ("household", "fa_AF",
                                                                DARI["review_what_helped"])
    assert service.household_review(link) is None
    # a worker-only question is refused to the household, even named by its path
    refused = service.answer_review(link, review.id, Reply(text="1", path="objective_1_status"),
                                    "fa_AF").outcome
    assert not refused.accepted


def test_the_household_answers_in_arabic_with_arabic_digits(service):
    case, link = reviewed_case(service, locale="ar")
    review = service.start_review(ALICE, case.id, "final")
    script = {"review_how_it_goes": "١", "review_what_helped": "ساعدني العامل الاجتماعي كثيرا",
              "review_still_hard": "لا شيء"}
    answer_review(service, link, review.id, "household", script, "ar")
    answers = service.store.get_review(review.id).state["answers"]
    assert answers["review_how_it_goes"]["value"] == "well"
    assert answers["review_still_hard"]["lang"] == "ar"


def test_the_intermediate_review_document_holds_objectives_freins_adhesion_and_signatures(service):
    case, link = reviewed_case(service)
    review = service.start_review(ALICE, case.id, "intermediate")
    answer_review(service, link, review.id, "household", DARI, "fa_AF")
    answer_review(service, ALICE, review.id, "worker", {**WORKER_SCRIPT,
                                                        "review_freins_remaining": "1,2"}, "fr")
    done = service.complete_review(ALICE, review.id)
    assert done.completed_at.startswith("2026-11-25") and done.completed_by == ALICE.id
    document = service.review_document(ALICE, review.id)
    assert document.file_name == f"bilan_intermediaire_{case.reference}.docx"
    opened = docx.Document(io.BytesIO(document.content))
    text = "\n".join(p.text for p in opened.paragraphs)
    cells = [[c.text for c in row.cells] for t in opened.tables for row in t.rows]
    assert "Bilan intermédiaire" in text
    assert ["1", "Accès et installation", "Atteint", "Bail signé, installation faite."] in cells
    assert ["2", "Gestion administrative et financière (Ouvrir un compte)",
            "Partiellement atteint", "Compte ouvert, budget à suivre."] in cells
    assert ["3", "Recherche de logement et parcours résidentiel", "Non atteint",
            "Demande de logement social à renouveler."] in cells
    retained = [c[0] for c in cells if len(c) == 1]
    assert review.context["freins"] == [["overindebtedness", "Surendettement"],
                                        ["eviction_episode", "Épisode d'expulsion"]]
    assert retained == ["Frein", "Surendettement", "Épisode d'expulsion"]
    assert ["Adhésion actuelle", "Partielle"] in cells
    assert ["Suite proposée", "Renouvellement ou prolongation de la mesure"] in cells
    helped = next(c[1] for c in cells if c[0] == "Ce qui a aidé le ménage")
    assert DARI["review_what_helped"] in helped and "à traduire" in helped
    assert "Le ménage progresse ; le budget reste fragile." in text
    assert "Bilan établi le 25/11/2026" in text
    assert any("Signature" in c for row in cells for c in row)
    assert "Fin de l'accompagnement" not in text
    audit = [a for a in service.store.audit_log(case.id) if a["action"] == "document.generate"]
    assert audit[-1]["details"]["file"] == document.file_name
    assert audit[-1]["details"]["sha256"] == document.sha256
    with pytest.raises(CaseError):  # completed: its answers no longer change
        service.answer_review(ALICE, review.id, Reply(text="1", path="objective_1_status"), "fr")


def test_the_final_review_document_adds_the_outcome_and_the_situation_at_exit(service):
    case, _link = reviewed_case(service)
    review = service.start_review(ALICE, case.id, "final")
    script = {**WORKER_SCRIPT, "review_outcome": "1", "review_exit_housing": "1",
              "review_exit_resources": "1 250,40", "review_exit_resources_change": "1",
              "review_next_step": "1"}
    answer_review(service, ALICE, review.id, "worker", script, "fr")
    document = service.review_document(ALICE, review.id)
    assert document.file_name == f"bilan_final_{case.reference}.docx"
    opened = docx.Document(io.BytesIO(document.content))
    cells = [[c.text for c in row.cells] for t in opened.tables for row in t.rows]
    assert ["Issue de l'accompagnement", "Accès à un logement social"] in cells
    assert ["Précisions", "sans objet"] in cells
    assert ["Logement à la sortie", "Locataire en titre"] in cells
    assert ["Ressources mensuelles à la sortie", "1\u202f250,40\u00a0€"] in cells
    assert ["L'avis du ménage" in p.text for p in opened.paragraphs].count(True) == 1
    assert "Le ménage n'a pas répondu à sa partie du bilan." in \
        "\n".join(p.text for p in opened.paragraphs)


def test_another_organisation_and_another_worker_are_refused(service):
    case, _link = reviewed_case(service)
    review = service.start_review(ALICE, case.id, "intermediate")
    for attempt in (lambda: service.start_review(OSCAR, case.id, "intermediate"),
                    lambda: service.review(OSCAR, review.id),
                    lambda: service.review_screen(OSCAR, review.id),
                    lambda: service.answer_review(OSCAR, review.id, Reply(text="1"), "fr"),
                    lambda: service.review_document(OSCAR, review.id),
                    lambda: service.complete_review(OSCAR, review.id),
                    lambda: service.review_document(BRUNO, review.id),
                    lambda: service.review(ALICE, 999)):
        with pytest.raises(CaseNotFound):
            attempt()
    assert service.review_document(CLARA, review.id).kind == "bilan_intermediaire"  # coordinator


def test_erasing_the_case_erases_its_reviews(service):
    case, link = reviewed_case(service)
    review = service.start_review(ALICE, case.id, "intermediate")
    answer_review(service, link, review.id, "household", DARI, "fa_AF")
    service.erase(ALICE, case.id)
    assert service.store.get_review(review.id) is None
    assert service.store.reviews(case.id) == []
    assert service.store.review_history(review.id) == []
    with pytest.raises(CaseNotFound):
        service.start_review(ALICE, case.id, "final")


def test_an_unknown_review_kind_is_refused(service):
    case, _link = reviewed_case(service)
    with pytest.raises(CaseError) as refused:
        service.start_review(ALICE, case.id, "quarterly")
    assert refused.value.message_id == "review.error.kind"


def test_reviews_survive_a_restart_of_the_sqlite_store(tmp_path):
    path = tmp_path / "bot.sqlite"
    store = SqliteStorage(path)
    for account in (ALICE, OSCAR):
        store.save_account(account)
    first = open_service(SETTINGS, store=store, clock=lambda: NOW)
    case, link = joined(first, locale="fa_AF")
    review = first.start_review(ALICE, case.id, "intermediate")
    answer_review(first, link, review.id, "household", DARI, "fa_AF")
    first.close()
    again = open_service(SETTINGS, store=SqliteStorage(path), clock=lambda: NOW)
    assert again.store.get_review(review.id).state["answers"]["review_still_hard"]["value"] == \
        DARI["review_still_hard"]
    assert again.open_review(ALICE, case.id).id == review.id
    again.close()


def test_completing_a_review_during_the_support_records_the_measure_phase(service):
    case, _link = reviewed_case(service)
    service.documents(ALICE, case.id)
    service.decide(ALICE, case.id, "accepted")
    service.start_support(ALICE, case.id)
    review = service.start_review(ALICE, case.id, "intermediate")
    answer_review(service, ALICE, review.id, "worker", WORKER_SCRIPT, "fr")
    service.complete_review(ALICE, review.id)
    assert service.case(ALICE, case.id).status == "intermediate_review"
    actions = [a["action"] for a in service.store.audit_log(case.id)]
    assert actions.index("review.complete") < actions.index("measure.review")


def test_a_review_completed_before_the_support_keeps_its_own_completion(service):
    case, _link = reviewed_case(service)
    review = service.start_review(ALICE, case.id, "intermediate")
    service.complete_review(ALICE, review.id)
    assert service.store.get_review(review.id).completed_at is not None
    assert service.case(ALICE, case.id).status != "intermediate_review"


def test_words_typed_by_a_worker_never_answer_the_households_part(service):
    case, _link = reviewed_case(service)
    review = service.start_review(ALICE, case.id, "intermediate")
    answer_review(service, ALICE, review.id, "worker", WORKER_SCRIPT, "fr")
    with pytest.raises(CaseError) as refused:
        service.answer_review(ALICE, review.id, Reply(text="Très bien"), "fr")
    assert refused.value.message_id == "review.error.nothing_left"
    assert "review_how_it_goes" not in service.store.get_review(review.id).state["answers"]
    # named by its path (a worker recording what the household said), it is accepted
    named = service.answer_review(ALICE, review.id, Reply(text="1", path="review_how_it_goes"), "fr")
    assert named.outcome.accepted
