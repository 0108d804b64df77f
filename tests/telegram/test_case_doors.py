"""Through the real bot: buttons act on the case they name, a second account waits for the
worker, and the bot and the command line hand out the same documents (issue #10)."""

from __future__ import annotations

from intake_bot.cli import main as cli_main
from intake_bot.i18n import render
from intake_bot.storage.base import Account
from intake_bot.storage.sqlite import SqliteStorage

from intake_bot.engine.reader import Reply
from tests.scripted import SINGLE_MOTHER, answer_for
from tests.telegram.harness import (
    WORKER, RunningBot, answer_current, button_data, join, new_case, run,
)
from tests.telegram.test_documents import sent_documents, text_of
from tests.telegram.updates import User

HOUSEHOLD = User(5301, "Amina", "uk")
OTHER = User(5302, "Bilal", "fr")
MALLORY = User(6301, "Mallory", "fr")


def fill(bot: RunningBot, case_id: int, user: User | None, until: str | None = None,
         locale: str = "fr") -> None:
    """Answer through the bot's case service as the household (``user``) or, with None, as the
    worker (who records the consents as expressed in their presence), until question ``until``."""
    service = bot.service
    actor = service.account(f"telegram:{WORKER.id}") if user is None else \
        service.household("telegram", str(user.id))
    role = "worker" if user is None else "household"
    while (question := bot.casework.current(case_id, role)) is not None and question.path != until:
        reply = Reply(text=answer_for(SINGLE_MOTHER, question.path), path=question.path)
        outcome = service.answer(actor, case_id, reply, locale, witnessed=user is None).outcome
        assert outcome.accepted, (question.path, outcome.error)


def test_an_old_question_acts_on_its_own_case_not_on_the_one_selected(api, storage):
    """Before: with D-000001 selected, « Je ne sais pas » on an older message of D-000002
    skipped D-000001's question."""
    async def scenario():
        bot = await RunningBot(api, storage).start()
        first, _ = await new_case(bot)
        second, _ = await new_case(bot)
        fill(bot, second, None, "duration_months")
        fill(bot, first, None, "duration_months")
        listing = await bot.say(WORKER, "/cases")
        await bot.tap(WORKER, f"w|{second}", listing["message_id"])
        old = await bot.say(WORKER, "/fill")  # D-000002's duration_months, with its buttons
        listing = await bot.say(WORKER, "/cases")
        await bot.tap(WORKER, f"w|{first}", listing["message_id"])
        await bot.tap(WORKER, button_data(old, "s|")[0], old["message_id"])
        await bot.stop()
        return first, second, old

    first, second, old = run(scenario())
    assert old["text"].startswith(render("tg.w.question_case", "fr", reference=f"D-{second:06d}"))
    assert storage.load_state(second)["answers"]["duration_months"]["skipped"] is True
    assert "duration_months" not in storage.load_state(first)["answers"]


def test_a_button_naming_another_case_is_refused_to_a_household(api, storage):
    async def scenario():
        bot = await RunningBot(api, storage).start()
        mine, token = await new_case(bot)
        await join(bot, HOUSEHOLD, token, "fr")
        other, token = await new_case(bot)
        await join(bot, OTHER, token, "fr")
        question = api.last(OTHER.id)
        forged = button_data(question, "a|")[0].replace(f"a|{other}|", f"a|{mine}|")
        reply = await bot.tap(OTHER, forged, question["message_id"])
        await bot.stop()
        return mine, reply

    mine, reply = run(scenario())
    assert reply["text"] == render("tg.stale_button", "fr")
    assert all(r["by"] == "worker" for r in storage.load_state(mine)["answers"].values())
    assert not any(a["actor"] == f"telegram:{OTHER.id}" for a in storage.audit_log(mine))


