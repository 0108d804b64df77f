"""End to end: social workers, invitations, and what strangers may not see."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta, timezone


from intake_bot.i18n import render
from intake_bot.storage.base import Invitation, utc_now

from tests.telegram.fake_bot_api import BOT_USERNAME
from tests.telegram.harness import (
    joined_case,
    run,
    WORKER, RunningBot, answer_current, button_data, buttons, join, new_case,
)
from tests.telegram.updates import User

STRANGER = User(6001, "Eve", "en")
HOUSEHOLD = User(5001, "Amina", "fr")
OTHER_HOUSEHOLD = User(5002, "Bilal", "fr")


def test_a_worker_creates_a_case_and_gets_a_link_and_its_qr_code(api, storage):
    async def scenario():
        bot = await RunningBot(api, storage).start()
        result = await new_case(bot)
        await bot.stop()
        return result

    case_id, token = run(scenario())
    answers = storage.load_state(case_id)["answers"]
    # issue 14: what the account says is prefilled, not asked
    assert list(answers) == ["organisation", "worker_name", "diagnostic_date", "measure", "referrer",
                             "diagnostic_level"]
    assert answers["worker_name"]["value"] == "Alice" and answers["organisation"]["value"] == "CCAS"
    assert {r["by"] for r in answers.values()} == {"worker"}
    link_message, photo = api.chat(WORKER.id)[-2:]
    assert f"https://t.me/{BOT_USERNAME}?start={token}" in link_message["text"]
    assert len(token) >= 32  # token_urlsafe(24): 192 bits
    sent = api.calls_of("sendPhoto", WORKER.id)[0].params["photo"]
    assert sent[:8] == b"\x89PNG\r\n\x1a\n"
    assert photo["caption"] == render("tg.w.qr_caption", "fr", reference=f"D-{case_id:06d}")
    invitation = storage.get_invitation(hashlib.sha256(token.encode()).hexdigest())
    assert invitation.case_id == case_id and invitation.used_at is None
    assert storage.get_invitation(token) is None  # only the hash is stored
    expires = datetime.fromisoformat(invitation.expires_at) - datetime.now(timezone.utc)
    assert timedelta(days=13, hours=23) < expires <= timedelta(days=14)
    assert storage.get_case(case_id).status == "invited"
    assert "invitation.create" in [a["action"] for a in storage.audit_log(case_id)]


def test_a_worker_reviews_changes_and_completes_a_case(api, storage):
    async def scenario():
        bot = await RunningBot(api, storage).start()
        case_id = await joined_case(bot, HOUSEHOLD, "fr", answered=4)
        await bot.say(HOUSEHOLD, "<b>x</b>")  # last_name… or whatever text comes: kept verbatim
        listing = await bot.say(WORKER, "/cases")
        await bot.tap(WORKER, button_data(listing, "w|")[0])
        answers = await bot.say(WORKER, "/answers")
        progress = await bot.say(WORKER, "/progress")
        sections = await bot.say(WORKER, "/change")
        questions = await bot.tap(WORKER, button_data(sections, "h|")[0])
        asked = await bot.tap(WORKER, button_data(questions, "g|")[0])
        await bot.tap(WORKER, button_data(asked, "a|")[1])  # change the measure to the 2nd
        for _ in range(3):  # then go on filling as the worker
            await answer_current(bot, WORKER, case_id, role="worker")
        await bot.stop()
        return case_id, listing, answers, progress, asked

    case_id, listing, answers, progress, asked = run(scenario())
    reference = f"D-{case_id:06d}"
    assert buttons(listing)[0][0].startswith(reference + " : le ménage répond")
    assert answers["text"].startswith(render("tg.w.answers_title", "fr", reference=reference))
    assert "Mesure : ASLL" in answers["text"]
    assert reference in progress["text"] and "▓" in progress["text"] + "░"
    assert "Dans quel cadre" in asked["text"]
    state = storage.load_state(case_id)["answers"]
    assert state["measure"]["value"] == "avdl" and state["measure"]["by"] == "worker"
    assert state["interpreter"]["by"] == "worker"


def test_strangers_get_a_polite_refusal_and_learn_nothing(api, storage):
    async def scenario():
        bot = await RunningBot(api, storage).start()
        case_id, token = await new_case(bot)
        await join(bot, HOUSEHOLD, token, "fr")
        replies = {}
        for command in ("/new", "/cases", "/answers", "/fill", "/progress", "/invite", "/revoke"):
            replies[command] = (await bot.say(STRANGER, command))["text"]
        replies["forged"] = (await bot.tap(STRANGER, f"w|{case_id}", 1))["text"]
        replies["household /cases"] = (await bot.say(HOUSEHOLD, "/cases"))["text"]
        replies["household forged"] = (await bot.tap(HOUSEHOLD, f"w|{case_id}"))["text"]
        await bot.stop()
        return case_id, replies

    case_id, replies = run(scenario())
    refusal = render("tg.worker_only", "en")
    assert all(replies[c] == refusal for c in ("/new", "/cases", "/answers", "/fill", "/progress"))
    assert replies["forged"] == render("tg.not_linked", "en")
    assert replies["household /cases"] == render("tg.worker_only", "fr")
    assert f"D-{case_id:06d}" not in replies["household forged"]
    assert len(storage.list_cases()) == 1
    assert storage.get_link("telegram", str(STRANGER.id)) is None
    assert not any(f"D-{case_id:06d}" in m["text"] for m in api.chat(STRANGER.id))


def test_expired_used_and_revoked_links_all_say_the_same(api, storage):
    async def scenario():
        bot = await RunningBot(api, storage).start()
        case_id, used = await new_case(bot)
        await join(bot, HOUSEHOLD, used, "fr")
        linked = api.last(WORKER.id)
        await bot.say(WORKER, "/cases")
        await bot.tap(WORKER, button_data(api.last(WORKER.id), "w|")[0])
        await bot.say(WORKER, "/invite")
        await bot.say(WORKER, "/invite")  # a new link: the one before stops working
        superseded, revoked = [m["text"].split("start=")[1].split()[0] for m in api.chat(WORKER.id)
                               if "start=" in (m.get("text") or "") and used not in m["text"]]
        revoke = await bot.say(WORKER, "/revoke")
        storage.save_invitation(Invitation(hashlib.sha256(b"expired-token-123").hexdigest(), case_id,
                                           "telegram:4242", utc_now(), "2020-01-01T00:00:00.000+00:00"))
        replies = [(await bot.say(STRANGER, f"/start {t}"))["text"]
                   for t in (used, "expired-token-123", superseded, revoked, "made-up-token")]
        await bot.stop()
        return case_id, replies, linked, revoke

    case_id, replies, linked, revoke = run(scenario())
    assert linked["text"] == render("case.notice.household_linked", "fr",
                                    reference=f"D-{case_id:06d}", display="Amina")
    assert replies == [render("tg.invalid_link", "en")] * 5
    assert revoke["text"] == render("tg.w.revoked", "fr", reference=f"D-{case_id:06d}", count=1)
    assert storage.get_link("telegram", str(STRANGER.id)) is None
    assert [link.user_id for link in storage.links(case_id)] == [str(HOUSEHOLD.id)]
    invitations = storage.invitations(case_id)
    assert not [i for i in invitations if not i.used_at and not i.revoked_at
                and i.expires_at > "2021"]  # never two live links: none left at all
    actions = [a["action"] for a in storage.audit_log(case_id)]
    assert {"invitation.use", "invitation.revoke", "case.link"} <= set(actions)
    assert actions.count("invitation.revoke") == 2  # by the second /invite, then by /revoke


def test_a_household_cannot_reach_another_case(api, storage):
    async def scenario():
        bot = await RunningBot(api, storage).start()
        first, token_one = await new_case(bot)
        second, token_two = await new_case(bot)
        await join(bot, HOUSEHOLD, token_one, "fr")
        await answer_current(bot, HOUSEHOLD, first)
        reply = await bot.say(HOUSEHOLD, f"/start {token_two}")
        replies = [m["text"] for m in api.chat(HOUSEHOLD.id)[-2:]]
        await answer_current(bot, HOUSEHOLD, first)
        await join(bot, OTHER_HOUSEHOLD, token_two, "fr")  # the link still works for its household
        await bot.stop()
        return first, second, replies, reply

    first, second, replies, reply = run(scenario())
    assert replies[0] == render("tg.already_linked", "fr")
    assert storage.get_link("telegram", str(HOUSEHOLD.id)).case_id == first
    assert storage.get_link("telegram", str(OTHER_HOUSEHOLD.id)).case_id == second
    assert not any(r["by"] == "household" for r in storage.load_state(second)["answers"].values())
    # two answers and the information note shown above the first (issue 14)
    assert len([r for r in storage.load_state(first)["answers"].values() if r["by"] == "household"]) == 3


def test_a_removed_worker_loses_access(api, storage):
    async def scenario():
        bot = await RunningBot(api, storage).start()
        _, token = await new_case(bot)
        assert bot.service.remove_account(f"telegram:{WORKER.id}")
        reply = await bot.say(WORKER, "/cases")
        seen = len(api.chat(WORKER.id))
        await join(bot, HOUSEHOLD, token, "fr")  # would tell the worker the household joined
        await bot.stop()
        return reply, api.chat(WORKER.id)[seen:]

    reply, told_after = run(scenario())
    assert reply["text"] == render("tg.worker_only", "fr")
    assert told_after == []  # a removed account gets nothing, notifications included
    assert not storage.get_account(f"telegram:{WORKER.id}").active
