"""Issue 13, reviews in the chat: the worker's /bilan, the household's part in Dari, the
document sent, through the real application and the fake Bot API."""

from __future__ import annotations

from intake_bot.channels.telegram._callbacks import (
    ReviewAction, ReviewAnswer, ReviewConfirm, ReviewStart, ReviewToggle, slot_ref,
)
from intake_bot.documents.objectives import Objective

from tests.telegram.harness import WORKER, RunningBot, button_data, join, new_case, run
from tests.telegram.test_documents import sent_documents, text_of
from tests.test_reviews import answer_diagnostic
from tests.telegram.updates import User, callback

HOUSEHOLD = User(5401, "Zahra", "fa")
STRANGER = User(6401, "Eve", "fr")
OBJECTIVES = [Objective("access_installation"), Objective("admin_finance"),
              Objective("housing_search")]
WORKER_TEXT = {"objective_1_comment": "Bail signé.", "objective_2_comment": "Budget suivi.",
               "objective_3_comment": "Demande à renouveler.",
               "review_adhesion_comment": "Bonne adhésion.", "review_synthesis": "Ça avance.",
               "review_next_step_detail": "Six mois de plus."}
DARI_TEXT = {"review_what_helped": "کمک در پرداخت کرایه خانه خوب بود",
             "review_still_hard": "پیدا کردن کار هنوز سخت است"}


async def reviewed_case(bot: RunningBot) -> int:
    """A case whose household joined in Dari, with its freins and 3 objectives."""
    case_id, token = await new_case(bot)
    await join(bot, HOUSEHOLD, token, "fa_AF")
    worker = bot.service.account(f"telegram:{WORKER.id}")
    answer_diagnostic(bot.service, worker, case_id)
    bot.service.set_objectives(worker, case_id, OBJECTIVES)
    return case_id


async def answer_review(bot: RunningBot, user: User, actor, review_id: int, texts: dict) -> None:
    """Answer ``user``'s questions of the review in the chat: the first choice of each button
    question (its review button), the scripted words of each text question."""
    service = bot.service
    while (question := service.review_screen(actor, review_id).question) is not None:
        flow = service.review_casework(service.store.get_review(review_id)).flow
        ref = slot_ref(flow, question.slot)
        first = question.field.choices[0].code if question.field.choices else None
        if question.field.kind == "multi_choice":
            await bot.tap(user, ReviewToggle(review_id, ref, first).pack())
            await bot.tap(user, ReviewConfirm(review_id, ref).pack())
        elif first is not None:
            shown = bot.api.last(user.id)
            assert ReviewAnswer(review_id, ref, first).pack() in button_data(shown, "ya|")
            await bot.tap(user, ReviewAnswer(review_id, ref, first).pack())
        else:
            await bot.say(user, texts[question.path])


def test_a_worker_runs_an_intermediate_review_and_the_household_answers_in_dari(api, storage):
    async def scenario():
        bot = await RunningBot(api, storage).start()
        case_id = await reviewed_case(bot)
        service = bot.service
        worker = service.account(f"telegram:{WORKER.id}")
        reference = f"D-{case_id:06d}"
        choose = await bot.say(WORKER, f"/bilan {reference}")
        await bot.tap(WORKER, ReviewStart(case_id, "intermediate").pack(), choose["message_id"])
        review = service.open_review(worker, case_id)
        first_question = bot.api.last(WORKER.id)
        await answer_review(bot, WORKER, worker, review.id, WORKER_TEXT)
        menu = bot.api.last(WORKER.id)
        again = await bot.say(WORKER, "Très bien")  # nothing left to type: the menu again
        await bot.tap(WORKER, ReviewAction(review.id, "invite").pack(), menu["message_id"])
        return bot, service, case_id, review, choose, first_question, menu, again

    bot, service, case_id, review, choose, first_question, menu, again = run(scenario())
    assert button_data(again, "yr|") == button_data(menu, "yr|")
    assert "review_how_it_goes" not in storage.get_review(review.id).state["answers"]
    assert [d for d in button_data(choose, "yk|")] == [ReviewStart(case_id, "intermediate").pack(),
                                                      ReviewStart(case_id, "final").pack()]
    assert "Objectif 1 : Accès et installation" in first_question["text"]
    assert button_data(first_question, "ya|") and not button_data(first_question, "a|")
    stored = storage.get_review(review.id).state["answers"]
    assert stored["objective_2_status"]["value"] == "achieved"
    assert stored["objective_3_comment"]["value"] == "Demande à renouveler."
    assert [d for d in button_data(menu, "yr|")] == [ReviewAction(review.id, a).pack()
                                                     for a in ("invite", "doc", "done")]


def test_the_household_answers_its_part_in_dari_and_the_worker_gets_the_document(api, storage):
    async def scenario():
        bot = await RunningBot(api, storage).start()
        case_id = await reviewed_case(bot)
        service = bot.service
        worker = service.account(f"telegram:{WORKER.id}")
        choose = await bot.say(WORKER, f"/bilan D-{case_id:06d}")
        await bot.tap(WORKER, ReviewStart(case_id, "intermediate").pack(), choose["message_id"])
        review = service.open_review(worker, case_id)
        await answer_review(bot, WORKER, worker, review.id, WORKER_TEXT)
        await bot.tap(WORKER, ReviewAction(review.id, "invite").pack())
        invitation = bot.api.last(HOUSEHOLD.id)
        await bot.tap(HOUSEHOLD, ReviewAction(review.id, "answer").pack(),
                      invitation["message_id"])
        first = bot.api.last(HOUSEHOLD.id)
        link = service.household("telegram", str(HOUSEHOLD.id))
        await answer_review(bot, HOUSEHOLD, link, review.id, DARI_TEXT)
        thanks = bot.api.last(HOUSEHOLD.id)
        told = bot.api.last(WORKER.id)
        await bot.send(callback(ReviewAction(review.id, "doc").pack(), STRANGER, 1))
        stranger = bot.api.chat(STRANGER.id)
        await bot.tap(WORKER, ReviewAction(review.id, "done").pack())
        return bot, case_id, review, invitation, first, thanks, told, stranger

    bot, case_id, review, invitation, first, thanks, told, stranger = run(scenario())
    reference = f"D-{case_id:06d}"
    assert button_data(invitation, "yr|") == [ReviewAction(review.id, "answer").pack()]
    assert "\u200f" in invitation["text"]  # Dari: right to left
    assert first["text"].startswith("\u200f") and button_data(first, "ya|")  # in Dari, right to left
    answers = storage.get_review(review.id).state["answers"]
    record = answers["review_still_hard"]
    assert (record["by"], record["lang"], record["value"]) == ("household", "fa_AF",
                                                                DARI_TEXT["review_still_hard"])
    assert answers["review_how_it_goes"]["by"] == "household"
    assert "\u200f" in thanks["text"]
    assert reference in told["text"] and "partie du bilan" in told["text"]
    assert not any(name.startswith("bilan") for name, _ in sent_documents(api, STRANGER.id))
    assert not any(reference in (m.get("text") or "") for m in stranger)
    [(name, content)] = [(n, c) for n, c in sent_documents(api, WORKER.id) if n.startswith("bilan")]
    assert name == f"bilan_intermediaire_{reference}.docx"
    text = text_of(content)
    assert DARI_TEXT["review_what_helped"] in text and "Bail signé." in text
    assert storage.get_review(review.id).completed_at is not None
    actions = [a["action"] for a in storage.audit_log(case_id)]
    assert {"review.start", "review.invite", "review.household_done", "review.complete",
            "document.generate"} <= set(actions)
