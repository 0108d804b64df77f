"""Issue 13 in the chat: a worker follows a measure from the phone (decision, start, follow-up
log, renewal, eviction prevention, exit), the household sees its next review, and the reminders
queued by the bot's job are sent once, even across a restart."""

from __future__ import annotations

from datetime import date, datetime, timezone

from intake_bot.cases import open_service
from intake_bot.channels.telegram._measure import (
    ContactStep, DecisionStep, EvictionStep, ExitStep, queue_reminders,
)
from intake_bot.config import Settings
from intake_bot.engine.dates import add_months

from tests.telegram.harness import WORKER, RunningBot, button_data, run
from tests.telegram.test_documents import HOUSEHOLD, answered_case, select
from tests.telegram.test_faults import sqlite_storage, until


async def decided_and_started(bot: RunningBot, case_id: int) -> dict:
    """/documents, then /decision with three taps, then /demarrage on a typed date."""
    reference = f"D-{case_id:06d}"
    await select(bot, case_id)
    await bot.say(WORKER, "/documents")
    asked = await bot.say(WORKER, f"/decision {reference}")
    assert DecisionStep(case_id, "accepted").pack() in button_data(asked, "md|")
    granted = await bot.tap(WORKER, DecisionStep(case_id, "accepted").pack())
    assert DecisionStep(case_id, "accepted", "asll").pack() in button_data(granted, "md|")
    await bot.tap(WORKER, DecisionStep(case_id, "accepted", "asll").pack(), granted["message_id"])
    saved = await bot.tap(WORKER, DecisionStep(case_id, "accepted", "asll", "t").pack())
    assert "décision enregistrée" in saved["text"] and reference in saved["text"]
    return await bot.say(WORKER, f"/demarrage {reference} 04/01/2027")


def test_a_worker_follows_a_measure_from_decision_to_exit_in_a_few_taps(api, storage):
    async def scenario():
        bot = await RunningBot(api, storage).start()
        case_id = await answered_case(bot)
        started = await decided_and_started(bot, case_id)
        service = bot.service
        worker = service.account(f"telegram:{WORKER.id}")
        household_help = await bot.say(HOUSEHOLD, "/help")
        await bot.say(WORKER, "/suivi")
        note_asked = await bot.tap(WORKER, ContactStep(case_id, "visit").pack())
        visit_saved = await bot.say(WORKER, "Visite : le logement est bien tenu.")
        await bot.say(WORKER, "/suivi")
        incidents = await bot.tap(WORKER, ContactStep(case_id, "incident").pack())
        await bot.tap(WORKER, ContactStep(case_id, "incident", "payment").pack(),
                      incidents["message_id"])
        await bot.say(WORKER, "Loyer payé avec dix jours de retard.")
        journal = await bot.say(WORKER, "/journal")
        latest = add_months(date(2027, 1, 4), 18)
        renewed = await bot.say(WORKER, f"/prolonger {latest:%d/%m/%Y} Consolider le budget")
        await bot.say(WORKER, "/expulsion")
        fsl = await bot.tap(WORKER, EvictionStep(case_id, "fsl_decision").pack())
        fsl_saved = await bot.tap(WORKER, EvictionStep(case_id, "fsl_decision", "granted").pack(),
                                  fsl["message_id"])
        await bot.say(WORKER, "/cloture")
        closed = await bot.tap(WORKER, ExitStep(case_id, "social_housing").pack())
        measure = service.measure(worker, case_id)
        log = service.follow_up_log(worker, case_id)
        await bot.stop()
        return locals()

    seen = run(scenario())
    case_id, measure, log = seen["case_id"], seen["measure"], seen["log"]
    assert "04/01/2027" in seen["started"]["text"] or "4 janv. 2027" in seen["started"]["text"]
    assert measure.start == date(2027, 1, 4) and measure.granted == "asll"
    assert "Visite à domicile" in seen["note_asked"]["text"]
    assert seen["visit_saved"]["text"].startswith("Enregistré")
    assert [(e.kind, e.detail, e.note) for e in log] == [
        ("visit", "", "Visite : le logement est bien tenu."),
        ("incident", "payment", "Loyer payé avec dix jours de retard.")]
    assert "Incident de paiement" in seen["journal"]["text"]
    assert measure.end == seen["latest"] and len(measure.renewals) == 1
    assert "prolongé" in seen["renewed"]["text"]
    assert "FSL accordé" in seen["fsl_saved"]["text"]
    assert measure.eviction["fsl_decision"][1] == "granted"
    assert "Logement social" in seen["closed"]["text"] and measure.outcome == "social_housing"
    assert storage.get_case(case_id).status == "closed"
    assert "2027" in seen["household_help"]["text"]  # the next review's date


def test_a_measure_command_without_a_case_asks_for_one_and_a_foreign_button_is_refused(api, storage):
    async def scenario():
        bot = await RunningBot(api, storage).start()
        usage = await bot.say(WORKER, "/suivi")
        refused = await bot.tap(WORKER, ExitStep(999, "other").pack(), usage["message_id"])
        await bot.stop()
        return usage, refused

    usage, refused = run(scenario())
    assert "/suivi D-000001" in usage["text"]
    assert "introuvable" in refused["text"]


def test_a_typed_date_that_cannot_be_read_is_asked_again(api, storage):
    async def scenario():
        bot = await RunningBot(api, storage).start()
        case_id = await answered_case(bot)
        await select(bot, case_id)
        await bot.say(WORKER, "/documents")
        await bot.say(WORKER, "/decision")
        await bot.tap(WORKER, DecisionStep(case_id, "adjourned").pack())
        wrong = await bot.say(WORKER, "bientôt")
        right = await bot.say(WORKER, "15/12/2026")
        service = bot.service
        measure = service.measure(service.account(f"telegram:{WORKER.id}"), case_id)
        await bot.stop()
        return wrong, right, measure

    wrong, right, measure = run(scenario())
    assert "Date non comprise" in wrong["text"]
    assert "décision enregistrée" in right["text"]
    assert (measure.decision, measure.decided_on) == ("adjourned", date(2026, 12, 15))


def test_reminders_are_queued_once_and_sent_after_a_restart(api, tmp_path):
    """The job records each reminder and keeps its message in the durable outbox in one
    transaction; the courier of the next start sends it; queuing again sends nothing."""
    storage = sqlite_storage(tmp_path)

    async def first_run():
        bot = await RunningBot(api, storage).start()
        case_id = await answered_case(bot)
        await decided_and_started(bot, case_id)
        await bot.stop()
        return case_id

    case_id = run(first_run())
    service = open_service(Settings(), storage)
    tuesday = datetime(2027, 2, 16, 9, 0, tzinfo=timezone.utc)  # 43 days after the start
    assert queue_reminders(service, tuesday) >= 1
    assert queue_reminders(service, tuesday) == 0

    async def second_run():
        bot = await RunningBot(api, storage).start()
        await until(lambda: not bot.service.kept_replies(), "the kept reminders sent")
        await bot.stop()

    run(second_run())
    reminders = [m["text"] for m in api.chat(WORKER.id) if m.get("text", "").startswith("Rappel")]
    assert any(f"D-{case_id:06d}" in text and "aucun contact" in text for text in reminders)
    assert len(reminders) == len(set(reminders))
    assert queue_reminders(service, tuesday) == 0
