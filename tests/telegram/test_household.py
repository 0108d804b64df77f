"""End to end: a household answering its part through the real Application and a fake Bot API."""

from __future__ import annotations


import pytest

from intake_bot.channels.telegram._callbacks import Erase, unpack
from intake_bot.i18n import render
from intake_bot.presentation import question_label
from intake_bot.storage.base import Account
from intake_bot.storage.sqlite import SqliteStorage

from tests.telegram.harness import (
    joined_case,
    run,
    WORKER, RunningBot, answer_current, button_data, buttons, join, new_case,
)
from tests.telegram.updates import User

HOUSEHOLD = User(5001, "Amina", "ar")


@pytest.fixture
def db(tmp_path):
    storage = SqliteStorage(tmp_path / "intake.sqlite")
    storage.save_account(Account(f"telegram:{WORKER.id}", "Alice", "CCAS", "worker"))
    yield storage
    storage.close()


def test_the_whole_household_part_through_buttons_and_typed_answers(api, db):
    async def scenario():
        bot = await RunningBot(api, db).start()
        case_id, token = await new_case(bot)
        picker = await bot.say(HOUSEHOLD, f"/start {token}")
        assert buttons(picker)[0] == ("✓ العربية", "l|ar")  # the app's language first, marked
        await bot.tap(HOUSEHOLD, "l|ar", picker["message_id"])
        answered = []
        while bot.casework.current(case_id, "household") is not None:
            answered.append(await answer_current(bot, HOUSEHOLD, case_id))
            assert len(answered) < 400
        await bot.stop()
        return case_id, answered

    case_id, answered = run(scenario())
    # issue 14: the information note is shown above the first consent, recorded with its answer
    assert answered[0] == "consent_collect"
    assert db.load_state(case_id)["answers"]["consent_information"]["by"] == "household"
    assert "members[0].birth_date" in answered and "members[1]" in answered
    assert db.get_case(case_id).status == "ready_for_review"
    records = db.load_state(case_id)["answers"]
    assert {records[p]["by"] for p in answered} == {"household"}
    assert {records[p]["lang"] for p in answered} == {"ar"}
    assert records["first_name"]["value"] == "..."
    chat = api.chat(HOUSEHOLD.id)
    assert any(render("chat.complete_household", "ar") in m["text"] for m in chat)
    assert any(render("tg.summary_title", "ar") in m["text"] for m in chat)
    assert all(m["text"].startswith("\u200f") for m in chat[2:])  # right to left, line by line
    assert all(len(m["text"]) <= 4096 for m in chat)
    # buttons edit the question in place instead of piling up messages
    assert len(api.calls_of("editMessageText", HOUSEHOLD.id)) > 20
    assert len(chat) < len(answered)
    told = api.chat(WORKER.id)[-1]["text"]
    assert told == render("case.notice.household_done", "fr", reference=f"D-{case_id:06d}")


def test_a_restarted_bot_resumes_at_the_same_question(api, db, tmp_path):
    async def first_run():
        bot = await RunningBot(api, db).start()
        case_id = await joined_case(bot, HOUSEHOLD, "fr", answered=6)
        where = bot.casework.current(case_id, "household").path
        await bot.stop()
        return case_id, where

    case_id, where = run(first_run())
    db.close()
    reopened = SqliteStorage(tmp_path / "intake.sqlite")

    async def second_run():
        bot = await RunningBot(api, reopened).start()
        shown = await bot.say(HOUSEHOLD, "/start")
        question = bot.casework.current(case_id, "household")
        await answer_current(bot, HOUSEHOLD, case_id)  # checks the question shown is this one
        await bot.stop()
        return shown, question

    shown, question = run(second_run())
    assert question.path == where
    assert question_label(question.slot, "fr") in shown["text"]
    assert where in reopened.load_state(case_id)["answers"]
    reopened.close()


