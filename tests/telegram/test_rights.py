"""/droits (issue 17): the worker asks for the rights estimate of the selected case; the bot
never waits for openfisca, and says when the check is unavailable."""

from __future__ import annotations

import pytest

from intake_bot.i18n import render
from intake_bot.rights import client

from tests.telegram.harness import WORKER, RunningBot, run
from tests.telegram.test_documents import answered_case, select


@pytest.fixture
def fresh_checker(monkeypatch):
    """The bot's shared rights checker, made anew for this test and closed after it."""
    monkeypatch.setattr(client, "_DEFAULT", None)
    yield
    if client._DEFAULT is not None:
        client._DEFAULT.close()


def test_droits_says_the_check_is_unavailable_and_nothing_else_changes(api, storage, fresh_checker,
                                                                        monkeypatch):
    monkeypatch.setenv("RIGHTS_WORKER_MODULE", "intake_bot.rights.no_such_module")

    async def scenario():
        bot = await RunningBot(api, storage).start()
        case_id = await answered_case(bot)
        await select(bot, case_id)
        first = await bot.say(WORKER, "/droits")
        worker = bot.service.account(f"telegram:{WORKER.id}")
        assert bot.service.rights(worker, case_id).status == "unavailable"  # waits for the start
        second = await bot.say(WORKER, "/droits")
        documents = await bot.say(WORKER, "/documents")
        await bot.stop()
        return case_id, first, second, documents

    case_id, first, second, documents = run(scenario())
    assert second["text"] == render("rights.unavailable", "fr")
    assert first["text"] in (second["text"], render("rights.pending", "fr",
                                                    reference=f"D-{case_id:06d}"))
    assert documents["text"] == render("tg.w.documents_sent", "fr", reference=f"D-{case_id:06d}")


def test_droits_answers_at_once_while_computing_then_shows_the_estimate(api, storage, fresh_checker):
    pytest.importorskip("openfisca_france")

    async def scenario():
        bot = await RunningBot(api, storage).start()
        case_id = await answered_case(bot)
        await select(bot, case_id)
        checker = client.default_checker()
        with checker.worker._lock:  # the worker process is busy: the bot must not wait for it
            pending = await bot.say(WORKER, "/droits")
        worker = bot.service.account(f"telegram:{WORKER.id}")
        bot.service.rights(worker, case_id)  # let the computation finish
        ready = await bot.say(WORKER, "/droits")
        await bot.stop()
        return case_id, pending, ready

    case_id, pending, ready = run(scenario())
    reference = f"D-{case_id:06d}"
    assert pending["text"] == render("rights.pending", "fr", reference=reference)
    assert ready["text"].startswith(f"Droits estimés pour le dossier {reference}")
    assert "RSA" in ready["text"] and "à confirmer avec la CAF" in ready["text"]
