"""Issue 17: a button under the /droits answer lets the worker put the rights estimate in the
diagnostic's budget, or take it out."""

from __future__ import annotations

import pytest

from intake_bot.i18n import render

from tests.telegram.harness import WORKER, RunningBot, button_data, run
from tests.telegram.test_documents import answered_case, select
from tests.telegram.test_rights import fresh_checker  # noqa: F401 (fixture)


def test_the_button_under_droits_puts_the_estimate_in_the_diagnostic(api, storage, fresh_checker):
    pytest.importorskip("openfisca_france")

    async def scenario():
        bot = await RunningBot(api, storage).start()
        case_id = await answered_case(bot)
        await select(bot, case_id)
        worker = bot.service.account(f"telegram:{WORKER.id}")
        bot.service.rights(worker, case_id)  # computed: /droits answers at once
        ready = await bot.say(WORKER, "/droits")
        [show] = button_data(ready, "p|")
        shown = await bot.tap(WORKER, show, ready["message_id"])
        stored = bot.service.case(worker, case_id).rights_in_diagnostic
        again = await bot.say(WORKER, "/droits")
        [hide] = button_data(again, "p|")
        hidden = await bot.tap(WORKER, hide, again["message_id"])
        after = bot.service.case(worker, case_id).rights_in_diagnostic
        await bot.stop()
        return case_id, show, shown, stored, hide, hidden, after

    case_id, show, shown, stored, hide, hidden, after = run(scenario())
    reference = f"D-{case_id:06d}"
    assert show == f"p|{case_id}|1" and hide == f"p|{case_id}|0"
    assert stored is True and after is False
    assert shown["text"] == render("tg.w.rights_shown", "fr", reference=reference)
    assert hidden["text"] == render("tg.w.rights_hidden", "fr", reference=reference)