def test_multi_choice_toggles_marks_and_confirms(api, db):
    async def scenario():
        bot = await RunningBot(api, db).start()
        case_id, token = await new_case(bot)
        await join(bot, HOUSEHOLD, token, "fr")
        while bot.casework.current(case_id, "household").field.kind != "multi_choice":
            await answer_current(bot, HOUSEHOLD, case_id)
        question = bot.casework.current(case_id, "household")
        shown = api.last(HOUSEHOLD.id)
        first, second = button_data(shown, "t|")[:2]
        await bot.tap(HOUSEHOLD, first)
        await bot.tap(HOUSEHOLD, second)
        after_two = api.last(HOUSEHOLD.id)
        await bot.tap(HOUSEHOLD, first)  # untick
        after_untick = api.last(HOUSEHOLD.id)
        assert question.path not in db.load_state(case_id)["answers"]  # nothing stored yet
        await bot.tap(HOUSEHOLD, button_data(after_untick, "c|")[0])
        await bot.stop()
        return case_id, question, shown, after_two, after_untick, second

    case_id, question, shown, after_two, after_untick, second = run(scenario())
    marks = [label[0] for label, data in buttons(after_two) if data.startswith("t|")]
    assert marks[:3] == ["✓", "✓", "▫"]
    assert [label[0] for label, data in buttons(after_untick) if data.startswith("t|")][:2] == ["▫", "✓"]
    assert after_two["message_id"] == shown["message_id"]  # edited in place
    assert db.load_state(case_id)["answers"][question.path]["value"] == [unpack(second).code]


def test_delete_asks_for_confirmation_then_erases_and_tells_the_worker(api, db):
    async def scenario():
        bot = await RunningBot(api, db).start()
        case_id = await joined_case(bot, HOUSEHOLD, "fr", answered=4)
        ask = await bot.say(HOUSEHOLD, "/delete")
        choices = button_data(ask, "d|")
        await bot.tap(HOUSEHOLD, Erase(case_id, "no").pack(), ask["message_id"])
        kept = dict(db.load_state(case_id)["answers"])
        ask = await bot.say(HOUSEHOLD, "/delete")
        done = await bot.tap(HOUSEHOLD, Erase(case_id, "yes").pack(), ask["message_id"])
        after = await bot.say(HOUSEHOLD, "Bonjour")
        await bot.stop()
        return case_id, choices, kept, done, after

    case_id, choices, kept, done, after = run(scenario())
    assert choices == [Erase(case_id, "yes").pack(), Erase(case_id, "no").pack()]  # of this case
    # the worker's setup answers (3, and organisation, name and date prefilled from the account),
    # four of the household and the information note shown with the first (issue 14)
    assert len(kept) == 6 + 5
    assert done["text"] == render("tg.deleted", "fr")
    assert db.get_case(case_id).status == "erased"
    assert db.load_state(case_id)["answers"] == {} and db.answer_history(case_id) == []
    assert db.get_link("telegram", str(HOUSEHOLD.id)) is None and db.links(case_id) == []
    assert db.load_session("telegram", str(HOUSEHOLD.id)) == {}
    assert after["text"] == "\u200f" + render("tg.not_linked", "ar")  # their app's language again
    assert "case.erase" in [a["action"] for a in db.audit_log(case_id)]
    assert api.chat(WORKER.id)[-1]["text"] == render("case.notice.household_erased", "fr",
                                                     reference=f"D-{case_id:06d}")


def test_refusing_consent_stops_the_interview(api, db):
    async def scenario():
        bot = await RunningBot(api, db).start()
        case_id, token = await new_case(bot)
        await join(bot, HOUSEHOLD, token, "fr")  # the information note is above the consent
        refused = await bot.tap(HOUSEHOLD, button_data(api.last(HOUSEHOLD.id), "a|")[1])  # "Non"
        told = api.last(WORKER.id)
        answers = dict(db.load_state(case_id)["answers"])
        typed = await bot.say(HOUSEHOLD, "Amina")  # the case is closed: nobody answers in it
        sections = await bot.say(WORKER, "/change")  # refused at once: nothing to change
        ref = bot.casework.flow.keys().index("consent_collect")
        jumped = await bot.tap(WORKER, f"g|{case_id}|{ref}")  # a button of an older message
        await bot.stop()
        return case_id, refused, told, answers, typed, sections, jumped

    case_id, refused, told, answers, typed, sections, jumped = run(scenario())
    reference = f"D-{case_id:06d}"
    assert refused["text"] == render("consent.refused", "fr")
    assert db.get_case(case_id).status == "refused"
    assert told["text"] == render("case.notice.household_refused", "fr", reference=reference)
    assert typed["text"] == render("tg.case_closed_household", "fr")
    assert sections["text"] == render("case.error.closed_refused", "fr", reference=reference)
    assert jumped["text"] == render("case.error.closed_refused", "fr", reference=reference)
    assert db.load_state(case_id)["answers"] == answers
