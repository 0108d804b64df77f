"""/portail in the bot: a worker gets a one-time sign-in link to the staff portal (issue 12)."""

from __future__ import annotations

import re

from tests.portal_world import Browser
from tests.telegram.harness import WORKER, RunningBot, run

LINK = re.compile(r"(http://127\.0\.0\.1:8080)/connexion/(\S+)")


def test_portail_sends_a_one_time_link_that_signs_the_worker_in_once(api, storage):
    async def scenario():
        bot = await RunningBot(api, storage).start()
        reply = await bot.say(WORKER, "/portail")
        await bot.stop()
        return bot, reply

    bot, reply = run(scenario())
    found = LINK.search(reply["text"])
    assert found and "10 minutes" in reply["text"]
    token = found.group(2)
    browser = Browser(bot.service)
    try:
        browser.get(f"/connexion/{token}")
        assert browser.post(f"/connexion/{token}").url.endswith("/dossiers")
        assert "Alice" in browser.last.text
        browser.post("/deconnexion")
        browser.get(f"/connexion/{token}")
        assert browser.post(f"/connexion/{token}").status == 403  # used once
    finally:
        browser.close()
