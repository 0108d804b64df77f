"""Issue 15, worker commands: the contract's start date set from the chat (/debut) and, when
the recommended duration is outside the measure's bounds, the bounds offered as buttons."""

from __future__ import annotations

from intake_bot.channels.telegram._callbacks import Months, unpack
from intake_bot.engine.reader import Reply

from tests.telegram.harness import WORKER, RunningBot, button_data, buttons, run
from tests.telegram.test_documents import answered_case, select, sent_documents, text_of


def said(api) -> str:
    """Every text the worker was sent."""
    return "\n".join(m.get("text") or "" for m in api.chat(WORKER.id))


def test_debut_sets_the_contract_start_from_what_the_worker_types(api, storage):
    """Before: nothing in the chat set the start date; the contract always began the day it
    was made."""
    async def scenario():
        bot = await RunningBot(api, storage).start()
        case_id = await answered_case(bot)
        await select(bot, case_id)
        first = await bot.say(WORKER, "/debut 01/02/2027")
        typed = storage.get_case(case_id).contract_start
        await bot.say(WORKER, "/debut 1er mars 2027")
        await bot.say(WORKER, "/documents")
        await bot.stop()
        return case_id, first, typed

    case_id, first, typed = run(scenario())
    assert typed == "2027-02-01"
    assert storage.get_case(case_id).contract_start == "2027-03-01"
    assert f"D-{case_id:06d}" in first["text"] and "/documents" in first["text"]
    [contract] = [content for name, content in sent_documents(api, WORKER.id) if name.startswith("contrat")]
    assert "01/03/2027" in text_of(contract) or "1er mars 2027" in text_of(contract)


def test_debut_with_a_bad_or_missing_date_says_so_in_french_and_keeps_the_start(api, storage):
    async def scenario():
        bot = await RunningBot(api, storage).start()
        case_id = await answered_case(bot)
        await select(bot, case_id)
        missing = await bot.say(WORKER, "/debut")
        impossible = await bot.say(WORKER, "/debut 31/02/2027")
        nonsense = await bot.say(WORKER, "/debut demain peut-être")
        await bot.stop()
        return case_id, missing, impossible, nonsense

    case_id, missing, impossible, nonsense = run(scenario())
    assert storage.get_case(case_id).contract_start is None
    assert "/debut 01/02/2027" in missing["text"]
    assert "Cette date n'existe pas" in impossible["text"] and "/debut 01/02/2027" in impossible["text"]
    assert "Je n'ai pas compris cette date" in nonsense["text"]


def test_debut_without_a_selected_case_asks_for_one(api, storage):
    async def scenario():
        bot = await RunningBot(api, storage).start()
        reply = await bot.say(WORKER, "/debut 01/02/2027")
        await bot.stop()
        return reply

    assert "/cases" in run(scenario())["text"]


def test_a_duration_out_of_bounds_offers_the_bounds_and_a_tap_makes_the_contract(api, storage):
    """ASLL allows 3 to 18 months (6 by default); 30 recommended. Before: the worker was told,
    with no way to choose a duration from the chat."""
    async def scenario():
        bot = await RunningBot(api, storage).start()
        case_id = await answered_case(bot)
        service, worker = bot.service, bot.service.account(f"telegram:{WORKER.id}")
        service.jump(worker, case_id, "duration_months")
        assert service.answer(worker, case_id, Reply(text="30"), "fr").outcome.accepted
        await select(bot, case_id)
        await bot.say(WORKER, "/documents")
        offers = [m for m in api.chat(WORKER.id) if button_data(m, "m|")]
        assert len(offers) == 1
        await bot.tap(WORKER, Months(case_id, 18).pack(), offers[0]["message_id"])
        await bot.stop()
        return case_id, offers[0]

    case_id, offer = run(scenario())
    months = [unpack(data) for data in button_data(offer, "m|")]
    assert months == [Months(case_id, 3), Months(case_id, 6), Months(case_id, 18)]
    labels = [label for label, data in buttons(offer) if data.startswith("m|")]
    assert labels == ["3 mois", "6 mois", "18 mois"]
    assert storage.get_case(case_id).contract_months == 18
    reference = f"D-{case_id:06d}"
    names = [name for name, _ in sent_documents(api, WORKER.id)]
    assert names[-1] == f"contrat_accompagnement_{reference}.docx"
    assert "18 mois" in said(api)


def test_a_months_button_of_an_unknown_case_changes_nothing(api, storage):
    async def scenario():
        bot = await RunningBot(api, storage).start()
        case_id = await answered_case(bot)
        await bot.tap(WORKER, Months(case_id + 99, 12).pack())
        await bot.stop()
        return case_id

    case_id = run(scenario())
    assert storage.get_case(case_id).contract_months is None


def test_debut_aucune_puts_the_start_back_to_the_day_the_documents_are_made(api, storage):
    """Before: once set, the start could not be reset from the chat (« aucune » was not a date)."""
    async def scenario():
        bot = await RunningBot(api, storage).start()
        case_id = await answered_case(bot)
        await select(bot, case_id)
        await bot.say(WORKER, "/debut 01/02/2027")
        reset = await bot.say(WORKER, "/debut aucune")
        await bot.stop()
        return case_id, reset

    case_id, reset = run(scenario())
    assert storage.get_case(case_id).contract_start is None
    assert f"D-{case_id:06d}" in reset["text"] and "jour où les documents seront faits" in reset["text"]