def test_a_second_account_waits_and_the_worker_confirms_with_a_button(api, storage):
    """Before: whoever opened an older link became a second household account."""
    async def scenario():
        bot = await RunningBot(api, storage).start()
        case_id, token = await new_case(bot)
        await join(bot, HOUSEHOLD, token, "fr")
        await answer_current(bot, HOUSEHOLD, case_id)
        await bot.say(WORKER, "/invite")
        again = api.chat(WORKER.id)[-2]["text"]  # the link, then its QR code
        second_token = again.split("start=", 1)[1].split()[0]
        waiting = await bot.say(MALLORY, f"/start {second_token}")
        sees = await bot.say(MALLORY, "/change")
        ask = api.last(WORKER.id)
        refused = await bot.tap(WORKER, button_data(ask, "k|")[1], ask["message_id"])
        await bot.stop()
        return case_id, waiting, sees, ask, refused

    case_id, waiting, sees, ask, refused = run(scenario())
    reference = f"D-{case_id:06d}"
    assert waiting["text"] == render("tg.link_waiting", "fr")
    assert sees["text"] == render("tg.link_waiting", "fr")  # nothing of the case
    assert "Mallory" in ask["text"] and reference in ask["text"]
    assert button_data(ask, "k|") == [f"k|{case_id}|telegram:{MALLORY.id}|y",
                                      f"k|{case_id}|telegram:{MALLORY.id}|n"]
    assert refused["text"] == render("tg.w.link_refused", "fr", reference=reference)
    assert api.last(MALLORY.id)["text"] == render("case.notice.link_refused", "fr")
    assert [k.user_id for k in storage.links(case_id)] == [str(HOUSEHOLD.id)]


def test_the_bot_and_the_command_line_hand_out_the_same_documents(api, tmp_path, monkeypatch):
    """Before: `intake-bot documents` built another contract than the bot (no objectives edited
    in the bot, no household language, other file names)."""
    data = tmp_path / "data"
    store = SqliteStorage(data / "intake.sqlite")
    store.save_account(Account(f"telegram:{WORKER.id}", "Alice", "CCAS", "worker"))

    async def scenario():
        bot = await RunningBot(api, store).start()
        case_id, token = await new_case(bot)
        await join(bot, HOUSEHOLD, token, "uk")
        fill(bot, case_id, HOUSEHOLD, locale="uk")
        fill(bot, case_id, None)
        shown = await bot.say(WORKER, "/objectives")
        themes = await bot.tap(WORKER, button_data(shown, "o|")[-2], shown["message_id"])  # add
        await bot.tap(WORKER, f"o|{case_id}|std|french|0", themes["message_id"])
        await bot.say(WORKER, "/documents")
        await bot.stop()
        return case_id

    case_id = run(scenario())
    store.close()
    from_bot = dict(sent_documents(api, WORKER.id))
    monkeypatch.setenv("INTAKE_DATA_DIR", str(data))
    out = tmp_path / "out"
    assert cli_main(["documents", f"D-{case_id:06d}", "--out", str(out)]) == 0
    from_cli = {p.name: p.read_bytes() for p in out.iterdir()}
    assert sorted(from_cli) == sorted(from_bot)
    for name in from_bot:
        assert text_of(from_cli[name]) == text_of(from_bot[name]), name
    contract = text_of(from_cli[f"contrat_accompagnement_D-{case_id:06d}.docx"])
    assert render("doc.objective.french", "uk") in contract


def test_a_household_that_refused_reopens_its_case_with_a_new_link(api, storage):
    """Only the household reopens a refused case, by opening a new invitation; the worker's
    /fill on it says it is closed."""
    async def scenario():
        bot = await RunningBot(api, storage).start()
        case_id, token = await new_case(bot)
        await join(bot, HOUSEHOLD, token, "fr")
        consent = api.last(HOUSEHOLD.id)
        await bot.tap(HOUSEHOLD, button_data(consent, "a|")[1], consent["message_id"])  # "Non"
        listing = await bot.say(WORKER, "/cases")
        await bot.tap(WORKER, f"w|{case_id}", listing["message_id"])
        fill = await bot.say(WORKER, "/fill")
        await bot.say(WORKER, "/invite")
        new_token = api.chat(WORKER.id)[-2]["text"].split("start=", 1)[1].split()[0]
        reopened = await bot.say(HOUSEHOLD, f"/start {new_token}")
        await bot.stop()
        return case_id, fill, reopened

    case_id, fill, reopened = run(scenario())
    reference = f"D-{case_id:06d}"
    assert fill["text"] == render("case.error.closed_refused", "fr", reference=reference)
    assert storage.get_case(case_id).status == "household_answering"
    assert "Êtes-vous d'accord pour répondre" in reopened["text"]
    assert any(a["action"] == "consent.reopen" for a in storage.audit_log(case_id))
