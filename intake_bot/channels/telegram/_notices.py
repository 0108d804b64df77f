"""The case service's notices, delivered in this channel: a message to each Telegram account."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Iterable

from intake_bot.cases import CONFIRM_LINK, Notice
from intake_bot.i18n import render
from intake_bot.channels.telegram import _views as views
from intake_bot.channels.telegram._callbacks import LinkDecision
from intake_bot.channels.telegram._outbox import Button, Outbox
from intake_bot.channels.telegram._session import CHANNEL

SHOWN_FOR = timedelta(hours=48)  # Telegram lets a bot delete a message for 48 hours


def deliver_notices(box: Outbox, notices: Iterable[Notice]) -> None:
    """Queue each notice meant for a Telegram account (others belong to other doors)."""
    for notice in notices:
        if notice.channel != CHANNEL or not notice.user_id.lstrip("-").isdigit():
            continue
        text = views.directed(render(notice.message_id, notice.locale, **notice.params), notice.locale)
        box.say(int(notice.user_id), text, _rows(notice))


def household_chats(service, notices: Iterable[Notice]) -> list[int]:
    """The Telegram chats of households among the recipients of ``notices`` (not staff)."""
    return [int(n.user_id) for n in notices if n.channel == CHANNEL
            and n.user_id.lstrip("-").isdigit() and service.account(f"{CHANNEL}:{n.user_id}") is None]


def shown_since() -> str:
    """The oldest moment a message the bot showed can still be deleted (Telegram: 48 hours)."""
    return (datetime.now(timezone.utc) - SHOWN_FOR).isoformat(timespec="seconds")


def _rows(notice: Notice) -> list[list[Button]]:
    if notice.kind != CONFIRM_LINK:
        return []
    return [[Button(render("tg.w.link_accept", notice.locale),
                    LinkDecision(notice.case_id, notice.subject, "y").pack())],
            [Button(render("tg.w.link_refuse", notice.locale),
                    LinkDecision(notice.case_id, notice.subject, "n").pack())]]
