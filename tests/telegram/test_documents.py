"""End to end: the diagnostic and the contract from the bot, the contract objectives edited in
the chat, and who may receive which document."""

from __future__ import annotations

import dataclasses
import hashlib
import io

import docx

from intake_bot.channels.telegram._callbacks import Choose, Documents, Objectives, unpack
from intake_bot.engine.reader import Reply
from intake_bot.i18n import render

from tests.telegram.fake_bot_api import FakeBotApi
from tests.telegram.harness import (
    run,
    WORKER, RunningBot, button_data, join, new_case, prefill,
)
from tests.telegram.updates import User

HOUSEHOLD = User(5101, "Amina", "en")
STRANGER = User(6101, "Eve", "fr")


def text_of(content: bytes) -> str:
    """Every paragraph and table cell of a .docx."""
    document = docx.Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    parts += [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join(parts)


def sent_documents(api: FakeBotApi, chat_id: int) -> list[tuple[str, bytes]]:
    """(file name, bytes) of every document sent to ``chat_id``, in order."""
    return [(c.params["document_filename"], c.params["document"])
            for c in api.calls_of("sendDocument", chat_id)]


async def answered_case(bot: RunningBot, locale: str = "en") -> int:
    """A case whose household joined (in ``locale``) and every question has an answer."""
    case_id, token = await new_case(bot)
    await join(bot, HOUSEHOLD, token, locale)
    prefill(bot.casework, case_id, "household", lambda q: False)
    prefill(bot.casework, case_id, "worker", lambda q: False)
    return case_id


async def select(bot: RunningBot, case_id: int) -> None:
    """The worker picks the case in /cases."""
    listing = await bot.say(WORKER, "/cases")
    assert Choose(case_id).pack() in button_data(listing, "w|")
    await bot.tap(WORKER, Choose(case_id).pack(), listing["message_id"])


def test_documents_are_sent_regenerated_from_the_answers_and_audited(api, storage):
    async def scenario():
        bot = await RunningBot(api, storage).start()
        case_id = await answered_case(bot)
        await select(bot, case_id)
        await bot.say(WORKER, "/documents")
        generated = storage.get_case(case_id)
        service, worker = bot.service, bot.service.account(f"telegram:{WORKER.id}")
        service.jump(worker, case_id, "first_name")
        assert service.answer(worker, case_id, Reply(text="Nadia"), "fr").outcome.accepted
        changed = storage.get_case(case_id)
        done = await bot.say(WORKER, "/documents")
        await bot.stop()
        return case_id, done, generated, changed

    case_id, done, generated, changed = run(scenario())
    reference = f"D-{case_id:06d}"
    sent = sent_documents(api, WORKER.id)
    assert [name for name, _ in sent] == [f"diagnostic_social_{reference}.docx",
                                          f"contrat_accompagnement_{reference}.docx"] * 2
    texts = [text_of(content) for _, content in sent]
    assert all(reference in text for text in texts)
    assert "Amina" in texts[0] and "Nadia" not in texts[0]
    assert "Nadia" in texts[2] and "Amina" not in texts[2]  # rebuilt from the changed answer
    assert "English" in texts[1]  # the contract beside the household's language
    audit = [a for a in storage.audit_log(case_id) if a["action"] == "document.generate"]
    assert [(a["details"]["kind"], a["details"]["sha256"]) for a in audit] == [
        (kind, hashlib.sha256(content).hexdigest())
        for kind, (_, content) in zip(["diagnostic", "contract"] * 2, sent)]
    assert {a["actor"] for a in audit} == {f"telegram:{WORKER.id}"}
    assert {a["details"]["role"] for a in audit} == {"worker"}
    assert generated.status == "documents_generated" and generated.documents_at
    assert changed.documents_outdated  # an answer changed since: the documents are out of date
    case = storage.get_case(case_id)
    assert case.status == "documents_generated" and not case.documents_outdated
    assert done["text"] == render("tg.w.documents_sent", "fr", reference=reference)


def test_the_household_gets_its_contract_only_after_generation_and_never_the_diagnostic(api, storage):
    async def scenario():
        bot = await RunningBot(api, storage).start()
        case_id = await answered_case(bot)
        early = await bot.say(HOUSEHOLD, "/contract")
        refused = await bot.say(HOUSEHOLD, "/documents")
        storage.save_session("telegram", str(WORKER.id), {})  # a worker with no case selected
        picker = await bot.say(WORKER, "/documents")  # …picks one
        await bot.tap(WORKER, Documents(case_id).pack(), picker["message_id"])
        await bot.say(HOUSEHOLD, "/contract")
        stranger = [(await bot.say(STRANGER, command))["text"] for command in ("/contract", "/documents")]
        await bot.stop()
        return case_id, early, refused, picker, stranger

    case_id, early, refused, picker, stranger = run(scenario())
    reference = f"D-{case_id:06d}"
    assert early["text"] == render("tg.contract_not_ready", "en")
    assert refused["text"] == render("tg.worker_only", "en")
    assert Documents(case_id).pack() in button_data(picker, "x|")
    assert len(sent_documents(api, WORKER.id)) == 2
    [(name, content)] = sent_documents(api, HOUSEHOLD.id)
    assert name == f"contrat_accompagnement_{reference}.docx"
    assert reference in text_of(content) and "English" in text_of(content)
    assert api.last(HOUSEHOLD.id)["caption"] == render("tg.contract_caption", "en", reference=reference)
    assert stranger == [render("tg.not_linked", "fr"), render("tg.worker_only", "fr")]
    assert not api.calls_of("sendDocument", STRANGER.id)
    log = storage.audit_log()
    household_actor, stranger_actor = f"telegram:{HOUSEHOLD.id}", f"telegram:{STRANGER.id}"
    assert [(a["action"], a["details"].get("reason"), a["details"].get("kind")) for a in log
            if a["actor"] == household_actor and a["action"].startswith("document.")] == [
        ("document.denied", "not_generated", None), ("document.denied", "not_worker", None),
        ("document.send", None, "contract")]
    assert [a["details"]["command"] for a in log if a["actor"] == stranger_actor] == ["contract", "documents"]


def test_objectives_edited_in_the_chat_go_into_the_contract(api, storage):
    async def scenario():
        bot = await RunningBot(api, storage).start()
        case_id = await answered_case(bot, "fr")
        await select(bot, case_id)
        proposed = await bot.say(WORKER, "/objectives")
        removed = await bot.tap(WORKER, button_data(proposed, f"o|{case_id}|rm|")[0])
        themes = await bot.tap(WORKER, Objectives(case_id, "add").pack(), removed["message_id"])
        await bot.tap(WORKER, Objectives(case_id, "th", "french").pack(), themes["message_id"])
        added = await bot.say(WORKER, "Cours de français à la mairie, le mardi")
        await bot.say(WORKER, "/documents")
        await bot.stop()
        return case_id, proposed, removed, themes, added

    case_id, proposed, removed, themes, added = run(scenario())
    first = unpack(button_data(proposed, f"o|{case_id}|rm|")[0]).theme
    first_title = render(f"doc.objective.{first}", "fr")
    assert first_title in proposed["text"] and first_title not in removed["text"]
    assert len(button_data(themes, f"o|{case_id}|th|")) == 11  # the 11 themes, « accès aux droits » (issue 17) included
    assert "Cours de français à la mairie, le mardi" in added["text"]
    contract = text_of(sent_documents(api, WORKER.id)[1][1])
    assert "Apprentissage du français" in contract
    assert "Actions convenues : Cours de français à la mairie, le mardi" in contract
    assert f"Objectif 1 : {first_title}" not in contract


def test_the_last_objective_cannot_be_removed_and_a_stale_button_removes_nothing(api, storage):
    async def scenario():
        bot = await RunningBot(api, storage).start()
        case_id = await answered_case(bot, "fr")
        await select(bot, case_id)
        shown = await bot.say(WORKER, "/objectives")
        removes = button_data(shown, f"o|{case_id}|rm|")
        for data in removes[1:]:
            await bot.tap(WORKER, dataclasses.replace(unpack(data), number=2).pack())  # the 2nd now
        last = await bot.tap(WORKER, removes[0])
        stale = await bot.tap(WORKER, removes[-1], shown["message_id"])
        await bot.stop()
        return case_id, removes, last, stale

    case_id, removes, last, stale = run(scenario())
    assert len(removes) >= 2
    assert last["text"] == render("tg.w.objective_last", "fr")
    assert len(button_data(stale, f"o|{case_id}|rm|")) == 1  # the list as it is, nothing more removed


def test_no_documents_for_a_household_that_refused(api, storage):
    async def scenario():
        bot = await RunningBot(api, storage).start()
        case_id, token = await new_case(bot)
        await join(bot, HOUSEHOLD, token, "en")
        household = storage.get_link("telegram", str(HOUSEHOLD.id))
        for path, text in (("consent_information", ""), ("consent_collect", "non")):
            answered = bot.service.answer(household, case_id, Reply(text=text, path=path), "en")
            assert answered.outcome.accepted
        reply = await bot.say(WORKER, "/documents")
        contract = await bot.say(HOUSEHOLD, "/contract")
        await bot.stop()
        return case_id, reply, contract

    case_id, reply, contract = run(scenario())
    assert reply["text"] == render("case.error.closed_refused", "fr", reference=f"D-{case_id:06d}")
    assert contract["text"] == render("tg.contract_not_ready", "en")
    assert not api.calls_of("sendDocument")
    assert storage.get_case(case_id).status == "refused"
    denied = [(a["actor"], a["details"]) for a in storage.audit_log(case_id) if a["action"] == "document.denied"]
    assert denied == [(f"telegram:{WORKER.id}", {"command": "documents", "reason": "refused"}),
                      (f"telegram:{HOUSEHOLD.id}", {"command": "contract", "reason": "not_generated"})]


def test_a_contract_out_of_bounds_still_sends_the_diagnostic_and_tells_the_worker(api, storage):
    """Issue 15: ASLL allows 3 to 18 months; 30 recommended -> the diagnostic is sent, the
    worker is told the contract's bounds."""
    async def scenario():
        bot = await RunningBot(api, storage).start()
        case_id = await answered_case(bot)
        service, worker = bot.service, bot.service.account(f"telegram:{WORKER.id}")
        service.jump(worker, case_id, "duration_months")
        assert service.answer(worker, case_id, Reply(text="30"), "fr").outcome.accepted
        await select(bot, case_id)
        await bot.say(WORKER, "/documents")
        await bot.stop()
        return case_id

    case_id = run(scenario())
    reference = f"D-{case_id:06d}"
    assert [name for name, _ in sent_documents(api, WORKER.id)] == [f"diagnostic_social_{reference}.docx"]
    said = "\n".join(m.get("text") or "" for m in api.chat(WORKER.id))
    assert f"Dossier {reference} : Le contrat n'est pas produit" in said and "de 3 à 18 mois" in said
