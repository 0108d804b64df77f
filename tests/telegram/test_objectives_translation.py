"""Issue 15 from the chat: the objectives a worker types are offered to the configured
translation backend (called off the event loop) before /documents builds the contract, so the
household reads them in its own column; a backend that is down leaves the French and its note."""

from __future__ import annotations

from intake_bot.channels.telegram._callbacks import Objectives
from intake_bot.i18n import render

from tests.telegram.harness import WORKER, RunningBot, run
from tests.telegram.test_documents import HOUSEHOLD, answered_case, select, sent_documents, text_of

WORDS = "Cours de français à la mairie, le mardi"
TRANSLATED = f"[en] {WORDS}"  # the fake LibreTranslate tags the text with its target


async def typed_objective_then_documents(bot: RunningBot) -> int:
    """An English-speaking household's case; the worker types an objective, then /documents."""
    case_id = await answered_case(bot, "en")
    await select(bot, case_id)
    proposed = await bot.say(WORKER, "/objectives")
    themes = await bot.tap(WORKER, Objectives(case_id, "add").pack(), proposed["message_id"])
    await bot.tap(WORKER, Objectives(case_id, "th", "french").pack(), themes["message_id"])
    await bot.say(WORKER, WORDS)
    await bot.say(WORKER, "/documents")
    return case_id


def typed(storage, case_id: int) -> list:
    """The stored objectives of the case that carry the worker's words."""
    return [o for o in storage.get_case(case_id).objectives if o.text]


def backend(server) -> dict:
    """Settings of a LibreTranslate backend served by the fake ``server``."""
    return {"translation_backend": "libretranslate", "libretranslate_url": server.url}


def test_documents_show_the_typed_objective_in_the_households_language(api, storage, server):
    """Before: /documents built the contract without offering the worker's words to the
    backend, so they stayed French in the household's column."""
    async def scenario():
        bot = await RunningBot(api, storage, settings=backend(server)).start()
        case_id = await typed_objective_then_documents(bot)
        await bot.say(HOUSEHOLD, "/contract")
        await bot.stop()
        return case_id

    case_id = run(scenario())
    [objective] = typed(storage, case_id)
    assert (objective.text, objective.translation, objective.translation_locale) == (WORDS, TRANSLATED, "en")
    assert [p["q"] for _, p in server.requests if p.get("q") == WORDS] == [WORDS]
    [_, (name, contract)] = sent_documents(api, WORKER.id)
    assert name.startswith("contrat_accompagnement_")
    for text in (text_of(contract), text_of(sent_documents(api, HOUSEHOLD.id)[-1][1])):
        assert TRANSLATED in text and WORDS in text.replace(TRANSLATED, "")
        assert render("doc.contract.written_in_french", "en") not in text
    assert any(a["action"] == "objectives.translate" for a in storage.audit_log(case_id))


def test_a_backend_that_is_down_leaves_the_french_and_the_documents_are_sent(api, storage, server):
    server.mode = "error"

    async def scenario():
        bot = await RunningBot(api, storage, settings=backend(server)).start()
        case_id = await typed_objective_then_documents(bot)
        await bot.stop()
        return case_id

    case_id = run(scenario())
    [objective] = typed(storage, case_id)
    assert objective.translation is None
    assert server.requests  # offered, refused
    assert len(sent_documents(api, WORKER.id)) == 2
    contract = text_of(sent_documents(api, WORKER.id)[1][1])
    assert WORDS in contract and TRANSLATED not in contract
    assert render("doc.contract.written_in_french", "en") in contract
    assert api.last(WORKER.id)["text"] == render("tg.w.documents_sent", "fr",
                                                 reference=f"D-{case_id:06d}")
