"""The case service's notices, delivered in this channel: a message to each Telegram account."""

from __future__ import annotations

from typing import Iterable

from intake_bot.cases import CONFIRM_LINK, Notice
from intake_bot.i18n import render
from intake_bot.channels.telegram import _views as views
from intake_bot.channels.telegram._callbacks import LinkDecision
from intake_bot.channels.telegram._outbox import Button, Outbox
from intake_bot.channels.telegram._session import CHANNEL


def deliver_notices(box: Outbox, notices: Iterable[Notice]) -> None:
    """Queue each notice meant for a Telegram account (others belong to other doors)."""
    for notice in notices:
        if notice.channel != CHANNEL or not notice.user_id.lstrip("-").isdigit():
            continue
        text = views.directed(render(notice.message_id, notice.locale, **notice.params), notice.locale)
        box.say(int(notice.user_id), text, _rows(notice))


def _rows(notice: Notice) -> list[list[Button]]:
    if notice.kind != CONFIRM_LINK:
        return []
    return [[Button(render("tg.w.link_accept", notice.locale),
                    LinkDecision(notice.case_id, notice.subject, "y").pack())],
            [Button(render("tg.w.link_refuse", notice.locale),
                    LinkDecision(notice.case_id, notice.subject, "n").pack())]]
